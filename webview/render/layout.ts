// Vertical layout of the diagram: the time axis, the quorum strip, then one lane per node and
// per client. Node lanes are taller (roles, terms, arrows); client lanes grow with the number of
// operations in flight at once.

import type { RunModel } from '../model/run-model.ts';

export const GUTTER = 118;
export const AXIS_HEIGHT = 22;
export const QUORUM_HEIGHT = 18;
const NODE_LANE_HEIGHT = 56;
const CLIENT_ROW_HEIGHT = 9;
const CLIENT_LANE_PADDING = 12;

export type LaneBox = { top: number; height: number; center: number };

export type DiagramLayout = {
  quorumTop: number;
  lanesTop: number;
  lanes: LaneBox[];
  height: number;
};

export function layoutDiagram(model: RunModel): DiagramLayout {
  const quorumTop = AXIS_HEIGHT;
  const lanesTop = AXIS_HEIGHT + QUORUM_HEIGHT + 6;
  let y = lanesTop;
  const lanes: LaneBox[] = model.lanes.map((lane, i) => {
    const height = lane.kind === 'node' ? NODE_LANE_HEIGHT : CLIENT_LANE_PADDING + model.clientRows[i]! * CLIENT_ROW_HEIGHT;
    const box = { top: y, height, center: y + height / 2 };
    y += height;
    return box;
  });
  return { quorumTop, lanesTop, lanes, height: y + 8 };
}

/** y of an operation bar's row inside its client lane. */
export function opRowTop(box: LaneBox, row: number): number {
  return box.top + CLIENT_LANE_PADDING / 2 + row * CLIENT_ROW_HEIGHT;
}
export const OP_BAR_HEIGHT = CLIENT_ROW_HEIGHT - 2;
