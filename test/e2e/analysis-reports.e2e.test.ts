import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-county.ts';
import { launchBrowser, newAppPage, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt, signIn } from './web-helpers.ts';

describe.skipIf(skipBrowserTests)('situation reports screen in Chromium', () => {
  let haven: HavenProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
    ({ context, page } = await newAppPage(browser, { errors: pageErrors }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await haven?.stop();
  });

  it('an analyst opens a PDF report on demand and schedules a monthly report', async () => {
    await page.goto(haven.url);
    await signIn(page, 'analyst', DEMO_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Situation reports' })
      .click();
    await page.getByRole('heading', { name: 'Situation reports' }).waitFor();
    await page.getByText('No scheduled reports.').waitFor();
    const pdfHref = await page.getByRole('link', { name: 'Open PDF' }).getAttribute('href');
    expect(pdfHref).toMatch(/^\/api\/analysis\/reports\/situation\.pdf\?period=week&/);
    const pdf = await page.request.get(`${haven.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Keyboard only: choose the monthly period and schedule it.
    await page.getByLabel('Period').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Period').inputValue()).toBe('month');
    await page.getByRole('button', { name: 'Add schedule' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('report-schedule').waitFor();
    expect(await page.getByTestId('report-schedule').textContent()).toContain('monthly');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('No scheduled reports.').waitFor();
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
