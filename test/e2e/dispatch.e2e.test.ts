import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppPage,
  type AppPageOptions,
  launchBrowser,
  openApp,
  skipBrowserTests,
} from '../support/browser.ts';
import { freshDatabase } from '../support/databases.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';
import { ensureWebBuilt } from './web-helpers.ts';

const shots = process.env.HAVEN_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'haven-dispatch-shots-'));

type Actor = AppPage;

/** A signed-in user in their own context; the console screens are tested at 1440×900. */
const actor = (browser: Browser, url: string, username: string, opts: AppPageOptions = {}): Promise<Actor> =>
  openApp(browser, url, { viewport: { width: 1440, height: 900 }, ...opts, username });

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** Position of demo unit DH-P01 (the `unit` user's device), read through the API. */
async function unitPosition(page: Page, callSign: string): Promise<{ lon: number; lat: number }> {
  return page.evaluate(async (cs) => {
    const res = await fetch('/api/dispatch/units');
    type P = { lon: number; lat: number } | null;
    const units = ((await res.json()) as { items: { callSign: string; position: P; homeStation: P }[] })
      .items;
    const u = units.find((x) => x.callSign === cs);
    const at = u?.position ?? u?.homeStation;
    if (!at) throw new Error(`no position for ${cs}`);
    return { lon: at.lon, lat: at.lat };
  }, callSign);
}

/** Two theft calls through the signed-in page's API, `step` degrees apart eastward of `at`. */
async function twoCalls(page: Page, at: { lon: number; lat: number }, tag: string, step: number) {
  return page.evaluate(
    async ({ p, tag, step }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const call = async (n: number) => {
        const res = await fetch('/api/dispatch/calls', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({
            idempotencyKey: `e2e-${tag}-${n}-${Date.now()}`,
            typeCode: 'THEFT',
            lon: p.lon + n * step,
            lat: p.lat,
            narrative: `${tag} ${n}`,
          }),
        });
        return ((await res.json()) as { incident: { id: string; number: string } }).incident;
      };
      return [await call(1), await call(2)];
    },
    { p: at, tag, step },
  );
}

/** Take a call in the call-taker form with the keyboard; returns the incident number. */
async function takeCall(page: Page, at: { lon: number; lat: number }, narrative: string): Promise<string> {
  await page.goto(`${new URL(page.url()).origin}/dispatch/call`);
  const type = page.getByRole('combobox', { name: 'Incident type' });
  await type.waitFor();
  await type.fill('theft');
  await page.getByRole('option').first().waitFor();
  await type.press('ArrowDown');
  await type.press('ArrowUp');
  await type.press('Enter');
  await page.getByTestId('type-chosen').waitFor();
  await page.getByLabel('Address as said by the caller').fill('Donghu Road 1');
  await page.getByLabel('Longitude').fill(String(at.lon));
  await page.getByLabel('Latitude').fill(String(at.lat));
  await page.getByTestId('assist-jurisdiction').waitFor();
  await page.getByLabel('Caller number').fill('13800000000');
  await page.getByLabel('Narrative').fill(narrative);
  await page.getByLabel('Narrative').press('Control+Enter');
  const notice = page.getByTestId('call-notice');
  await notice.waitFor();
  const m = /Incident (\S+) created/.exec((await notice.textContent()) ?? '');
  expect(m).not.toBeNull();
  return m![1]!;
}

/** Dispatcher: the new incident appears in the queue without reload; send the recommended unit. */
async function dispatchRecommended(board: Page, number: string): Promise<string> {
  const row = board.getByTestId('queue').locator(`tr[data-number="${number}"]`);
  await row.waitFor();
  await row.click();
  const detail = board.getByTestId('incident-detail');
  await expect.poll(() => detail.getAttribute('data-number')).toBe(number);
  const first = board.getByTestId('recommendation').locator('.d-rec-unit').first();
  await first.waitFor();
  const callSign = (await first.getAttribute('data-unit'))!;
  // Keyboard: Enter in the queue jumps to the recommended unit's button; Enter sends it.
  await board.getByTestId('queue').focus();
  await board.keyboard.press('Enter');
  await expect.poll(() => board.evaluate(() => document.activeElement?.textContent)).toBe(`Send ${callSign}`);
  await board.keyboard.press('Enter');
  await detail.getByTestId('assignments').locator(`li[data-unit="${callSign}"]`).waitFor();
  return callSign;
}

describe.skipIf(skipBrowserTests)('dispatch screens in Chromium against a real node', () => {
  let haven: HavenProcess;
  let browser: Browser;
  const actors: Actor[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    console.log(`screenshots: ${shots}`);
    await ensureWebBuilt();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
  }, 180_000);

  afterAll(async () => {
    for (const a of actors) await a.context.close();
    await browser?.close();
    await haven?.stop();
  });

  it('call taker creates a call, console shows it live, dispatcher sends the recommended unit, the unit acknowledges', async () => {
    const taker = await actor(browser, haven.url, 'calltaker');
    const disp = await actor(browser, haven.url, 'dispatcher');
    const unit = await actor(browser, haven.url, 'unit', {
      viewport: { width: 390, height: 844 },
      geolocation: { longitude: 113.8305, latitude: 22.5605 },
    });
    actors.push(taker, disp, unit);

    await disp.page.goto(`${haven.url}/dispatch/console`);
    await disp.page.getByTestId('queue').waitFor();
    await expect
      .poll(() => disp.page.getByTestId('live-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('connected');
    await unit.page.goto(`${haven.url}/dispatch/unit`);
    await unit.page.getByTestId('unit-view').waitFor();
    await expect
      .poll(() => unit.page.getByTestId('live-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('connected');

    const at = await unitPosition(disp.page, 'DH-P01');
    const number = await takeCall(taker.page, at, 'Bicycle stolen outside the shop');
    await shot(taker.page, 'call-taker-en');

    const callSign = await dispatchRecommended(disp.page, number);
    expect(callSign).toBe('DH-P01');
    const map = disp.page.getByTestId('dispatch-map');
    expect(Number(await map.getAttribute('data-units'))).toBeGreaterThan(20);
    expect(Number(await map.getAttribute('data-incidents'))).toBeGreaterThan(0);
    await shot(disp.page, 'console-en');

    // The unit view (phone) picks the assignment up live and acknowledges.
    await unit.page.getByTestId('unit-incident').filter({ hasText: number }).waitFor();
    await unit.page.getByRole('button', { name: 'Acknowledge' }).click();
    await unit.page.getByTestId('unit-acked').waitFor();
    // Position sharing from the browser reaches the API as an AVL fix.
    await unit.page.getByLabel('Share my position').check();
    await unit.page.getByText(/^Last fix /).waitFor();
    await shot(unit.page, 'unit-en');

    // The console shows the acknowledgement without a reload.
    const assigned = disp.page.getByTestId('assignments').locator(`li[data-unit="${callSign}"]`);
    await expect.poll(() => assigned.getAttribute('data-ack'), { timeout: 15_000 }).toBe('yes');

    // En route from the phone moves the incident in the console queue.
    await unit.page.getByRole('button', { name: 'En route' }).click();
    const row = disp.page.getByTestId('queue').locator(`tr[data-number="${number}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('en_route');
    const board = disp.page.getByTestId('unit-board').locator(`[data-unit="${callSign}"]`);
    await expect.poll(() => board.getAttribute('data-status'), { timeout: 15_000 }).toBe('en_route');
    await expect.poll(() => assigned.getAttribute('data-status'), { timeout: 15_000 }).toBe('en_route');
    await shot(disp.page, 'console-en-route-en');

    for (const a of [taker, disp, unit]) expect(a.errors).toEqual([]);
  });

  it('offers the open incident at the same place as a duplicate, and shows outside-area problems in plain words', async () => {
    const taker = actors[0]!;
    await taker.page.goto(`${haven.url}/dispatch/call`);
    const type = taker.page.getByRole('combobox', { name: 'Incident type' });
    await type.fill('theft');
    await type.press('Enter');
    const at = await unitPosition(taker.page, 'DH-P01');
    await taker.page.getByLabel('Longitude').fill(String(at.lon));
    await taker.page.getByLabel('Latitude').fill(String(at.lat));
    const dup = taker.page
      .getByTestId('duplicates')
      .getByRole('button', { name: /^Attach to I-/ })
      .first();
    await dup.waitFor();
    await dup.click();
    await taker.page.getByTestId('merge-note').waitFor();
    await taker.page.getByRole('button', { name: 'Create a new incident instead' }).click();
    await taker.page.getByLabel('Longitude').fill('100.5');
    await taker.page.getByLabel('Latitude').fill('10.5');
    await taker.page.getByRole('button', { name: 'Create incident' }).click();
    await taker.page.getByRole('alert').filter({ hasText: 'outside the served area' }).waitFor();
  });

  it('shows a 409 clearly when the recommended unit was taken meanwhile', async () => {
    const disp = actors[1]!;
    const at = await unitPosition(disp.page, 'XS-P02');
    // Two calls at the same place through the API; both recommend the same unit.
    const [first, second] = await disp.page.evaluate(async (p) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const post = async (url: string, body: unknown) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          body: (await res.json()) as { incident: { id: string; number: string } },
        };
      };
      const call = (n: number) =>
        post('/api/dispatch/calls', {
          idempotencyKey: `e2e-409-${n}-${Date.now()}`,
          typeCode: 'THEFT',
          lon: p.lon + n * 0.0001,
          lat: p.lat,
          narrative: `conflict ${n}`,
        });
      const a = await call(1);
      const b = await call(2);
      return [a.body.incident, b.body.incident];
    }, at);
    const row = disp.page.getByTestId('queue').locator(`tr[data-number="${first!.number}"]`);
    await row.click();
    const rec = disp.page.getByTestId('recommendation').locator('.d-rec-unit').first();
    await rec.waitFor();
    const callSign = (await rec.getAttribute('data-unit'))!;
    // Meanwhile another console sends that unit to the second incident.
    const status = await disp.page.evaluate(
      async ([incidentId, cs]) => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const units = (await (await fetch('/api/dispatch/units')).json()) as {
          items: { id: string; callSign: string }[];
        };
        const unitId = units.items.find((u) => u.callSign === cs)!.id;
        const res = await fetch(`/api/dispatch/incidents/${incidentId}/assignments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ unitId }),
        });
        return res.status;
      },
      [second!.id, callSign] as const,
    );
    expect(status).toBe(201);
    await rec.getByRole('button', { name: `Send ${callSign}` }).click();
    await disp.page
      .getByTestId('recommendation')
      .getByRole('alert')
      .filter({ hasText: 'That unit is already on another incident.' })
      .waitFor();
    await shot(disp.page, 'console-409-en');

    // The first call turns out to be the same event: cancel it; it leaves the queue live.
    const actions = disp.page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Cancel incident' }).click();
    await actions.getByLabel('Reason').selectOption('duplicate');
    await actions.getByRole('button', { name: 'Cancel incident' }).last().click();
    await row.waitFor({ state: 'detached' });
  });

  it('reassigns and releases a unit from the incident detail with the keyboard; the timeline names the console', async () => {
    const disp = actors[1]!;
    const at = await unitPosition(disp.page, 'NG-P02');
    const [first, second] = await twoCalls(disp.page, at, 'move', 0.002);
    const callSign = await dispatchRecommended(disp.page, first!.number);
    const detail = disp.page.getByTestId('incident-detail');
    const assigned = detail.getByTestId('assignments').locator(`li[data-unit="${callSign}"]`);

    // Reassign to the second incident: reach the button and the form with the keyboard.
    await assigned.getByTestId(`reassign-${callSign}`).focus();
    await disp.page.keyboard.press('Enter');
    const target = assigned.getByTestId('reassign-target');
    await target.locator(`option[value="${second!.id}"]`).waitFor({ state: 'attached' });
    await target.selectOption(second!.id);
    await assigned.getByTestId('assign-reason').fill('closer incident needs it');
    await assigned.getByTestId('assign-reason').press('Enter');
    await assigned.waitFor({ state: 'detached' });
    await detail.getByTestId('timeline').getByText('reassigned to another incident').first().waitFor();

    // On the second incident the unit is there; release it with a reason.
    await disp.page.getByTestId('queue').locator(`tr[data-number="${second!.number}"]`).click();
    await expect.poll(() => detail.getAttribute('data-number')).toBe(second!.number);
    const there = detail.getByTestId('assignments').locator(`li[data-unit="${callSign}"]`);
    await there.waitFor();
    await there.getByTestId(`release-${callSign}`).click();
    await there.getByTestId('assign-reason').fill('not needed after all');
    await shot(disp.page, 'console-release-en');
    await there.getByRole('button', { name: 'Release unit' }).click();
    await there.waitFor({ state: 'detached' });
    const consoles = await disp.page.evaluate(async (id) => {
      const d = (await (await fetch(`/api/dispatch/incidents/${id}`)).json()) as {
        timeline: { kind: string; console: string | null }[];
      };
      return d.timeline.filter((t) => t.kind === 'released' || t.kind === 'assigned').map((t) => t.console);
    }, second!.id);
    expect(consoles.length).toBeGreaterThanOrEqual(2);
    for (const c of consoles) expect(c).toMatch(/^console-[0-9a-f]{8}$/);
  });

  it('merges a duplicate incident into another from the detail; the queue and the survivor show it live', async () => {
    const disp = actors[1]!;
    const at = await unitPosition(disp.page, 'NG-P03');
    const [duplicate, survivor] = await twoCalls(disp.page, at, 'merge', 0.0003);
    const queue = disp.page.getByTestId('queue');
    const dupRow = queue.locator(`tr[data-number="${duplicate!.number}"]`);
    const survivorRow = queue.locator(`tr[data-number="${survivor!.number}"]`);
    await survivorRow.waitFor();
    await dupRow.click();
    const detail = disp.page.getByTestId('incident-detail');
    await expect.poll(() => detail.getAttribute('data-number')).toBe(duplicate!.number);

    // Open the merge form with the keyboard, choose the survivor, confirm.
    await detail.getByTestId('merge-open').focus();
    await disp.page.keyboard.press('Enter');
    const target = detail.getByLabel('Incident to merge into');
    await target.locator(`option[value="${survivor!.id}"]`).waitFor({ state: 'attached' });
    await target.selectOption(survivor!.id);
    await shot(disp.page, 'console-merge-en');
    await detail.getByRole('button', { name: 'Merge', exact: true }).click();

    // Without a reload: the duplicate leaves the open queue, the survivor's timeline shows the merge.
    await dupRow.waitFor({ state: 'detached' });
    await survivorRow.click();
    await expect.poll(() => detail.getAttribute('data-number')).toBe(survivor!.number);
    await detail
      .getByTestId('timeline')
      .locator('li')
      .filter({ hasText: 'Merged' })
      .filter({ hasText: `1 call(s) merged from duplicate ${duplicate!.number}` })
      .waitFor();

    const [gone, kept] = await disp.page.evaluate(
      async (ids) =>
        Promise.all(
          ids.map(async (id) => {
            const d = (await (await fetch(`/api/dispatch/incidents/${id}`)).json()) as {
              incident: { status: string; disposition: string | null; callCount: number };
              calls: unknown[];
              timeline: { kind: string; text: string }[];
            };
            return {
              status: d.incident.status,
              disposition: d.incident.disposition,
              callCount: d.incident.callCount,
              calls: d.calls.length,
              merged: d.timeline.filter((t) => t.kind === 'merged').map((t) => t.text),
            };
          }),
        ),
      [duplicate!.id, survivor!.id],
    );
    expect(gone).toMatchObject({ status: 'closed', disposition: 'duplicate', callCount: 0, calls: 0 });
    expect(gone!.merged).toEqual([`Merged into ${survivor!.number}`]);
    expect(kept).toMatchObject({ status: 'new', disposition: null, callCount: 2, calls: 2 });
    expect(kept!.merged).toEqual([`1 call(s) merged from duplicate ${duplicate!.number}`]);
    expect(actors[1]!.errors).toEqual([]);
  });

  it('suggests places while the address is typed; Enter takes a crossing and sets the point', async () => {
    const taker = actors[0]!;
    await taker.page.goto(`${haven.url}/dispatch/call`);
    const address = taker.page.getByTestId('address-input');
    await address.waitFor();
    await address.fill('经78路与纬62路');
    await taker.page.locator('[role="option"][data-kind="intersection"]').first().waitFor();
    await address.press('Enter');
    await expect.poll(() => taker.page.getByLabel('Longitude').inputValue()).toMatch(/^113\.9/);
    expect(await taker.page.getByLabel('Latitude').inputValue()).toMatch(/^22\.6/);
    await taker.page.getByTestId('assist-jurisdiction').waitFor();
    expect(await address.inputValue()).toBe('经78路与纬62路');
  });

  it('a supervisor sends an off-shift unit with a reason from the skipped list', async () => {
    const sup = await actor(browser, haven.url, 'supervisor');
    actors.push(sup);
    await sup.page.goto(`${haven.url}/dispatch/console`);
    await sup.page.getByTestId('queue').waitFor();
    const at = await unitPosition(sup.page, 'DH-P03');
    const number = await sup.page.evaluate(async (p) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const units = (await (await fetch('/api/dispatch/units')).json()) as {
        items: { id: string; callSign: string }[];
      };
      const id = units.items.find((u) => u.callSign === 'DH-P03')!.id;
      // Its only shift is two days from now: off shift at the moment.
      const day = ((new Date().getUTCDay() + 6 + 2) % 7) + 1;
      await fetch(`/api/dispatch/units/${id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ shifts: [{ days: [day], start: '08:00', end: '09:00' }] }),
      });
      const res = await fetch('/api/dispatch/calls', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          idempotencyKey: `e2e-shift-${Date.now()}`,
          typeCode: 'THEFT',
          lon: p.lon,
          lat: p.lat,
          narrative: 'off shift',
        }),
      });
      return ((await res.json()) as { incident: { number: string } }).incident.number;
    }, at);
    await sup.page.getByTestId('queue').locator(`tr[data-number="${number}"]`).click();
    const rec = sup.page.getByTestId('recommendation');
    await rec.locator('.d-rec-unit').first().waitFor();
    await rec.locator('details.d-skipped summary').first().click();
    const skipped = rec.locator('li[data-unit="DH-P03"]');
    await skipped.getByText(/off shift until/).waitFor();
    await skipped.getByRole('button', { name: 'Send DH-P03 outside its shift…' }).click();
    await skipped.getByLabel('Why (supervisor override)').fill('only unit close enough');
    await skipped.getByRole('button', { name: 'Send DH-P03' }).click();
    await sup.page.getByTestId('assignments').locator('li[data-unit="DH-P03"]').waitFor();
    await sup.page
      .getByTestId('timeline')
      .getByText(/outside its shift \(override: only unit close enough\)/)
      .waitFor();
  });

  it('renders the screens in Chinese', async () => {
    const sup = await actor(browser, haven.url, 'supervisor');
    actors.push(sup);
    await sup.page.getByTestId('lang-zh-CN').click();
    await sup.page.goto(`${haven.url}/dispatch/console`);
    await sup.page.getByRole('heading', { name: '警情队列' }).waitFor();
    await sup.page.getByTestId('queue').locator('tr.d-row').first().click();
    await sup.page.getByTestId('recommendation').getByRole('heading', { name: '推荐单元' }).waitFor();
    await shot(sup.page, 'console-zh');
    await sup.page.goto(`${haven.url}/dispatch/call`);
    await sup.page.getByRole('combobox', { name: '警情类型' }).fill('盗');
    await sup.page.getByRole('option').first().waitFor();
    await sup.page.getByRole('combobox', { name: '警情类型' }).press('Enter');
    // The demo premise with history and a hazard note.
    await sup.page.getByLabel('经度').fill('113.8412');
    await sup.page.getByLabel('纬度').fill('22.5321');
    await sup.page.getByTestId('assist-jurisdiction').waitFor();
    await sup.page.locator('.d-call-form select').first().selectOption('2');
    await sup.page.getByLabel('调整优先级的原因').waitFor();
    await shot(sup.page, 'call-taker-zh');
    await sup.page.goto(`${haven.url}/dispatch/wall`);
    await sup.page.getByRole('heading', { name: '值班长大屏' }).waitFor();
    await shot(sup.page, 'wall-zh');
    const unit = actors[2]!;
    await unit.page.getByTestId('lang-zh-CN').click();
    await unit.page.getByRole('button', { name: '到场' }).waitFor();
    await expect.poll(() => unit.page.getByTestId('unit-map').getAttribute('data-idle')).toBe('true');
    await shot(unit.page, 'unit-zh');
    expect(sup.errors).toEqual([]);
  });
});

describe.skipIf(skipBrowserTests || !process.env.HAVEN_TEST_DATABASE_URL)('dispatch across two nodes', () => {
  let nodes: HavenProcess[] = [];
  let browser: Browser;
  let drop: (() => Promise<void>) | null = null;
  const actors: Actor[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    const fresh = await freshDatabase('postgres');
    drop = () => fresh.drop();
    const a = await startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true });
    const b = await startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true });
    nodes = [a, b];
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const a of actors) await a.context.close();
    await browser?.close();
    await Promise.all(nodes.map((n) => n.stop()));
    await drop?.();
  });

  it('a call taken on node A appears on the console of node B, and the unit on A acknowledges', async () => {
    const [a, b] = nodes as [HavenProcess, HavenProcess];
    const taker = await actor(browser, a.url, 'calltaker');
    const disp = await actor(browser, b.url, 'dispatcher');
    const unit = await actor(browser, a.url, 'unit', { viewport: { width: 390, height: 844 } });
    actors.push(taker, disp, unit);
    await disp.page.goto(`${b.url}/dispatch/console`);
    await expect
      .poll(() => disp.page.getByTestId('live-status').getAttribute('data-status'))
      .toBe('connected');
    await unit.page.goto(`${a.url}/dispatch/unit`);
    await unit.page.getByTestId('unit-view').waitFor();

    const at = await unitPosition(disp.page, 'DH-P01');
    const number = await takeCall(taker.page, at, 'Two-node check');
    const callSign = await dispatchRecommended(disp.page, number);
    expect(callSign).toBe('DH-P01');
    await unit.page.getByTestId('unit-incident').filter({ hasText: number }).waitFor();
    await unit.page.getByRole('button', { name: 'Acknowledge' }).click();
    const assigned = disp.page.getByTestId('assignments').locator(`li[data-unit="${callSign}"]`);
    await expect.poll(() => assigned.getAttribute('data-ack'), { timeout: 15_000 }).toBe('yes');
  });
});
