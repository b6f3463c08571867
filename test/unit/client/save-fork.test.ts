// "Save as scenario" on the host: the child scenario is appended to the file the run was made from
// only while the file still holds that text; an edited file gets a new file instead.

import assert from 'node:assert/strict';
import { decideSave } from '../../../client/save-fork.ts';

const ran = 'scenario "s" {\n  run for 1s\n}\n';
const child = 'scenario "s (forked)" extends "s" {\n  faults {\n    at 0.5s crash n1\n  }\n}\n';
const request = { scenarioText: child, fileText: `${ran}\n${child}`, ranText: ran };

describe('save as scenario (host side)', () => {
  it('an unchanged file gets the child scenario appended after a blank line', () => {
    const decision = decideSave(ran, request);
    assert.deepEqual(decision, { kind: 'append', text: `\n${child}` });
    assert.equal(ran + (decision as { text: string }).text, request.fileText);
  });

  it('an edited file is not written into: the text as run plus the child becomes a new file', () => {
    const decision = decideSave(`${ran}// edited\n`, request);
    assert.equal(decision.kind, 'new-file');
    assert.equal(decision.text, request.fileText);
  });

  it('a file text that does not continue the run is refused as an append', () => {
    const decision = decideSave(ran, { ...request, fileText: `other\n${child}` });
    assert.equal(decision.kind, 'new-file');
  });
});
