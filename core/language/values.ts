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

/**
 * Quantities already read, by spelling. A file repeats the same few (`100ms`, `1s`, `5%`) and
 * each fresh reading allocates an object and two strings, all garbage the collector must then
 * walk past; a lookup allocates nothing. Emptied past a bound, so a file of all-different
 * numbers cannot grow it without limit. Results are shared: treat them as read-only.
 */
const readBySpelling = new Map<string, ParsedQuantity>();
const MAX_REMEMBERED = 1024;

export function parseQuantity(text: string): Readonly<ParsedQuantity> {
  let q = readBySpelling.get(text);
  if (q === undefined) {
    if (readBySpelling.size >= MAX_REMEMBERED) readBySpelling.clear();
    q = scanQuantity(text);
    readBySpelling.set(text, q);
  }
  return q;
}

/** A hand-written scan (no regex, no match arrays): this runs for every distinct number in a file. */
function scanQuantity(text: string): ParsedQuantity {
  let i = 0;
  const first = text.charCodeAt(0);
  const signed = first === 43 /* + */ || first === 45; /* - */
  if (signed) i++;
  const digitsStart = i;
  let integer = true;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return { value: NaN, unit: '', kind: 'unknown', signed: false, integer: false };
  if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
    integer = false;
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  const magnitude = Number(text.slice(digitsStart, i));
  const unit = i === text.length ? '' : text.slice(i);
  return { value: first === 45 ? -magnitude : magnitude, unit, kind: kindOfUnit(unit), signed, integer };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const KIND_OF_UNIT = new Map<string, QuantityKind>([
  ['', 'plain'],
  ['%', 'percent'],
  ['ppm', 'ppm'],
  ...Object.keys(DURATION_UNITS).map((u) => [u, 'duration'] as [string, QuantityKind]),
  ...Object.keys(BANDWIDTH_UNITS).map((u) => [u, 'bandwidth'] as [string, QuantityKind]),
  ...Object.keys(RATE_UNITS).map((u) => [u, 'rate'] as [string, QuantityKind]),
]);

function kindOfUnit(unit: string): QuantityKind {
  return KIND_OF_UNIT.get(unit) ?? 'unknown';
}

/** Microseconds, rounded to an integer: the simulator's clock does not go finer. */
export function toMicros(q: ParsedQuantity): number {
  return Math.round(q.value * DURATION_UNITS[q.unit]!);
}

/** Units a person might have meant, for the "unknown unit" message. */
export const KNOWN_UNITS = [...Object.keys(DURATION_UNITS), '%', 'ppm', ...Object.keys(BANDWIDTH_UNITS), ...Object.keys(RATE_UNITS)];

const US_PER_HOUR = 3_600_000_000;
const US_PER_SECOND = 1_000_000;
const US_PER_MS = 1_000;

/**
 * A duration as exact scenario text, in the unit a person writes it — the unit the display
 * formatter (core/sim/format-micros.ts) shows, never rounded — so Faultline's own lines (a shrunk
 * file, a saved fork, a sweep's fault list, a quick fix) read like the user's and parse back to
 * the very same microseconds:
 *   - 1s and up: seconds, with as many decimals as the microseconds need (at most 6):
 *     `1s`, `1.5s`, `2.879s`, `1.074615s`, `90s`; a whole number of hours is `24h`
 *   - 1ms and up: milliseconds, with at most 3 decimals: `150ms`, `412.5ms`, `45.123ms`
 *   - below a millisecond: `35us` (the language's spelling of µs); zero is `0s`
 * Never minutes: `m` reads as milli in a list of times. The decimals are written digit by digit
 * from the integer, never a float's printout; the reader (`toMicros`) multiplies and rounds to
 * the microsecond, which gives the integer back for any duration shorter than a century. The
 * text is read back here to make sure: past that a float can miss by one, and the value is
 * written in `us`, exact whatever its size.
 */
export function durationText(us: number): string {
  const whole = Math.round(us);
  const text = spelled(whole);
  return toMicros(scanQuantity(text)) === whole ? text : `${whole}us`;
}

function spelled(whole: number): string {
  if (whole < 0) return `-${spelled(-whole)}`;
  if (whole === 0) return '0s';
  if (whole % US_PER_HOUR === 0) return `${whole / US_PER_HOUR}h`;
  if (whole >= US_PER_SECOND) return `${decimal(whole, US_PER_SECOND, 6)}s`;
  if (whole >= US_PER_MS) return `${decimal(whole, US_PER_MS, 3)}ms`;
  return `${whole}us`;
}

/** `whole / size` written exactly, with at most `digits` decimals and no trailing zeros: `2.879`, `10`. */
function decimal(whole: number, size: number, digits: number): string {
  const fraction = String(whole % size).padStart(digits, '0').replace(/0+$/, '');
  const units = String(Math.floor(whole / size));
  return fraction === '' ? units : `${units}.${fraction}`;
}
