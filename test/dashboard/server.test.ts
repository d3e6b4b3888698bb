import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { ExportedRow, StoredSettlement } from '../../src/store/stored-report.js';
import { runCli } from '../cli/run-cli.js';
import { startDashboard, syncedStore, type RunningDashboard, type SyncedStore } from './synced-store.js';

let synced: SyncedStore;
let dash: RunningDashboard;
let active: StoredSettlement[];

beforeAll(async () => {
  synced = await syncedStore(10);
  active = synced.active;
  dash = await startDashboard(['--db', synced.db]);
});
afterAll(async () => {
  await dash.stop();
  await synced.close();
});

/** A raw GET with the headers we choose (fetch will not let a test forge Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(path, dash.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, path: `${u.pathname}${u.search}`, method: 'GET', headers: { host: u.host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  it('announces one JSON line with a loopback URL on the port the OS picked', () => {
    expect(dash.output).toMatch(/^\{"url":"http:\/\/127\.0\.0\.1:\d+\/"\}\n$/);
  });

  it('serves the page and its assets from the package, with a strict CSP on every response', async () => {
    for (const path of ['/', '/app.js', '/app.css', '/api/overview']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(r.headers['content-security-policy'], path).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
    const page = await get('/');
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    expect(page.body).not.toMatch(/<script>|https?:\/\//); // no inline script, nothing from elsewhere
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), on the page and the API alike', async () => {
    for (const path of ['/', '/api/overview']) {
      const r = await get(path, { host: `evil.example:${new URL(dash.url).port}` });
      expect(r.status).toBe(403);
      expect(r.body).not.toContain('settlementId');
    }
    expect((await get('/', { host: 'localhost:1' })).status).toBe(403); // the right name on another port is foreign too
    expect((await get('/', { host: `localhost:${new URL(dash.url).port}` })).status).toBe(200);
  });

  it('lists exactly the store\'s active settlements with their exact net and payout, and per-currency totals', async () => {
    const r = await get('/api/overview');
    const body = JSON.parse(r.body) as { settlements: Array<{ settlementId: string; net: string; payout: string; statusLabel: string; payoutMatched: boolean; feePct: string | null }>; totals: Array<Record<string, string>>; currencies: string[] };
    expect(body.settlements.map((s) => [s.settlementId, s.net, s.payout])).toEqual(active.map((s) => [s.settlementId, s.net, s.payout]));
    expect(body.settlements.length).toBeGreaterThanOrEqual(8);
    expect(body.currencies).toEqual([...new Set(active.map((s) => s.currency))].sort());
    const bad = body.settlements.find((s) => s.settlementId === synced.unmatchedId);
    expect(bad).toMatchObject({ statusLabel: 'unmatched payout', payoutMatched: false });
    expect(body.settlements.filter((s) => s.settlementId !== synced.unmatchedId).every((s) => s.statusLabel === 'ties out' && s.payoutMatched)).toBe(true);
    expect(body.settlements.every((s) => s.feePct === null || /^\d+\.\d{2}$/.test(s.feePct))).toBe(true);
  });

  it('filters by period start and currency', async () => {
    const mid = active[Math.floor(active.length / 2)]!;
    const since = (mid.startAt ?? '').slice(0, 10);
    const r = JSON.parse((await get(`/api/overview?since=${since}`)).body) as { settlements: Array<{ settlementId: string }> };
    expect(r.settlements.map((s) => s.settlementId)).toEqual(active.filter((s) => (s.startAt ?? '') >= `${since}T00:00:00Z`).map((s) => s.settlementId));
    const none = JSON.parse((await get('/api/overview?currency=XXX')).body) as { settlements: unknown[] };
    expect(none.settlements).toEqual([]);
    const bad = await get('/api/overview?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/since and until must be dates/);
  });

  it('gives a settlement\'s detail with its reconcile issues, and 404 for one not in the store', async () => {
    const d = JSON.parse((await get(`/api/settlements/${synced.unmatchedId}`)).body) as { settlement: { settlementId: string }; issues: Array<{ code: string }>; disbursements: unknown[] };
    expect(d.settlement.settlementId).toBe(synced.unmatchedId);
    expect(d.issues.map((i) => i.code)).toContain('payout-mismatch');
    expect(d.disbursements).toHaveLength(1);
    expect((await get('/api/settlements/nope')).status).toBe(404);
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('pages a settlement\'s rows: the pages together are its rows, in order, each page at most the limit', async () => {
    const s = active.find((x) => x.rowCount > 3)!;
    const store = await openStore(synced.db, { readOnly: true });
    const all: ExportedRow[] = [];
    try {
      for await (const batch of store.settlementRows()) all.push(...batch.filter((r) => r.settlementId === s.settlementId));
    } finally {
      await store.close();
    }
    const seen: ExportedRow[] = [];
    for (let offset = 0; offset < s.rowCount; offset += 3) {
      const page = JSON.parse((await get(`/api/settlements/${s.settlementId}/rows?offset=${offset}&limit=3`)).body) as { rows: ExportedRow[]; total: number };
      expect(page.total).toBe(s.rowCount);
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows);
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(s.rowCount);
    expect((await get(`/api/settlements/${s.settlementId}/rows?limit=100000`)).status).toBe(400);
  });

  it('answers only GET and HEAD', async () => {
    const u = new URL(dash.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: u.port, path: '/api/overview', method: 'POST', headers: { host: u.host } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(405);
  });
});

describe('dashboard with a token', () => {
  it('refuses a request without the token, takes it from ?token=, the cookie it sets, or a Bearer header', async () => {
    const token = 'test-token-0123456789abcdef';
    const d = await startDashboard(['--db', synced.db, '--token', token]);
    try {
      const at = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(new URL(path, d.url), { headers, redirect: 'manual' });
      expect((await at('/')).status).toBe(401);
      expect((await at('/api/overview')).status).toBe(401);
      expect((await at('/api/overview', { authorization: 'Bearer wrong-token-0123456789ab' })).status).toBe(401);
      const first = await at(`/?token=${token}`);
      expect(first.status).toBe(200);
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await at('/api/overview', { cookie })).status).toBe(200);
      expect((await at('/api/overview', { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await d.stop();
    }
  });

  it('refuses a short --token with exit 2 and a one-line reason', async () => {
    const r = await runCli(['dashboard', '--db', synced.db, '--port', '0', '--token', 'short']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--token must be at least 16 characters/);
  });

  it('refuses a store that does not exist, never creating one', async () => {
    const r = await runCli(['dashboard', '--db', `${synced.dir}/none.db`, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no store at/);
  });
});
