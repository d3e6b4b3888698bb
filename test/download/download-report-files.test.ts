import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { STALE_TEMP_AGE_MS } from '../../src/download/clean-stale-temp-files.js';
import { cleanStaleTempFiles, downloadReport } from '../../src/download/download-report.js';
import { fileSystemNow } from '../../src/download/file-system-now.js';
import { tempStem } from '../../src/download/temp-file-name.js';
import { DownloadError } from '../../src/errors.js';
import { fakeClient, startFileServer, type FileServer } from './file-server.js';
import { makeZip } from './make-zip.js';

const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
// Big enough (~2 MB) that a connection dropped halfway has delivered bytes worth keeping.
const csv = Buffer.from(Array.from({ length: 100_000 }, (_, i) => `row${i},${i}.50,USD\n`).join(''));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const report = (over: Partial<Report> = {}): Report => ({
  reportId: 'R-100',
  reportType: SETTLEMENT,
  processingStatus: 'COMPLETED',
  createdTime: '2026-10-30T12:00:00Z',
  startTime: '2026-10-16T00:00:00Z',
  reportDocumentId: 'DOC-100',
  ...over,
});

let dir: string;
let server: FileServer | undefined;
const sleeps: number[] = [];
const sleep = (ms: number) => {
  sleeps.push(ms);
  return Promise.resolve();
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-dl-'));
  sleeps.length = 0;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under dir, relative. */
function tree(root = dir): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

async function serve(body: Buffer, ranges = true) {
  server = await startFileServer(body, { ranges });
  return { server, client: fakeClient(server, [report()]) };
}

describe('downloadReport with compressed and faulty bodies', () => {
  it('writes a plain file to <out>/<type>/<date>_<id>.csv with its sha256', async () => {
    const { client } = await serve(csv);
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(result).toEqual({
      reportId: 'R-100',
      path: join(dir, 'settlement', '2026-10-16_R-100.csv'),
      bytes: csv.length,
      sha256: sha(csv),
      compression: 'none',
      attempts: 1,
    });
    expect(readFileSync(result.path).equals(csv)).toBe(true);
    expect(tree()).toEqual(['settlement/2026-10-16_R-100.csv']);
  });

  it('gunzips a gzip body while keeping the hash of the decompressed file', async () => {
    const { client } = await serve(gzipSync(csv));
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(result).toMatchObject({ compression: 'gzip', bytes: csv.length, sha256: sha(csv) });
    expect(readFileSync(result.path).equals(csv)).toBe(true);
    expect(tree()).toEqual(['settlement/2026-10-16_R-100.csv']);
  });

  it('extracts the first file of a zip and never uses entry names as paths (zip-slip)', async () => {
    const zip = makeZip([
      { name: 'folder/', content: Buffer.alloc(0) },
      { name: '../../evil', content: csv },
      { name: 'second.csv', content: Buffer.from('nope') },
    ]);
    const { client } = await serve(zip);
    const result = await downloadReport({ client, reportId: 'R-100', outDir: join(dir, 'out'), sleep });
    expect(result).toMatchObject({ compression: 'zip', bytes: csv.length, sha256: sha(csv) });
    expect(tree()).toEqual(['out/settlement/2026-10-16_R-100.csv']);
    expect(existsSync(join(dir, '..', 'evil'))).toBe(false);
  });

  it('refuses a gzip bomb by ratio and by absolute size, leaving nothing behind', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const { client } = await serve(gzipSync(zeros));
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep, maxRatio: 10 })).rejects.toThrow(/decompression bomb/);
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep, maxBytes: 100_000 })).rejects.toThrow(/decompressed report exceeds the 100000-byte limit/);
    expect(tree()).toEqual([]);
  });

  it('refuses a plain body over maxBytes without retrying it', async () => {
    const { server, client } = await serve(csv);
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep, maxBytes: 1000 })).rejects.toThrow(/1000-byte limit/);
    expect(server.hits).toHaveLength(1);
    expect(tree()).toEqual([]);
  });

  it('refuses a zip bomb whose entry declares too much', async () => {
    const { client } = await serve(makeZip([{ name: 'big.csv', content: Buffer.alloc(100_000) }]));
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep, maxBytes: 5000 })).rejects.toThrow(DownloadError);
    expect(tree()).toEqual([]);
  });

  it('a body that starts like gzip but is not is a clear error', async () => {
    const { client } = await serve(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('definitely not deflate data')]));
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep })).rejects.toThrow(/R-100 .*: the file starts like gzip but is corrupt/);
    expect(tree()).toEqual([]);
  });

  it('a body that starts like zip but is not is a clear error', async () => {
    const { client } = await serve(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]));
    await expect(downloadReport({ client, reportId: 'R-100', outDir: dir, sleep })).rejects.toThrow(/zip/);
    expect(tree()).toEqual([]);
  });

  it('resumes a dropped transfer with Range and a freshly minted URL', async () => {
    const { server, client } = await serve(csv);
    server.faults.push('truncate');
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(result).toMatchObject({ sha256: sha(csv), bytes: csv.length, attempts: 2 });
    expect(client.minted).toBe(2);
    expect(server.hits[0]).toEqual({ range: undefined, status: 200 });
    expect(server.hits[1]?.status).toBe(206);
    expect(server.hits[1]?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(tree()).toEqual(['settlement/2026-10-16_R-100.csv']);
  });

  it('starts over when the server ignores Range', async () => {
    const { server, client } = await serve(csv, false);
    server.faults.push('reset', 'reset');
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(result).toMatchObject({ sha256: sha(csv), attempts: 3 });
    expect(server.hits.map((h) => h.status)).toEqual([200, 200, 200]);
    expect(readFileSync(result.path).equals(csv)).toBe(true);
  });

  it('re-mints an expired URL without waiting', async () => {
    const { server, client } = await serve(csv);
    server.faults.push('expire');
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(result.attempts).toBe(2);
    expect(client.minted).toBe(2);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with a clear error that hides the URL credentials', async () => {
    const { server, client } = await serve(csv);
    server.faults.push(500, 500, 500, 500);
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const error = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep, logger, maxAttempts: 3, baseDelayMs: 100 }).catch((e: unknown) => e);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('sekret');
    expect(error).toBeInstanceOf(DownloadError);
    const message = (error as Error).message;
    expect(message).toContain('report R-100: download failed after 3 attempts');
    expect(message).toContain('500');
    expect(message).not.toContain('sekret');
    expect(sleeps).toEqual([100, 200]);
    expect(server.hits).toHaveLength(3);
    expect(tree()).toEqual([]);
  });

  it('keeps an existing identical file untouched', async () => {
    const { client } = await serve(csv);
    const first = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    const before = statSync(first.path);
    const second = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(second.sha256).toBe(first.sha256);
    expect(statSync(second.path).ino).toBe(before.ino);
    expect(tree()).toEqual(['settlement/2026-10-16_R-100.csv']);
  });

  it('replaces a different existing file atomically', async () => {
    const { client } = await serve(csv);
    const path = join(dir, 'settlement', '2026-10-16_R-100.csv');
    await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    writeFileSync(path, 'stale');
    const result = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    expect(readFileSync(result.path).equals(csv)).toBe(true);
  });
});

describe('downloadReport refusals', () => {
  it('a report that does not exist', async () => {
    const { client } = await serve(csv);
    await expect(downloadReport({ client, reportId: 'NOPE', outDir: dir, sleep })).rejects.toThrow(
      'report NOPE does not exist (or is past the 90-day retention)',
    );
  });

  it('a report that is not COMPLETED names its status', async () => {
    const { client } = await serve(csv);
    await expect(
      downloadReport({ client, reportId: 'R-1', report: report({ reportId: 'R-1', processingStatus: 'IN_PROGRESS' }), outDir: dir, sleep }),
    ).rejects.toThrow(/R-1 is IN_PROGRESS, not COMPLETED/);
    await expect(
      downloadReport({ client, reportId: 'R-2', report: report({ reportId: 'R-2', processingStatus: 'CANCELLED' }), outDir: dir, sleep }),
    ).rejects.toThrow(/R-2 is CANCELLED/);
  });

  it('ids are sanitised into the file name and dangerous ones are refused', async () => {
    const { client } = await serve(csv);
    const { startTime: _unused, ...undated } = report({ reportId: 'a/b c' });
    const odd = await downloadReport({ client, reportId: 'a/b c', report: undated, outDir: dir, sleep });
    expect(odd.path).toBe(join(dir, 'settlement', '2026-10-30_a_b_c.csv'));
    for (const id of ['../../etc', '///', '..']) {
      await expect(downloadReport({ client, reportId: id, report: report({ reportId: id }), outDir: dir, sleep })).rejects.toThrow(DownloadError);
    }
    expect(tree()).toEqual(['settlement/2026-10-30_a_b_c.csv']);
  });

  it('non-settlement flat files get .txt, CSV types .csv', async () => {
    const { client } = await serve(csv);
    const refund = await downloadReport({ client, reportId: 'R-9', report: report({ reportId: 'R-9', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_' }), outDir: dir, sleep });
    expect(refund.path).toBe(join(dir, 'refund', '2026-10-16_R-9.txt'));
    const multi = await downloadReport({ client, reportId: 'R-8', report: report({ reportId: 'R-8', reportType: '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_' }), outDir: dir, sleep });
    expect(multi.path).toBe(join(dir, 'multi-currency', '2026-10-16_R-8.csv'));
  });

  it('an unwritable output folder names the folder', async () => {
    const { client } = await serve(csv);
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(downloadReport({ client, reportId: 'R-100', outDir: blocker, sleep })).rejects.toThrow(
      `cannot write to the folder ${join(blocker, 'settlement')}`,
    );
  });

  it('a full disk says so, removes the temp file and touches nothing else', async () => {
    const { client } = await serve(csv);
    const first = await downloadReport({ client, reportId: 'R-100', outDir: dir, sleep });
    const full = () =>
      new Writable({
        write(_chunk, _encoding, callback) {
          callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
        },
      });
    const other = report({ reportId: 'R-200', reportDocumentId: 'DOC-100' });
    await expect(downloadReport({ client, reportId: 'R-200', report: other, outDir: dir, sleep, createWriteStream: full })).rejects.toThrow(
      `disk full while writing ${join(dir, 'settlement', '2026-10-16_R-200.csv')} (ENOSPC)`,
    );
    expect(tree()).toEqual(['settlement/2026-10-16_R-100.csv']);
    expect(readFileSync(first.path).equals(csv)).toBe(true);
  });
});

describe('cleanStaleTempFiles', () => {
  it('removes only temp files that are provably stale: a gone owner, or untouched for a day', async () => {
    const folder = join(dir, 'settlement');
    mkdirSync(folder);
    const host = tempStem(join(folder, 'x')).split('-')[1] as string;
    const gone = await deadPid();
    // A day ago on the disk's clock (the one cleanStaleTempFiles judges by; under faketime it is not the process's).
    const dayAgo = new Date((await fileSystemNow(dir)).getTime() - STALE_TEMP_AGE_MS - 60_000);
    writeFileSync(join(folder, `.2026-10-16_R-1.csv.${gone}-${host}-0123456789abcdef.part`), 'x');
    writeFileSync(join(folder, `.2026-10-16_R-1.csv.${gone}-${host}-0123456789abcdef.out.part`), 'x');
    writeFileSync(join(folder, '.2026-10-16_R-2.csv.0123456789abcdef.part'), 'old, unowned');
    utimesSync(join(folder, '.2026-10-16_R-2.csv.0123456789abcdef.part'), dayAgo, dayAgo);
    // Kept: a live owner (this process), an unowned but recent one, another host's, and non-temp files.
    writeFileSync(join(folder, `.2026-10-16_R-3.csv.${process.pid}-${host}-0123456789abcdef.part`), 'mine');
    writeFileSync(join(folder, '.2026-10-16_R-4.csv.0123456789abcdef.part'), 'recent, unowned');
    writeFileSync(join(folder, `.2026-10-16_R-5.csv.${gone}-0badc0de-0123456789abcdef.part`), 'other host');
    writeFileSync(join(folder, '2026-10-16_R-1.csv'), 'keep');
    writeFileSync(join(folder, '.hidden'), 'keep');
    const removed = await cleanStaleTempFiles(dir);
    expect(removed).toHaveLength(3);
    expect(tree()).toEqual([
      'settlement/.2026-10-16_R-3.csv.' + `${process.pid}-${host}-0123456789abcdef.part`,
      'settlement/.2026-10-16_R-4.csv.0123456789abcdef.part',
      `settlement/.2026-10-16_R-5.csv.${gone}-0badc0de-0123456789abcdef.part`,
      'settlement/.hidden',
      'settlement/2026-10-16_R-1.csv',
    ]);
    expect(await cleanStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});

/** The pid of a child that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}
