import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { pathParam } from './path-param.js';

describe('pathParam', () => {
  it.each(['A08439021T39K6DTX4JS8', 'amzn1.tortuga.3.5d4685fe-cdf1-4a5b-8a5f.T3YUR1XF2CV6ZV', '68973459224', 'a_b~c'])('accepts %s unchanged', (id) => {
    expect(pathParam(id, 'reportId')).toBe(id);
  });
  it.each(['', '.', '..', '../x', 'a/b', 'a b', 'a?b', 'a#b', 'a%2Fb', 'é', 'x'.repeat(257)])('rejects %j', (id) => {
    expect(() => pathParam(id, 'reportId')).toThrow(ConfigError);
  });
  it('names the parameter and truncates a long value', () => {
    expect(() => pathParam(`${'x'.repeat(300)}/`, 'reportDocumentId')).toThrow(/^reportDocumentId "x{64}…" is not a valid id/);
  });
});
