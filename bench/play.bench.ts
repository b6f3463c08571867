// Playground time-travel benchmark: `node --import tsx bench/play.bench.ts [--repeat 20]`.
// The run: the engine benchmark's 60 s, 5-node Raft cluster under random faults (well over
// 100,000 events). Prints:
// - the core (core/debug/playable-run.ts, in this process), with the debugger's checkpoint spacing
//   and with the playground's: opening the run for play (one pass to
//   the end with checkpoints, graded), then from cursors spread over the run: one step back
//   together with the node-state snapshot the panel shows (target ≤ 50 ms), a jump back to the
//   previous message, a scrub back 5 s, the snapshot alone and the messages-in-flight part of it,
//   a crash by hand and a drop of one message in flight (fork + re-run + re-grade);
// - the panel (headless Chromium, built bundles: run `node esbuild.mjs` first): click "‹ event"
//   → the state panel shows the earlier event, through the play worker (target ≤ 50 ms); after a
//   drop by hand, a frame of the whole forked run with the greyed run as written behind it, and
//   the same frame without it (what the ghost costs).
// Numbers, not pass/fail (bench/README.md).

import { PLAY_CHECKPOINT_EVERY, PlayableRun } from '../core/debug/playable-run.ts';
import { gaugeMs } from './machine-gauge.ts';
import { faultyClusterScenario, flag, median, RAFT_PROTOCOL } from './shared.ts';
import { launchChromium } from '../test/browser/browser.ts';
import { openPanel, send, serveBundle, waitForPosted } from '../test/browser/panel-harness.ts';

const repeats = flag('repeat', 20);
const scenario = faultyClusterScenario('play bench', RAFT_PROTOCOL, 60);
const ms = (values: number[]) => `${median(values).toFixed(1)} ms median of ${values.length} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;

console.log(`playground time travel: 60 s, 5-node Raft under random faults`);
console.log(`  machine gauge (bench/machine-gauge.ts, ~8.5 ms on an idle core of the project's VM): ${gaugeMs().toFixed(1)} ms — figures scale with it`);

for (const checkpointEvery of [5_000, undefined]) {
  const spacing = checkpointEvery === undefined ? `the playground's spacing (a checkpoint every ${PLAY_CHECKPOINT_EVERY.toLocaleString('en')} events)` : `the debugger's spacing (a checkpoint every ${checkpointEvery.toLocaleString('en')} events)`;
  console.log(`  core, ${spacing}:`);
  const openStarted = performance.now();
  const play = PlayableRun.open({ source: scenario, ...(checkpointEvery === undefined ? {} : { checkpointEvery }) });
  if ('error' in play) throw new Error(play.error);
  const openMs = performance.now() - openStarted;
  const total = play.lastEvent;
  console.log(`  open for play (pass to the end with checkpoints + grading): ${openMs.toFixed(0)} ms, ${total.toLocaleString('en')} events, ${play.timeTravel.checkpointCount} checkpoints`);

  const backs: number[] = [];
  const jumps: number[] = [];
  const scrubs: number[] = [];
  for (let i = 1; i <= repeats; i++) {
    const cursor = Math.floor((total * i) / (repeats + 1));
    play.seekEvent(cursor);
    let started = performance.now();
    play.step(-1);
    play.snapshot();
    backs.push(performance.now() - started);
    started = performance.now();
    play.jump('message', -1);
    play.snapshot();
    jumps.push(performance.now() - started);
    play.seekEvent(cursor);
    const t = play.snapshot().now;
    started = performance.now();
    play.seekTime(Math.max(0, t - 5_000_000));
    play.snapshot();
    scrubs.push(performance.now() - started);
  }
  const snapshots: number[] = [];
  const inFlight: number[] = [];
  let listed = 0;
  for (let i = 1; i <= repeats; i++) {
    play.seekEvent(Math.floor((total * i) / (repeats + 1)));
    let started = performance.now();
    const snapshot = play.snapshot();
    snapshots.push(performance.now() - started);
    listed = Math.max(listed, snapshot.inFlightTotal);
    started = performance.now();
    play.timeTravel.view.messagesInFlight();
    inFlight.push(performance.now() - started);
  }
  console.log(`  step back one event + node snapshot: ${ms(backs)}   (target ≤ 50 ms)`);
  console.log(`  the snapshot alone (nodes, event, in flight): ${ms(snapshots)}; of it, the engine's in-flight list: ${ms(inFlight)} (up to ${listed} on their way)`);
  console.log(`  jump back to the previous message:   ${ms(jumps)}`);
  console.log(`  scrub back 5 s of simulated time:    ${ms(scrubs)}`);

  const acts: number[] = [];
  for (let i = 0; i < 3; i++) {
    play.seekEvent(Math.floor(total / 2) + i * 1000);
    const started = performance.now();
    const result = play.act('crash n2');
    acts.push(performance.now() - started);
    if (!result.ok) throw new Error(result.error);
    play.undo();
  }
  console.log(`  crash by hand at mid-run (fork, re-run the rest, re-grade): ${ms(acts)}`);
  const drops: number[] = [];
  for (let i = 0; i < 3; i++) {
    play.seekEvent(Math.floor(total / 2) + i * 1000);
    let message = play.snapshot().inFlight.find((m) => m.refusal === undefined);
    for (let steps = 0; message === undefined && steps < 1000; steps++) {
      play.step(1);
      message = play.snapshot().inFlight.find((m) => m.refusal === undefined);
    }
    if (message === undefined) throw new Error('no message to drop');
    const started = performance.now();
    const result = play.actOnMessage(message.id, 'drop');
    drops.push(performance.now() - started);
    if (!result.ok) throw new Error(result.error);
    play.undo();
  }
  console.log(`  drop a message in flight at mid-run (fork, re-run the rest, re-grade): ${ms(drops)}`);
}

// The panel: click → the play worker answers → the state panel is redrawn.
const { server, origin } = await serveBundle();
const browser = await launchChromium();
try {
  const watched = await openPanel(browser, origin);
  const source = { documentUri: 'file:///bench/play.fault', fileName: 'play.fault' };
  await send(watched, { type: 'run-scenario', source, text: scenario, maxEvents: 5_000_000 });
  await waitForPosted(watched, 'run-finished');
  const readyStarted = performance.now();
  await watched.page.waitForFunction(() => /^Event 0 of /.test(document.querySelector('.fl-play h2')?.textContent ?? ''), undefined, { timeout: 300_000 });
  console.log(`  panel: time travel ready ${(performance.now() - readyStarted).toFixed(0)} ms after the run was shown`);
  // A string, not a function: tsx would wrap the page's arrow functions in a helper the page lacks.
  const clicks = (await watched.page.evaluate(`(async (count) => {
    const root = document.querySelector('.fl-play');
    const view = window.faultlinePlayground.view;
    const event = () => Number(root.dataset.event);
    const until = (check) => new Promise((resolve) => {
      const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(); } });
      observer.observe(root, { attributes: true, attributeFilter: ['data-event'] });
      if (check()) { observer.disconnect(); resolve(); }
    });
    const times = [];
    const back = root.querySelector('[data-move="back"]');
    for (let i = 1; i <= count; i++) {
      view.setCursor((view.model.endUs * i) / (count + 1));
      await until(() => event() > 0);
      await new Promise((r) => setTimeout(r, 300));
      const before = event();
      const started = performance.now();
      back.click();
      await until(() => event() === before - 1);
      times.push(performance.now() - started);
    }
    return times;
  })(${Math.min(repeats, 10)})`)) as number[];
  console.log(`  panel: click "‹ event" → state panel shows the event before: ${ms(clicks)}   (target ≤ 50 ms)`);
  // Fork by dropping the first message that can be named, then draw the whole run with and without the ghost.
  // At 30% of the run: within the messages the run as written keeps (the trace's cap trims them late in a long run).
  const frames = (await watched.page.evaluate(`(async (count) => {
    const root = document.querySelector('.fl-play');
    const before = root.dataset.event;
    window.faultlinePlayground.view.setCursor(window.faultlinePlayground.view.model.endUs * 0.3);
    await new Promise((resolve) => {
      const check = () => (root.dataset.event !== before ? resolve() : setTimeout(check, 20));
      check();
    });
    let button = null;
    for (let i = 0; i < 200 && button === null; i++) {
      button = document.querySelector('.fl-inflight-message:not(.fl-inflight-refused) [data-msg-act="drop"]');
      if (button === null) {
        const at = root.dataset.event;
        root.querySelector('[data-move="forward"]').click();
        await new Promise((resolve) => {
          const check = () => (root.dataset.event !== at ? resolve() : setTimeout(check, 20));
          check();
        });
      }
    }
    if (button === null) return null;
    button.click();
    await new Promise((resolve) => {
      const check = () => (window.faultlinePlayground.view.ghost !== null ? resolve() : setTimeout(check, 50));
      check();
    });
    const view = window.faultlinePlayground.view;
    view.viewport.fit();
    const ghost = view.renderer.ghostShown;
    // Alternating, so a busy moment of the machine weighs on both alike.
    const withGhost = [];
    const without = [];
    view.drawNow();
    const ghostMessages = view.renderer.lastGhost.drawnMessages;
    for (let i = 0; i < count; i++) {
      view.renderer.setGhost(ghost);
      withGhost.push(view.drawNow());
      view.renderer.setGhost(null);
      without.push(view.drawNow());
    }
    view.renderer.setGhost(ghost);
    return { withGhost, without, ghostMessages };
  })(${repeats})`)) as { withGhost: number[]; without: number[]; ghostMessages: number } | null;
  if (frames === null) console.log('  panel: no message in flight to drop at the cursor; ghost frames not measured');
  else {
    console.log(`  panel: whole-run frame of the fork with the greyed original (${frames.ghostMessages.toLocaleString('en')} of its messages, fork at 30% of the run): ${ms(frames.withGhost)}`);
    console.log(`  panel: the same frame without the greyed original: ${ms(frames.without)}`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`  machine gauge after: ${gaugeMs().toFixed(1)} ms`);
