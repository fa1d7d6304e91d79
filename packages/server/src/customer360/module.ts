import { defineModule } from '../module.ts';
import { customer360Routes } from './routes.ts';

/** 客户 360° 视图 — one customer's whole picture, read from the modules that hold it. */
export const customer360Module = defineModule({ name: 'customer360', routes: customer360Routes });
