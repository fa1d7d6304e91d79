import type {
  ApiToken, AuditEntry, Attachment, Bill, Contact, Customer, Customer360, CustomerCount, CustomerListItem, Identity, Interaction, Me, OrgUnit, Payment, Subscription, User,
} from '@xiang/shared';
import type { Page } from '@xiang/shared';
import type { WireOf } from './client.ts';

export type MeT = WireOf<typeof Me>;
export type UserT = WireOf<typeof User>;
export type OrgUnitT = WireOf<typeof OrgUnit>;
export type CustomerT = WireOf<typeof Customer>;
export type CustomerListItemT = WireOf<typeof CustomerListItem>;
export type CustomerCountT = WireOf<typeof CustomerCount>;
export type ContactT = WireOf<typeof Contact>;
export type IdentityT = WireOf<typeof Identity>;
export type SubscriptionT = WireOf<typeof Subscription>;
export type BillT = WireOf<typeof Bill>;
export type PaymentT = WireOf<typeof Payment>;
export type InteractionT = WireOf<typeof Interaction>;
export type AttachmentT = WireOf<typeof Attachment>;
export type ApiTokenT = WireOf<typeof ApiToken>;
export type AuditEntryT = WireOf<typeof AuditEntry>;
/** Every list pages the same way (shared/src/page.ts). */
export type { Page };

export type Customer360T = WireOf<typeof Customer360>;
