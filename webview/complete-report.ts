// Fills what a bare simulator Report leaves out and the playground shows: the protocol's static
// CAP/PACELC classification (core/check fills report.classification when it knows more).

import { getProtocol } from '../core/protocols/registry.ts';
import type { Report } from '../core/types/report.ts';

export function withStaticClassification(report: Report): Report {
  if (report.classification !== undefined) return report;
  const protocol = getProtocol(report.config.protocol.name);
  if (protocol === undefined) return report;
  try {
    // A partial classification (static only): the card reads it defensively. Typed loosely so
    // this compiles whatever core/check's full classification shape is.
    const classification = { static: protocol.classify(report.config.protocol.options) } as unknown as Report['classification'];
    return { ...report, classification };
  } catch {
    return report;
  }
}
