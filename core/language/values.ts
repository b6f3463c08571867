// Reading quantities: the lexer hands over `150ms`, `0.5%`, `200/s`, `+2s`, `5` as one piece
// of text; here it becomes a number and a unit, and a unit becomes microseconds, a fraction,
// bytes per second or operations per second.

export const DURATION_UNITS: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
export const BANDWIDTH_UNITS: Record<string, number> = {
  bps: 1 / 8,
  kbps: 1_000 / 8,
  mbps: 1_000_000 / 8,
  gbps: 1_000_000_000 / 8,
};
export const RATE_UNITS: Record<string, number> = { '/s': 1, '/m': 1 / 60, '/h': 1 / 3600 };

export type QuantityKind = 'duration' | 'percent' | 'ppm' | 'bandwidth' | 'rate' | 'plain' | 'unknown';

export type ParsedQuantity = {
  value: number;
  unit: string;
  kind: QuantityKind;
  signed: boolean;
  integer: boolean;
};

const QUANTITY = /^([+-]?)(\d+(?:\.\d+)?)(.*)$/;

export function parseQuantity(text: string): ParsedQuantity {
  const match = QUANTITY.exec(text);
  if (match === null) return { value: NaN, unit: '', kind: 'unknown', signed: false, integer: false };
  const sign = match[1] === '-' ? -1 : 1;
  const digits = match[2]!;
  const unit = match[3]!;
  const value = sign * Number(digits);
  return {
    value,
    unit,
    kind: kindOfUnit(unit),
    signed: match[1] !== '',
    integer: !digits.includes('.'),
  };
}

function kindOfUnit(unit: string): QuantityKind {
  if (unit === '') return 'plain';
  if (unit === '%') return 'percent';
  if (unit === 'ppm') return 'ppm';
  if (unit in DURATION_UNITS) return 'duration';
  if (unit in BANDWIDTH_UNITS) return 'bandwidth';
  if (unit in RATE_UNITS) return 'rate';
  return 'unknown';
}

/** Microseconds, rounded to an integer: the simulator's clock does not go finer. */
export function toMicros(q: ParsedQuantity): number {
  return Math.round(q.value * DURATION_UNITS[q.unit]!);
}

/** Units a person might have meant, for the "unknown unit" message. */
export const KNOWN_UNITS = [...Object.keys(DURATION_UNITS), '%', 'ppm', ...Object.keys(BANDWIDTH_UNITS), ...Object.keys(RATE_UNITS)];

/** A duration written in the largest unit that keeps it whole: 1500000 → "1500ms". */
export function formatMicros(us: number): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  for (const [unit, size] of [['h', 3_600_000_000], ['m', 60_000_000], ['s', 1_000_000], ['ms', 1_000]] as const) {
    if (abs >= size && abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}us`;
}
