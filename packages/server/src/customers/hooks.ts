import type { Db } from '../platform/db/index.ts';
import type { VisibleCustomer } from '../platform/scope.ts';

/** One customer's move in a reassignment (客户调整): from where and whom, to where and whom. */
export interface CustomerMove { customerId: string; fromUnitId: string; toUnitId: string; fromOwnerId: string | null; toOwnerId: string | null }

/**
 * What other modules do when customers change hands, inside the change's own transaction, so
 * records that belong to a customer follow it and the customers module need not know them.
 * A merge hook returns the ids it moved, by kind, for the merge's record of what came from where.
 */
export interface CustomerHooks {
  merged?(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer): Promise<Record<string, (string | number)[]>>;
  reassigned?(tx: Db, moves: CustomerMove[]): Promise<void>;
}

const registered = new Map<string, CustomerHooks>();

/** A module's hooks, by the module's name (registering again replaces them). */
export function onCustomerChanges(module: string, hooks: CustomerHooks) {
  registered.set(module, hooks);
}

export async function runMergeHooks(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer) {
  const moved: Record<string, (string | number)[]> = {};
  for (const hooks of registered.values()) Object.assign(moved, await hooks.merged?.(tx, merged, survivor));
  return moved;
}

export async function runReassignHooks(tx: Db, moves: CustomerMove[]) {
  for (const hooks of registered.values()) await hooks.reassigned?.(tx, moves);
}
