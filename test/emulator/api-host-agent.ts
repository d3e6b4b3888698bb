import { Agent, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';

const API_HOSTS = new Set(['pay-api.amazon.com', 'pay-api.amazon.eu', 'pay-api.amazon.jp']);

/**
 * An https.Agent that sends connections for the Amazon Pay API hosts to the emulator on
 * 127.0.0.1:`port` — what a hosts entry and port 443 do for a real install — while TLS still
 * verifies the certificate for the host name the client asked for. Nothing else changes.
 */
export function apiHostAgent(port: number, options: AgentOptions = {}): Agent {
  class ToEmulator extends Agent {
    override createConnection(opts: Parameters<Agent['createConnection']>[0], callback?: (err: Error | null, socket: Duplex) => void): Duplex | null | undefined {
      const host = (opts as { host?: string }).host ?? '';
      const redirected = API_HOSTS.has(host) ? { ...opts, port, servername: host, lookup: loopback } : opts;
      return (Agent.prototype as unknown as { createConnection: (o: unknown, cb?: unknown) => Duplex }).createConnection.call(this, redirected, callback);
    }
  }
  return new ToEmulator({ keepAlive: false, ...options });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | Array<{ address: string; family: number }>, family?: number) => void;

function loopback(_host: string, options: { all?: boolean }, callback: LookupCallback): void {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
