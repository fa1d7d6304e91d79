import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as people type it — "138 0731 0000", "+86-138-0731-0000", "0086 13807310000",
 * "０７３１－８８８８８８８８" (full-width), "(0731) 8888 8888" — to E.164 ("+8613807310000"), the
 * one form numbers are stored and matched in. China is assumed when no country code is given.
 * A fixed line's extension ("(0731)8441 2345-806", "0731-84412345 转 806") is kept RFC 3966's
 * way: "+8673184412345;ext=806". Returns null when the text is not a number valid for its region
 * (libphonenumber's metadata: a mobile of an unused range, an 8-digit number where the area has 7).
 */
export function normalizePhone(input: string): string | null {
  const text = input.normalize('NFKC').trim().replace(/^00/, '+');
  const whole = validNumber(text);
  if (whole) return whole.number;
  // Only when the whole is no number: "139-0731-0001" is a mobile, not 139-0731 extension 0001.
  const parts = extensionForm.exec(text);
  if (!parts) return null;
  const base = validNumber(parts[1]);
  // A mobile has no extensions.
  if (!base || base.getType() === 'MOBILE') return null;
  return `${base.number};ext=${parts[2]}`;
}

/** A number, then its extension after a dash, 转 (transfer), 分机, ext or x. */
const extensionForm = /^(.*\d)\s*(?:[-–—]|转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;

function validNumber(text: string) {
  if (!/^[+\d\s().\-/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  // "86 138…" written without the plus is still a Chinese mobile number.
  const candidate = !text.startsWith('+') && digits.length === 13 && digits.startsWith('861') ? `+${digits}` : text;
  const parsed = parsePhoneNumberFromString(candidate, 'CN');
  return parsed && parsed.isValid() ? parsed : null;
}

/** Digits a person may type to find a number by fragment ("0731", "8888"). */
export function phoneDigits(input: string): string {
  return input.normalize('NFKC').replace(/\D/g, '');
}
