import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/app/demo-county.ts';
import { signIn } from '../e2e/web-helpers.ts';

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

/** A page in its own browser context, with the uncaught errors of the page collected. */
export interface AppPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export interface AppPageOptions {
  /** Browser language; English unless given. */
  locale?: string;
  viewport?: { width: number; height: number };
  geolocation?: { longitude: number; latitude: number };
  /** Default timeout of the page's actions and waits, in ms. */
  timeout?: number;
  /** Collect page errors into this array (shared by several pages) instead of a new one. */
  errors?: string[];
}

/** A fresh context and page (1400×900, en-US, 20 s timeout unless told) that records page errors. */
export async function newAppPage(browser: Browser, opts: AppPageOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    locale: opts.locale ?? 'en-US',
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeout ?? 20_000);
  const errors = opts.errors ?? [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * `newAppPage`, then open the web app at `url` and sign in (demo password unless given). The sign-in
 * form is filled by its English labels: switch language after, not with `locale`.
 */
export async function openApp(
  browser: Browser,
  url: string,
  opts: AppPageOptions & { username: string; password?: string },
): Promise<AppPage> {
  const app = await newAppPage(browser, opts);
  await app.page.goto(url);
  await signIn(app.page, opts.username, opts.password ?? DEMO_PASSWORD);
  return app;
}
