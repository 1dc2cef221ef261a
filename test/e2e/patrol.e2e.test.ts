import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt } from './web-helpers.ts';

describe.skipIf(skipBrowserTests)('patrol beat designer in Chromium against a real node', () => {
  let haven: HavenProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = async (name: string) => {
    const dir = process.env.HAVEN_E2E_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
    ({ context, page } = await openApp(browser, haven.url, {
      username: 'supervisor',
      timeout: 30_000,
      errors: pageErrors,
    }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await haven?.stop();
  });

  it('a planner runs two designs (one from incident history), sees progress, compares them, moves an atom on the map and publishes', async () => {
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Beat designer', exact: true }).click();
    await page.getByRole('heading', { name: 'Beat designer', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Parameters' });
    await form.getByLabel('Number of beats').fill('6');
    await form.getByLabel('Atom size (H3 resolution)').fill('7');
    await form.getByRole('button', { name: 'Run design' }).click();
    await page.getByRole('progressbar', { name: 'Design progress Draft 1' }).waitFor();
    await page
      .getByRole('checkbox', { name: 'Compare Draft 1' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 60_000 });
    // The second design: the demo's imported incident history, coarse atoms (so the exact model runs too).
    await form.getByRole('combobox', { name: /^Workload/ }).selectOption('history');
    await form.getByLabel('From (day)').waitFor();
    await form.getByLabel('Closed dispatch incidents').uncheck();
    await form.getByLabel('Number of beats').fill('5');
    await form.getByLabel('Atom size (H3 resolution)').fill('6');
    await form.getByRole('button', { name: 'Run design' }).click();
    await page
      .getByRole('checkbox', { name: 'Compare Draft 2' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 90_000 });

    await page.getByRole('checkbox', { name: 'Compare Draft 1' }).check();
    await page.getByRole('checkbox', { name: 'Compare Draft 2' }).check();
    const table = page.getByTestId('patrol-compare');
    await table.getByRole('columnheader', { name: 'Draft 2' }).waitFor();
    await expect.poll(() => table.getByRole('columnheader').count()).toBe(3);
    await page.getByRole('img', { name: 'Workload per beat' }).waitFor();
    await page.getByRole('img', { name: 'Compactness (Polsby-Popper) per beat' }).waitFor();
    await page.getByRole('img', { name: 'Share of incidents answered within N minutes' }).waitFor();
    await page.getByRole('img', { name: 'Incidents by response time (minutes)' }).waitFor();
    const row = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    const median = await row('Response median (min)').getByRole('cell').allTextContents();
    expect(median.every((v) => Number(v) > 0)).toBe(true);
    // Draft 1 (fine atoms) has no exact check; Draft 2 (coarse atoms) has the MIP gap.
    const gaps = await row('MIP optimality gap').getByRole('cell').allTextContents();
    expect(gaps[0]).toBe('–');
    expect(gaps[1]).toMatch(/^\d+\.\d\d %$/);
    await expect
      .poll(() => row('Exact model (MIP)').getByRole('cell').last().textContent())
      .toMatch(/Optimal|Time limit/);

    await page.getByRole('button', { name: 'Show on map' }).last().click();
    const map = page.getByRole('application', { name: 'Beats map' });
    await expect.poll(() => map.getAttribute('data-beats')).toBe('6');
    await expect.poll(() => map.getAttribute('data-idle'), { timeout: 20_000 }).toBe('true');
    // Click in the middle of the county: an atom is selected and read out.
    await map.scrollIntoViewIfNeeded();
    await shot('patrol-map');
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => map.getAttribute('data-selected')).not.toBe('');
    const atomField = page.getByLabel('Atom id');
    await expect.poll(() => atomField.inputValue()).toBe(await map.getAttribute('data-selected'));
    // Keyboard: arrows step to other atoms; try them until one can move to another beat.
    await map.focus();
    let moved = false;
    const keys = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'];
    for (let k = 0; k < 12 && !moved; k++) {
      const before = await map.getAttribute('data-selected');
      await map.press(keys[k % 4]!);
      await expect.poll(() => map.getAttribute('data-selected')).not.toBe(before);
      const atom = (await map.getAttribute('data-selected'))!;
      await page.getByText(`Selected atom ${atom}, in beat`).waitFor();
      expect(await atomField.inputValue()).toBe(atom);
      const options = await page.getByLabel('Move to beat').locator('option').allTextContents();
      for (const beat of options.filter(Boolean)) {
        await page.getByLabel('Move to beat').selectOption(beat);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().includes('/moves') && r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Move', exact: true }).click(),
        ]);
        const outcome = response.status() === 200 ? 'moved' : 'refused';
        if (outcome === 'moved') {
          await page.getByRole('status').filter({ hasText: 'Atom moved; report recomputed.' }).waitFor();
          moved = true;
          break;
        }
      }
      await map.focus();
    }
    expect(moved).toBe(true);
    await page.getByRole('heading', { name: /Draft 1 · Draft · v2/ }).waitFor();
    await page.getByLabel('Effective from').fill('2026-01-01');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Published. These beats are in force from 2026-01-01.' })
      .waitFor();
    const inForce = await page.evaluate(async () => {
      const res = await fetch('/api/patrol/beats?at=2026-06-01T00:00:00Z');
      return (await res.json()).features.length as number;
    });
    await shot('patrol-designer');
    expect(inForce).toBe(6);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('a planner opens the demo plan and gets a coverage proposal; the compliance dashboard loads', async () => {
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Patrol plans', exact: true }).click();
    await page.getByRole('button', { name: 'Weekday peaks and schools' }).click();
    await expect.poll(() => page.getByLabel('Plan name').inputValue()).toBe('Weekday peaks and schools');
    await page.getByLabel('Most of a window spent at places (%)').fill('70');
    await page.getByRole('button', { name: 'Propose', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Presence placed: 100 %' }).waitFor();
    await shot('patrol-plans');
    await nav.getByRole('link', { name: 'Check-in compliance', exact: true }).click();
    await page.getByRole('heading', { name: 'Check-in compliance', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows the patrol screens in Chinese', async () => {
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const nav = page.getByRole('navigation').first();
    await nav.getByRole('link', { name: '警务区设计', exact: true }).click();
    await page.getByRole('heading', { name: '警务区设计', level: 1 }).waitFor();
    await page.getByRole('button', { name: '开始设计' }).waitFor();
    await nav.getByRole('link', { name: '签到合规', exact: true }).click();
    await page.getByRole('heading', { name: '签到合规', level: 1 }).waitFor();
    await page.getByTestId('lang-en').click();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
