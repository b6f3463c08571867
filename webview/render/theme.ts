// Canvas colours come from CSS custom properties (styles.css maps them to VS Code's theme
// variables, with fallbacks for the standalone report), so a theme change only needs a re-read.

export type Palette = {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  lane: string;
  message: string;
  drop: string;
  duplicate: string;
  ok: string;
  fail: string;
  info: string;
  pending: string;
  leader: string;
  candidate: string;
  partition: string;
  linkWindow: string;
  cursor: string;
  highlight: string;
  quorumOk: string;
  quorumLost: string;
  fontFamily: string;
};

const NAMES: Record<Exclude<keyof Palette, 'fontFamily'>, string> = {
  background: '--fl-bg',
  foreground: '--fl-fg',
  muted: '--fl-muted',
  grid: '--fl-grid',
  lane: '--fl-lane',
  message: '--fl-message',
  drop: '--fl-drop',
  duplicate: '--fl-duplicate',
  ok: '--fl-ok',
  fail: '--fl-fail',
  info: '--fl-info',
  pending: '--fl-pending',
  leader: '--fl-leader',
  candidate: '--fl-candidate',
  partition: '--fl-partition',
  linkWindow: '--fl-link-window',
  cursor: '--fl-cursor',
  highlight: '--fl-highlight',
  quorumOk: '--fl-quorum-ok',
  quorumLost: '--fl-quorum-lost',
};

export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const palette = { fontFamily: style.fontFamily || 'sans-serif' } as Palette;
  for (const [key, variable] of Object.entries(NAMES)) {
    palette[key as keyof typeof NAMES] = style.getPropertyValue(variable).trim() || '#888';
  }
  return palette;
}
