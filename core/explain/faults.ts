// Hover texts for fault actions and expectations, in the project's own words.

import type { Concept } from './keywords.ts';

export const faultConcepts: Record<string, Concept> = {
  crash: {
    title: 'crash',
    text: 'The node stops and loses everything it kept in memory; only what the protocol persisted survives a restart. To its peers a crashed node looks exactly like a node behind a partition: both are just missing replies.',
    pattern: 'Partial failure: a dead node and an unreachable node are indistinguishable',
  },
  restart: {
    title: 'restart',
    text: 'The node comes back with only its durable state (for Raft: term, vote and log) and must catch up from its peers.',
  },
  pause: {
    title: 'pause',
    text: 'A stop-the-world pause (a long GC, a frozen VM): the node processes nothing, but its clock keeps running. When it resumes it may act on beliefs that expired while it was frozen — an old lease, an old leadership.',
    pattern: 'Process pauses',
  },
  partition: {
    title: 'partition',
    text: 'Cuts the network between groups of nodes (`a | b, c`), in one direction (`a -> b, c`), only the links between two sides in both directions (`a <-> b`), as a `majorities ring` (every node sees a different majority) or as a `bridge` (one node alone talks to both halves). Nodes on each side only see silence: they cannot tell whether the others crashed or are merely unreachable.',
    pattern: 'Partial failure; CAP: during a partition choose consistency or availability',
  },
  majorities: { title: 'majorities ring', text: 'A partition where each node can reach a majority, but no two nodes reach the same majority. Protocols that assume a partition is a clean split misbehave here.' },
  ring: { title: 'majorities ring', text: 'A partition where each node can reach a majority, but no two nodes reach the same majority.' },
  bridge: { title: 'bridge', text: 'Two halves that cannot talk to each other, plus one node that talks to both. Leadership can flap as each half sees the bridge node.' },
  heal: { title: 'heal', text: 'Removes every partition. Messages flow again, and the two sides discover what the other did meanwhile.' },
  delay: { title: 'delay', text: 'Adds extra latency on the links for the window. A slow link is indistinguishable from a lossy one until the late messages arrive.' },
  deliver: {
    title: 'deliver next',
    text: 'You play the network: the message the line picks (the next of this type on this link, or the one sent at the time it names) arrives right now, ahead of everything else still pending, instead of when its latency says. Use it to force the interleaving a proof sketch worries about.',
  },
  next: {
    title: 'next (one message)',
    text: 'Picks one message: the earliest-sent message of this type from the first node to the second that is still on its way at the line\'s time; if none is, the first one sent after it. Nothing is drawn at random, so a line saved from a paused run replays that run event for event.',
  },
  sent: {
    title: 'sent at (one message)',
    text: 'Picks one message by when it was sent: the message of this type from the first node to the second sent at exactly this time (to the microsecond) and still on its way at the line\'s time. If there is none then, the line does nothing and the trace says so; it never takes another. The playground writes this form when you act on a message that is not the next of its kind.',
  },
};

/** The four words as they read in a message fault line (`at 2s drop next AppendEntries n1 -> n2`). */
export const messageFaultConcepts: Record<string, Concept> = {
  drop: {
    title: 'drop next',
    text: 'One message is lost: the message the line picks (the next of this type on this link, or the one sent at the time it names) never reaches its receiver. The sender is not told; whether the protocol notices depends on its retries and timeouts.',
  },
  duplicate: {
    title: 'duplicate next',
    text: 'One message arrives twice: the receiver handles the message the line picks a second time, right after the first. A handler that is not idempotent does its work twice.',
  },
  delay: {
    title: 'delay next ... by',
    text: 'One message is late: the message the line picks arrives this much later than it would have, and messages sent after it on the link may overtake it.',
  },
  deliver: faultConcepts['deliver']!,
};

export const expectationConcepts: Record<string, Concept> = {
  linearizable: { title: 'linearizable', text: 'Every operation appears to take effect at one instant between its call and its reply, in one order everybody agrees on: once a write is acknowledged, every later read sees it. The strongest single-object model, and what CAP\'s "C" means.' },
  sequential: { title: 'sequential', text: 'All operations fit into one total order that respects each client\'s own order, though not real time: a read may return an older value as long as everyone agrees on the order.' },
  'read your writes': { title: 'read your writes', text: 'After a client writes, its own later reads see that write or something newer. Broken by reading from a lagging replica. Fixes: read from the primary, wait until the replica reaches the write\'s position, or stick to one replica.' },
  'monotonic reads': { title: 'monotonic reads', text: 'A client never sees time go backwards: after reading a version, it never later reads an older one. Broken when successive reads hit replicas at different lag.' },
  'monotonic writes': { title: 'monotonic writes', text: 'A client\'s writes take effect in the order it issued them.' },
  'writes follow reads': { title: 'writes follow reads', text: 'A write that follows a read is ordered after the write that read observed (a reply never appears before the post it answers).' },
  'no lost writes': { title: 'no lost writes', text: 'Every acknowledged write is still visible at the end. Asynchronous replication with failover breaks it: the primary acknowledges, dies before shipping, and the new primary never heard of the write.' },
  'no duplicate effects': { title: 'no duplicate effects', text: 'No operation takes effect more than once, even when retried. Needs idempotency keys once retries and lost replies meet.' },
  'no stale reads': { title: 'no stale reads', text: 'No read returns a value older than a write that had completed before the read began.' },
  'no split brain': { title: 'no split brain', text: 'Never two nodes acting as leader, primary or lock holder at the same time and both getting writes accepted — acknowledged to a client, or taken by the storage (a paused lock holder\'s late write counts while a newer holder is in place).' },
  converges: { title: 'converges', text: 'Once faults stop and messages flow, every replica ends up with the same value (eventual consistency).' },
  'one leader per term': { title: 'one leader per term', text: 'Raft\'s election safety: at most one leader is elected in any term, because winning needs a majority and two majorities always overlap.' },
  'leader within': { title: 'leader within', text: 'A leader exists within the given time after the event. Measures how fast the cluster recovers from a fault.' },
  'no leader': { title: 'no leader', text: 'No leader is ever elected — for showing clusters that cannot form a quorum.' },
  'writes commit': { title: 'writes commit', text: 'At least one write commits — the system stayed available for writes.' },
  'no writes commit': { title: 'no writes commit', text: 'No write commits — for showing that a minority side refuses writes (a CP system during a partition).' },
  'raft safety': { title: 'raft safety', text: 'Raft\'s safety properties: one leader per term, logs that agree up to the commit index, and no committed entry ever lost or changed.' },
};
