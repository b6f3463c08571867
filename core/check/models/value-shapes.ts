// The shapes of values the models accept, and the sentences that refuse the others. A register
// holds a plain value: a number, a string (keywords arrive as strings), a boolean or nil.

export function isScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Plain words for a value in an error message, cut short. */
export function shown(v: unknown): string {
  let text: string;
  try {
    text = v === undefined || v === null ? 'nil' : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** null when the value is a plain value, else why not. */
export function scalarProblem(what: string, v: unknown): string | null {
  return isScalar(v) ? null : `${what} must be a number, a string, a boolean or nil, not ${shown(v)}`;
}

/** null when the value is a list (or nil) of plain values, else why not. */
export function listProblem(what: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) return `${what} must be a list of values, not ${shown(v)}`;
  for (const item of v) if (!isScalar(item)) return `${what} must hold plain values, not ${shown(item)}`;
  return null;
}
