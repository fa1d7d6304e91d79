import i18n from '../i18n/index.ts';

const locale = () => (i18n.language === 'en' ? 'en-US' : 'zh-CN');

/** Money arrives as integer fen (分); people read yuan. */
export function money(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(fen / 100);
}

export function number(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale()).format(value);
}

export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** A calendar date ("2024-05-31") shown in the reader's form, without a time-zone shift. */
export function date(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(Math.round(bytes / 102.4) / 10)} KB`;
  return `${number(Math.round(bytes / 104857.6) / 10)} MB`;
}

/** E.164 (+8613807310000) shown the way Chinese staff write it: 138 0731 0000. */
export function phone(value: string): string {
  const m = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(value);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : value;
}

/** A name kept in Chinese and perhaps English (a unit's): the English one in the English console, where there is one. */
export function localName(name: string, nameEn?: string | null): string {
  return i18n.language === 'en' ? nameEn ?? name : name;
}

/** The unit a customer or user belongs to, named in the reader's language. */
export const unitName = (row: { unitName?: string; unitNameEn?: string | null }) => (row.unitName ? localName(row.unitName, row.unitNameEn) : '—');
