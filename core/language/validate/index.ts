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

export function validateScenario(resolved: ResolvedScenario, sink: DiagnosticSink): void {
  const scenario = resolved.scenario;
  const nodes = nodeNamesOf(scenario.cluster);
  checkRequired(resolved, sink);
  const known = checkNames(scenario, nodes, sink);
  checkProtocol(scenario, nodes, sink);
  checkMessageTypes(scenario, nodes, sink);
  checkMessageLines(scenario, nodes, known, sink);
  checkWorkload(scenario, sink);
  checkConfigurationWorks(scenario, nodes, sink);
  checkTimeline(scenario, nodes, known, sink);
}
