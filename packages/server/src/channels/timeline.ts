import type { IntakeTransaction, TransactionKind } from '@xiang/shared';
import type { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import { recordSystemInteractions } from '../interactions/system.ts';
import type { CallingChannel } from './tokens.ts';

/** The timeline's channels (接触渠道) the kinds of electronic channel are counted under. */
const timelineChannel: Record<CallingChannel['kind'], string> = {
  online_hall: 'portal', mobile_hall: 'portal', sms_hall: 'sms', air_hall: 'phone', call_centre: 'hotline', email: 'email', web: 'web', outlet: 'store',
};
const doneZh: Record<TransactionKind, string> = {
  recharge: '充值', plan_change: '变更套餐', bill_payment: '缴费', query: '查询', order: '下单', complaint: '投诉',
};
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * 交易记录 — each matched transaction as one transactional entry on its customer's timeline, at the
 * time the channel says it happened, naming the channel; in the caller's transaction, with the rows.
 */
export async function recordOnTimelines(tx: Db, channel: CallingChannel, entries: { customerId: string; transaction: z.infer<typeof IntakeTransaction> }[]) {
  await recordSystemInteractions(tx, entries.map(({ customerId, transaction: t }) => ({
    customerId, kind: 'transactional', channel: timelineChannel[channel.kind], type: `channel.${t.kind}`, occurredAt: t.occurredAt,
    summary: `在「${channel.name}」${doneZh[t.kind]}${t.amountFen !== undefined ? ` ${yuan(t.amountFen)}` : ''}，${t.status === 'succeeded' ? '成功' : `失败${t.reason ? `：${t.reason}` : ''}`}`,
    payload: { channelId: channel.id, channelName: channel.name, channelCode: channel.code, transactionId: t.transactionId, kind: t.kind, status: t.status,
      amountFen: t.amountFen ?? null, reason: t.reason ?? null },
  })));
}
