import type { IncomingMessage } from 'node:http';
import type { DocumentCache } from './document-cache.js';
import type { DocumentUrls } from './document-url.js';
import type { FaultPlan } from './faults.js';
import type { DocumentMeta, DocumentRecord, EmulatorState } from './state.js';
import type { Throttle } from './throttle.js';
import type { RequestLogEntry } from './types.js';

/** What the request handlers share: state, fault plan, clock and the effects of the running server. */
export interface ServerContext {
  state: EmulatorState;
  faults: FaultPlan;
  throttle: Throttle | undefined;
  urls: DocumentUrls;
  seed: number;
  ttlSeconds: number;
  latencyMs: number;
  now: () => Date;
  /** Aborted by close(): pending delays end and handlers stop answering. */
  closing: AbortSignal;
  /** `http://127.0.0.1:PORT`, known once listening. */
  baseUrl(): string;
  /** The origin this request reached the emulator by (scheme + Host), for the URLs it hands out. */
  baseUrlFor(req: IncomingMessage): string;
  log(entry: RequestLogEntry): void;
  /** Waits `ms` (real time), or less if the emulator closes. */
  delay(ms: number): Promise<void>;
  /** Size and SHA-256 of a document, measured once (and its rendered file, with a document cache). */
  meta(doc: DocumentRecord): Promise<DocumentMeta>;
  /** Where documents are rendered once and served from (`documentCacheDir`); else generated as sent. */
  documentCache: DocumentCache | undefined;
}
