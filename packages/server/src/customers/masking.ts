import type { IdentityKind } from '@xiang/shared';

/**
 * 个人信息去标识化 (PIPL) — phones, ID card numbers and credit codes leave the server masked,
 * keeping enough of their shape to be told apart on the phone (138****5678,
 * 4301**********123X). The full value is shown only on an explicit, audited reveal
 * (reveal.ts), or in an export by a role allowed to. Masking is on output only: search and
 * identity matching work on the stored values.
 */
export function maskIdentityValue(kind: IdentityKind, value: string): string {
  if (kind === 'phone') return maskPhone(value);
  if (kind === 'id_number' || kind === 'credit_code') return keepEnds(value, 4, 4);
  return value;
}

/** Whether a kind of identity is personal data that is masked on output. */
export const isMaskedKind = (kind: IdentityKind) => kind === 'phone' || kind === 'id_number' || kind === 'credit_code';

/**
 * A stored E.164 phone (with ";ext=806" where it has one), masked as people read it: a Chinese
 * mobile 138****5678, a fixed line with its area code 0731****2345-806, a foreign one +447****3456.
 */
export function maskPhone(value: string): string {
  const [base, extension] = value.split(';ext=');
  const ext = extension ? `-${extension}` : '';
  if (!base.startsWith('+86')) return keepEnds(base, base.startsWith('+') ? 4 : 3, 4) + ext;
  const national = base.slice(3);
  const isMobile = /^1\d{10}$/.test(national);
  return isMobile ? keepEnds(national, 3, 4) : keepEnds(`0${national}`, 4, 4) + ext;
}

/**
 * 业务号码 — a service's number as answers show it: a mobile or fixed line (stored in E.164) as a
 * phone, any other (a broadband account, CS-BB-0001) keeping its ends like an ID number.
 */
export function maskServiceNumber(value: string): string {
  return value.startsWith('+') ? maskPhone(value) : keepEnds(value, 4, 4);
}

/** The first and last characters kept, every one between them a star; short values keep less. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  // At least one character is hidden, and never more than half shown at either end.
  const keepHead = Math.min(head, Math.floor((chars.length - 1) / 2));
  const keepTail = Math.min(tail, chars.length - 1 - keepHead);
  return chars.slice(0, keepHead).join('') + '*'.repeat(chars.length - keepHead - keepTail) + chars.slice(chars.length - keepTail).join('');
}

/** An identity as every answer shows it: masked where its kind is personal data. */
export function presentIdentity<T extends { kind: IdentityKind; value: string }>(identity: T): T & { isMasked: boolean } {
  const isMasked = isMaskedKind(identity.kind);
  return { ...identity, value: isMasked ? maskIdentityValue(identity.kind, identity.value) : identity.value, isMasked };
}

/** A contact as every answer shows it: the phone masked. */
export function presentContact<T extends { phone: string | null }>(contact: T): T & { isMasked: boolean } {
  return { ...contact, phone: contact.phone ? maskPhone(contact.phone) : null, isMasked: contact.phone !== null };
}

/** A service as every answer shows it: its number masked. */
export function presentSubscription<T extends { serviceNumber: string }>(subscription: T): T & { isMasked: boolean } {
  return { ...subscription, serviceNumber: maskServiceNumber(subscription.serviceNumber), isMasked: true };
}
