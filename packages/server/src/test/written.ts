import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';

/**
 * Everything a request could have written, counted and fingerprinted: a refused request must
 * leave all of it exactly as it was.
 */
export async function writtenState(db: Db) {
  const [state] = await rows<Record<string, string | number>>(db, sql`select
    (select count(*) from customers)::int as customers,
    (select count(*) from identities)::int as identities,
    (select count(*) from audit_log)::int as audits,
    (select count(*) from outbox_events)::int as events,
    (select count(*) from attachments)::int as attachments,
    (select count(*) from interactions)::int as interactions,
    (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from tasks t) as "taskRows",
    (select count(*) from outbound_messages)::int as messages,
    (select md5(coalesce(string_agg(c::text, '|' order by c.customer_id, c.channel), '')) from customer_consents c) as consents,
    (select count(*) from message_templates)::int as templates,
    (select md5(coalesce(string_agg(a::text, '|' order by a.id), '')) from knowledge_articles a) as "articleRows",
    (select count(*) from knowledge_article_versions)::int as "articleVersions",
    (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from customers c) as "customerRows",
    (select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) from users u) as "userRows",
    (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from subscriptions s) as "subscriptionRows",
    (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from contacts c) as "contactRows",
    (select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from payments p) as "paymentRows",
    (select md5(coalesce(string_agg(i::text, '|' order by i.id), '')) from customer_imports i) as "importRows",
    (select md5(coalesce(string_agg(k::text, '|' order by k.id), '')) from api_tokens k) as "tokenRows",
    (select md5(coalesce(string_agg(o::text, '|' order by o.id), '')) from org_units o) as "unitRows",
    (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from tracking_sites s) as "siteRows",
    (select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from sla_policies p) as "slaPolicyRows",
    (select count(*) from tracking_events)::int as "trackedEvents",
    (select count(*) from tracking_event_receipts)::int as "eventReceipts",
    (select md5(coalesce(string_agg(o::text, '|' order by o.id), '')) from tracking_orders o) as "orderRows",
    (select count(*) from tracking_order_items)::int as "orderItems",
    (select count(*) from tracking_registration_leads)::int as "registrationLeads",
    (select md5(coalesce(string_agg(v::text, '|' order by v.site_id, v.visitor_id), '')) from tracking_visitors v) as "visitorRows",
    (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from channels c) as "channelRows",
    (select count(*) from channel_transactions)::int as "channelTransactions",
    (select md5(coalesce(string_agg(h::text, '|' order by h.id), '')) from hotline_calls h) as "hotlineCallRows",
    (select md5(coalesce(string_agg(m::text, '|' order by m.id), '')) from mailbox_messages m) as "mailboxRows"`);
  return state;
}

/** The audit rows of one record, oldest first. */
export async function auditOf(db: Db, entity: string, entityId: string) {
  return rows<{ id: number; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(db,
    sql`select id, action, before, after from audit_log where entity = ${entity} and entity_id = ${entityId} order by id`);
}

/** Values as the database gives them back: objects with their keys sorted (jsonb keeps its own order). */
export const canonical = (value: unknown) => JSON.stringify(value ?? null, (_key, v: unknown) => (
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

const letters = [...'张王李赵刘陈杨黄周吴欧阳娜明华建国秀英湘江星城科技有限公司abcxyzABC0123 ·-\'&'];

/** Text staff type, already trimmed (the API trims, so a generated value is what is stored). */
export const typedText = (maxLength: number, minLength = 0) =>
  fc.string({ unit: fc.constantFrom(...letters), minLength, maxLength }).map((s) => s.trim()).filter((s) => s.length >= minLength);

/** A day of the calendar between 1900 and 2100, as YYYY-MM-DD. */
export const calendarDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/**
 * A customer's identities as stored ("phone:+8613907310001"), sorted: answers show them masked
 * (PIPL), so what was stored is read where it is.
 */
export async function storedIdentities(db: Db, customerId: string) {
  return (await rows<{ identity: string }>(db, sql`select kind || ':' || value as identity from identities where customer_id = ${customerId}`))
    .map((r) => r.identity).sort();
}

/**
 * A customer's service numbers as stored ("+8618907310001 2026-01-01"), sorted with their start
 * dates: answers show them masked (PIPL), so what was stored is read where it is.
 */
export async function storedServices(db: Db, customerId: string) {
  return (await rows<{ service: string }>(db, sql`select service_number || ' ' || start_date::text as service from subscriptions where customer_id = ${customerId}`))
    .map((r) => r.service).sort();
}
