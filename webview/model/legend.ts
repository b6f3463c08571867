// The diagram's legend: an entry for each kind of mark this run actually draws, named in its
// protocol's words — a lease lock's bar is its "lock holder", a primary/backup's its "primary",
// never "leader" by default — and the crashed and paused spans on the node lanes. A run forked by
// hand adds the greyed future of the run as written (render/diagram.ts drawGhost).

import { authorityWords } from '../../core/explain/authority.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';
import type { RunModel } from './run-model.ts';

/** `swatch` names the CSS class that draws the sample mark (styles.css, .fl-sw-*). */
export type LegendItem = { swatch: string; text: string };

export function legendItems(model: Pick<RunModel, 'report' | 'roles' | 'outages' | 'partitions' | 'ops' | 'messages'>, ghost: { fromUs: number } | null = null): LegendItem[] {
  const items: LegendItem[] = [];
  // First: after a fork, what is greyed is the first thing a person asks about.
  if (ghost !== null) items.push({ swatch: 'fl-sw-ghost', text: `greyed: the run as written, after the fork at ${formatMicros(ghost.fromUs)}` });
  if (model.messages.count > 0) {
    items.push({ swatch: 'fl-sw-message', text: 'message' }, { swatch: 'fl-sw-drop', text: 'dropped (× where it died)' }, { swatch: 'fl-sw-duplicate', text: 'duplicate copy' });
  }
  const words = authorityWords(model.report.config.protocol.name);
  // The renderer draws a bar for these roles (diagram.ts drawRoles).
  if (model.roles.some((span) => span.role === 'leader' || span.role === 'primary')) items.push({ swatch: 'fl-sw-leader', text: words?.holder ?? 'leader' });
  if (model.roles.some((span) => span.role === 'candidate')) items.push({ swatch: 'fl-sw-candidate', text: 'candidate' });
  if (model.outages.some((outage) => outage.kind === 'crash')) items.push({ swatch: 'fl-sw-crashed', text: 'crashed (down)' });
  if (model.outages.some((outage) => outage.kind === 'pause')) items.push({ swatch: 'fl-sw-paused', text: 'paused (frozen)' });
  if (model.partitions.length > 0) items.push({ swatch: 'fl-sw-partition', text: 'partition' });
  if (model.ops.length > 0) {
    items.push({ swatch: 'fl-sw-ok', text: 'op ok' }, { swatch: 'fl-sw-fail', text: 'op failed' }, { swatch: 'fl-sw-info', text: 'op indeterminate' });
  }
  return items;
}
