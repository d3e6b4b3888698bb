import type { MerchantRegistry } from '../merchants/merchant-registry.js';
import type { CommandContext } from './context.js';
import { requirePostgres } from './require-postgres.js';

/** Opens the merchant registry on --db (PostgreSQL only), runs `fn`, closes it. */
export async function withRegistry<T>(ctx: CommandContext, command: string, fn: (r: MerchantRegistry) => Promise<T>): Promise<T> {
  const url = requirePostgres(ctx.settings(), command);
  const { openPostgresMerchants } = await import('../store/postgres/postgres-merchants.js');
  const registry = await openPostgresMerchants(url, { now: ctx.io.now });
  try {
    return await fn(registry);
  } finally {
    await registry.close();
  }
}
