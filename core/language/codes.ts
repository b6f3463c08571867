// Every diagnostic code the language can report, with one line saying what it means.
// Codes are stable: tools, docs and tests refer to them, so a retired code is never reused.

export const DIAGNOSTIC_CODES = {
  // Reading the text
  FL001: 'A character that has no meaning in the language.',
  FL002: 'A string that is not closed with a double quote before the end of the line.',
  FL003: 'A /* comment that is never closed with */.',
  FL004: 'A block opened with { that is never closed with }.',
  FL005: 'A } with no block to close.',
  FL006: 'Blocks nested deeper than the language allows.',
  FL007: 'The parser could not read a statement.',
  // Statements and values
  FL008: 'A word the block does not know (with a "did you mean" when one is close).',
  FL009: 'A statement is missing a value, or has a value of the wrong kind.',
  FL010: 'Extra words after a complete statement.',
  FL011: 'A statement outside any scenario block.',
  FL012: 'A number that needs a unit (a duration, a percentage, a rate).',
  FL013: 'A unit the language does not know.',
  FL014: 'A percentage outside 0% to 100%.',
  FL015: 'A block where none belongs, or a missing block where one is needed.',
  FL016: 'A range or window whose end comes before its start.',
  FL017: 'A setting written twice in the same place; the later one wins.',
  // Names
  FL020: 'A node, client or region name that is not declared.',
  FL021: 'A name declared twice.',
  FL022: 'A protocol the language does not know.',
  FL023: 'An option the chosen protocol does not have.',
  FL024: 'An option value outside the choices the option allows.',
  FL025: 'An expectation (property) the language does not know.',
  FL026: 'A message type the cluster\'s protocol does not send (`drop next AppendEntries` in a primary/backup cluster).',
  FL027: 'A message type the protocol never sends under this scenario\'s options (`PreVote` while Raft\'s `pre vote` is off).',
  // Scenario structure
  FL030: 'A scenario that extends a scenario not in this file.',
  FL031: 'A scenario that extends itself.',
  FL032: 'Scenarios that extend each other in a cycle.',
  FL033: 'A required piece is missing (run for, cluster, nodes, protocol).',
  FL034: 'A cluster with no nodes.',
  FL035: 'A file with no scenario.',
  FL036: 'A chain of `extends` deeper than the language allows.',
  FL037: 'More scenarios in one file than the language allows.',
  // Faults over time
  FL040: 'A fault (a message line too) scheduled at or after the end of the run, so it never happens.',
  FL041: 'A restart of a node that is not down at that time.',
  FL042: 'A heal while no partition is active.',
  FL043: 'A partition starting while another is still active; the cuts add up.',
  FL044: 'A node listed twice in one partition.',
  FL045: 'A partition that separates nothing.',
  FL046: 'A crash of a node that is already down.',
  FL047: 'Nodes not listed in a partition form one more group of their own.',
  FL048: 'A role (`leader`, `primary`, ...) where a node name is needed (a restart, a link, a bridge).',
  FL049: 'A role the protocol does not have (`crash leader` in primary/backup: its role is `primary`).',
  // Protocol and workload consistency
  FL050: 'A leaderless read or write quorum (R or W) larger than the replica count N.',
  FL051: 'A leaderless replica count N larger than the cluster.',
  FL052: 'A client operation with no rate (`every`) in an open-loop client.',
  FL053: 'A client that stops before it starts.',
  FL054: 'A client operation the protocol refuses on every try under its options (increment on a last-write-wins register).',
  FL055: 'Service nodes that play no part (fewer `instances` than nodes between balancer and database), or too few nodes for a service.',
  // Fault lines that do nothing (after FL055: the faults-over-time numbers were all taken)
  FL056: 'A pause of a node that is down at that time; the simulator ignores it.',
  FL057: 'A message line from a node to itself, where the protocol sends no message (`drop next AppendEntries n1 -> n1`).',
  FL058: 'A message delayed by nothing (`delay next ... by 0ms`).',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const ALL_DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
