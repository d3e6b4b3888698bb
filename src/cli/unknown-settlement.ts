import { ConfigError } from '../errors.js';

/** `--settlement ID` names nothing in the store: a usage error (exit 2) that says where the ids are. */
export function unknownSettlement(id: string, db: string): ConfigError {
  return new ConfigError(`no such settlement ${id} in ${db}: \`amazon-pay-reports settlements\` lists the settlement ids in the store`);
}
