import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as people type it — "138 0731 0000", "+86-138-0731-0000", "0086 13807310000",
 * "０７３１－８８８８８８８８" (full-width), "(0731) 8888 8888" — to E.164 ("+8613807310000"), the
 * one form numbers are stored and matched in. China is assumed when no country code is given.
 * Returns null when the text cannot be a phone number.
 */
export function normalizePhone(input: string): string | null {
  const text = input.normalize('NFKC').trim().replace(/^00/, '+');
  if (!/^[+\d\s().\-/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  // "86 138…" written without the plus is still a Chinese mobile number.
  const candidate = !text.startsWith('+') && digits.length === 13 && digits.startsWith('861') ? `+${digits}` : text;
  const parsed = parsePhoneNumberFromString(candidate, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** Digits a person may type to find a number by fragment ("0731", "8888"). */
export function phoneDigits(input: string): string {
  return input.normalize('NFKC').replace(/\D/g, '');
}
