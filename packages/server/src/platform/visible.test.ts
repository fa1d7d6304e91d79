import { describe, expect, it } from 'vitest';
import { listContacts } from '../customers/contacts.ts';
import { billingFigures } from '../subscriptions/service.ts';
import { moveTimeline, timeline } from '../interactions/service.ts';
import type { Db } from './db/index.ts';
import { guard, unscoped, type Scope } from './scope.ts';

const scope: Scope = { userId: 'u', userName: 'u', role: 'analyst', unitId: 'changsha', unitIds: ['changsha'], isWholeOrganisation: false };
const db = null as unknown as Db;

describe('what the scope made visible', () => {
  it('is the only thing a customer\'s parts are read or moved for: a raw id or record is a type error (tsc checks this file)', () => {
    const raw = { id: 'c1', unitId: 'changsha' };
    // Never called: the calls are here for the type checker, which must refuse each one.
    const calls = [
      // @ts-expect-error — an id is not a customer the scope let through
      () => listContacts(db, 'c1'),
      // @ts-expect-error — nor is a record read without the scope
      () => billingFigures(db, raw),
      // @ts-expect-error — a merge moves between customers the scope let through
      () => moveTimeline(db, raw, raw),
      () => timeline(db, guard(scope, raw, 'Customer', 'customer.read'), { limit: 10 }),
    ];
    expect(calls).toHaveLength(4);
  });

  it('is refused outside the caller\'s units (404) and for a role the policy refuses (403)', () => {
    expect(() => guard(scope, { id: 'c2', unitId: 'zhuzhou' }, 'Customer', 'customer.read')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => guard(scope, { id: 'c1', unitId: 'changsha' }, 'Customer', 'customer.write')).toThrow(expect.objectContaining({ status: 403 }));
    expect(guard(scope, { id: 'c1', unitId: 'changsha' }, 'Customer', 'customer.read').id).toBe('c1');
  });

  it('is bypassed only by name, with the reason written at the call', () => {
    expect(unscoped({ id: 'c2', unitId: 'zhuzhou' }, 'the demo load writes every unit').id).toBe('c2');
    expect(() => unscoped({ id: 'c2', unitId: 'zhuzhou' }, ' ')).toThrow(/reason/);
  });
});
