import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import type { Role } from '../policy.ts';
import type { Scope } from '../scope.ts';
import { digest } from './secrets.ts';

interface ScopeRow {
  user_id: string;
  display_name: string;
  role: Role;
  unit_id: string;
  is_root: boolean;
  unit_ids: string[];
  must_change_password: boolean;
}

// One query per request: who the caller is and the subtree of units they may see.
const scopeColumns = sql`u.id as user_id, u.display_name, u.role, u.unit_id, (ou.parent_id is null) as is_root, u.must_change_password,
  array(select c.id::text from org_units c where c.path like ou.path || '%') as unit_ids`;

function toScope(row: ScopeRow | undefined): Scope | null {
  if (!row) return null;
  return {
    userId: row.user_id,
    userName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitIds: row.unit_ids,
    isWholeOrganisation: row.is_root,
    mustChangePassword: row.must_change_password,
  };
}

/** The scope of a signed-in browser, from the secret in its session cookie. */
export async function scopeOfSession(db: Db, sessionSecret: string): Promise<Scope | null> {
  const [row] = await rows<ScopeRow>(db, sql`
    select ${scopeColumns}
    from sessions s join users u on u.id = s.user_id join org_units ou on ou.id = u.unit_id
    where s.id = ${digest(sessionSecret)} and s.expires_at > now() and not u.is_disabled`);
  return toScope(row);
}

/** The scope of an integration, from its bearer token. */
export async function scopeOfApiToken(db: Db, token: string): Promise<Scope | null> {
  const [row] = await rows<ScopeRow & { token_id: string; is_stale: boolean }>(db, sql`
    select ${scopeColumns}, t.id as token_id,
      (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as is_stale
    from api_tokens t join users u on u.id = t.user_id join org_units ou on ou.id = u.unit_id
    where t.token_hash = ${digest(token)} and t.revoked_at is null and not u.is_disabled`);
  // Last use is kept to the minute: a write per request would halve an integration's throughput.
  if (row?.is_stale) await db.execute(sql`update api_tokens set last_used_at = now() where id = ${row.token_id}`);
  return toScope(row);
}
