import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; `npx playwright install` cannot work on these machines. */
export const chromiumPath = process.env.HAVEN_CHROMIUM ?? '/usr/bin/chromium';

/** Whether a browser is installed here. */
export const browserAvailable = existsSync(chromiumPath);

/**
 * Skip browser tests on a developer machine without Chromium; in CI (`CI` set) they run
 * anyway and fail in `launchBrowser`, so a missing install step cannot pass silently.
 */
export const skipBrowserTests = !browserAvailable && !process.env.CI;

/** Flags that keep headless Chromium quiet and self-contained (no network of its own, no GPU). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch headless Chromium; throws a clear error when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium fonts-wqy-microhei`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
