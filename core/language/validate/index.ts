// Checks on a resolved scenario (extends already merged), each group in its own file.

import type { ResolvedScenario } from '../resolve.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { checkRequired } from './required.ts';
import { checkNames } from './names.ts';
import { checkTimeline } from './timeline.ts';
import { checkProtocol } from './protocol.ts';
import { checkWorkload } from './workload.ts';
import { checkConfigurationWorks } from './cannot-work.ts';
import { nodeNamesOf } from '../node-names.ts';
import { checkMessageTypes } from './message-types.ts';
import { checkMessageLines } from './message-lines.ts';
import { compileProtocol } from '../compile-protocol.ts';

type ProtocolOptions = ReturnType<typeof compileProtocol>['options'];

export function validateScenario(resolved: ResolvedScenario, sink: DiagnosticSink): void {
  const scenario = resolved.scenario;
  const nodes = nodeNamesOf(scenario.cluster);
  checkRequired(resolved, sink);
  const known = checkNames(scenario, nodes, sink);
  checkProtocol(scenario, nodes, sink);
  // The protocol's options as the run gets them: compiled at most once, and only when a message
  // line needs them (most scenarios have none).
  let options: ProtocolOptions | undefined;
  const optionsOf = (): ProtocolOptions => (options ??= compileProtocol(scenario, nodes).options);
  checkMessageTypes(scenario, optionsOf, sink);
  checkMessageLines(scenario, nodes, known, optionsOf, sink);
  checkWorkload(scenario, sink);
  checkConfigurationWorks(scenario, nodes, sink);
  checkTimeline(scenario, nodes, known, sink);
}
