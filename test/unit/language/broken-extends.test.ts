// A scenario whose `extends` cannot be followed would have inherited its length, cluster, nodes
// and protocol: the broken `extends` is its one error, not a list of everything the parent held.

import assert from 'node:assert/strict';
import { analyze } from '../../../core/language/index.ts';

const codes = (text: string) => analyze(text).diagnostics.map((d) => d.code);
const parent = 'scenario "parent" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n}\n';

describe('a scenario cut off from its parent', () => {
  it('a misspelt parent gets FL030 alone, not FL033 for the length and cluster it would inherit', () => {
    assert.deepEqual(codes(`scenario "child" extends "parnt" { }\n${parent}`), ['FL030']);
  });

  it('a child whose own cluster leaves nodes and protocol to the missing parent gets FL030 alone, not FL033 or FL034', () => {
    assert.deepEqual(codes(`scenario "child" extends "parnt" {\n  seed 3\n  cluster { }\n}\n${parent}`), ['FL030']);
  });

  it('the child of a scenario whose parent is missing gets nothing: the error is its parent\'s', () => {
    assert.deepEqual(codes('scenario "middle" extends "nope" { }\nscenario "child" extends "middle" { }\n'), ['FL030']);
  });

  it('a loop gets FL032 on each scenario in it, and no FL033', () => {
    assert.deepEqual(codes('scenario "a" extends "b" { }\nscenario "b" extends "a" { }\n'), ['FL032', 'FL032']);
  });

  it('a scenario extending nothing still gets FL033 for what it lacks', () => {
    assert.deepEqual(codes('scenario "alone" { }\n'), ['FL033', 'FL033']);
  });
});
