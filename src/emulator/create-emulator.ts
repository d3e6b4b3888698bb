import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { parseTime } from '../dates.js';
import { AmazonPayError, ConfigError } from '../errors.js';
import { loadPublicKey } from '../signing/keys.js';
import { measureDocument } from './document-bytes.js';
import { DocumentCache } from './document-cache.js';
import { DocumentUrls } from './document-url.js';
import { FaultPlan, parseFaults } from './faults.js';
import { generateMerchants, sellerIdFor } from './generate-merchants.js';
import { reportView } from './report-handlers.js';
import { requestBaseUrl } from './request-base-url.js';
import { createRequestListener } from './request-listener.js';
import { EmulatorState, isVisible, statusAt, type DocumentMeta, type DocumentRecord, type Environment, type MerchantRecord } from './state.js';
import { Throttle } from './throttle.js';
import type { Emulator, EmulatorOptions, EmulatorReportView, RequestLogEntry } from './types.js';

/**
 * Starts the local Amazon Pay Reports API (api.md §12): a real HTTP(S) server on `host:port`
 * with signature verification, seeded settlement history, report lifecycle, schedules,
 * disbursements, expiring document URLs with Range, idempotency, throttling and faults.
 * Time comes only from `options.now`, so tests move it instead of sleeping.
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? ((): Date => new Date());
  const seed = options.seed ?? 1;
  const ttl = options.urlTtlSeconds ?? 30;
  const latencyMs = options.latencyMs ?? 0;
  const documentCache = options.documentCacheDir === undefined ? undefined : await DocumentCache.open(options.documentCacheDir);
  const merchants: MerchantRecord[] = [];
  let defaultMerchant: { publicKeyId: string; privateKeyPem: string } | undefined;
  if (options.merchants && options.merchants.length > 0) {
    for (const m of options.merchants) merchants.push(merchantRecord(m.publicKeyId, loadPublicKey(m.publicKey), m.sellerId));
  } else {
    const [made] = await generateMerchants(seed, 1);
    const { publicKeyId, privateKeyPem, publicKey } = made!;
    defaultMerchant = { publicKeyId, privateKeyPem };
    merchants.push(merchantRecord(publicKeyId, publicKey, undefined));
  }

  const state = new EmulatorState({
    seed, days: options.days ?? 90, reportDelayMs: options.reportDelayMs ?? 60_000,
    rowsPerSettlement: options.rowsPerSettlement, merchants, startMs: now().getTime(),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.settlementPeriodDays === undefined ? {} : { settlementPeriodDays: options.settlementPeriodDays }),
    ...(options.settlementTimeOfDaySeconds === undefined ? {} : { settlementTimeOfDaySeconds: options.settlementTimeOfDaySeconds }),
    ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
    ...(options.accountOpened === undefined ? {} : { accountOpenedMs: accountOpenedMs(options.accountOpened) }),
  });
  const faults = new FaultPlan(seed, parseFaults(options.faults));
  const throttle = options.throttle ? new Throttle(options.throttle.burst, options.throttle.ratePerSecond) : undefined;
  const urls = new DocumentUrls();
  const requests: RequestLogEntry[] = [];
  const closing = new AbortController();
  // Every response held for --latency waits on this signal: many at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  let baseUrl = '';

  const delay = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0 || closing.signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      closing.signal.removeEventListener('abort', done);
      resolve();
    }
    closing.signal.addEventListener('abort', done);
  });

  const measure = (doc: DocumentRecord): Promise<DocumentMeta> => documentCache ? documentCache.render(doc.reportDocumentId, doc.source) : measureDocument(doc.source);
  // Concurrent first requests share one pass; a failed one (disk full) is tried again by the next request.
  const meta = (doc: DocumentRecord): Promise<DocumentMeta> => (doc.meta ??= measure(doc).catch((err: unknown) => {
    delete doc.meta;
    throw err;
  }));

  const listener = createRequestListener({
    state, faults, throttle, urls, seed, ttlSeconds: ttl, latencyMs, now, closing: closing.signal,
    baseUrl: () => baseUrl, baseUrlFor: (req) => requestBaseUrl(req, baseUrl), log: (entry) => void requests.push(entry), delay, meta, documentCache,
  });
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  // Node closes idle keep-alive connections after 5 s; a client whose event loop was busy longer
  // (a test parsing a year of files) then writes its next request into a closed socket and gets
  // ECONNRESET, which a front end holding idle connections for the usual minute would not cause.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      const hint = err.code === 'EACCES' ? ': ports below 1024 need root (or CAP_NET_BIND_SERVICE), or pick another --port' : ': pick another --host/--port';
      reject(new ConfigError(`the emulator cannot listen on ${host}:${options.port ?? 0} (${err.code ?? err.message})${hint}`, { cause: err }));
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`;

  const emulator: Emulator = {
    url: baseUrl,
    requests,
    reports(publicKeyId?: string): EmulatorReportView[] {
      const nowMs = now().getTime();
      state.advance(nowMs);
      return state.allReports()
        .filter((r) => (publicKeyId === undefined || r.publicKeyId === publicKeyId) && isVisible(r, nowMs))
        .sort((a, b) => a.createdMs - b.createdMs || (a.reportId < b.reportId ? -1 : 1))
        .map((r) => {
          const v = reportView(r, nowMs);
          const view: EmulatorReportView = {
            reportId: r.reportId, reportType: r.reportType, processingStatus: statusAt(r, nowMs), createdTime: new Date(r.createdMs),
            startTime: new Date(r.startMs), endTime: new Date(r.endMs), publicKeyId: r.publicKeyId, environment: r.environment,
          };
          if (v.reportDocumentId) view.reportDocumentId = v.reportDocumentId;
          return view;
        });
    },
    async documentSha256(reportDocumentId: string) {
      const doc = state.documents.get(reportDocumentId);
      if (!doc) throw new AmazonPayError(`the emulator has no report document ${reportDocumentId}`);
      const { sha256, bytes } = await meta(doc);
      return { sha256, bytes };
    },
    script: (list) => faults.script(list),
    setFaults: (spec) => faults.setRates(parseFaults(spec)),
    async close() {
      closing.abort();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        documentCache?.close(),
      ]);
    },
  };
  if (defaultMerchant) Object.assign(emulator, { defaultMerchant });
  return emulator;
}

function accountOpenedMs(value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : parseTime(value)?.getTime();
  if (ms === undefined || Number.isNaN(ms)) throw new ConfigError(`accountOpened ${JSON.stringify(String(value))} is not a date: use ISO 8601 such as 2024-01-01`);
  return ms;
}

function merchantRecord(publicKeyId: string, key: ReturnType<typeof loadPublicKey>, sellerId: string | undefined): MerchantRecord {
  const upper = publicKeyId.toUpperCase();
  const keyEnvironment: Environment | undefined = upper.startsWith('LIVE') ? 'live' : upper.startsWith('SANDBOX') ? 'sandbox' : undefined;
  const record: MerchantRecord = { publicKeyId, key, sellerId: sellerId ?? sellerIdFor(publicKeyId) };
  if (keyEnvironment) record.keyEnvironment = keyEnvironment;
  return record;
}
