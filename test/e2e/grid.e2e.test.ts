import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngWithText } from '../grid/helpers.ts';
import { launchBrowser, newAppPage, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt } from './web-helpers.ts';

// A point inside grid cell 5 of village 990101001001 (township 990101001, the demo centre's).
const PLACE = { lat: '22.53', lon: '113.85' };

describe.skipIf(skipBrowserTests)(
  'community grid in Chromium: report, route, resolve, follow and rate',
  () => {
    let haven: HavenProcess;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const pageErrors: string[] = [];
    const shots = process.env.HAVEN_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'haven-grid-shots-'));
    let resident: Page;
    let publicId = '';
    let token = '';

    const newPage = async (): Promise<Page> => {
      const { context, page } = await newAppPage(browser, {
        viewport: { width: 1300, height: 900 },
        errors: pageErrors,
      });
      contexts.push(context);
      return page;
    };
    const signIn = async (page: Page, username: string) => {
      await page.goto(haven.url);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('haven-demo');
      await page.getByLabel('Password').press('Enter');
      await page.getByTestId('user-name').waitFor();
    };
    const openRequest = async (page: Page) => {
      await page.goto(`${haven.url}/grid/queue/${publicId}`);
      await page
        .getByTestId('request-detail')
        .getByRole('heading', { name: new RegExp(publicId) })
        .waitFor();
    };
    const act = async (
      page: Page,
      action: string,
      fill?: (form: ReturnType<Page['getByTestId']>) => Promise<void>,
    ) => {
      const detail = page.getByTestId('request-detail');
      await detail.getByRole('button', { name: action, exact: true }).click();
      const form = page.getByTestId('action-form');
      await fill?.(form);
      await form.getByRole('button', { name: 'Apply' }).click();
      await form.waitFor({ state: 'detached' });
    };

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      await ensureWebBuilt();
      [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
      resident = await newPage();
    }, 180_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await haven?.stop();
    });

    it('a resident reports a pothole with a photo, without signing in', async () => {
      await resident.goto(`${haven.url}/report`);
      await resident.getByRole('heading', { name: 'Report a problem' }).waitFor();
      await resident.getByTestId('type-select').selectOption({ label: 'Pothole' });
      await resident.getByLabel('How big is it?').selectOption('large');
      // Picking on the map fills the coordinates; the fields then fine-tune the place.
      const map = resident.getByTestId('pick-map');
      await expect.poll(() => map.getAttribute('data-ready')).toBe('true');
      const box = (await map.locator('canvas').boundingBox())!;
      await resident.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
      await expect.poll(() => resident.getByLabel('Latitude').inputValue()).not.toBe('');
      await resident.getByLabel('Latitude').fill(PLACE.lat);
      await resident.getByLabel('Longitude').fill(PLACE.lon);
      await resident.getByTestId('description').fill('Deep pothole in front of the school gate');
      await resident.getByTestId('photo-input').setInputFiles({
        name: 'pothole.png',
        mimeType: 'image/png',
        buffer: Buffer.from(pngWithText()),
      });
      await resident.getByRole('img', { name: 'Photo 1' }).waitFor();
      await resident.getByLabel('Name').fill('Wang');
      await resident.getByRole('button', { name: 'Send' }).click();
      const done = resident.getByTestId('report-done');
      await done.waitFor();
      publicId = /GR\d+/.exec((await done.getByRole('heading').textContent()) ?? '')![0];
      token = ((await resident.getByTestId('follow-token').textContent()) ?? '').trim();
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      await resident.screenshot({ path: join(shots, 'grid-report-done.png') });
    });

    it('the township centre sees it in its queue and routes it to the roads department', async () => {
      const centre = await newPage();
      await signIn(centre, 'centre');
      await centre.goto(`${haven.url}/grid/queue`);
      await centre.getByRole('heading', { name: 'Service requests' }).waitFor();
      await centre.getByRole('button', { name: publicId, exact: true }).click();
      const detail = centre.getByTestId('request-detail');
      await expect.poll(() => detail.getByTestId('detail-state').textContent()).toBe('Submitted');
      await act(centre, 'Route to department', async (form) => {
        await form.getByTestId('department-select').selectOption({ label: 'Transport and Roads Bureau' });
      });
      await detail.getByText('Transport and Roads Bureau').waitFor();
      await centre.screenshot({ path: join(shots, 'grid-centre-routed.png') });
    });

    it('the department accepts and closes it with a reply and a photo', async () => {
      const department = await newPage();
      await signIn(department, 'department');
      await openRequest(department);
      await act(department, 'Accept');
      const detail = department.getByTestId('request-detail');
      await expect.poll(() => detail.getByTestId('detail-state').textContent()).toBe('Accepted');
      await act(department, 'Resolve and reply', async (form) => {
        await form.getByTestId('action-text').fill('Filled and resurfaced on Tuesday.');
        await form.getByTestId('photo-input').setInputFiles({
          name: 'fixed.png',
          mimeType: 'image/png',
          buffer: Buffer.from(pngWithText()),
        });
        await form.getByRole('img', { name: 'Photo 1' }).waitFor();
      });
      await expect.poll(() => detail.getByTestId('detail-state').textContent()).toBe('Resolved');
    });

    it('the resident follows it with the code, sees the result and rates it', async () => {
      await resident.goto(`${haven.url}/follow#${token}`);
      const view = resident.getByTestId('follow-view');
      await expect.poll(() => view.getAttribute('data-state')).toBe('resolved');
      await expect.poll(() => view.getByTestId('follow-state').textContent()).toBe('Resolved');
      await view
        .getByTestId('status-notes')
        .filter({ hasText: 'Filled and resurfaced on Tuesday.' })
        .waitFor();
      await expect.poll(() => view.locator('.grid-photos img').count()).toBe(2);
      await view.getByRole('button', { name: '5 stars' }).click();
      await view.getByLabel('Comment (optional)').fill('Quick and tidy.');
      await view.getByRole('button', { name: 'Send rating' }).click();
      await resident.getByText('You rated this 5 of 5. Thank you.').waitFor();
      await expect.poll(() => view.getAttribute('data-state')).toBe('closed');
      await resident.screenshot({ path: join(shots, 'grid-follow-rated.png') });
      expect(pageErrors).toEqual([]);
    });
  },
);
