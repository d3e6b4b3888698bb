/**
 * RFC 3986 percent-encoding with upper-case hex: everything but `A-Za-z0-9-_.~` is encoded.
 * `encodeURIComponent` leaves `!'()*` alone, which the .NET/Java SDKs (and Amazon) encode.
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
