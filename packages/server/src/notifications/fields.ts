/**
 * The fields a template may use. `{{customer.name}}` is filled from the customer the message
 * goes to; a field not in this list, or a brace left open, is an error found when the template
 * is saved or previewed — never a message sent with "{{custmer.name}}" in it.
 */
export const templateFields = ['customer.name', 'customer.number', 'staff.name', 'unit.name', 'date.today'] as const;
export type TemplateField = (typeof templateFields)[number];
export type FieldValues = Record<TemplateField, string>;

const field = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Problems of one text: unknown fields and braces that do not close. */
export function problemsOf(text: string): { kind: 'unknownField' | 'openBrace'; field?: string }[] {
  const problems: { kind: 'unknownField' | 'openBrace'; field?: string }[] = [];
  for (const [, name] of text.matchAll(field)) {
    if (!(templateFields as readonly string[]).includes(name)) problems.push({ kind: 'unknownField', field: name });
  }
  if (text.replace(field, '').includes('{{') || text.replace(field, '').includes('}}')) problems.push({ kind: 'openBrace' });
  return problems;
}

export function render(text: string, values: FieldValues): string {
  return text.replace(field, (_all, name: TemplateField) => values[name] ?? '');
}

/**
 * How many SMS a text costs: 70 characters in one message with any Chinese in it (UCS-2), 67 a
 * part once it is split; 160 and 153 for plain GSM text.
 */
export function smsParts(text: string): number {
  const length = [...text].length;
  const isUnicode = /[^\x20-\x7e\n\r]/.test(text);
  const [single, part] = isUnicode ? [70, 67] : [160, 153];
  return length <= single ? 1 : Math.ceil(length / part);
}
