import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/** "identities.0.value" → ['identities', 0, 'value'], the name path antd forms use. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the API's validation messages on the fields they name. Returns the messages that name
 * no field of this form, for the caller to show above it.
 */
export function showProblemOnFields(form: FormInstance, error: unknown): string | null {
  if (!(error instanceof ApiError)) return String(error);
  const errors = error.errors.length ? error.errors : error.field ? [{ field: error.field, message: error.message }] : [];
  const known = new Set(Object.keys(form.getFieldsValue() ?? {}));
  const onFields = errors.filter((e) => e.field && known.has(namePath(e.field)[0] as string));
  const byField = new Map<string, string[]>();
  for (const e of onFields) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  form.setFields([...byField].map(([field, messages]) => ({ name: namePath(field), errors: messages })));
  const rest = errors.filter((e) => !onFields.includes(e));
  if (onFields.length && !rest.length) return null;
  return rest.length ? rest.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') : error.message;
}
