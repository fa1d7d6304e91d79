import { and, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ConsentChange, MessageRequest, NewTemplate } from '@xiang/shared';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record, type Actor } from '../platform/audit.ts';
import { defineMessages, type Said } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope, type VisibleCustomer } from '../platform/scope.ts';
import { orgUnits } from '../platform/auth/schema.ts';
import { getCustomer, isUuid, lockCustomer } from '../customers/service.ts';
import { addressOf } from '../customers/addresses.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { customerConsents, messageTemplates, outboundMessages } from './schema.ts';
import { problemsOf, render, smsParts, type FieldValues } from './fields.ts';
import { firstSendableTime } from './quiet-hours.ts';
import type { Gateways } from './gateways.ts';
import { enqueue } from '../platform/jobs/index.ts';

export type MessageRules = Pick<Config, 'quietHours' | 'promotionalCapPerWeek' | 'timeZone'>;

const tell = defineMessages({
  templateUnknownField: { en: 'There is no field {field}; use one of {fields}.', zh: '没有字段 {field}，可用的字段有：{fields}。' },
  templateOpenBrace: { en: 'A field is not closed: write it as {example}.', zh: '有字段没有闭合，请写成 {example} 的形式。' },
  subjectForEmail: { en: 'An e-mail needs a subject.', zh: '电子邮件需要填写主题。' },
  noSubjectForSms: { en: 'An SMS has no subject.', zh: '短信没有主题。' },
  templateUnitNotAllowed: { en: 'You can keep templates only in your own units.', zh: '只能在您所辖的单位中保存模板。' },
  noAddress: { en: 'The customer has no {what} on file.', zh: '该客户没有登记{whatZh}。' },
  noConsent: { en: 'The customer has not agreed to promotional messages by {channel}.', zh: '该客户没有同意接收{channelZh}营销消息。' },
  overCap: { en: 'The customer has had {sent} promotional messages by {channel} in the last 7 days; at most {cap}.', zh: '该客户近 7 天已收到 {sent} 条{channelZh}营销消息，上限为 {cap} 条。' },
  customerNotActive: { en: 'Messages go to active customers only.', zh: '只能向在网（未归档）的客户发送消息。' },
  templateArchived: { en: 'This template is archived.', zh: '该模板已归档。' },
});

const channelWords = { email: { en: 'e-mail', zh: '邮件', address: 'e-mail address', addressZh: '电子邮箱' }, sms: { en: 'SMS', zh: '短信', address: 'mobile number', addressZh: '手机号码' } };

function checkTexts(input: z.infer<typeof NewTemplate>) {
  for (const [language, text] of Object.entries(input.texts)) {
    if (input.channel === 'email' && !text.subject) throw invalid(`texts.${language}.subject`, tell('subjectForEmail'));
    if (input.channel === 'sms' && text.subject) throw invalid(`texts.${language}.subject`, tell('noSubjectForSms'));
    for (const part of ['subject', 'body'] as const) {
      const problem = problemsOf(text[part] ?? '')[0];
      if (problem?.kind === 'unknownField') throw invalid(`texts.${language}.${part}`, tell('templateUnknownField', { field: problem.field!, fields: '{{customer.name}}, {{customer.number}}, {{staff.name}}, {{unit.name}}, {{date.today}}' }));
      if (problem) throw invalid(`texts.${language}.${part}`, tell('templateOpenBrace', { example: '{{customer.name}}' }));
    }
  }
}

/** 新建模板 — checked when saved: every field known, every brace closed, a subject for e-mail only. */
export async function createTemplate(db: Db, scope: Scope, input: z.infer<typeof NewTemplate>) {
  authorize(scope.role, 'message.template');
  const unitId = input.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', tell('templateUnitNotAllowed'));
  checkTexts(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(messageTemplates).values({ unitId, name: input.name, channel: input.channel, kind: input.kind, texts: input.texts, createdBy: scope.userId }).returning();
    await record(tx, scope, { action: 'message_template.created', entity: 'message_template', entityId: row.id, unitId, after: { name: row.name, channel: row.channel, kind: row.kind } });
    return presentTemplate(row);
  });
}

const presentTemplate = ({ isArchived: _a, createdBy: _c, ...t }: typeof messageTemplates.$inferSelect) => t;

/** Templates in sight: those of the caller's units and of the units above them (the province's reach every team). */
const visibleTemplates = (scope: Scope) => sql`${messageTemplates.unitId} in (
  select above.id from org_units mine join org_units above on mine.path like above.path || '%' where mine.id = ${scope.unitId}::uuid)
  or ${withinScope(scope, messageTemplates.unitId)}`;

export async function listTemplates(db: Db, scope: Scope, filter: { channel?: 'email' | 'sms' } = {}) {
  authorize(scope.role, 'customer.read');
  const rows = await db.select().from(messageTemplates).where(and(visibleTemplates(scope), eq(messageTemplates.isArchived, false),
    filter.channel ? eq(messageTemplates.channel, filter.channel) : undefined)).orderBy(messageTemplates.name).limit(500);
  return rows.map(presentTemplate);
}

async function getTemplate(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(messageTemplates).where(and(eq(messageTemplates.id, id), visibleTemplates(scope)));
  if (!row) throw notFound('Template');
  return row;
}

async function fieldValues(db: Db, scope: Scope, customer: { name: string; number: string; unitId: string }, language: 'zh-CN' | 'en', timeZone: string): Promise<FieldValues> {
  const [unit] = await db.select({ name: orgUnits.name, nameEn: orgUnits.nameEn }).from(orgUnits).where(eq(orgUnits.id, customer.unitId));
  return {
    'customer.name': customer.name, 'customer.number': customer.number, 'staff.name': scope.userName,
    'unit.name': (language === 'en' ? unit?.nameEn : null) ?? unit?.name ?? '',
    'date.today': new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'long' }).format(new Date()),
  };
}

/** Promotional messages of the last seven days to this customer on this channel, queued ones included. */
async function promotionalSent(db: Db, customerId: string, channel: 'email' | 'sms') {
  const [row] = await db.select({ n: count() }).from(outboundMessages).where(and(
    eq(outboundMessages.customerId, customerId), eq(outboundMessages.channel, channel), eq(outboundMessages.kind, 'promotional'),
    inArray(outboundMessages.status, ['queued', 'sent']), gte(outboundMessages.createdAt, new Date(Date.now() - 7 * 24 * 3600_000))));
  return row.n;
}

/**
 * What a message would be and why it could not go. The same checks gate sending: an address on
 * file; for promotional messages, the customer's consent on the channel and the weekly cap;
 * quiet hours move a promotional message to their end rather than refusing it.
 */
async function compose(db: Db, scope: Scope, customer: { id: string; name: string; number: string; unitId: string; status: string }, request: z.infer<typeof MessageRequest>, rules: MessageRules) {
  const template = await getTemplate(db, scope, request.templateId);
  const text = template.texts[request.language];
  const values = await fieldValues(db, scope, customer, request.language, rules.timeZone);
  const body = render(text.body, values);
  const subject = text.subject !== undefined ? render(text.subject, values) : null;
  const to = await addressOf(db, customer, template.channel);
  const words = channelWords[template.channel];
  const refusals: Said[] = [];
  if (template.isArchived) refusals.push(tell('templateArchived'));
  if (customer.status !== 'active') refusals.push(tell('customerNotActive'));
  if (!to) refusals.push(tell('noAddress', { what: words.address, whatZh: words.addressZh }));
  if (template.kind === 'promotional') {
    const [consent] = await db.select().from(customerConsents).where(and(eq(customerConsents.customerId, customer.id), eq(customerConsents.channel, template.channel)));
    if (!consent?.isGranted) refusals.push(tell('noConsent', { channel: words.en, channelZh: words.zh }));
    const sent = await promotionalSent(db, customer.id, template.channel);
    if (sent >= rules.promotionalCapPerWeek) refusals.push(tell('overCap', { sent, cap: rules.promotionalCapPerWeek, channel: words.en, channelZh: words.zh }));
  }
  const sendAfter = template.kind === 'promotional' ? firstSendableTime(new Date(), rules.quietHours, rules.timeZone) : new Date();
  return { template, to, subject, body, sendAfter, refusals, smsParts: template.channel === 'sms' ? smsParts(body) : null };
}

/** 预览 — the message as this customer would get it, with every reason it could not go. */
export async function previewMessage(db: Db, scope: Scope, customerId: string, request: z.infer<typeof MessageRequest>, rules: MessageRules) {
  authorize(scope.role, 'message.send');
  const customer = await getCustomer(db, scope, customerId);
  const m = await compose(db, scope, customer, request, rules);
  return { channel: m.template.channel, kind: m.template.kind, language: request.language, to: m.to, subject: m.subject, body: m.body, smsParts: m.smsParts, sendAfter: m.sendAfter, refusals: m.refusals };
}

/** 发送 — queued for delivery, or refused with the first reason and nothing written. */
export async function sendMessage(db: Db, scope: Scope, customerId: string, request: z.infer<typeof MessageRequest>, rules: MessageRules) {
  authorize(scope.role, 'message.send');
  return db.transaction(async (tx) => {
    // Locked: two sends at once cannot both pass the weekly cap.
    const customer = await lockCustomer(tx, scope, customerId, 'customer.read');
    const m = await compose(tx, scope, customer, request, rules);
    if (m.refusals.length) throw conflict(m.refusals[0], { refusals: m.refusals.map((r) => r.key) });
    const [row] = await tx.insert(outboundMessages).values({
      customerId, unitId: customer.unitId, channel: m.template.channel, kind: m.template.kind, templateId: m.template.id, language: request.language,
      toAddress: m.to!, subject: m.subject, body: m.body, sendAfter: m.sendAfter, sentBy: scope.userId,
    }).returning();
    await record(tx, scope, { action: 'message.queued', entity: 'outbound_message', entityId: row.id, unitId: customer.unitId,
      after: { customerId, channel: row.channel, kind: row.kind, templateId: row.templateId, sendAfter: row.sendAfter } });
    // Sent at once when it may go now; at the first tick after its time otherwise.
    if (row.sendAfter <= new Date()) await enqueue(tx, 'messages.deliver', {}, { uniqueKey: 'due' });
    return row;
  });
}

export async function customerMessages(db: Db, scope: Scope, customerId: string) {
  await getCustomer(db, scope, customerId);
  return db.select().from(outboundMessages).where(eq(outboundMessages.customerId, customerId)).orderBy(desc(outboundMessages.createdAt)).limit(100);
}

export async function consentsOf(db: Db, scope: Scope, customerId: string) {
  return consentsOfCustomer(db, await getCustomer(db, scope, customerId));
}

/** What the customer has said of promotional messages, channel by channel. */
export async function consentsOfCustomer(db: Db, customer: VisibleCustomer) {
  return db.select({ channel: customerConsents.channel, isGranted: customerConsents.isGranted, source: customerConsents.source, changedAt: customerConsents.changedAt })
    .from(customerConsents).where(eq(customerConsents.customerId, customer.id));
}

/** 营销许可 — what the customer said, who recorded it and when; withdrawing stops promotional messages at once. */
export async function setConsent(db: Db, scope: Scope, customerId: string, change: z.infer<typeof ConsentChange>) {
  return changeConsent(db, scope, change, (tx) => lockCustomer(tx, scope, customerId, 'customer.write'));
}

/** The customer says so themself, in the portal; `lock` locks their own record (customers/themself.ts). */
export async function setConsentByCustomer(db: Db, actor: Actor, change: { channel: 'email' | 'sms'; isGranted: boolean }, lock: (tx: Db) => Promise<VisibleCustomer>) {
  return changeConsent(db, actor, { ...change, source: 'portal' }, lock);
}

async function changeConsent(db: Db, actor: Actor, change: z.infer<typeof ConsentChange>, lock: (tx: Db) => Promise<VisibleCustomer>) {
  return db.transaction(async (tx) => {
    const customer = await lock(tx);
    const customerId = customer.id;
    const [before] = await tx.select().from(customerConsents).where(and(eq(customerConsents.customerId, customerId), eq(customerConsents.channel, change.channel)));
    if (before?.isGranted === change.isGranted) return consentsOfCustomer(tx, customer);
    await tx.insert(customerConsents).values({ customerId, channel: change.channel, isGranted: change.isGranted, source: change.source, changedBy: actor.userId })
      .onConflictDoUpdate({ target: [customerConsents.customerId, customerConsents.channel], set: { isGranted: change.isGranted, source: change.source, changedBy: actor.userId, changedAt: new Date() } });
    await record(tx, actor, { action: 'consent.changed', entity: 'customer', entityId: customerId, unitId: customer.unitId,
      before: { channel: change.channel, isGranted: before?.isGranted ?? null }, after: { channel: change.channel, isGranted: change.isGranted, source: change.source } });
    return consentsOfCustomer(tx, customer);
  });
}

const maxAttempts = 5;

/**
 * Sends the messages whose time has come, a few at a time, each in its own transaction: the row
 * is locked (SKIP LOCKED, so several processes share the work), sent, marked sent and put on
 * the customer's timeline. A gateway's refusal is retried with backoff, then the message fails.
 */
export async function deliverDueMessages(db: Db, gateways: Gateways, { limit = 20 }: { limit?: number } = {}) {
  let delivered = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.transaction(async (tx) => {
      const [m] = await tx.select().from(outboundMessages)
        .where(and(eq(outboundMessages.status, 'queued'), lte(outboundMessages.sendAfter, new Date())))
        .orderBy(outboundMessages.sendAfter).limit(1).for('update', { skipLocked: true });
      if (!m) return false;
      try {
        const { providerId } = m.channel === 'email'
          ? await gateways.email.send({ id: m.id, to: m.toAddress, subject: m.subject ?? '', body: m.body, language: m.language, isPromotional: m.kind === 'promotional' })
          : await gateways.sms.send({ id: m.id, to: m.toAddress, body: m.body });
        await tx.update(outboundMessages).set({ status: 'sent', sentAt: new Date(), providerId, attempts: m.attempts + 1, error: null }).where(eq(outboundMessages.id, m.id));
        await recordSystemInteraction(tx, {
          customerId: m.customerId, kind: m.kind === 'promotional' ? 'promotional' : 'transactional', channel: m.channel,
          type: `message.${m.kind}`, summary: m.subject ?? m.body.slice(0, 200), payload: { messageId: m.id, to: m.toAddress, templateId: m.templateId },
        });
        delivered++;
      } catch (error) {
        const attempts = m.attempts + 1;
        await tx.update(outboundMessages).set({
          attempts, error: (error as Error).message.slice(0, 500),
          ...(attempts >= maxAttempts ? { status: 'failed' as const } : { sendAfter: new Date(Date.now() + 2 ** attempts * 1000) }),
        }).where(eq(outboundMessages.id, m.id));
      }
      return true;
    });
    if (!done) break;
  }
  return delivered;
}
