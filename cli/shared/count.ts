// Counts in summaries with thousands separators (`1,234,567`, `1,234.5`): what
// toLocaleString('en-US') prints, written out because its first call loads ICU's locale data,
// ~20 ms that every `faultline run` paid for its commas.

export function count(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Like toLocaleString: at most three decimals, no trailing zeros.
  const [whole = '', fraction] = String(Math.round(n * 1000) / 1000).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
