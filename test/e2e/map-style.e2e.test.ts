import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newAppPage, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt, mapSettled, pixelStats, signIn } from './web-helpers.ts';

// A stand-in tile server: its style has only a green background, easy to find in the pixels.
const REMOTE_BACKGROUND: [number, number, number] = [0xcf, 0xe3, 0xc6];
const style = {
  version: 8,
  name: 'test-remote',
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#cfe3c6' } }],
};

describe.skipIf(skipBrowserTests)('map with HAVEN_MAP_STYLE', () => {
  let styleServer: Server;
  let styleUp = true;
  let haven: HavenProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    styleServer = createServer((_req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      if (!styleUp) {
        res.writeHead(503).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(style));
    });
    await new Promise<void>((r) => styleServer.listen(0, '127.0.0.1', r));
    const port = (styleServer.address() as AddressInfo).port;
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([
      startHaven({ env: { HAVEN_MAP_STYLE: `http://127.0.0.1:${port}/style.json` } }),
      launchBrowser(),
    ]);
    ({ page } = await newAppPage(browser, { viewport: { width: 1200, height: 800 } }));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await haven?.stop();
    await new Promise<void>((r) => (styleServer ? styleServer.close(() => r()) : r()));
  });

  it('draws the boundaries on top of the configured style', async () => {
    await page.goto(haven.url);
    await signIn(page, 'admin', haven.adminPassword);
    await mapSettled(page);
    const map = page.getByTestId('jurisdiction-map');
    expect(await map.getAttribute('data-style')).toBe('remote');
    const stats = await pixelStats(page, await map.locator('canvas').screenshot(), REMOTE_BACKGROUND);
    expect(stats.near).toBeGreaterThan(0.02);
    expect(stats.colours).toBeGreaterThan(3);
  });

  it('falls back to the offline style when the configured one cannot load', async () => {
    styleUp = false;
    await page.reload();
    await page.getByText('The base map could not be loaded; showing boundaries only.').waitFor();
    await mapSettled(page);
    const map = page.getByTestId('jurisdiction-map');
    expect(await map.getAttribute('data-style')).toBe('offline');
    const stats = await pixelStats(page, await map.locator('canvas').screenshot(), REMOTE_BACKGROUND);
    expect(stats.near).toBeLessThan(0.001);
  });
});
