import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSettlement } from '../../src/store/stored-report.js';
import { runCli } from '../cli/run-cli.js';
import { CHROMIUM, launchChromium, type Browser } from './chromium.js';
import { startDashboard, syncedStore, type RunningDashboard, type SyncedStore } from './synced-store.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');

let synced: SyncedStore;
let dash: RunningDashboard;
let browser: Browser;
let active: StoredSettlement[];
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (.ci/run does this)`);
  await mkdir(ARTIFACTS, { recursive: true });
  synced = await syncedStore(10);
  active = synced.active;
  dash = await startDashboard(['--db', synced.db]);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await dash?.stop();
  await synced?.close();
});

/** One attribute of every element the selector matches, in document order. */
async function attrs(selector: string, name: string): Promise<string[]> {
  const all = page.locator(selector);
  const out: string[] = [];
  for (let i = 0, n = await all.count(); i < n; i++) out.push((await all.nth(i).getAttribute(name)) ?? '');
  return out;
}

describe('dashboard in Chromium', () => {
  it('loads with the CSP header and shows exactly the store\'s settlements with the same net amounts', async () => {
    const res = await page.goto(dash.url);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector('table.settlements tbody tr');
    const ids = await attrs('table.settlements tbody tr', 'data-settlement-id');
    const nets = await attrs('table.settlements tbody td[data-key="net"]', 'data-value');
    const shown = ids.map((id, i) => [id, nets[i]] as const);
    expect(new Map(shown)).toEqual(new Map(active.map((s) => [s.settlementId, s.net])));
    expect(shown).toHaveLength(active.length);
    // Money is right-aligned and formatted from the exact string.
    const cell = page.locator(`tr[data-settlement-id="${active[0]!.settlementId}"] td[data-key="net"]`);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('tr[data-settlement-id="${active[0]!.settlementId}"] td[data-key="net"]')).textAlign`)).toBe('right');
    expect(await cell.textContent()).toContain(active[0]!.net.replace('-', '').split('.')[1] ?? '');
    expect(await page.locator(`tr[data-settlement-id="${synced.unmatchedId}"] .badge`).textContent()).toBe('unmatched payout');
  });

  it('gets 403 for the page and the API under a foreign Host header, as a DNS-rebinding page would send', async () => {
    const port = new URL(dash.url).port;
    for (const path of ['/', '/api/overview']) {
      const r = await browser.context.request.get(new URL(path, dash.url).href, { headers: { host: `rebind.example:${port}` } });
      expect(r.status(), path).toBe(403);
    }
    expect((await browser.context.request.get(dash.url)).status()).toBe(200); // the same request with its own Host passes
  });

  it('draws the charts on canvases', async () => {
    await page.waitForSelector('.chart canvas');
    const canvases = await page.locator('.chart canvas').count();
    expect(canvases).toBeGreaterThanOrEqual(3);
    // Pixels with any ink on the first chart's canvas (a string: the test is not compiled with the DOM types).
    const inked = (): Promise<number> => page.evaluate<number>(`(() => {
      const c = document.querySelector('.chart canvas');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return n;
    })()`);
    await expect.poll(inked).toBeGreaterThan(500);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
  });

  it('sorts the table by net when its header is clicked', async () => {
    await page.click('th[data-key="net"] button');
    const nets = (await attrs('table.settlements tbody td[data-key="net"]', 'data-value')).map(Number);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));
  });

  it('opens a settlement\'s detail with its summary, its reconcile issue and its first page of rows', async () => {
    await page.click(`tr[data-settlement-id="${synced.unmatchedId}"]`);
    await page.waitForSelector('table.rows-table tbody tr');
    expect(await page.locator('h1').textContent()).toContain(synced.unmatchedId);
    expect(await page.locator('.issues').textContent()).toContain('payout-mismatch');
    const s = active.find((x) => x.settlementId === synced.unmatchedId)!;
    expect(await page.locator('table.rows-table tbody tr').count()).toBe(Math.min(50, s.rowCount));
    expect(await page.locator('.pager').textContent()).toContain(`of ${s.rowCount}`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-detail.png'), fullPage: true });
    await page.click('a.back');
    await page.waitForSelector('table.settlements tbody tr');
  });

  it('filters by currency through the form, and nothing left 127.0.0.1 nor failed in the page', async () => {
    await page.selectOption('select[name="currency"]', active[0]!.currency);
    await page.click('form.filters button[type="submit"]');
    await page.waitForFunction("location.hash.includes('currency=')");
    await page.waitForSelector('table.settlements tbody tr');
    expect(await page.locator('table.settlements tbody tr').count()).toBe(active.filter((s) => s.currency === active[0]!.currency).length);
    expect(browser.foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('month report in Chromium', () => {
  it('opens without errors or requests, and prints to PDF with --pdf', async () => {
    const month = (active[0]!.startAt ?? '').slice(0, 7);
    const out = join(synced.dir, `report-${month}.html`);
    const r = await runCli(['report', 'month', month, '--db', synced.db, '--output', out, '--pdf'], { PATH: '/usr/bin' });
    expect(r.code, r.stderr).toBe(0);
    expect((await readFile(join(synced.dir, `report-${month}.pdf`))).subarray(0, 5).toString()).toBe('%PDF-');
    const p = await browser.context.newPage();
    const pageErrors: string[] = [];
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    await p.goto(`file://${out}`);
    expect(await p.locator('h1').textContent()).toContain(month);
    expect(await p.locator('svg.chart rect').count()).toBeGreaterThan(0);
    await p.screenshot({ path: join(ARTIFACTS, 'month-report.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(browser.foreign).toEqual([]);
    await p.close();
  }, 120_000);
});
