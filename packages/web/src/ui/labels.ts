import type { TFunction } from 'i18next';

// Codes the server sends, in the reader's words. A type an integration made up has no label
// and shows as sent.

/** 渠道 — a staff member's entry says who came (客户经理, 销售 …); other channels their own name. */
export function channelLabel(t: TFunction, channel: string, actorRole?: string | null): string {
  if (channel === 'staff' && actorRole) return t(`roles.${actorRole}`, { defaultValue: t('channel.staff') });
  return t(`channel.${channel}`, { defaultValue: channel });
}

export const timelineTypeLabel = (t: TFunction, type: string): string => t(`timelineType.${type}`, { defaultValue: type });
export const auditActionLabel = (t: TFunction, action: string): string => t(`auditAction.${action}`, { defaultValue: action });
export const auditEntityLabel = (t: TFunction, entity: string): string => t(`auditEntity.${entity}`, { defaultValue: entity });
