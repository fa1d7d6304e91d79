import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Contact, Customer, CustomerChange, CustomerCount, CustomerListQuery, CustomerPage, Identity, MergeRequest, NewContact, NewCustomer, NewIdentity, Reassignment, RevealedValue,
} from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { languageOf } from '../platform/messages.ts';
import { createCustomer, getCustomer, reassignCustomers, setArchived, updateCustomer } from './service.ts';
import { countCustomers, listCustomers } from './search.ts';
import { addContact, addIdentity, archiveContact, listContacts, listIdentities, removeIdentity } from './contacts.ts';
import { mergeCustomers } from './merge.ts';
import { exportCustomersCsv } from './export.ts';
import { revealContactPhone, revealIdentity } from './reveal.ts';

const IdParam = z.object({ customerId: z.uuid() });
const ExportQuery = CustomerListQuery.omit({ cursor: true, limit: true }).extend({ lang: z.enum(['en', 'zh-CN', 'zh']).optional() });
const tags = ['Customers'];
const to = reaching('customer');

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/customers', { config: to('customer.read'), schema: { tags, querystring: CustomerListQuery, response: { 200: CustomerPage } } },
    async (req) => listCustomers(app.db, req.scope, req.query));
  app.get('/customers/count', { config: to('customer.read'), schema: { tags, querystring: CustomerListQuery.omit({ cursor: true, limit: true, sort: true }), response: { 200: CustomerCount } } },
    async (req) => countCustomers(app.db, req.scope, req.query));
  app.get('/customers/export.csv', { config: to('customer.export'), schema: { tags, querystring: ExportQuery } },
    async (req, reply) => {
      // The console's language travels in the address: a download link cannot set Accept-Language.
      const { lang, ...filters } = req.query;
      const language = languageOf(lang ?? req.headers['accept-language']);
      // Checked and begun before any header is set: a refusal is a problem, never a file.
      const rows = await exportCustomersCsv(app.db, req.scope, { ...filters, limit: 200 }, { language, timeZone: app.config.timeZone });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(Readable.from(rows));
    });
  app.post('/customers', { config: to('customer.write'), schema: { tags, body: NewCustomer, response: { 201: Customer } } },
    async (req, reply) => reply.code(201).send(await createCustomer(app.db, req.scope, req.body)));
  app.get('/customers/:customerId', { config: to('customer.read'), schema: { tags, params: IdParam, response: { 200: Customer } } },
    async (req) => getCustomer(app.db, req.scope, req.params.customerId));
  app.patch('/customers/:customerId', { config: to('customer.write'), schema: { tags, params: IdParam, body: CustomerChange, response: { 200: Customer } } },
    async (req) => updateCustomer(app.db, req.scope, req.params.customerId, req.body));
  app.post('/customers/:customerId/archive', { config: to('customer.archive'), schema: { tags, params: IdParam, response: { 200: Customer } } },
    async (req) => setArchived(app.db, req.scope, req.params.customerId, true));
  app.post('/customers/:customerId/restore', { config: to('customer.archive'), schema: { tags, params: IdParam, response: { 200: Customer } } },
    async (req) => setArchived(app.db, req.scope, req.params.customerId, false));
  app.post('/customers/reassign', { config: to('customer.reassign'), schema: { tags, body: Reassignment, response: { 200: z.object({ reassigned: z.number() }) } } },
    async (req) => reassignCustomers(app.db, req.scope, req.body));
  app.post('/customers/merge', { config: to('customer.merge'),
    schema: { tags, body: MergeRequest, response: { 200: z.object({ survivor: Customer, mergeId: z.string(), moved: z.record(z.string(), z.number()) }) } },
  }, async (req) => mergeCustomers(app.db, req.scope, req.body));

  app.get('/customers/:customerId/contacts', { config: to('customer.read'), schema: { tags, params: IdParam, response: { 200: z.object({ items: z.array(Contact) }) } } },
    async (req) => ({ items: await listContacts(app.db, await getCustomer(app.db, req.scope, req.params.customerId)) }));
  app.post('/customers/:customerId/contacts', { config: to('customer.write'), schema: { tags, params: IdParam, body: NewContact, response: { 201: Contact } } },
    async (req, reply) => reply.code(201).send(await addContact(app.db, req.scope, req.params.customerId, req.body)));
  app.post('/customers/:customerId/contacts/:contactId/archive', { config: to('customer.write'), schema: { tags, params: IdParam.extend({ contactId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await archiveContact(app.db, req.scope, req.params.customerId, req.params.contactId).then(() => null)));

  app.post('/customers/:customerId/contacts/:contactId/reveal', { config: to('customer.reveal'), schema: { tags, params: IdParam.extend({ contactId: z.uuid() }), response: { 200: RevealedValue } } },
    async (req) => revealContactPhone(app.db, req.scope, req.params.customerId, req.params.contactId));

  app.get('/customers/:customerId/identities', { config: to('customer.read'), schema: { tags, params: IdParam, response: { 200: z.object({ items: z.array(Identity) }) } } },
    async (req) => ({ items: await listIdentities(app.db, await getCustomer(app.db, req.scope, req.params.customerId)) }));
  app.post('/customers/:customerId/identities', { config: to('customer.write'), schema: { tags, params: IdParam, body: NewIdentity, response: { 201: Identity } } },
    async (req, reply) => reply.code(201).send(await addIdentity(app.db, req.scope, req.params.customerId, req.body)));
  app.post('/customers/:customerId/identities/:identityId/reveal', { config: to('customer.reveal'), schema: { tags, params: IdParam.extend({ identityId: z.uuid() }), response: { 200: RevealedValue } } },
    async (req) => revealIdentity(app.db, req.scope, req.params.customerId, req.params.identityId));
  app.delete('/customers/:customerId/identities/:identityId', { config: to('customer.write'), schema: { tags, params: IdParam.extend({ identityId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await removeIdentity(app.db, req.scope, req.params.customerId, req.params.identityId).then(() => null)));
};
