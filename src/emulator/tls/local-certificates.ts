/** The names the generated server certificate covers: the three API hosts and the loopback names. */
export const CERTIFICATE_NAMES = ['pay-api.amazon.com', 'pay-api.amazon.eu', 'pay-api.amazon.jp', 'localhost'] as const;
export const CERTIFICATE_IPS = ['127.0.0.1', '::1'] as const;

/** A local CA and a server certificate it signed, all PEM. */
export interface LocalCertificates {
  /** The CA certificate: what a client adds to its trust store (never the CA key). */
  caCert: string;
  /** The server's private key and certificate, for `createEmulator({ tls })`. */
  key: string;
  cert: string;
}

/**
 * Makes a fresh local CA and a server certificate for the Amazon Pay API hosts, `localhost` and
 * the loopback addresses, so an official SDK whose host is fixed can reach the emulator over
 * verified TLS with only the CA added to its trust. The CA key is thrown away once the server
 * certificate is signed: nothing else can ever be signed by a CA the user chose to trust.
 */
export async function createLocalCertificates(now: Date = new Date()): Promise<LocalCertificates> {
  // Loaded on first use: everything else that imports the emulator never pays for the X.509 stack.
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(now.getTime() - 3_600_000); // an hour of slack for clocks behind ours
  const notAfterDate = new Date(now.getTime() + 90 * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'amazon-pay-reports emulator local CA' }], {
    keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'pay-api.amazon.com' }], {
    keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate, ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...CERTIFICATE_NAMES.map((value) => ({ type: 2 as const, value })), ...CERTIFICATE_IPS.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { caCert: ca.cert, key: server.private, cert: server.cert };
}
