import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatCompact, parseTime } from '../dates.js';

/**
 * S3-style pre-signed document URLs: an unguessable path token bound to one document, plus an
 * issue time, a validity and an HMAC over all three with a per-emulator random secret.
 */
export class DocumentUrls {
  private readonly secret = randomBytes(32);
  private readonly byToken = new Map<string, string>();
  private readonly byDocument = new Map<string, string>();

  /** The path token for a document (stable for the emulator's lifetime). */
  tokenFor(reportDocumentId: string): string {
    let token = this.byDocument.get(reportDocumentId);
    if (!token) {
      token = createHmac('sha256', this.secret).update(`token:${reportDocumentId}`).digest('base64url');
      this.byDocument.set(reportDocumentId, token);
      this.byToken.set(token, reportDocumentId);
    }
    return token;
  }

  /** `<base>/documents/<token>?X-Amz-Expires=…&X-Amz-Date=…&X-Amz-Signature=…` */
  sign(baseUrl: string, reportDocumentId: string, issued: Date, ttlSeconds: number): string {
    const token = this.tokenFor(reportDocumentId);
    const date = formatCompact(issued);
    const sig = this.mac(token, date, ttlSeconds);
    return `${baseUrl}/documents/${token}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=${ttlSeconds}&X-Amz-Signature=${sig}`;
  }

  /** Checks a download request: the document, or why it is refused. */
  verify(token: string, query: URLSearchParams, now: Date):
    | { ok: true; reportDocumentId: string }
    | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string; expires?: Date } {
    const reportDocumentId = this.byToken.get(token);
    const date = query.get('X-Amz-Date') ?? '';
    const expiresText = query.get('X-Amz-Expires') ?? '';
    const sig = query.get('X-Amz-Signature') ?? '';
    if (!reportDocumentId || !date || !expiresText || !sig) return { ok: false, code: 'AccessDenied', message: 'Access Denied' };
    const ttl = Number(expiresText);
    const issued = parseTime(date);
    const expected = Buffer.from(this.mac(token, date, ttl));
    const given = Buffer.from(sig);
    if (!issued || !Number.isInteger(ttl) || expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    const expires = new Date(issued.getTime() + ttl * 1000);
    if (now.getTime() > expires.getTime()) return { ok: false, code: 'AccessDenied', message: 'Request has expired', expires };
    return { ok: true, reportDocumentId };
  }

  private mac(token: string, date: string, ttl: number): string {
    return createHmac('sha256', this.secret).update(`${token}\n${date}\n${ttl}`).digest('hex');
  }
}
