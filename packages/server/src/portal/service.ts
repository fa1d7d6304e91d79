import type { z } from 'zod';
import type { PortalConsentChange } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { notFound } from '../platform/errors.ts';
import type { CustomerScope } from '../platform/scope.ts';
import { customerActor, lockOwnCustomer, ownCustomer } from '../customers/themself.ts';
import { billingFigures, listBills, listPayments, ownSubscriptions } from '../subscriptions/service.ts';
import { pointsOf } from '../subscriptions/points.ts';
import { readCustomerFile, uploadCustomerPhoto } from '../interactions/attachments.ts';
import { consentsOfCustomer, setConsentByCustomer } from '../notifications/service.ts';
import { noticeChannelOf, setNoticeChannel } from '../notifications/notice-channel.ts';
import { isFileOnOwnTicket } from '../service/customer-tickets.ts';
import { hasPortalPassword } from './sign-in.ts';

/** 网上营业厅 — what the signed-in customer sees of themself, read through the modules that keep it. */


export async function portalMe(db: Db, who: CustomerScope) {
  const customer = await ownCustomer(db, who);
  return {
    name: customer.name, number: customer.number, kind: customer.kind, isKeyAccount: customer.tier === 'key', phone: who.phone,
    hasPassword: await hasPortalPassword(db, who), unitName: customer.unitName, accountManagerName: customer.ownerName,
    figures: await billingFigures(db, customer),
  };
}

/** 我的业务 — their services, numbers in full: they are the customer's own. */
export async function myServices(db: Db, who: CustomerScope) {
  const services = await ownSubscriptions(db, await ownCustomer(db, who));
  return { items: services.map(({ customerId: _c, ...service }) => service) };
}

/** 积分 — their points and how they came. */
export async function myPoints(db: Db, who: CustomerScope) {
  const { balance, entries } = await pointsOf(db, await ownCustomer(db, who), { limit: 50 });
  // Staff's reason for an adjustment is written for colleagues, not for the customer.
  return { balance, entries: entries.map(({ note: _note, ...entry }) => entry) };
}

/** 账单与缴费 — the last year's bills and payments. */
export async function myBills(db: Db, who: CustomerScope) {
  const customer = await ownCustomer(db, who);
  const [bills, payments] = await Promise.all([listBills(db, customer, { limit: 12 }), listPayments(db, customer, { limit: 24 })]);
  return { bills, payments };
}

export async function customerPhoto(db: Db, blobs: BlobStore, who: CustomerScope, file: { fileName: string; bytes: Buffer }) {
  const customer = await ownCustomer(db, who);
  const row = await uploadCustomerPhoto(db, blobs, customerActor(customer), file, (tx) => lockOwnCustomer(tx, who));
  return { id: row.id, fileName: row.fileName, mediaType: row.mediaType, sizeBytes: row.sizeBytes };
}

/** A file the customer may see: one on their own tickets; any other (staff's files on their record) does not exist for them. */
export async function customerFile(db: Db, blobs: BlobStore, who: CustomerScope, attachmentId: string) {
  const customer = await ownCustomer(db, who);
  if (!(await isFileOnOwnTicket(db, customer, attachmentId))) throw notFound('Attachment');
  return readCustomerFile(db, blobs, customer, attachmentId);
}

export async function customerConsents(db: Db, who: CustomerScope) {
  return { items: await consentsOfCustomer(db, await ownCustomer(db, who)) };
}

/** 通知方式 — how they hear of their tickets, chosen themself. */
export async function myNoticeChannel(db: Db, who: CustomerScope) {
  return noticeChannelOf(db, await ownCustomer(db, who));
}

export async function setMyNoticeChannel(db: Db, who: CustomerScope, channel: 'email' | 'sms' | null) {
  const customer = await ownCustomer(db, who);
  return setNoticeChannel(db, customerActor(customer), channel, 'portal', (tx) => lockOwnCustomer(tx, who));
}

/** 营销许可 — the customer grants or withdraws it themself. */
export async function setCustomerConsent(db: Db, who: CustomerScope, change: z.infer<typeof PortalConsentChange>) {
  const customer = await ownCustomer(db, who);
  return { items: await setConsentByCustomer(db, customerActor(customer), change, (tx) => lockOwnCustomer(tx, who)) };
}
