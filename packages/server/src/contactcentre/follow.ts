import { eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { CustomerMove } from '../customers/hooks.ts';
import { hotlineCalls, mailboxMessages } from './schema.ts';

/** Merge: the merged customer's calls and mail belong to the survivor, in its unit. */
export async function moveContactsOnMerge(tx: Db, merged: { id: string }, survivor: { id: string; unitId: string }) {
  const to = { customerId: survivor.id, unitId: survivor.unitId };
  const calls = await tx.update(hotlineCalls).set(to).where(eq(hotlineCalls.customerId, merged.id)).returning({ id: hotlineCalls.id });
  const mail = await tx.update(mailboxMessages).set(to).where(eq(mailboxMessages.customerId, merged.id)).returning({ id: mailboxMessages.id });
  return { hotlineCalls: calls.map((c) => c.id), mailboxMessages: mail.map((m) => m.id) };
}

/** 客户调整: a customer's calls and mail move to its new unit, where the people who now look after it work. */
export async function followReassignment(tx: Db, moves: CustomerMove[]) {
  if (!moves.length) return;
  const list = sql`json_to_recordset(${JSON.stringify(moves)}::json) as m("customerId" uuid, "toUnitId" uuid)`;
  for (const table of [sql`hotline_calls`, sql`mailbox_messages`]) {
    await tx.execute(sql`update ${table} set unit_id = m."toUnitId" from ${list} where ${table}.customer_id = m."customerId" and ${table}.unit_id <> m."toUnitId"`);
  }
}
