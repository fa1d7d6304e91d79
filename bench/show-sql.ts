/**
 * Prints the SQL the server runs for each benchmarked endpoint (through a drizzle logger), so the
 * raw-SQL side of bench/api.ts can be checked against it:  node --import tsx bench/show-sql.ts [db]
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../packages/server/src/platform/db/schema.ts';
import type { Db } from '../packages/server/src/platform/db/index.ts';
import { listCustomers } from '../packages/server/src/customers/search.ts';
import { customer360 } from '../packages/server/src/customer360/view.ts';
import { timeline } from '../packages/server/src/interactions/service.ts';
import type { Scope } from '../packages/server/src/platform/scope.ts';

const dbName = process.argv[2] ?? 'xiang_bench';
const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${dbName}` });
const db = drizzle(pool, { schema, logger: { logQuery: (q, p) => console.log(`  ${q}\n    -- ${JSON.stringify(p)}`) } }) as unknown as Db;
const q = async (text: string) => (await pool.query(text)).rows;
const [admin] = await q(`select u.id, u.unit_id from users u where username = 'admin'`);
const [am] = await q(`select u.id, u.unit_id from users u where username = 'cs.am1'`);
const scopes: Record<string, Scope> = {
  admin: { userId: admin.id, userName: 'admin', role: 'admin', unitId: admin.unit_id, unitIds: [admin.unit_id], isWholeOrganisation: true },
  am: { userId: am.id, userName: 'am', role: 'account_manager', unitId: am.unit_id, unitIds: [am.unit_id], isWholeOrganisation: false },
};
const [c] = await q(`select c.id, c.name, c.unit_id, (select value from identities where customer_id = c.id and kind = 'phone') phone
  from customers c where unit_id = '${am.unit_id}' limit 1`);
const [ent] = await q(`select c.id from customers c where kind = 'enterprise' limit 1`);
for (const [name, scope] of Object.entries(scopes)) {
  console.log(`## ${name}: phone`); await listCustomers(db, scope, { q: c.phone, sort: '-createdAt', status: 'active', limit: 20 } as never);
  console.log(`## ${name}: fragment`); await listCustomers(db, scope, { q: [...c.name].slice(0, 2).join(''), sort: '-createdAt', status: 'active', limit: 20 } as never);
  console.log(`## ${name}: filtered list`); await listCustomers(db, scope, { tier: 'key', unitId: c.unit_id, sort: '-createdAt', status: 'active', limit: 20 } as never);
  console.log(`## ${name}: 360 individual`); await customer360(db, scope, c.id);
  if (name === 'admin') { console.log(`## ${name}: 360 enterprise`); await customer360(db, scope, ent.id); }
  console.log(`## ${name}: timeline`); await timeline(db, scope, c.id, { limit: 20 } as never);
}
await pool.end();
