import type { Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer } from '../customers/service.ts';
import { listContacts, listIdentities } from '../customers/contacts.ts';
import { billingFigures, listBills, listSubscriptions } from '../subscriptions/service.ts';
import { interactionCounts, timeline } from '../interactions/service.ts';

/**
 * 统一客户视图 — everything about one customer in one answer: who they are, how to reach them,
 * what they subscribe to, what they owe, and what happened lately on every channel. The scope
 * is checked once, and the visible customer it returns is what each part is read for, side by side.
 */
export async function customer360(db: Db, scope: Scope, customerId: string) {
  const customer = await getCustomer(db, scope, customerId);
  const [contactList, identityList, subscriptionList, bills, figures, counts, recent] = await Promise.all([
    customer.kind === 'enterprise' ? listContacts(db, customer) : Promise.resolve([]),
    listIdentities(db, customer),
    listSubscriptions(db, customer),
    listBills(db, customer, { limit: 6 }),
    billingFigures(db, customer),
    interactionCounts(db, customer),
    timeline(db, customer, { limit: 10 }),
  ]);
  return {
    customer,
    contacts: contactList,
    identities: identityList,
    subscriptions: subscriptionList,
    recentBills: bills,
    // Counted over all the customer's bills, not the few shown here.
    openItems: { unpaidBills: figures.unpaidBills, overdueBills: figures.overdueBills },
    figures: { monthlyFeeFen: figures.monthlyFeeFen, owedFen: figures.owedFen, activeServices: figures.activeServices, points: figures.points, interactions: counts },
    timeline: recent,
  };
}
