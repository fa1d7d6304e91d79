import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, apiTypesSource, regenerateCommand } from '../../../scripts/api-types.ts';

/**
 * The console's typed client is only as true as its generated types: a route added, removed or
 * changed without regenerating them fails here, before the console calls a route that is not there.
 */
describe('the console API types', () => {
  it('match the routes the server declares today', async () => {
    const checkedIn = readFileSync(apiTypesFile, 'utf8');
    const current = await apiTypesSource();
    expect(checkedIn === current, `packages/web/src/api/schema.d.ts is stale against the server's routes: run \`${regenerateCommand}\` and commit the result`).toBe(true);
  });
});
