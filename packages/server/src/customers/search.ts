import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerListQuery, IdentityKind } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { inUnitSubtree } from '../platform/unit-subtree.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { customers, identities } from './schema.ts';
import { customerColumns } from './service.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';
import { maskIdentityValue, maskPhone } from './masking.ts';

type ListQuery = z.infer<typeof CustomerListQuery>;

/**
 * 客户查询 — what a person types into the search box, read the way they meant it: a customer
 * number, an e-mail, a phone number in any format, a fragment of a phone or ID number, or a
 * fragment of a name (Chinese substrings work). Each form is answered from an index.
 */
export function searchCondition(q: string): SQL {
  const text = q.normalize('NFKC').trim();
  // Only punctuation or invisible characters (!!!, %, a zero-width space) can name no customer.
  if (!/[\p{L}\p{N}]/u.test(text)) throw invalid('q', { key: 'searchEmpty' });
  if (/^c\d{4,}$/i.test(text)) return eq(customers.number, text.toUpperCase());
  const identity = identitySought(text);
  if (identity) return sql`${customers.id} in (select customer_id from identities where ${identity})`;
  const chars = [...text.toLowerCase().replace(/\s+/g, '')];
  if (chars.length <= 3) return sql`${customers.nameGrams} @> array[${chars.join('')}]::text[]`;
  // Longer fragments: every name holding both end trigrams is a candidate; the pattern decides.
  const ends = [chars.slice(0, 3).join(''), chars.slice(-3).join('')];
  return and(
    sql`${customers.nameGrams} @> array[${ends[0]}, ${ends[1]}]::text[]`,
    // Spaces do not count, as in the grams: "欧阳 娜娜" finds 欧阳娜娜 and "drop table" finds DROP TABLE.
    sql`regexp_replace(lower(${customers.name}), '[[:space:]]', '', 'g') like ${`%${escapeLike(chars.join(''))}%`}`,
  )!;
}

/** The identities a search means when it is an e-mail, a phone number or a fragment of a phone or ID number. */
function identitySought(text: string): SQL | null {
  if (text.includes('@')) return sql`kind = 'email' and value = ${text.toLowerCase()}`;
  if (/^[+(\d][\d\s\-()]*$/.test(text)) {
    const phone = normalizePhone(text);
    // The base number finds its extensions too (+8673184412345;ext=806), through the trigram index.
    if (phone) return sql`kind = 'phone' and (value = ${phone} or value like ${`${escapeLike(phone)};ext=%`})`;
  }
  const idFragment = text.replace(/[\s\-()]/g, '');
  if (/^\+?[\dXx]{3,}$/.test(idFragment) && /\d{3}/.test(idFragment)) {
    return sql`kind in ('phone', 'id_number') and value like ${`%${escapeLike(idFragment.replace('+', '').toUpperCase())}%`}`;
  }
  return null;
}
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of customers, newest first or by name. Pages are keyset cursors: the millionth
 * customer is as quick to reach as the first, and nothing counts the whole table.
 */
export async function listCustomers(db: Db, scope: Scope, query: ListQuery) {
  authorize(scope.role, 'customer.read');
  const [field, direction] = query.sort.startsWith('-') ? [query.sort.slice(1), 'desc' as const] : [query.sort, 'asc' as const];
  // Names sort by their pinyin key (name-sort.ts), read in (name_sort, id) order from its index.
  const column = field === 'name' ? customers.nameSort : customers.createdAt;
  const after = query.cursor ? decodeCursor(query.cursor, [field === 'name' ? 'sortKey' : 'instant', 'uuid']) : null;
  const where = and(listFilter(scope, query), after ? pastKey([column, customers.id], after, direction) : undefined);
  const order = direction === 'desc' ? [desc(column), desc(customers.id)] : [asc(column), asc(customers.id)];
  const items = await db.select({ ...customerColumns, firstPhone }).from(customers)
    .innerJoin(orgUnits, eq(orgUnits.id, customers.unitId)).leftJoin(users, eq(users.id, customers.ownerId))
    .where(where).orderBy(...order).limit(query.limit + 1);
  const { items: page, nextCursor } = pageOf(items, query.limit, (last) => [field === 'name' ? last.nameSort ?? '' : last.createdAt, last.id]);
  const matches = query.q ? await matchedIdentities(db, page.map((c) => c.id), query.q) : null;
  return {
    items: page.map(({ firstPhone: phone, ...c }) => ({
      ...c, phone: phone ? maskPhone(phone) : null, ...(matches ? { matched: matches.get(c.id) ?? null } : {}),
    })),
    nextCursor,
  };
}

/** 电话 — the list's phone column: a customer's primary phone, else its first; in the page's own statement. */
const firstPhone = sql<string | null>`(select i.value from identities i where i.customer_id = ${customers.id} and i.kind = 'phone'
  order by i.is_primary desc, i.created_at limit 1)`;

/** In a search by phone, e-mail or number, the identity of each customer found that matched, masked ("138****5678"). */
async function matchedIdentities(db: Db, customerIds: string[], q: string) {
  const matches = new Map<string, { kind: z.infer<typeof IdentityKind>; value: string }>();
  const sought = identitySought(q.normalize('NFKC').trim());
  if (!customerIds.length || !sought) return matches;
  const found = await db.select({ customerId: identities.customerId, kind: identities.kind, value: identities.value }).from(identities)
    .where(and(inArray(identities.customerId, customerIds), sought)).orderBy(asc(identities.createdAt));
  for (const m of found) if (!matches.has(m.customerId)) matches.set(m.customerId, { kind: m.kind, value: maskIdentityValue(m.kind, m.value) });
  return matches;
}

/** The list's filters, without its order and cursor: the page and its count read the same rows. */
function listFilter(scope: Scope, query: Omit<ListQuery, 'sort' | 'cursor' | 'limit'>) {
  refuseImpossibleRange(query);
  return and(
    withinScope(scope, customers.unitId),
    query.q ? searchCondition(query.q) : undefined,
    eq(customers.status, query.status),
    query.unitId ? inUnitSubtree(scope, customers.unitId, query.unitId) : undefined,
    query.ownerId ? eq(customers.ownerId, query.ownerId === 'me' ? scope.userId : query.ownerId) : undefined,
    query.tier ? eq(customers.tier, query.tier) : undefined,
    query.kind ? eq(customers.kind, query.kind) : undefined,
    query.tag ? sql`${customers.tags} @> array[${query.tag}]::text[]` : undefined,
    query.createdFrom ? gte(customers.createdAt, query.createdFrom) : undefined,
    query.createdTo ? lte(customers.createdAt, query.createdTo) : undefined,
    query.customerSinceFrom ? gte(customers.customerSince, query.customerSinceFrom) : undefined,
    query.customerSinceTo ? lte(customers.customerSince, query.customerSinceTo) : undefined,
  );
}

const message = defineMessages({
  customerSinceRange: { en: 'The customer-since range ends before it starts.', zh: '入网日期的截止日期早于起始日期。' },
});

/** Filters that can each be right and still ask for nothing: refused, naming the end that is wrong. */
function refuseImpossibleRange(query: Omit<ListQuery, 'sort' | 'cursor' | 'limit'>) {
  if (query.customerSinceFrom && query.customerSinceTo && query.customerSinceFrom > query.customerSinceTo) {
    throw invalid('customerSinceTo', message('customerSinceRange'));
  }
}

const exactCountLimit = 10_000;

/**
 * 客户总数 — how many customers the list's filters hold, without holding the page: counted
 * exactly where that is cheap (at most 10,000 rows in scope, read from an index), estimated
 * from the planner's statistics otherwise (the same on PGlite and PostgreSQL), and flagged so.
 * An estimate is rounded to two significant figures: it does not pretend to a precision it lacks.
 */
export async function countCustomers(db: Db, scope: Scope, query: Omit<ListQuery, 'sort' | 'cursor' | 'limit'>) {
  authorize(scope.role, 'customer.read');
  const where = listFilter(scope, query);
  const matching = db.select({ one: sql`1` }).from(customers).where(where);
  const [plan] = await rows<{ 'QUERY PLAN': unknown }>(db, sql`explain (format json) ${matching}`);
  const planned = plannedRows(plan['QUERY PLAN']);
  if (planned <= exactCountLimit * 5) {
    const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from (${matching.limit(exactCountLimit + 1)}) as m`);
    if (n <= exactCountLimit) return { total: n, isEstimate: false };
  }
  return { total: roughly(Math.max(planned, exactCountLimit + 1)), isEstimate: true };
}

function plannedRows(plan: unknown): number {
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(parsed[0].Plan['Plan Rows']);
}

const roughly = (n: number) => {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
};

