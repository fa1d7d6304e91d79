import { contactcentreEvents } from '@xiang/shared';
import { contactcentreAudit } from '@xiang/shared/codes/contactcentre';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { contactRoutes } from './routes.ts';
import { followReassignment, moveContactsOnMerge } from './follow.ts';

// 热线与信箱 — every role reads calls and mail; the call centre's token and the people who talk to customers log calls.
const actions = defineActions({
  'hotline.read': roles,
  'hotline.write': ['admin', 'manager', 'account_manager', 'sales', 'service_agent'],
  'mailbox.read': roles,
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { hotlineCall: true; mailboxMessage: true } }

/** 热线与投诉信箱 — the 7×24 hotline's call log and the complaint mailbox (inbound SMTP); both follow their customer. */
export const contactcentreModule = defineModule({
  name: 'contactcentre',
  events: contactcentreEvents,
  audit: contactcentreAudit,
  routes: async (app) => {
    await app.register(contactRoutes);
    // The mailbox listens beside the HTTP server when MAILBOX_SMTP_PORT is set, and stops with it.
    const { mailboxSmtpPort: port, mailboxAddress: address, host } = app.config;
    if (port === undefined || !address) return;
    let mailbox: { close(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      // Loaded only where the mailbox runs: the SMTP server and the MIME parser cost nothing to a server without one.
      const { startMailbox } = await import('./smtp.ts');
      mailbox = await startMailbox({ db: app.db, blobs: app.blobs, port, host, address });
    });
    app.addHook('onClose', async () => { await mailbox?.close(); });
  },
  actions,
  recordNames: { 'Hotline call': '通话记录', 'Mailbox message': '信箱邮件' },
  customerHooks: { merged: moveContactsOnMerge, reassigned: followReassignment },
});
