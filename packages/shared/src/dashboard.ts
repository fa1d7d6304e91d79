import { z } from 'zod';
import { Uuid } from './org.ts';

// 工作台 — the home page's figures (a manager's units) and an account manager's desk.
const Count = z.number();

/** A unit filter means the unit and every unit below it. */
export const FiguresQuery = z.object({ unitId: Uuid.optional() });

export const UnitFigures = z.object({
  /** When these figures were computed; they are kept for a few minutes. */
  asOf: z.date(),
  totals: z.object({
    customers: Count, keyCustomers: Count, enterprises: Count, activeServices: Count, monthlyFeeFen: Count, owedFen: Count, overdueBills: Count,
  }),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), unitNameEn: z.string().nullable(), customers: Count })),
  byTier: z.array(z.object({ tier: z.string(), customers: Count })),
  newByMonth: z.array(z.object({ month: z.string(), customers: Count })),
  interactionsByMonth: z.array(z.object({ month: z.string(), kind: z.string(), count: Count })),
  servicesByCategory: z.array(z.object({ category: z.string(), count: Count })),
});

export const MyWork = z.object({
  /** Over all the caller's customers and open bills; `openBills` below lists only the first few due. */
  counts: z.object({ customers: Count, keyCustomers: Count, openBills: Count, overdueBills: Count, owedFen: Count }),
  openBills: z.array(z.object({
    billId: z.string(), customerId: z.string(), customerName: z.string(), period: z.string(),
    amountFen: Count, paidFen: Count, dueDate: z.string(), status: z.string(),
  })),
  recentInteractions: z.array(z.object({
    id: Count, customerId: z.string(), customerName: z.string(), occurredAt: z.date(), kind: z.string(),
    channel: z.string(), type: z.string(), summary: z.string(), actorName: z.string().nullable(), actorRole: z.string().nullable(),
  })),
});
