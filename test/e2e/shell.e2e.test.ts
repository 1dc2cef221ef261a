import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-county.ts';
import { launchBrowser, newAppPage, skipBrowserTests } from '../support/browser.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt, OFFLINE_BACKGROUND, pixelStats, signIn } from './web-helpers.ts';

describe.skipIf(skipBrowserTests)('web shell in Chromium against a real node', () => {
  let haven: HavenProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const shots = process.env.HAVEN_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'haven-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    console.log(`screenshots: ${shots}`);
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
    ({ context, page } = await newAppPage(browser, {
      viewport: { width: 1400, height: 860 },
      errors: pageErrors,
    }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await haven?.stop();
  });

  it('shows the sign-in page in the browser language and reports wrong credentials', async () => {
    await page.goto(haven.url);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('signin-en');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
  });

  it("shows a lockout (429) with the server's detail", async () => {
    await page.evaluate(async () => {
      for (let i = 0; i < 5; i++) {
        await fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'inspector', password: 'wrong-password' }),
        });
      }
    });
    await page.getByLabel('Username').fill('inspector');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByLabel('Password').press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'Too many failed attempts.' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Try again in 15 minutes\./);
    await page.getByLabel('Username').fill('admin');
  });

  it('signs in with Enter and lands on the map with navigation by permission', async () => {
    await page.getByLabel('Password').fill(haven.adminPassword);
    await page.getByLabel('Password').press('Enter');
    await page.getByTestId('user-name').filter({ hasText: 'Administrator' }).waitFor();
    await page.waitForURL(/\/map$/);
    await expect.poll(() => page.title()).toBe('Jurisdiction map · Haven');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const name of ['Jurisdiction map', 'Users', 'Roles', 'Jurisdictions']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    await expect(
      nav.getByRole('link', { name: 'Jurisdiction map' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
  });

  it('draws the jurisdiction boundaries offline and selects a polygon on click', async () => {
    const expected = await page.evaluate(async () => {
      const res = await fetch('/api/jurisdictions');
      return ((await res.json()) as { features: unknown[] }).features.length;
    });
    expect(expected).toBeGreaterThan(0);
    const map = page.getByTestId('jurisdiction-map');
    await expect.poll(() => map.getAttribute('data-feature-count')).toBe(String(expected));
    await expect.poll(() => map.getAttribute('data-idle'), { timeout: 20_000 }).toBe('true');
    expect(await map.getAttribute('data-style')).toBe('offline');
    expect(Number(await map.getAttribute('data-rendered-features'))).toBeGreaterThan(0);

    const canvas = map.locator('canvas');
    const drawn = await pixelStats(page, await canvas.screenshot(), OFFLINE_BACKGROUND);
    expect(1 - drawn.near).toBeGreaterThan(0.1);
    expect(drawn.colours).toBeGreaterThan(3);

    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const details = page.getByTestId('details');
    await details.getByText('Code').waitFor();
    await expect(details.getByText('Grid', { exact: true }).count()).resolves.toBe(1);
    await page.getByRole('treeitem', { selected: true }).waitFor();
    await shot('map-en');
  });

  it('moves through the tree with the keyboard and selects with Enter', async () => {
    const tree = page.getByRole('tree');
    await tree.getByRole('treeitem').first().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const selected = tree.getByRole('treeitem', { selected: true });
    await expect.poll(() => selected.getAttribute('aria-level')).toBe('2');
    const name = (await selected.locator('.tree-name').textContent()) ?? '';
    await page.getByTestId('details').getByRole('heading', { name }).waitFor();
  });

  it('offers a skip link and does not trap focus in the map', async () => {
    const active = () =>
      page.evaluate(() => document.activeElement?.className || document.activeElement?.id || '');
    // Put the sequential-focus starting point at the top of the page, as on a fresh load.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    await page.keyboard.press('Tab');
    expect(await active()).toContain('skip-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByTestId('jurisdiction-map').locator('canvas').focus();
    expect(await active()).toContain('maplibregl-canvas');
    await page.keyboard.press('=');
    await page.keyboard.press('Tab');
    expect(await active()).not.toContain('maplibregl-canvas');
  });

  it('shows the live connection as connected', async () => {
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status')).toBe('connected');
  });

  it('switches to Chinese, sets <html lang> and remembers it across a reload', async () => {
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('link', { name: '辖区地图' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('实时');
    await expect.poll(() => page.getByTestId('jurisdiction-map').getAttribute('data-idle')).toBe('true');
    await shot('map-zh');
    await page.reload();
    await page.getByRole('link', { name: '辖区地图' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('opens the user list and creates a user (CSRF-protected POST)', async () => {
    await page.getByRole('link', { name: '用户', exact: true }).click();
    await page.waitForURL(/\/admin\/users$/);
    const table = page.getByTestId('users-table');
    await table.getByRole('link', { name: 'admin', exact: true }).waitFor();
    await shot('users-zh');

    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户名').fill('e2e.user');
    await form.getByRole('button', { name: '生成' }).click();
    await form.getByLabel('调度员').check();
    await form.locator('.picker-row input').first().check();
    await form.getByLabel('显示名称').fill('端到端 测试');
    await form.getByLabel('显示名称').press('Enter');
    await table.getByRole('link', { name: 'e2e.user' }).waitFor();
    await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await shot('user-edit-zh');
  });

  it('shows roles and jurisdiction admin screens', async () => {
    await page.getByRole('link', { name: '角色', exact: true }).click();
    await page.getByTestId('roles-table').getByText('users.manage').waitFor();
    await shot('roles-zh');
    await page.getByRole('link', { name: '辖区', exact: true }).click();
    await page.getByRole('treeitem').nth(1).click();
    const form = page.getByTestId('jurisdiction-form');
    const nameZh = form.getByLabel('中文名称');
    const renamed = `${await nameZh.inputValue()}（改）`;
    await nameZh.fill(renamed);
    await nameZh.press('Enter');
    await form.getByText('已保存。').waitFor();
    await page.getByRole('tree').getByText(renamed).waitFor();
    await shot('jurisdictions-zh');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByTestId('users-table').getByRole('link', { name: 'e2e.user' }).waitFor();
    await shot('users-en');
    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByTestId('roles-table').waitFor();
    await shot('roles-en');
  });

  it('signs out and the session is gone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(status).toBe(401);
  });

  it('shows a supervisor only the screens their permissions allow', async () => {
    await signIn(page, 'supervisor', DEMO_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Jurisdiction map' }).waitFor();
    for (const name of ['Users', 'Roles', 'Jurisdictions']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await nav.getByText('Administration').count()).toBe(0);
    await page.goto(`${haven.url}/admin/users`);
    await page.getByRole('heading', { name: 'You do not have permission for this.' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByTestId('lang-zh-CN').click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill('inspector');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('alert').filter({ hasText: '失败次数过多' }).waitFor();
    await shot('signin-locked-zh');
    expect(pageErrors).toEqual([]);
  });
});
