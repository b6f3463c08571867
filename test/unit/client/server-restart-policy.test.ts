// The extension keeps its language server alive: every crash restarts it, the user hears about
// it once, and only a crash loop stops the restarts (with one more message).

import { strict as assert } from 'node:assert';
import { CRASH_LOOP_LIMIT, CRASH_LOOP_WINDOW_MS, ServerRestartPolicy } from '../../../client/server-restart-policy.ts';

describe('language server restart policy', () => {
  it('five crashes spread over minutes restart the server five times with one notification, not five', () => {
    const policy = new ServerRestartPolicy();
    const decisions = [0, 1, 2, 3, 4].map((minute) => policy.onServerClosed(minute * 2 * CRASH_LOOP_WINDOW_MS));
    assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true, true]);
    assert.equal(decisions.filter((d) => d.notify !== null).length, 1);
  });

  it(`${CRASH_LOOP_LIMIT} crashes within a minute stop the restarts, with one last message, and nothing after`, () => {
    const policy = new ServerRestartPolicy();
    const decisions = Array.from({ length: CRASH_LOOP_LIMIT + 2 }, (_, i) => policy.onServerClosed(i * 1000));
    assert.ok(decisions.slice(0, CRASH_LOOP_LIMIT - 1).every((d) => d.restart));
    assert.equal(decisions[CRASH_LOOP_LIMIT - 1]!.restart, false);
    assert.match(decisions[CRASH_LOOP_LIMIT - 1]!.notify ?? '', /will not be restarted/);
    assert.deepEqual(decisions.slice(CRASH_LOOP_LIMIT), [{ restart: false, notify: null }, { restart: false, notify: null }]);
    assert.equal(decisions.filter((d) => d.notify !== null).length, 2);
  });
});
