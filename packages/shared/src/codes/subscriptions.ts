// 业务与账单 — products, services and payments.
export const subscriptionAudit = {
  actions: ['product.created', 'subscription.added', 'subscription.changed', 'subscription.revealed', 'payment.recorded', 'points.adjusted'],
  entities: ['product', 'subscription', 'payment'],
} as const;
