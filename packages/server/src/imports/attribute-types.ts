import type { ImportAttributeType, ImportWarning } from '@xiang/shared';
import type { Told } from '../platform/messages.ts';
import { readDate } from './cell-values.ts';
import type { Column } from './columns.ts';
import type { ImportedCustomer } from './rows.ts';
import { tell } from './messages.ts';

/** A cell that does not fit its column's type: shown to the user, who may accept it. */
export type AttributeWarning = Told<ImportWarning>;

/** A column is of a type when this share of its filled cells fits it; the rest are warnings. */
const fitShare = 0.8;
/** A choice (选项) is a column of few values, each repeated. */
const maxChoices = 12;

const isNumber = (text: string) => /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/.test(text.replace(/^[¥￥$]/, ''));
// Excel's serial dates look like numbers; only a written date makes a column of dates.
const isDate = (text: string) => !/^\d+(\.\d+)?$/.test(text) && 'value' in readDate(text);

/**
 * Custom attributes (自定义属性) get a type from what their column holds — number, date, choice
 * or text — and each cell that does not fit it is a warning. Values are kept as written.
 */
export function inferAttributeTypes(columns: Column[], customers: ImportedCustomer[]) {
  const types: ImportAttributeType[] = [];
  const warnings: AttributeWarning[] = [];
  for (const column of columns.filter((c) => c.field === 'attribute')) {
    const key = column.header.slice(0, 60);
    const cells = customers.flatMap((c) => (c.attributes[key] === undefined ? [] : [{ row: c.rows[0], value: c.attributes[key] }]));
    const numbers = cells.filter((c) => isNumber(c.value)).length;
    const dates = cells.filter((c) => isDate(c.value)).length;
    const distinct = new Set(cells.map((c) => c.value)).size;
    const type: ImportAttributeType['type'] = cells.length && numbers >= cells.length * fitShare ? 'number'
      : cells.length && dates >= cells.length * fitShare ? 'date'
        : distinct > 0 && distinct <= maxChoices && cells.length >= distinct * 2 ? 'choice' : 'text';
    const misfits = type === 'number' ? cells.filter((c) => !isNumber(c.value)) : type === 'date' ? cells.filter((c) => !isDate(c.value)) : [];
    for (const cell of misfits) {
      warnings.push({
        row: cell.row, column: column.header, value: cell.value, type,
        said: tell(type === 'number' ? 'cellNotANumber' : 'cellNotADate', { value: cell.value, column: column.header }),
      });
    }
    types.push({ column: column.header, type, warnings: misfits.length, ...(type === 'choice' ? { choices: [...new Set(cells.map((c) => c.value))].sort() } : {}) });
  }
  warnings.sort((a, b) => a.row - b.row);
  return { types, warnings };
}
