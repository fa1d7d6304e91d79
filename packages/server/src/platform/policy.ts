import { forbidden } from './errors.ts';

export const roles = ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst'] as const;
export type Role = (typeof roles)[number];

/**
 * What each role may do — the one place that says so. Where a record may be seen is the
 * Scope's business (unit subtree); what may be done to it is this table's.
 */
const allowed = {
  'customer.read': roles,
  'customer.write': ['admin', 'manager', 'account_manager', 'sales', 'service_agent'],
  'customer.archive': ['admin', 'manager', 'account_manager'],
  'customer.reassign': ['admin', 'manager'],
  'customer.merge': ['admin', 'manager', 'account_manager'],
  'customer.import': ['admin', 'manager', 'account_manager'],
  'customer.export': ['admin', 'manager', 'account_manager', 'marketing', 'analyst'],
  // 查看完整号码 — phones and ID numbers are masked for everyone else (PIPL); each reveal is audited.
  'customer.reveal': ['admin', 'manager', 'account_manager', 'service_agent'],
  'interaction.write': ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent'],
  'subscription.write': ['admin', 'manager', 'account_manager', 'sales'],
  // 待办 — everyone keeps their own list; managers also change their people's tasks.
  'task.read': roles,
  'task.write': roles,
  'task.manage': ['admin', 'manager'],
  // 消息 — templates are written by marketing and managers; messages sent by anyone who serves customers.
  'message.template': ['admin', 'manager', 'marketing'],
  'message.send': ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent'],
  'audit.read': ['admin', 'manager'],
  'org.manage': ['admin'],
  'user.manage': ['admin'],
  'product.manage': ['admin'],
  // 运维 — the job queues and the events' dead letters.
  'operations.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof allowed;

export function may(role: Role, action: Action): boolean {
  return (allowed[action] as readonly Role[]).includes(role);
}

export function authorize(role: Role, action: Action): void {
  if (!may(role, action)) throw forbidden();
}

/** The actions a role may take, for the console to show only what can be used. */
export function permissionsOf(role: Role): Action[] {
  return (Object.keys(allowed) as Action[]).filter((a) => may(role, a));
}
