import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/shared-data.ts';

const webDir = resolve(repoRoot, 'web');
const distIndex = resolve(webDir, 'dist/index.html');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
  return max;
}

function distIsFresh(): boolean {
  const sources = Math.max(
    newestMtime(resolve(webDir, 'src')),
    newestMtime(resolve(webDir, 'index.html')),
    newestMtime(resolve(repoRoot, 'vite.config.ts')),
  );
  return existsSync(distIndex) && statSync(distIndex).mtimeMs >= sources;
}

// Test files run in parallel workers; only one may rebuild web/dist at a time.
const lockDir = join(
  tmpdir(),
  `haven-web-build-${createHash('sha1').update(repoRoot).digest('hex').slice(0, 8)}.lock`,
);

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 120_000)
        rmSync(lockDir, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`web build lock ${lockDir} held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { force: true, recursive: true });
  }
}

/** The node serves web/dist: build it when missing or older than the sources. */
export async function ensureWebBuilt(): Promise<void> {
  if (distIsFresh()) return;
  await withBuildLock(async () => {
    if (distIsFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: resolve(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  });
}

/** Pixel statistics of a PNG screenshot, decoded in the page: share near `rgb` and distinct colours. */
export async function pixelStats(
  page: Page,
  png: Buffer,
  rgb: [number, number, number],
): Promise<{ near: number; colours: number }> {
  return page.evaluate(
    async ([b64, [r0, g0, b0]]) => {
      // An <img> rather than fetch(): the page's CSP allows data: images but not data: connections.
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let near = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        colours.add((r << 16) | (g << 8) | b);
        if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) <= 12) near++;
      }
      return { near: near / (data.length / 4), colours: colours.size };
    },
    [png.toString('base64'), rgb] as const,
  );
}

/** Background of the built-in offline style (#f3f5f7). */
export const OFFLINE_BACKGROUND: [number, number, number] = [0xf3, 0xf5, 0xf7];

/** Sign in through the form (English UI). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Wait until the jurisdiction map has its features and has finished drawing. */
export async function mapSettled(page: Page): Promise<void> {
  const map = page.getByTestId('jurisdiction-map');
  await page.waitForFunction(
    (el) =>
      Number(el?.getAttribute('data-rendered-features')) > 0 && el?.getAttribute('data-idle') === 'true',
    await map.elementHandle(),
    { timeout: 20_000 },
  );
}
