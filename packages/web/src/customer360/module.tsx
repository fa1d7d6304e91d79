import { lazy } from 'react';
import type { ConsoleModule } from '../module.ts';

/** 客户 360° 视图 — one customer's page, reached from the list and from search. */
export const customer360Module: ConsoleModule = {
  pages: [{ path: 'customers/:id', page: lazy(() => import('./Customer360Page.tsx')) }],
};
