import type { Db } from '../platform/db/index.ts';
import { hashPassword, newPassword } from '../platform/auth/secrets.ts';
import { users } from '../platform/auth/schema.ts';
import { createRootUnit } from './units.ts';

/** An empty organisation with one administrator, whose password is shown this once. */
export async function bootstrapOrganisation(db: Db) {
  const root = await createRootUnit(db, { code: 'GROUP', name: '集团', nameEn: 'Group' });
  const password = newPassword();
  await db.insert(users).values({
    username: 'admin', displayName: 'Administrator', role: 'admin', unitId: root.id,
    passwordHash: await hashPassword(password), mustChangePassword: true,
  });
  return { username: 'admin', password };
}
