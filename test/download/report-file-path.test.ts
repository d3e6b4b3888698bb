import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCompression } from '../../src/download/detect-compression.js';
import { reportFileExtension, reportFilePath, sanitizeId } from '../../src/download/report-file-path.js';
import { DownloadError } from '../../src/errors.js';

describe('reportFilePath', () => {
  const base = { reportId: 'R1', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', createdTime: '20261030T120000Z' };

  it('uses the short type, the start day (else created day) and the sanitised id', () => {
    expect(reportFilePath('/out', { ...base, startTime: '2026-10-16T23:59:59Z' })).toBe(join('/out', 'settlement', '2026-10-16_R1.csv'));
    expect(reportFilePath('/out', base)).toBe(join('/out', 'settlement', '2026-10-30_R1.csv'));
  });

  it('reduces an unknown report type to a safe folder name', () => {
    expect(reportFilePath('/out', { ...base, reportType: '../../_GET_WEIRD/TYPE_' })).toBe(join('/out', 'get-weird-type', '2026-10-30_R1.txt'));
  });

  it('picks csv for settlement and CSV types, txt for other flat files', () => {
    expect(reportFileExtension('_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_')).toBe('csv');
    expect(reportFileExtension('_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_')).toBe('csv');
    expect(reportFileExtension('_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_')).toBe('txt');
  });
});

describe('sanitizeId', () => {
  it('keeps [A-Za-z0-9._-] and replaces the rest', () => {
    expect(sanitizeId('amzn1.tortuga.3.abc-DEF_1')).toBe('amzn1.tortuga.3.abc-DEF_1');
    expect(sanitizeId('a/b\\c d\u0000e')).toBe('a_b_c_d_e');
  });

  it.each(['', '..', '../x', 'a..b', '///', '.', '-'.repeat(3), 'x'.repeat(201)])('refuses %j', (id) => {
    expect(() => sanitizeId(id)).toThrow(DownloadError);
  });
});

describe('detectCompression', () => {
  it('reads magic bytes only', () => {
    expect(detectCompression(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(detectCompression(Buffer.from('PK\u0003\u0004'))).toBe('zip');
    expect(detectCompression(Buffer.from('PK\u0005\u0006'))).toBe('none');
    expect(detectCompression(Buffer.from('a,b\n'))).toBe('none');
    expect(detectCompression(Buffer.alloc(0))).toBe('none');
  });
});
