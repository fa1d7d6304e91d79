import { defineMessages } from '../platform/messages.ts';

/**
 * What an import tells people, row by row and about the file, in the console's two languages.
 * Reports keep the key and its values, so a report read later is told in the reader's language.
 */
export const tell = defineMessages({
  // A cell
  dateNotInCalendar: { en: '"{text}" is not a day of the calendar.', zh: '“{text}”不是日历上存在的日期。' },
  notADate: {
    en: '"{text}" is not a date; write it as 2024-05-31, 2024/5/31, 2024.05.31, 20240531 or 2024年5月31日.',
    zh: '“{text}”不是日期，请写成 2024-05-31、2024/5/31、2024.05.31、20240531 或 2024年5月31日。',
  },
  dateOutOfRange: { en: '{date} is outside the years 1900–2100.', zh: '{date} 不在 1900–2100 年之间。' },
  dateInFuture: { en: '{date} is in the future.', zh: '{date} 晚于今天。' },
  notAGender: { en: '"{text}" is not a gender; write 男 or 女 (M or F).', zh: '“{text}”不是性别，请填写“男”或“女”。' },
  notAKind: { en: '"{text}" is not a customer type; write 个人 or 企业.', zh: '“{text}”不是客户类型，请填写“个人”或“企业”。' },
  notATier: { en: '"{text}" is not a tier; write 重要 or 普通.', zh: '“{text}”不是客户等级，请填写“重要”或“普通”。' },
  tooManyTags: { en: '{count} tags; a customer has at most 20.', zh: '共 {count} 个标签，每位客户最多 20 个。' },
  tagTooLong: { en: 'The tag "{tag}" is longer than 30 characters.', zh: '标签“{tag}”超过 30 个字符。' },
  textTooLong: { en: 'Longer than {max} characters ({length}).', zh: '超过 {max} 个字符（共 {length} 个）。' },
  // A row
  rowTooWide: {
    en: 'The row has {cells} cells but the header has {columns} columns; a comma inside a value needs quotes.',
    zh: '此行有 {cells} 个单元格，而表头只有 {columns} 列；值中含逗号时需加引号。',
  },
  rowWiderThanHeader: {
    en: 'The row has {cells} cells but the header has {columns} columns; give the extra cells a header, or choose another header row.',
    zh: '此行有 {cells} 个单元格，而表头只有 {columns} 列；请为多出的单元格加上表头，或选择其他表头行。',
  },
  nameRequired: { en: 'The name is empty; every customer needs a name.', zh: '客户名称为空，每位客户都必须有名称。' },
  nameColumnMissing: { en: 'The file has no name column; map one of its columns to the name.', zh: '文件中没有客户名称列，请把其中一列对应到“客户名称”。' },
  noSuchUnit: { en: 'No unit you can see is called "{value}"; write a local network (株洲 or 株洲本地网) or a unit code.', zh: '您可见的单位中没有“{value}”，请填写本地网名称（如“株洲”或“株洲本地网”）或单位编码。' },
  unitAmbiguous: { en: '"{value}" names more than one unit; write its full name or its code.', zh: '“{value}”对应多个单位，请填写单位全称或编码。' },
  serviceNeedsProduct: { en: 'A service number needs its product code in the same row.', zh: '填写业务号码时，需在同一行填写产品编码。' },
  noSuchProductCode: { en: 'No product has the code "{code}".', zh: '没有编码为“{code}”的产品。' },
  productNeedsService: { en: 'A product needs its service number (业务号码) in the same row.', zh: '填写产品编码时，需在同一行填写业务号码。' },
  serviceNumberTooLong: { en: 'A service number has at most 40 characters.', zh: '业务号码最多 40 个字符。' },
  duplicateInFile: { en: '{identities}: already in row {row} of this file.', zh: '{identitiesZh} 已出现在本文件第 {row} 行。' },
  duplicateOfCustomer: {
    en: '{identities}: already belongs to customer {number} {name}; merge instead of importing.',
    zh: '{identitiesZh} 已属于现有客户 {number} {name}，请合并而不是重复导入。',
  },
  duplicateOfSeveral: {
    en: '{identities}: belong to {count} different existing customers; an import cannot merge them.',
    zh: '{identitiesZh} 分属 {count} 位不同的现有客户，导入无法合并。',
  },
  duplicateHidden: { en: '{identities}: already belongs to a customer of another unit.', zh: '{identitiesZh} 已属于其他单位的客户。' },
  // A custom attribute's cell that does not fit its column
  cellNotANumber: { en: '"{value}" is not a number, though the column {column} holds numbers.', zh: '“{value}”不是数字，而“{column}”列其余都是数字。' },
  cellNotADate: { en: '"{value}" is not a date, though the column {column} holds dates.', zh: '“{value}”不是日期，而“{column}”列其余都是日期。' },
  warningsNotAccepted: {
    en: '{count} cells do not fit their column\'s type; look at the warnings, then accept them or fix the file.',
    zh: '有 {count} 个单元格与所在列的类型不符，请查看警告，确认接受或修改文件。',
  },
  // The file and the mapping
  fileHasNoRows: { en: 'The file has no rows.', zh: '文件中没有数据。' },
  fileHasNoCustomers: { en: 'The file has a header but no customer rows.', zh: '文件只有表头，没有客户数据。' },
  oldExcel: {
    en: 'Old Excel (.xls) files cannot be read; save the sheet as .xlsx or CSV and upload that.',
    zh: '无法读取旧版 Excel (.xls) 文件，请另存为 .xlsx 或 CSV 后上传。',
  },
  fileHasNul: {
    en: 'Row {line} of the file holds a NUL character (U+0000), which no customer field can store; remove it and upload the file again.',
    zh: '文件第 {line} 行含有空字符（U+0000），客户资料无法保存，请删除后重新上传。',
  },
  workbookTooLarge: {
    en: 'The workbook inflates to more than {limit} once unzipped (an import file holds far less); save only the customer sheet, or as CSV.',
    zh: '该工作簿解压后超过 {limit}（导入文件远不需要这么大），请只保存客户工作表，或另存为 CSV。',
  },
  workbookTooManyCells: {
    en: 'The sheet holds more than {max} cells; remove unused columns and rows, or split the file.',
    zh: '工作表超过 {max} 个单元格，请删除无用的行列，或拆分文件。',
  },
  notCsvOrXlsx: { en: 'This is not a CSV or XLSX file.', zh: '这不是 CSV 或 XLSX 文件。' },
  tooManyRows: { en: 'The file has more than {max} rows; split it into several files.', zh: '文件超过 {max} 行，请拆分为多个文件。' },
  csvMalformed: { en: 'The CSV file is malformed near line {line}: {reason}', zh: 'CSV 文件第 {line} 行附近格式有误：{reason}' },
  xlsxUnreadable: { en: 'The XLSX file cannot be read: {reason}', zh: '无法读取该 XLSX 文件：{reason}' },
  noSuchHeaderRow: { en: 'Row {row} of the file is blank or missing; choose a row that holds the column headers.', zh: '文件第 {row} 行为空或不存在，请选择包含列标题的那一行。' },
  noSuchColumn: { en: 'The file has no column "{header}".', zh: '文件中没有“{header}”列。' },
  fieldMappedTwice: { en: 'Two columns are mapped to {fieldEn}; a customer has one.', zh: '有两列都对应到“{fieldZh}”，每位客户只有一个。' },
  tooManyAttributes: {
    en: '{count} columns would become custom attributes; at most {max} can. Map the others to "ignore".',
    zh: '将有 {count} 列成为自定义属性，最多只能 {max} 列；请把其余列设为“忽略”。',
  },
  oneFile: { en: 'Send one file, in the field named "file".', zh: '请只上传一个文件，字段名为 file。' },
  importTooLarge: {
    en: 'The file is larger than the {limit} MB an import may be; split it into several files.',
    zh: '文件超过导入上限 {limit} MB，请拆分为多个文件。',
  },
  noSuchFindingList: { en: 'A report has no list "{list}"; ask for errors, duplicates, warnings or merged.', zh: '报告中没有“{list}”列表，请使用 errors、duplicates、warnings 或 merged。' },
  // The import
  importAlready: { en: 'This import is already {status}.', zh: '该导入{statusZh}。' },
  fileNoLongerStored: { en: 'The uploaded file is no longer stored; upload it again.', zh: '上传的文件已不在服务器上，请重新上传。' },
  nothingImported: {
    en: '{invalid} rows have errors and {duplicates} are duplicates; nothing was imported. Fix them, or import only the valid rows.',
    zh: '有 {invalid} 行错误、{duplicates} 行重复，未导入任何数据。请修正后重试，或只导入有效行。',
  },
  alreadyUndone: { en: 'This import was already undone.', zh: '该导入已撤销。' },
  neverCommitted: { en: 'This import was never committed; there is nothing to undo.', zh: '该导入尚未提交，无需撤销。' },
  identityAddedMeanwhile: {
    en: 'A customer with one of these identities was added meanwhile; check the file again.',
    zh: '在此期间已有客户使用了其中的身份标识，请重新检查文件。',
  },
});

const kindNames: Record<string, string> = {
  phone: '手机号码', email: '邮箱', id_number: '身份证号', credit_code: '统一社会信用代码', member_id: '会员号', wechat: '微信号', cookie_id: 'Cookie ID',
};
/** How an identity kind reads in a Chinese sentence. */
export const kindZh = (kind: string) => kindNames[kind] ?? kind;

const kindNamesEn: Record<string, string> = {
  phone: 'Phone', email: 'E-mail', id_number: 'ID number', credit_code: 'Credit code', member_id: 'Member ID', wechat: 'WeChat ID', cookie_id: 'Cookie ID',
};
/** How an identity kind reads in an English sentence (never its key, id_number). */
export const kindEn = (kind: string) => kindNamesEn[kind] ?? kind;

const fieldNames: Record<string, [en: string, zh: string]> = {
  unit: ['unit', '所属单位'], name: ['name', '客户名称'], kind: ['customer type', '客户类型'], tier: ['tier', '客户等级'],
  gender: ['gender', '性别'], birthDate: ['birth date', '出生日期'], customerSince: ['customer since', '入网日期'], address: ['address', '地址'],
  industry: ['industry', '行业'], note: ['note', '备注'], productCode: ['product code', '产品编码'], serviceNumber: ['service number', '业务号码'],
  serviceStartDate: ['service start date', '开通日期'],
};
/** A customer field as a column label reads in each language (never its key, birthDate). */
export const fieldNamed = (field: string) => {
  const [en, zh] = fieldNames[field] ?? [kindEn(field), kindZh(field)];
  return { field, fieldEn: en, fieldZh: zh };
};

const statusNames: Record<string, string> = { checked: '已检查', committed: '已导入', undone: '已撤销' };
export const importAlready = (status: string) => tell('importAlready', { status, statusZh: statusNames[status] ?? status });
