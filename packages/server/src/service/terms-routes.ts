import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CalendarQuery, CalendarYear, CalendarYearInput, SlaPoliciesInput, SlaPolicyList, WorkingHours } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { calendarYear, listSlaPolicies, replaceSlaPolicies, setCalendarYear, setWorkingHours } from './terms.ts';

const tags = ['Service'];
const to = reaching('serviceTerms');

/** 服务时限与工作日历 — everyone who works tickets reads the terms; the group's administrators set them. */
export const termsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/service/sla-policies', { config: to('ticket.read'), schema: { tags, summary: 'SLA policies', response: { 200: SlaPolicyList } } },
    async (req) => listSlaPolicies(app.db, req.scope));
  app.put('/service/sla-policies', { config: to('sla.manage'), schema: { tags, summary: 'Set every SLA policy at once', body: SlaPoliciesInput, response: { 200: SlaPolicyList } } },
    async (req) => replaceSlaPolicies(app.db, req.scope, req.body));
  app.get('/service/calendar', { config: to('ticket.read'), schema: { tags, summary: 'One year of the working calendar', querystring: CalendarQuery, response: { 200: CalendarYear } } },
    async (req) => calendarYear(app.db, req.scope, req.query.year, app.config.timeZone));
  app.put('/service/calendar', { config: to('sla.manage'), schema: { tags, summary: 'Set a year\'s holidays and make-up working days', body: CalendarYearInput, response: { 200: CalendarYear } } },
    async (req) => setCalendarYear(app.db, req.scope, req.body, app.config.timeZone));
  app.put('/service/working-hours', { config: to('sla.manage'), schema: { tags, summary: 'Set the working hours', body: WorkingHours, response: { 200: CalendarYear } } },
    async (req) => setWorkingHours(app.db, req.scope, req.body, app.config.timeZone));
};
