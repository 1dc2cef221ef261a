import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-county.ts';
import { launchBrowser, newAppPage, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt, signIn } from './web-helpers.ts';

describe.skipIf(skipBrowserTests)('analysis dashboard and public warnings in Chromium', () => {
  let haven: HavenProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const shots = process.env.HAVEN_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'haven-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
    ({ context, page } = await newAppPage(browser, { errors: pageErrors }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await haven?.stop();
  });

  it('an analyst opens the dashboard, runs a hotspot analysis and sees hexes on the map', async () => {
    await page.goto(haven.url);
    await signIn(page, 'analyst', DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Situation analysis' })
      .click();
    await page.getByRole('heading', { name: 'Situation analysis' }).waitFor();
    await page.getByTestId('stats-total').waitFor();
    expect(Number(await page.getByTestId('stats-total').textContent())).toBeGreaterThan(2000);
    await page.getByRole('button', { name: 'Run hotspot analysis' }).click();
    await page.getByTestId('hotspot-summary').waitFor();
    await expect
      .poll(async () => Number(await page.getByTestId('hex-map').getAttribute('data-hexes')))
      .toBeGreaterThan(0);
    expect(await page.getByTestId('hotspot-summary').textContent()).toMatch(/Hot spots: [1-9]/);
    await page.waitForTimeout(500);
    await shot('analysis-hotspots');
    await page.getByRole('button', { name: 'Sign out' }).click();
  }, 60_000);

  it('the map shows kernel density and counts by jurisdiction with legends; a Knox test runs', async () => {
    await page.goto(haven.url);
    await signIn(page, 'analyst', DEMO_PASSWORD);
    await page.goto(`${haven.url}/analysis`);
    await page.getByTestId('stats-total').waitFor();
    const map = page.getByTestId('hex-map');
    // Keyboard only: focus the layer radios and move with the arrow keys.
    await page.getByRole('radio', { name: 'Hotspots (Gi*)' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Kernel density' }).isChecked()).toBe(true);
    await expect.poll(async () => Number(await map.getAttribute('data-density-cells'))).toBeGreaterThan(0);
    expect(await map.getAttribute('data-layer')).toBe('density');
    await page.getByTestId('kde-legend').waitFor();
    expect(await page.getByTestId('kde-legend').textContent()).toContain('Incidents per km²');
    await page.waitForTimeout(500);
    await shot('analysis-kde');

    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Counts by jurisdiction' }).isChecked()).toBe(true);
    await page.getByTestId('choropleth-legend').waitFor();
    expect(Number(await map.getAttribute('data-choropleth-areas'))).toBeGreaterThan(0);
    expect(await page.getByTestId('choropleth-legend').textContent()).toContain('Incidents per Township');
    const rows = page.getByTestId('choropleth-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(Number(await rows.first().locator('td').nth(1).textContent())).toBeGreaterThan(0);
    await page.getByLabel('Jurisdiction level').selectOption('village');
    await page.getByTestId('choropleth-legend').filter({ hasText: 'Incidents per Village' }).waitFor();
    await page.waitForTimeout(500);
    await shot('analysis-choropleth');

    await page.getByLabel('Distance bands, upper edges (m)').fill('200,600');
    await page.getByLabel('Time bands, upper edges (days)').fill('3,7');
    await page.getByLabel('Time bands, upper edges (days)').press('Enter');
    const knox = page.getByTestId('knox-table');
    await knox.waitFor();
    // Two distance bands plus the open one, each with three time columns.
    expect(await knox.locator('tbody tr').count()).toBe(3);
    expect(await knox.locator('tbody tr').first().locator('td').count()).toBe(3);
    expect(await knox.locator('caption').textContent()).toMatch(/close pairs/);
    await shot('analysis-knox');
    // A bad band list is reported, not a crash.
    await page.getByLabel('Distance bands, upper edges (m)').fill('600,200');
    await page.getByRole('button', { name: 'Run Knox test' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /ascending/ })
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
  }, 90_000);

  it('a supervisor approves a CAP warning and it appears on the public page', async () => {
    await page.goto(haven.url);
    await signIn(page, 'analyst', DEMO_PASSWORD);
    await page.goto(`${haven.url}/analysis/warnings`);
    await page.getByRole('heading', { name: 'Public warnings (CAP)' }).waitFor();
    await page.getByLabel('Headline', { exact: true }).fill('Vehicle thefts near the market');
    await page
      .getByLabel('Description', { exact: true })
      .fill('Several vehicles were broken into near the central market this week.');
    await page.getByLabel('Area description').fill('Central market area');
    await page.getByLabel('Jurisdiction codes (comma-separated)').fill('990101001');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByTestId('cap-warning').filter({ hasText: 'Waiting for approval' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, 'supervisor', DEMO_PASSWORD);
    await page.goto(`${haven.url}/analysis/warnings`);
    const item = page.getByTestId('cap-warning').filter({ hasText: 'Vehicle thefts near the market' });
    await item.getByRole('button', { name: 'Approve and publish' }).click();
    await item.filter({ hasText: 'Published' }).waitFor();
    await shot('analysis-warning-approved');

    const pub = await context.newPage();
    await pub.goto(`${haven.url}/api/public/warnings.html?lang=en`);
    await pub.getByRole('heading', { name: 'Vehicle thefts near the market' }).waitFor();
    await pub.screenshot({ path: join(shots, 'analysis-public-page.png') });
    await pub.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
