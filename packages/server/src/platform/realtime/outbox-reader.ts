import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { outboxHorizon } from '../events/horizon.ts';

/** One outbox event as realtime reads it. */
export interface OutboxEvent {
  id: number;
  txid: bigint;
  at: string;
  type: string;
  entity: string;
  entityId: string;
  unitId: string | null;
  payload: Record<string, unknown>;
}

/** A place in the outbox, in the order readers follow it: (writing transaction, id). */
export interface Position { txid: bigint; id: number }

export const start: Position = { txid: 0n, id: 0 };

/** The cursor a client holds: opaque to it, the same on every server process. */
export const cursorOf = (p: Position) => `${p.txid}.${p.id}`;

export function positionOf(cursor: string): Position | null {
  const match = /^(\d{1,20})\.(\d{1,16})$/.exec(cursor);
  if (!match) return null;
  const txid = BigInt(match[1]);
  const id = Number(match[2]);
  return txid < 2n ** 64n && Number.isSafeInteger(id) ? { txid, id } : null;
}

export const isAfter = (a: Position, b: Position) => a.txid > b.txid || (a.txid === b.txid && a.id > b.id);

// Only transactions older than every one of this database still running (events/horizon.ts): a later reader can never find an event
// behind a position it has passed (see outboxEvents.txid).
const settled = sql`txid < ${outboxHorizon}`;
const behind = (p: Position) => sql`(txid, id) > (${p.txid.toString()}::xid8, ${p.id}::bigint)`;

// Qualified: a bare "txid" in ORDER BY names the select list's text column, and text puts '100000'
// before '99999', so a reader would go back past events it had passed and send them again.
const byTransaction = sql`outbox_events.txid, outbox_events.id`;

type Row = { id: number; txid: string; at: Date | string; type: string; entity: string; entity_id: string; unit_id: string | null; payload: Record<string, unknown> };

/** Settled events after `position`, in order, at most `limit`. */
export async function readAfter(db: Db, position: Position, limit: number): Promise<OutboxEvent[]> {
  const found = await rows<Row>(db, sql`
    select id, txid::text as txid, at, type, entity, entity_id, unit_id::text as unit_id, payload from outbox_events
    where ${behind(position)} and ${settled} order by ${byTransaction} limit ${limit}`);
  return found.map((r) => ({
    id: Number(r.id), txid: BigInt(r.txid), at: new Date(r.at).toISOString(), type: r.type, entity: r.entity,
    entityId: r.entity_id, unitId: r.unit_id, payload: r.payload ?? {},
  }));
}

/** The last settled event: where a reader that wants only what comes next begins. */
export async function headOf(db: Db): Promise<Position> {
  const [last] = await rows<{ id: number; txid: string }>(db, sql`
    select id, txid::text as txid from outbox_events where ${settled} order by outbox_events.txid desc, id desc limit 1`);
  return last ? { txid: BigInt(last.txid), id: Number(last.id) } : start;
}

/**
 * Whether committed events wait after `position` for an older transaction still running: no
 * NOTIFY comes when that one ends without writing events, so the reader looks again shortly.
 */
export async function isWaiting(db: Db, position: Position): Promise<boolean> {
  const [row] = await rows<{ waiting: boolean }>(db, sql`select exists (select 1 from outbox_events where ${behind(position)}) as waiting`);
  return Boolean(row?.waiting);
}
