// The y-axis of the playground's bar charts (webview/model/chart-data.ts): one outlier bucket must
// not flatten the others, and a chart without one keeps its true maximum.

import assert from 'node:assert/strict';
import { axisScale, OUTLIER_FACTOR } from '../../../webview/model/chart-data.ts';

describe('chart axis scale', () => {
  it('a retry storm\'s one towering bucket is cut off and the axis tops at the tallest ordinary bar', () => {
    // Completions per bucket of samples/service-retry-storm.fault (its seed 12): the last bucket gathers
    // every request still pending at the end.
    const storm = [65, 68, 58, 76, 66, 59, 1, 0, 0, 0, 0, 0, 91, 99, 0, 0, 0, 97, 0, 0, 0, 60, 0, 0, 28, 29, 0, 0, 51, 0, 0, 3, 44, 0, 0, 30, 15, 0, 0, 51, 0, 0, 10, 27, 0, 12, 101, 19, 10, 19, 99, 0, 13, 67, 91, 62, 1, 122, 67, 2289];
    assert.deepEqual(axisScale(storm), { top: 122, clipped: [59] });
  });

  it('bars that are merely uneven keep the true maximum at the top', () => {
    const steady = [65, 68, 58, 76, 92, 100, 100, 101, 99, 79, 69, 62, 74, 66, 59];
    assert.deepEqual(axisScale(steady), { top: 101, clipped: [] });
  });

  it(`a bar more than ${OUTLIER_FACTOR}× the 95th percentile is an outlier, one just under is not`, () => {
    const base = Array.from({ length: 20 }, () => 10);
    assert.deepEqual(axisScale([...base, OUTLIER_FACTOR * 10 + 1]).clipped, [20]);
    assert.deepEqual(axisScale([...base, OUTLIER_FACTOR * 10]).clipped, []);
  });

  it('with fewer than ten non-zero bars nothing is called an outlier', () => {
    assert.deepEqual(axisScale([0, 0, 1, 1, 1, 1000]), { top: 1000, clipped: [] });
    assert.deepEqual(axisScale([]), { top: 0, clipped: [] });
  });
});
