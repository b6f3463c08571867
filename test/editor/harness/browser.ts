// Debian's Chromium driven by playwright-core: the flags keep it offline and quiet. No
// --user-data-dir here: playwright gives every launch a fresh temporary profile.

import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['FAULTLINE_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
