// The CAP/PACELC card: the protocol's static classification as configured, what this run
// observed (when core/check provides it), and where the two differ. report.classification is
// read defensively: only string fields are shown, always as text.

import type { Report } from '../../core/types/report.ts';
import type { ObservedBehaviour } from '../model/observed-behaviour.ts';
import { el } from './dom.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function lines(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (isRecord(value)) {
    return Object.entries(value)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map(([k, v]) => (k === 'reason' || k === 'summary' ? String(v) : `${k}: ${String(v)}`));
  }
  return [];
}

/** `observedHere`: what the playground measured itself, used when the report carries no observation. */
export function classificationCard(report: Report, observedHere: ObservedBehaviour): HTMLElement {
  const card = el('section', { class: 'fl-panel fl-cap', 'aria-label': 'CAP and PACELC' }, [el('h2', { text: 'CAP / PACELC' })]);
  const value: unknown = report.classification;
  if (!isRecord(value)) {
    card.append(el('p', { class: 'fl-muted', text: `No classification for the ${report.config.protocol.name} protocol in this report.` }));
    if (observedHere.lines.length > 0) card.append(el('h3', { text: 'Observed in this run' }), ...observedHere.lines.map((line) => el('p', { text: line })));
    return card;
  }
  const staticPart = isRecord(value.static) ? value.static : typeof value.cap === 'string' ? value : null;
  if (staticPart !== null) {
    const badges = el('p', { class: 'fl-badges' });
    for (const key of ['cap', 'pacelc']) if (typeof staticPart[key] === 'string') badges.append(el('span', { class: 'fl-badge', text: String(staticPart[key]) }));
    card.append(el('h3', { text: 'As configured' }), badges);
    if (typeof staticPart.reason === 'string') card.append(el('p', { text: staticPart.reason }));
  }
  // core/check's observation: the observed PACELC, with a one-paragraph summary beside it.
  const disagreements = lines(value.disagreements ?? value.differences ?? value.differs ?? value.difference);
  let reported: string[];
  let observedClass: string | null = null;
  const summaryText = typeof value.summary === 'string' ? value.summary : isRecord(value.observed) && typeof value.observed.summary === 'string' ? value.observed.summary : null;
  if (isRecord(value.observed) && summaryText !== null) {
    let summary = summaryText;
    for (const sentence of disagreements) summary = summary.replace(sentence, '').trim();
    reported = [summary];
    if (typeof value.observed.pacelc === 'string') observedClass = value.observed.pacelc;
  } else {
    reported = lines(value.observed);
  }
  const observed = reported.length > 0 ? reported : observedHere.lines;
  if (observed.length > 0) {
    card.append(el('h3', { text: 'Observed in this run' }));
    if (observedClass !== null) card.append(el('p', { class: 'fl-badges' }, [el('span', { class: 'fl-badge fl-badge-observed', text: observedClass })]));
    for (const line of observed) card.append(el('p', { text: line }));
  }
  const differences = reported.length > 0 ? disagreements : [...disagreements, ...observedHere.differences];
  if (differences.length > 0) {
    card.append(el('h3', { text: 'Where they differ' }));
    for (const line of differences) card.append(el('p', { class: 'fl-warning', text: line }));
  } else if (observed.length > 0) {
    card.append(el('p', { class: 'fl-muted', text: agreement(observedClass) }));
  }
  return card;
}

/**
 * "Behaved as predicted" only for what the run showed: an observed "P?/E?" (no partition with
 * traffic, no operation in normal operation) confirms nothing, and saying it agrees would print a
 * verdict beside its opposite.
 */
export function agreement(observedClass: string | null): string {
  const unknown = observedClass === null ? 0 : (observedClass.match(/\?/g) ?? []).length;
  if (observedClass !== null && unknown >= 2) return 'This run showed neither a partition with traffic nor a read or write completed while every node was up and connected, so it neither confirms nor contradicts the classification.';
  if (unknown === 1) return `Where this run showed anything (${observedClass}), it behaved as the classification predicts.`;
  return 'The run behaved as the classification predicts.';
}
