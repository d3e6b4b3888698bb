import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsPreset } from '../../src/accounting/accounts.js';
import { runCli } from '../cli/run-cli.js';
import { BOOKS, createBooks, type Books } from './books.fixture.js';
import { expectGolden, GOLDEN_DIR } from './golden.js';

// The file's creation time is injected: the goldens do not depend on today.
const NOW = new Date('2026-12-01T09:30:00.000Z');
const XSD = join(GOLDEN_DIR, '../iso20022/camt.053.001.02.xsd');

let b: Books;
let db: string;
let skr03: string;
let generic: string;
beforeAll(async () => {
  b = await createBooks();
  db = b.store.location;
  skr03 = join(b.dir, 'accounts.json');
  const config = accountsPreset('skr03');
  config.datev = { ...config.datev, consultantNumber: 29098, clientNumber: 55003 };
  writeFileSync(skr03, JSON.stringify(config));
  generic = join(b.dir, 'generic.json');
  writeFileSync(generic, JSON.stringify(accountsPreset('generic')));
});
afterAll(() => b.close());

const cli = (args: string[]) => runCli([...args, '--db', db], {}, { now: () => NOW, cwd: b.dir });

async function exportFile(args: string[], name: string): Promise<Buffer> {
  const out = join(b.dir, name);
  const r = await cli(['export', ...args, '--output', out]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  expect(statSync(out).mode & 0o777).toBe(0o600);
  return readFileSync(out);
}

describe('accounting exports of a fixed history (golden files)', () => {
  it('the neutral journal, CSV and JSON, summarised and detailed', async () => {
    expectGolden('journal.csv', await exportFile(['journal', '--format', 'csv', '--accounts', skr03], 'journal.csv'));
    expectGolden('journal-detail.json', await exportFile(['journal', '--format', 'json', '--detail', '--accounts', generic], 'journal-detail.json'));
  });

  it('names the settlement that has a row on suspense, on stderr, and still books it', async () => {
    const r = await cli(['export', 'journal', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('settlement 4100000001: suspense (ServiceFee ×1)');
    expect(r.stdout).toMatch(/^2026-11-02,4100000001,1590,Durchlaufende Posten \(ungeklärt\),2\.50,,USD,Amazon Pay unclassified 4100000001,4100000001\r$/m);
  });

  it('splits the settlement that spans October and November into two journals at the merchant\'s month end', async () => {
    const r = await cli(['export', 'journal', '--format', 'json', '--settlement', '4100000001']);
    const parts = JSON.parse(r.stdout) as Array<{ date: string; month: string; part: number; parts: number }>;
    expect(parts.map((p) => [p.date, p.part, p.parts])).toEqual([['2026-10-31', 1, 2], ['2026-11-02', 2, 2]]);
    // The refund at 23:30 on Oct 31 in the report's -0700 is Nov 1 in UTC: --tz UTC moves it.
    const utc = JSON.parse((await cli(['export', 'journal', '--format', 'json', '--settlement', '4100000001', '--detail', '--tz', 'UTC'])).stdout) as Array<{ lines: Array<{ date: string; text: string }> }>;
    expect(utc[1]?.lines.find((l) => l.text.startsWith('Refund'))?.date).toBe('2026-11-01');
  });

  it('DATEV: windows-1252, CRLF, the EXTF header and column line, amounts with a decimal comma', async () => {
    const bytes = await exportFile(['datev', '--accounts', skr03, '--settlement', '4100000002'], 'EXTF_datev.csv');
    expectGolden('datev-skr03.csv', bytes);
    const text = iconv.decode(bytes, 'windows-1252');
    expect(text).toContain('Gegenkonto (ohne BU-Schlüssel)');
    expect(bytes.includes(Buffer.from([0x53, 0x63, 0x68, 0x6c, 0xfc]))).toBe(true); // "Schlü" in windows-1252
    expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe('"EXTF";700;21;"Buchungsstapel";12;20261201093000000;;"RE";"";"";29098;55003;20260101;4;20261109;20261109;"Amazon Pay 20261109-20261109";"";1;0;0;"EUR";;"";;;"03";;;"";""');
    expect(lines[1]?.split(';')).toHaveLength(14);
    expect(lines[2]).toBe('109,89;"H";"EUR";;;;8400;1360;;0911;"4100000002";"";;"Amazon Pay sales 4100000002"');
    expect(lines.at(-2)).toBe('87,49;"S";"EUR";;;;1200;1360;;0911;"4100000002";"";;"Amazon Pay payout 4100000002"');
  });

  it('DATEV --detail: one booking per transaction, store names and € in windows-1252, texts cut to 60 characters', async () => {
    const bytes = await exportFile(['datev', '--accounts', skr03, '--settlement', '4100000002', '--detail'], 'EXTF_detail.csv');
    expectGolden('datev-skr03-detail.csv', bytes);
    const lines = iconv.decode(bytes, 'windows-1252').split('\r\n');
    expect(lines[0]).toContain(';20261103;20261108;');
    expect(lines).toContain('89,90;"H";"EUR";;;;8400;1360;;0311;"4100000002";"";;"Capture B-1001 Müller & Söhne GmbH"');
    expect(bytes.includes(Buffer.from('Geschenkkarte \x8020', 'latin1'))).toBe(true);
    for (const line of lines.slice(2, -1)) expect(line.split(';')[13]?.length).toBeLessThanOrEqual(62);
  });

  it('DATEV refuses a batch across two currencies or two fiscal years, naming the fix (exit 2)', async () => {
    const mixed = await cli(['export', 'datev', '--accounts', skr03, '--output', join(b.dir, 'mixed.csv')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/a DATEV batch has one currency, these settlements have USD, EUR, JPY: export each with --settlement or --since\/--until/);
    const november = join(b.dir, 'fy-november.json');
    const config = accountsPreset('skr03');
    config.datev.fiscalYearStart = '11-01';
    writeFileSync(november, JSON.stringify(config));
    const split = await cli(['export', 'datev', '--accounts', november, '--settlement', '4100000001', '--output', join(b.dir, 'fy.csv')]);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/a DATEV batch covers one fiscal year, these bookings run from 2026-10-31 to 2026-11-02/);
  });

  it('DATEV needs the Berater/Mandant numbers from an accounts file (usage error, exit 2)', async () => {
    const r = await runCli(['export', 'datev', '--output', join(b.dir, 'x.csv'), '--db', db], {}, { now: () => NOW, cwd: join(b.dir, '..') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATEV needs your Beraternummer and Mandantennummer: run `amazon-pay-reports accounts init --preset skr03`/);
  });

  it('Xero and QuickBooks Online journal CSVs', async () => {
    expectGolden('xero.csv', await exportFile(['xero', '--accounts', generic], 'xero.csv'));
    expectGolden('qbo.csv', await exportFile(['qbo', '--accounts', generic], 'qbo.csv'));
  });

  it('camt.053.001.02: the clearing account statement, valid against the ISO 20022 schema, opening + entries = closing', async () => {
    // No --accounts: ./accounts.json (the SKR03 one here) is the default.
    const xml = await exportFile(['camt053'], 'camt053.xml');
    expectGolden('camt053.xml', xml);
    const path = join(b.dir, 'camt053.xml');
    expect(() => execFileSync('xmllint', ['--noout', '--schema', XSD, path], { stdio: 'pipe' })).not.toThrow();
    const stmts = xml.toString('utf8').split('<Stmt>').slice(1);
    expect(stmts.map((s) => /<Id>(\d+)<\/Id>/.exec(s)?.[1])).toEqual(BOOKS.map((s) => s.settlementId));
    for (const s of stmts) {
      const amount = (m: RegExpMatchArray): number => Math.round(Number(m[1]) * 100) * (m[2] === 'DBIT' ? -1 : 1);
      const bal = [...s.matchAll(/<Bal>[\s\S]*?<Amt Ccy="\w+">([\d.]+)<\/Amt>\s*<CdtDbtInd>(\w+)<\/CdtDbtInd>/g)].map(amount);
      const entries = [...s.matchAll(/<Ntry>\s*<Amt Ccy="\w+">([\d.]+)<\/Amt>\s*<CdtDbtInd>(\w+)<\/CdtDbtInd>/g)].map(amount);
      expect(bal).toHaveLength(2);
      expect((bal[0] ?? 0) + entries.reduce((x, y) => x + y, 0)).toBe(bal[1]);
      expect(bal[1]).toBe(0);
    }
  });

  it('a camt.053 that breaks the schema is caught by the same check', () => {
    const broken = join(b.dir, 'broken.xml');
    writeFileSync(broken, readFileSync(join(b.dir, 'camt053.xml'), 'utf8').replace('<Sts>BOOK</Sts>', '<Sts>BOOKED</Sts>'));
    expect(() => execFileSync('xmllint', ['--noout', '--schema', XSD, broken], { stdio: 'pipe' })).toThrow();
  });
});
