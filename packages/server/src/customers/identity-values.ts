import { normalizePhone } from '@xiang/shared/phone';
import type { IdentityKind } from '@xiang/shared';
import type { Said } from '../platform/messages.ts';

/**
 * Every identity value is stored in one canonical form, so the same person typed two ways is
 * found as one: phones in E.164, e-mail lower-cased, ID numbers upper-case without spaces.
 * Returns what to tell instead when the value cannot be what its kind says.
 */
export function canonicalIdentity(kind: IdentityKind, raw: string): { value: string } | { error: Said } {
  const text = raw.normalize('NFKC').trim();
  switch (kind) {
    case 'phone': {
      const phone = normalizePhone(text);
      return phone ? { value: phone } : { error: { key: 'notAPhone', params: { value: raw } } };
    }
    case 'email': {
      const email = text.toLowerCase();
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { value: email } : { error: { key: 'notAnEmail', params: { value: raw } } };
    }
    case 'id_number': {
      const id = text.replace(/\s/g, '').toUpperCase();
      return isChineseIdNumber(id) ? { value: id } : { error: { key: 'notAnIdNumber', params: { value: raw } } };
    }
    default:
      return text ? { value: text } : { error: { key: 'emptyValue' } };
  }
}

/** 居民身份证号码 — 18 characters with a GB 11643 check character, or the old 15-digit form. */
export function isChineseIdNumber(id: string): boolean {
  if (/^\d{15}$/.test(id)) return true;
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** The check character that completes the first 17 digits of an ID number (for demo data). */
export function idNumberCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return '10X98765432'[sum % 11];
}

/** Every 1–3 character substring of a name, for fragment search ("张三丰" → 张, 三, 丰, 张三, 三丰, 张三丰). */
export function nameGrams(name: string): string[] {
  const text = [...name.normalize('NFKC').toLowerCase().replace(/\s+/g, '')];
  const grams = new Set<string>();
  for (let size = 1; size <= 3; size++) {
    for (let i = 0; i + size <= text.length; i++) grams.add(text.slice(i, i + size).join(''));
  }
  return [...grams];
}
