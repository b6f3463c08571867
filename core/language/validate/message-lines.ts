// What a message fault line (`at 3s delay next AppendEntries n1 -> n2 by 200ms`) asks of its
// message that cannot be: a link from a node to itself that no message of the protocol travels,
// a delay of nothing, a delay beyond the cap the debugger's panel also keeps. The line's type is
// checked in message-types.ts, its time against the run's end in timeline.ts.

import type { MessageFault, Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { MAX_MESSAGE_DELAY_US } from '../limits.ts';
import { formatMicros } from '../../sim/format-micros.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { nodesSendingToThemselves } from '../../protocols/message-types.ts';
import { protocolDeclaration } from '../../protocols/options-registry.ts';

/** `optionsOf`: the protocol's compiled options (validate/index.ts compiles them once, on demand). */
export function checkMessageLines(
  scenario: Scenario,
  nodes: readonly string[],
  known: ReadonlySet<string>,
  optionsOf: () => Readonly<Record<string, OptionValue>>,
  sink: DiagnosticSink,
): void {
  // Worked out at the first self link only: most scenarios have none.
  let selfSenders: readonly string[] | undefined;
  for (const fault of scenario.faults?.items ?? []) {
    const action = fault.action;
    if (action.kind !== 'Message') continue;
    if (action.from.name === action.to.name && known.has(action.from.name)) {
      const protocol = scenario.cluster?.protocol?.name.name ?? '';
      // An unknown protocol has its own error (FL022); what it sends cannot be known.
      if (protocolDeclaration(protocol) !== undefined) {
        selfSenders ??= nodesSendingToThemselves(protocol, optionsOf(), nodes);
        if (!selfSenders.includes(action.from.name)) checkSelfLink(action, protocol, selfSenders, sink);
      }
    }
    if (action.delay !== undefined) checkDelay(action.delay, sink);
  }
}

/** FL057: `n1 -> n1`, where the simulator carries no message from the node to itself. */
function checkSelfLink(action: MessageFault, protocol: string, selfSenders: readonly string[], sink: DiagnosticSink): void {
  const node = action.from.name;
  const who =
    selfSenders.length === 0
      ? `a \`${protocol}\` node never sends a message to itself (it handles its own part in place)`
      : `in this \`${protocol}\` cluster only ${selfSenders.join(', ')} sends messages to itself`;
  sink.warning('FL057', action.from.range, `\`${node} -> ${node}\`: ${who}, so this line waits for a message that never comes. Name two different nodes.`);
}

/** FL058 for a delay of nothing, FL009 for one beyond MAX_MESSAGE_DELAY_US (the panel's cap too). */
function checkDelay(delay: NonNullable<MessageFault['delay']>, sink: DiagnosticSink): void {
  if (delay.us < 1) {
    sink.warning('FL058', delay.range, `A delay of \`${delay.text}\` changes nothing: the message arrives when it would have. Delay it by at least 1us, or remove the line.`);
  } else if (delay.us > MAX_MESSAGE_DELAY_US) {
    sink.error('FL009', delay.range, `\`by ${delay.text}\`: a message can be delayed by at most ${formatMicros(MAX_MESSAGE_DELAY_US)}.`);
  }
}
