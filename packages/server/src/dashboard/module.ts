import { defineModule } from '../module.ts';
import { dashboardRoutes } from './routes.ts';

declare module '../platform/access.ts' { interface Reaches { figures: true } }

/** 首页看板 — the figures on a manager's home page. */
export const dashboardModule = defineModule({ name: 'dashboard', routes: dashboardRoutes });
