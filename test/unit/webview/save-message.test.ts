// The host's gate on "Save as scenario": it accepts a child scenario that continues the text that
// was run, and nothing that could make the host write an arbitrary document.

import assert from 'node:assert/strict';
import { isHostToWebviewMessage, isWebviewToHostMessage, MAX_SAVED_SCENARIO_CHARS } from '../../../webview/messages.ts';

const ranText = 'scenario "s" {\n  run for 1s\n}\n';
const scenarioText = 'scenario "s (forked)" extends "s" {\n  faults {\n    at 0.5s crash n1\n  }\n}\n';
const save = { type: 'save-scenario', documentUri: 'file:///a.fault', name: 's (forked)', scenarioText, fileText: `${ranText}\n${scenarioText}`, ranText };

describe('save-scenario message gate', () => {
  it('accepts a child scenario appended to the text that was run', () => {
    assert.equal(isWebviewToHostMessage(save), true);
  });

  it('refuses text that is not a scenario block, a file that does not end with it, or an oversized one', () => {
    assert.equal(isWebviewToHostMessage({ ...save, scenarioText: 'rm -rf /' }), false);
    assert.equal(isWebviewToHostMessage({ ...save, fileText: 'something else' }), false);
    const huge = `scenario "x" {${' '.repeat(MAX_SAVED_SCENARIO_CHARS)}}`;
    assert.equal(isWebviewToHostMessage({ ...save, scenarioText: huge, fileText: huge }), false);
    assert.equal(isWebviewToHostMessage({ ...save, documentUri: 7 }), false);
  });

  it('the host\'s answer reaches the page only well formed', () => {
    assert.equal(isHostToWebviewMessage({ type: 'save-result', ok: true, message: 'Saved' }), true);
    assert.equal(isHostToWebviewMessage({ type: 'save-result', ok: 'yes', message: 'Saved' }), false);
  });
});
