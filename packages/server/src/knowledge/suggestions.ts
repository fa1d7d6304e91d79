import type { Db } from '../platform/db/index.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { getTicket } from '../service/service.ts';
import { findArticles, snippetOf } from './search.ts';

/**
 * 相关知识 — the published articles a ticket's title and description find, internal and public
 * alike (the agent reads them; only public ones may be linked for the customer), best first.
 * An article whose title or tags hold any of the ticket's words (the first 24, title first) is a
 * candidate; the rank over its whole text puts those with most of them on top.
 * The ticket is read through the service module, so another unit's ticket is a 404.
 */
export async function suggestArticles(db: Db, scope: Scope, ticketId: string) {
  authorize(scope.role, 'knowledge.read');
  const ticket = await getTicket(db, scope, ticketId);
  const words = [ticket.title, ticket.description ?? ''].join(' ');
  const page = await findArticles(db, { q: words, match: 'any', filter: { status: 'published' }, limit: 5 });
  return { items: page.items.map((a) => ({ id: a.id, title: a.title, category: a.category, audience: a.audience, snippet: snippetOf(a.body, words) })) };
}
