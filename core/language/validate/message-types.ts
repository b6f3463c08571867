// A message fault line names a message type (`at 2s drop next AppendEntries n1 -> n2`): it must
// be one the cluster's protocol sends, or the line would silently wait for a message that never
// comes. The list is the protocol's own (core/protocols/message-types.ts). A type on the list
// may still never be sent under the scenario's options (`PreVote` while `pre vote` is off): that
// line runs and does nothing, so it is a warning, not an error.

import type { Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { didYouMean } from '../suggest.ts';
import { messageTypesOf, neverSentReason } from '../../protocols/message-types.ts';
import { protocolDeclaration } from '../../protocols/options-registry.ts';
import type { OptionValue } from '../../types/sim-config.ts';

/** The message types a fault line may name in this scenario (empty when the protocol is unknown). */
export function scenarioMessageTypes(scenario: Scenario): string[] {
  const protocol = scenario.cluster?.protocol;
  if (protocol === undefined) return [];
  const steps: string[][] = [];
  for (const option of protocol.options) {
    if (option.name === 'step' && option.value?.kind === 'Words') steps.push(option.value.words.map((word) => word.name));
  }
  return messageTypesOf(protocol.name.name, steps);
}

/** `optionsOf`: the protocol's compiled options (validate/index.ts compiles them once, on demand). */
export function checkMessageTypes(scenario: Scenario, optionsOf: () => Readonly<Record<string, OptionValue>>, sink: DiagnosticSink): void {
  let types: string[] | undefined;
  const protocol = scenario.cluster?.protocol?.name.name ?? '';
  for (const fault of scenario.faults?.items ?? []) {
    const action = fault.action;
    if (action.kind !== 'Message') continue;
    types ??= scenarioMessageTypes(scenario);
    // An unknown protocol has its own diagnostic (FL022); its types cannot be known.
    if (types.length === 0) continue;
    const type = action.messageType.name;
    if (types.includes(type)) {
      if (protocolDeclaration(protocol) === undefined) continue;
      const reason = neverSentReason(protocol, type, optionsOf());
      if (reason !== undefined) {
        sink.warning('FL027', action.messageType.range, `No \`${type}\` is ever sent here: ${reason}. This line waits for a message that never comes.`);
      }
      continue;
    }
    sink.error(
      'FL026',
      action.messageType.range,
      `\`${protocol}\` sends no \`${action.messageType.name}\` message.${didYouMean(action.messageType.name, types)} Its message types: ${types.join(', ')}.`,
    );
  }
}
