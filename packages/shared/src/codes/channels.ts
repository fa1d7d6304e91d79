// 电子渠道 — the channels module's audit codes, and the kinds of channel and of transaction the console labels.
export const channelAudit = {
  actions: ['channel.created', 'channel.changed', 'channel.token_renewed'],
  entities: ['channel'],
} as const;

/** 网上营业厅, 短信营业厅, 掌上营业厅, 空中营业厅（充值卡）, 呼叫中心, 电子邮件, 网站, 营业厅（实体网点）. */
export const channelKinds = ['online_hall', 'sms_hall', 'mobile_hall', 'air_hall', 'call_centre', 'email', 'web', 'outlet'] as const;
export const transactionKinds = ['recharge', 'plan_change', 'bill_payment', 'query', 'order', 'complaint'] as const;
