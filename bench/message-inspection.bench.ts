// Message inspector benchmark: `node --import tsx bench/message-inspection.bench.ts [--repeat 20]`.
// The run: the engine benchmark's 60 s, 5-node Raft cluster under random faults (well over
// 100,000 events), opened for play as the playground opens it. Prints, for delivered messages
// spread over the run, with the play cursor elsewhere:
// - the payload and timers (core/debug/message-inspection.ts inspectInRun: re-run of the sending
//   event, the moments before and after the delivery, and back to the cursor) — the play worker's
//   answer to one click (target ≤ 50 ms);
// - cause and effects from the packed trace the page holds (webview/model/trace-reader.ts): the
//   reader's one-time index, then per message;
// - what recording every body in the trace would cost instead (option b, not taken): the bytes of
//   the bodies as JSON, the size the page would have to receive and parse.
// Numbers, not pass/fail (bench/README.md).

import { PlayableRun } from '../core/debug/playable-run.ts';
import { findMessageEvent } from '../core/debug/causal-events.ts';
import { messageCause, messageEffects } from '../core/debug/message-inspection.ts';
import type { TraceEvent } from '../core/types/trace.ts';
import { packTrace } from '../webview/model/packed-run.ts';
import { packedTraceReader } from '../webview/model/trace-reader.ts';
import { gaugeMs } from './machine-gauge.ts';
import { faultyClusterScenario, flag, median, RAFT_PROTOCOL } from './shared.ts';

const repeats = flag('repeat', 20);
const scenario = faultyClusterScenario('inspector bench', RAFT_PROTOCOL, 60);
const ms = (values: number[]) => `${median(values).toFixed(2)} ms median of ${values.length} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;

console.log('message inspector: 60 s, 5-node Raft under random faults');
console.log(`  machine gauge (bench/machine-gauge.ts, ~8.5 ms on an idle core of the project's VM): ${gaugeMs().toFixed(1)} ms — figures scale with it`);
const play = PlayableRun.open({ source: scenario });
if ('error' in play) throw new Error(play.error);
const trace = play.report.trace;
type Delivery = Extract<TraceEvent, { msg: number }>;
const deliveries: number[] = [];
for (let i = 0; i < trace.length; i++) if (trace[i]!.kind === 'deliver' && play.config.nodes.includes((trace[i] as Delivery).to)) deliveries.push(i);
console.log(`  run: ${play.lastEvent.toLocaleString('en')} events, ${trace.length.toLocaleString('en')} trace events, ${deliveries.length.toLocaleString('en')} deliveries to nodes`);

play.seekEvent(Math.floor(play.lastEvent / 2));
const worker: number[] = [];
for (let r = 1; r <= repeats; r++) {
  const deliver = trace[deliveries[Math.floor((deliveries.length * r) / (repeats + 1))]!] as Delivery;
  const sendIndex = trace.findIndex((event) => event.kind === 'send' && event.msg === deliver.msg);
  const started = performance.now();
  const inspection = play.inspectMessage({ msg: deliver.msg, sendT: trace[sendIndex]!.t, deliverT: deliver.t });
  worker.push(performance.now() - started);
  if (inspection.payload === null) throw new Error(`no payload for #${deliver.msg}: ${inspection.payloadNote}`);
}
console.log(`  payload + timers (play worker, one click): ${ms(worker)}`);

const packed = packTrace(trace);
let started = performance.now();
const reader = packedTraceReader(packed);
console.log(`  page: trace reader index (once per run shown): ${(performance.now() - started).toFixed(1)} ms`);
const nodes = new Set(play.config.nodes);
const page: number[] = [];
for (let r = 1; r <= repeats; r++) {
  const deliver = trace[deliveries[Math.floor((deliveries.length * r) / (repeats + 1))]!] as Delivery;
  const sendIndex = trace.findIndex((event) => event.kind === 'send' && event.msg === deliver.msg);
  started = performance.now();
  const send = findMessageEvent(reader, 'send', deliver.msg, trace[sendIndex]!.t);
  const deliverIndex = findMessageEvent(reader, 'deliver', deliver.msg, deliver.t);
  messageCause(reader, send, play.config, (name) => nodes.has(name));
  messageEffects(reader, deliverIndex, (name) => nodes.has(name), reader.valuesBefore);
  page.push(performance.now() - started);
}
console.log(`  page: cause + effects per message: ${ms(page)}`);

// Option (b): every body in the trace. Measured on the bodies themselves, captured by re-running sends.
let bodyBytes = 0;
let sampled = 0;
const sends = trace.filter((event) => event.kind === 'send') as Delivery[];
const step = Math.max(1, Math.floor(sends.length / 200));
for (let i = 0; i < sends.length; i += step) {
  const inspection = play.inspectMessage({ msg: sends[i]!.msg, sendT: sends[i]!.t });
  bodyBytes += JSON.stringify(inspection.payload).length;
  sampled++;
}
console.log(`  option (b), bodies in the trace: ~${Math.round(bodyBytes / sampled)} bytes of previewed payload per message × ${sends.length.toLocaleString('en')} sends ≈ ${((bodyBytes / sampled) * sends.length / 1e6).toFixed(1)} MB more for the page to receive (a lower bound: raw bodies hold whole entries)`);
