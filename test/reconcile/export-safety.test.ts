import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, runCli } from '../cli/run-cli.js';
import { createHistory, lineOfType, type History } from './history.fixture.js';

let h: History;
let db: string;
const AMOUNTS = ['amount', 'percentageFee', 'fixedFee', 'totalFee', 'net'];
const HOSTILE = { sellerOrderId: '=HYPERLINK("http://evil.example","x")', storeName: '@SUM(A1:A9)', description: '-2+3' };

beforeEach(async () => {
  // Promise.resolve(): the same lines work once the store is async.
  h = await Promise.resolve(createHistory());
  db = join(h.dir, 'store.db');
  // Day 0's first Capture row carries text a spreadsheet would run: SellerOrderId (7th cell), StoreName (8th), description (10th).
  await h.importDay(0, {
    edit: (lines) => {
      const i = lineOfType(lines, 'Capture');
      const cells = (lines[i] ?? '').split('","');
      cells[6] = HOSTILE.sellerOrderId.replaceAll('"', '""');
      cells[7] = HOSTILE.storeName;
      cells[9] = HOSTILE.description;
      lines[i] = cells.join('","');
      return lines;
    },
  });
  await h.importDay(1);
  await Promise.resolve(h.disburse(0));
  await Promise.resolve(h.disburse(1));
});
afterEach(async () => {
  await Promise.resolve(h.close());
});

const csvRecords = (text: string): Array<Record<string, string>> => parse<Record<string, string>>(text, { columns: true });

describe('CSV export and spreadsheet formulas', () => {
  it("prefixes text cells that start with = + - @ with ', and leaves amounts (-0.30) numeric", async () => {
    const r = await runCli(['export', 'rows', '--db', db]);
    expect(r.code).toBe(0);
    const rows = csvRecords(r.stdout);
    const capture = rows.find((row) => row['sellerOrderId']?.includes('HYPERLINK'));
    expect(capture).toMatchObject({ sellerOrderId: `'${HOSTILE.sellerOrderId}`, storeName: `'${HOSTILE.storeName}`, description: `'${HOSTILE.description}` });
    const negative = rows.flatMap((row) => AMOUNTS.map((c) => row[c] ?? '')).filter((v) => v.startsWith('-'));
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.every((v) => /^-\d+\.\d{2}$/.test(v))).toBe(true);
    expect(rows.flatMap((row) => Object.values(row)).filter((v) => /^[=+\-@\t\r]/.test(v) && !/^-\d+\.\d{2}$/.test(v))).toEqual([]);
  });

  it('--raw-csv writes the cells exactly as stored; JSON is never altered', async () => {
    const raw = csvRecords((await runCli(['export', 'rows', '--raw-csv', '--db', db])).stdout);
    expect(raw.find((row) => row['sellerOrderId']?.includes('HYPERLINK'))).toMatchObject(HOSTILE);
    const rows = json<Array<Record<string, unknown>>>(await runCli(['export', 'rows', '--format', 'json', '--db', db]));
    expect(rows.find((row) => String(row['sellerOrderId']).includes('HYPERLINK'))).toMatchObject(HOSTILE);
  });
});

describe('export files', () => {
  it('are owner-only (0600)', async () => {
    const out = join(h.dir, 'rows.csv');
    expect((await runCli(['export', 'rows', '--output', out, '--db', db])).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('a temp file left by a killed export is gone after the next run; a live writer’s is kept', async () => {
    const out = join(h.dir, 'rows.csv');
    // The pid of a process that has exited: what a killed export leaves behind.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(h.dir, `.rows.csv.${dead}.0badf00d.tmp`), 'half an export');
    writeFileSync(join(h.dir, `.rows.csv.${process.pid}.feedface.tmp`), 'a live writer');
    expect((await runCli(['export', 'rows', '--output', out, '--db', db])).code).toBe(0);
    expect(readdirSync(h.dir).filter((f) => f.endsWith('.tmp'))).toEqual([`.rows.csv.${process.pid}.feedface.tmp`]);
    expect(readFileSync(out, 'utf8')).toMatch(/^settlementId,/);
  });

  it('--json with --output prints what was written; --json alone is a usage error', async () => {
    const out = join(h.dir, 'settlements.ndjson');
    const r = await runCli(['export', 'settlements', '--format', 'ndjson', '--output', out, '--json', '--db', db]);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({ what: 'settlements', format: 'ndjson', path: out, bytes: statSync(out).size, records: 2 });
    const alone = await runCli(['export', 'rows', '--json', '--db', db]);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toBe('amazon-pay-reports: export --json describes the file written with --output; for JSON data on stdout use --format json\n');
  });
});

describe('inverted time ranges', () => {
  it.each([['settlements'], ['export rows'], ['export settlements']])('%s --since after --until exits 2 with one line', async (command) => {
    const r = await runCli([...command.split(' '), '--since', '2026-10-03', '--until', '2026-10-01', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('amazon-pay-reports: --since 2026-10-03T00:00:00Z is after --until 2026-10-01T00:00:00Z: swap them\n');
  });
});
