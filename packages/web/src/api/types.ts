import type { paths } from './schema.d.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Success = 200 | 201 | 202;

/**
 * What a route answers on success, as the server's OpenAPI document declares it:
 * `Answer<'/customers/{customerId}'>` is a customer as the console receives it (dates as ISO
 * strings); nothing (`undefined`) for a 204.
 */
export type Answer<P extends keyof paths, M extends Method = 'get'> =
  NonNullable<paths[P][M]> extends { responses: infer R }
    ? { [C in keyof R]: C extends Success ? R[C] extends { content: { 'application/json': infer J } } ? J : never : C extends 204 ? undefined : never }[keyof R]
    : never;

/** What a route takes as its JSON body. */
export type Body<P extends keyof paths, M extends Method = 'post'> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer J } } } ? J : never;

/** What a route takes as its query. */
export type Query<P extends keyof paths> = NonNullable<NonNullable<paths[P]['get']>['parameters']['query']>;

/** An element of a list the route answers (`{ items: [...] }`). */
export type ItemOf<P extends keyof paths> = Answer<P> extends { items: (infer I)[] } ? I : never;

export type MeT = Answer<'/me'>;
/** An action of the server's policy, as the modules declare them: a misspelt one does not compile. */
export type Permission = MeT['permissions'][number];
export type UserT = Answer<'/users/{userId}'>;
export type OrgUnitT = ItemOf<'/org-units'>;
export type CustomerT = Answer<'/customers/{customerId}'>;
export type CustomerListItemT = ItemOf<'/customers'>;
export type CustomerCountT = Answer<'/customers/count'>;
export type ContactT = ItemOf<'/customers/{customerId}/contacts'>;
export type IdentityT = ItemOf<'/customers/{customerId}/identities'>;
export type SubscriptionT = ItemOf<'/customers/{customerId}/subscriptions'>;
export type BillT = ItemOf<'/customers/{customerId}/bills'>;
export type PaymentT = ItemOf<'/customers/{customerId}/payments'>;
export type InteractionT = ItemOf<'/customers/{customerId}/timeline'>;
export type AttachmentT = Answer<'/customers/{customerId}/attachments', 'post'>;
export type ApiTokenT = ItemOf<'/api-tokens'>;
export type AuditEntryT = ItemOf<'/audit'>;
export type Customer360T = Answer<'/customers/{customerId}/360'>;
export type ProductT = ItemOf<'/products'>;
export type QueueT = ItemOf<'/jobs/queues'>;
export type FailedJobT = ItemOf<'/jobs/failed'>;
export type SubscriberT = ItemOf<'/events/subscribers'>;
export type DeadLetterT = ItemOf<'/events/dead-letters'>;
export type ImportReportT = Answer<'/imports', 'post'>;
export type ImportT = ItemOf<'/imports'>;
export type ImportUndoneT = Answer<'/imports/{importId}/undo', 'post'>;
export type ImportFindingsT = Answer<'/imports/{importId}/findings/{list}'>;
export type UnitFiguresT = Answer<'/dashboard/figures'>;
export type MyWorkT = Answer<'/dashboard/my-work'>;
