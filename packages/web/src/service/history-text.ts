import type { TFunction } from 'i18next';
import type { TicketDetailT } from './api.ts';

type Entry = TicketDetailT['history'][number];

/** Names for the ids a history row holds: colleagues and the customer's services. */
export interface HistoryNames { user(id: string): string | undefined; service(id: string): string | undefined }

/** The fields a reader cares about on the opening row: the rest are on the details card. */
const openingFields = ['channel', 'priority', 'assigneeId'];

/**
 * 处理记录 — what a history row changed, in the reader's words: each field by its label, before → after,
 * codes as their labels and ids as the names they stand for.
 */
export function historyText(entry: Entry, t: TFunction, names: HistoryNames) {
  const after = entry.after ?? {};
  const word = (field: string, value: unknown) => {
    if (value == null || value === '') return '—';
    const text = String(value);
    switch (field) {
      case 'status': return t(`ticketStatus.${text}`);
      case 'priority': return t(`ticketPriority.${text}`);
      case 'kind': return t(`ticketKind.${text}`);
      case 'channel': return t(`channel.${text}`, { defaultValue: text });
      case 'assigneeId': return names.user(text) ?? t('tickets.someone');
      case 'subscriptionId': return names.service(text) ?? t('tickets.aService');
      case 'mergedIntoId': case 'duplicateId': return text.slice(0, 8);
      default: return text;
    }
  };
  const fields = Object.keys(after).filter((k) => (entry.change === 'opened' ? openingFields.includes(k) && after[k] != null : k !== 'status' || entry.change === 'status'));
  return fields.map((k) => {
    const label = t(`tickets.field.${k}`, { defaultValue: k });
    return entry.before && k in entry.before ? `${label}：${word(k, entry.before[k])} → ${word(k, after[k])}` : `${label}：${word(k, after[k])}`;
  }).join('；');
}
