import { z } from 'zod';
import { Instant } from './time.ts';
import { changeOf } from './change.ts';
import { pageOf, pageQuery } from './page.ts';
import { changedFields, defineEvents, event, row, uuid } from './event-kit.ts';

export const Role = z.enum(['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst']);
export type Role = z.infer<typeof Role>;
export const UnitLevel = z.enum(['group', 'province', 'local_network', 'team']);

export const Uuid = z.uuid();

export const OrgUnit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  level: UnitLevel,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

export const NewOrgUnit = z.object({
  parentId: Uuid,
  level: UnitLevel.exclude(['group']),
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only.'),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100).optional(),
});

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: Role,
  unitId: z.string(),
  unitName: z.string().optional(),
  unitNameEn: z.string().nullable().optional(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.date(),
});
export type User = z.infer<typeof User>;

export const Password = z.string().min(10, 'Use at least 10 characters.').max(200);

export const NewUser = z.object({
  username: z.string().trim().min(3).max(60).regex(/^[a-z0-9._-]+$/, 'Use lower-case letters, digits, dot, - and _.'),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().optional(),
  phone: z.string().trim().max(30).optional(),
  role: Role,
  unitId: Uuid,
  password: Password.optional(),
});
/** 修改账号 — changes exactly what it names; the password changes through its own calls. */
export const UserChange = changeOf({
  displayName: z.string().trim().min(1).max(100),
  email: z.email().nullable(),
  role: Role,
  unitId: Uuid,
  isDisabled: z.boolean(),
});

export const SignIn = z.object({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });

export const Me = z.object({
  user: User,
  unit: OrgUnit,
  permissions: z.array(z.string()),
});

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export const NewApiToken = z.object({ name: z.string().trim().min(1).max(80) });

/** What an audit row is about, named: the customer (its own record or one of its parts) or the user. */
export const AuditSubject = z.object({
  kind: z.enum(['customer', 'user']), id: z.string(), number: z.string().nullable(), name: z.string(),
});
export const AuditEntry = z.object({
  id: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  subject: AuditSubject.nullable(),
});
export const AuditPage = pageOf(AuditEntry);
export const AuditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(80).optional(),
  actorId: Uuid.optional(),
  /** The unit and every unit below it. */
  unitId: Uuid.optional(),
  action: z.string().max(60).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  ...pageQuery({ limit: 50, maxLimit: 200 }).shape,
});

// 组织 — units and staff.
export const orgEvents = defineEvents({
  'unit.created': event(row({ name: z.string() })),
  'user.created': event(row({ username: z.string(), role: z.string(), unitId: uuid })),
  'user.changed': event(changedFields),
  'user.password_reset': event(z.object({})),
  'user.password_changed': event(z.object({ otherSessionsEnded: z.number().int() })),
});
