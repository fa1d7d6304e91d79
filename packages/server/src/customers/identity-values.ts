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
    case 'credit_code': {
      const code = text.replace(/[\s-]/g, '').toUpperCase();
      return isCreditCode(code) ? { value: code } : { error: { key: 'notACreditCode', params: { value: raw } } };
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

const creditCodeCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 统一社会信用代码 — an enterprise's unified social credit code (GB 32100-2015): 18 characters
 * from 31 (no I, O, Z, S, V), the six-digit division code in positions 3–8, and a check
 * character over the first 17 (weights 3^i mod 31).
 */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return creditCodeCheck(code.slice(0, 17)) === code[17];
}

/** The check character that completes the first 17 characters of a credit code (for demo and test data). */
export function creditCodeCheck(first17: string): string {
  const sum = creditCodeWeights.reduce((acc, w, i) => acc + w * creditCodeCharacters.indexOf(first17[i]), 0);
  return creditCodeCharacters[(31 - (sum % 31)) % 31];
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
