import type { Said } from '../platform/messages.ts';
import { tell } from './messages.ts';

/**
 * How the values people type into spreadsheets become customer fields. Each reader returns the
 * value, null for a blank cell, or what to tell in the report.
 */
export type Reading<T> = { value: T | null } | { error: Said };

/** Full-width digits and letters become half-width; surrounding spaces go. */
export const cleanCell = (raw: string) => raw.normalize('NFKC').trim();

const ymd = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const compact = /^(\d{4})(\d{2})(\d{2})$/;
const excelSerial = /^\d{1,6}(?:\.\d+)?$/;
const excelEpoch = Date.UTC(1899, 11, 30);

/** A calendar date in any of the forms Chinese spreadsheets hold, as YYYY-MM-DD. */
export function readDate(text: string, { isPastOnly = false } = {}): Reading<string> {
  if (!text) return { value: null };
  const parts = ymd.exec(text) ?? compact.exec(text);
  let iso: string | null = null;
  if (parts) {
    iso = isoDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  } else if (excelSerial.test(text) && Number(text) >= 1 && Number(text) < 2_958_466) {
    // Excel keeps dates as days since 1899-12-30 when the cell is not formatted as a date.
    iso = new Date(excelEpoch + Math.floor(Number(text)) * 86_400_000).toISOString().slice(0, 10);
  }
  if (parts && !iso) return { error: tell('dateNotInCalendar', { text }) };
  if (!iso) return { error: tell('notADate', { text }) };
  if (iso < '1900-01-01' || iso > '2100-12-31') return { error: tell('dateOutOfRange', { date: iso }) };
  if (isPastOnly && iso > new Date().toISOString().slice(0, 10)) return { error: tell('dateInFuture', { date: iso }) };
  return { value: iso };
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const genders: Record<string, 'male' | 'female' | null> = {
  男: 'male', 男性: 'male', 先生: 'male', m: 'male', male: 'male', man: 'male', 1: 'male',
  女: 'female', 女性: 'female', 女士: 'female', f: 'female', female: 'female', woman: 'female', 2: 'female',
  未知: null, 不详: null, 保密: null, unknown: null, u: null,
};

/** 性别 — 男/女, M/F, male/female; the national standard's 1/2 too. */
export function readGender(text: string): Reading<'male' | 'female'> {
  if (!text) return { value: null };
  const key = text.toLowerCase();
  if (key in genders) return { value: genders[key] };
  return { error: tell('notAGender', { text }) };
}

const kinds: Record<string, 'individual' | 'enterprise'> = {
  个人: 'individual', 个人客户: 'individual', 公众: 'individual', 公众客户: 'individual', 个体: 'individual', individual: 'individual', person: 'individual', personal: 'individual', consumer: 'individual',
  企业: 'enterprise', 企业客户: 'enterprise', 政企: 'enterprise', 政企客户: 'enterprise', 单位: 'enterprise', 集团: 'enterprise', 公司: 'enterprise', enterprise: 'enterprise', company: 'enterprise', business: 'enterprise', corporate: 'enterprise',
};

/** 客户类型 — 个人 or 企业; blank is an individual, as most customers are. */
export function readKind(text: string): Reading<'individual' | 'enterprise'> {
  if (!text) return { value: null };
  const kind = kinds[text.toLowerCase()];
  return kind ? { value: kind } : { error: tell('notAKind', { text }) };
}

const tiers: Record<string, 'key' | 'regular'> = {
  重要: 'key', 重要客户: 'key', 大客户: 'key', 关键: 'key', vip: 'key', key: 'key', 高: 'key', 钻石: 'key', 金牌: 'key',
  普通: 'regular', 普通客户: 'regular', 一般: 'regular', 常规: 'regular', regular: 'regular', normal: 'regular', standard: 'regular',
};

/** 等级 — key accounts (重要/大客户/VIP) or regular (普通). */
export function readTier(text: string): Reading<'key' | 'regular'> {
  if (!text) return { value: null };
  const tier = tiers[text.toLowerCase()];
  return tier ? { value: tier } : { error: tell('notATier', { text }) };
}

/** 标签 — several in one cell, separated the ways people separate them. */
export function readTags(text: string): Reading<string[]> {
  if (!text) return { value: null };
  const tags = [...new Set(text.split(/[,，;；、|]/).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > 20) return { error: tell('tooManyTags', { count: tags.length }) };
  const long = tags.find((t) => t.length > 30);
  return long ? { error: tell('tagTooLong', { tag: long }) } : { value: tags };
}

/** Free text with the customer schema's length limit. */
export function readText(text: string, maxLength: number): Reading<string> {
  if (!text) return { value: null };
  return text.length > maxLength ? { error: tell('textTooLong', { max: maxLength, length: text.length }) } : { value: text };
}
