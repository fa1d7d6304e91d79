// 客户 — what the customer core writes in the audit trail.
export const customerAudit = {
  actions: [
    'customer.created', 'customer.updated', 'customer.archived', 'customer.restored', 'customer.reassigned', 'customer.merged',
    'identity.added', 'identity.removed', 'identity.refused_elsewhere', 'identity.revealed', 'contact.added', 'contact.archived', 'contact.revealed',
    'customers.exported',
  ],
  entities: ['customer', 'customer_export', 'contact'],
} as const;
