import type { ImportField, ImportMapping } from '@xiang/shared';
import { invalid } from '../platform/errors.ts';
import { fieldNamed, tell } from './messages.ts';

/** A column of the file and the field it becomes. */
export interface Column {
  index: number;
  header: string;
  field: ImportField;
}

/** Headers other systems and spreadsheets use, in Chinese and English, for each field. */
const knownHeaders: Record<Exclude<ImportField, 'attribute'>, string[]> = {
  name: ['姓名', '客户名称', '客户姓名', '客户名', '名称', '用户名称', '用户姓名', '户名', '单位名称', '企业名称', '公司名称', 'name', 'customername', 'fullname', 'customer'],
  kind: ['客户类型', '客户类别', '类型', '用户类型', 'kind', 'type', 'customertype', 'customerkind'],
  tier: ['等级', '客户等级', '级别', '客户级别', '星级', 'tier', 'level', 'grade'],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '生日', '出生年月日', 'birthday', 'birthdate', 'dateofbirth', 'dob'],
  address: ['地址', '联系地址', '住址', '家庭住址', '通讯地址', '装机地址', 'address'],
  industry: ['行业', '所属行业', 'industry'],
  note: ['备注', '说明', 'note', 'notes', 'remark', 'remarks', 'comment'],
  tags: ['标签', '客户标签', 'tag', 'tags', 'label', 'labels'],
  phone: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '移动电话', '联系方式', '联系手机', 'phone', 'mobile', 'tel', 'telephone', 'phonenumber', 'mobilephone', 'cellphone'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', 'email', 'e-mail', 'mail', 'emailaddress'],
  id_number: ['身份证', '身份证号', '身份证号码', '证件号码', '证件号', '证件号码(身份证)', 'idnumber', 'idcard', 'idno', 'idcardnumber'],
  credit_code: ['统一社会信用代码', '社会信用代码', '信用代码', '统一信用代码', 'creditcode', 'uscc', 'unifiedsocialcreditcode'],
  member_id: ['会员号', '会员编号', '会员卡号', '会员id', 'memberid', 'membernumber'],
  wechat: ['微信', '微信号', 'wechat', 'weixin'],
  productCode: ['产品编码', '产品代码', '产品编号', '套餐', '套餐编码', '套餐代码', 'productcode', 'product', 'plan', 'plancode'],
  serviceNumber: ['业务号码', '服务号码', '接入号码', '接入号', '用户号码', '宽带账号', 'servicenumber', 'accessnumber'],
  serviceStartDate: ['开通日期', '开通时间', '开户日期', '业务开通日期', 'startdate', 'activationdate', 'servicestartdate'],
  // 入网日期 is when the customer joined, not when one of its services started.
  customerSince: ['入网日期', '入网时间', '客户入网日期', '入网年月日', 'joindate', 'joined', 'customersince', 'since', 'membersince'],
  unit: ['本地网', '所属本地网', '所属单位', '归属单位', '所属分公司', '分公司', '地市', '所属地市', '归属本地网', '本地网编码', '单位编码',
    'unit', 'unitcode', 'localnetwork', 'network', 'branch'],
  // The two columns errors.csv adds, so a corrected error file imports cleanly.
  ignore: ['原行号 (row)', '导入错误 (error)'],
};

const fieldOfHeader = new Map<string, ImportField>(
  Object.entries(knownHeaders).flatMap(([field, headers]) => headers.map((h) => [headerKey(h), field as ImportField])),
);

/** Whether a cell names a column the import knows (a header row has several). */
export const isKnownHeader = (cell: string) => cell.trim() !== '' && fieldOfHeader.has(headerKey(cell));

/** "手机号码*", " E-Mail ", "客户名称（必填）" and "customer_name" all compare by the same key. */
function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase()
    .replace(/\((必填|选填|required|optional)\)/g, '')
    .replace(/[\s_*]/g, '');
}

/** Fields a customer has once; a second column guessed as one of these stays an attribute. */
const singleFields = new Set<ImportField>(['unit', 'name', 'kind', 'tier', 'gender', 'birthDate', 'customerSince', 'address', 'industry', 'note', 'productCode', 'serviceNumber', 'serviceStartDate']);

/** Most attributes a customer may carry (the customer schema's limit). */
const maxAttributes = 50;

/**
 * The columns of a file: the client's mapping where it names a header, a guess from the
 * header elsewhere, and a custom attribute when nothing is known about a column.
 */
export function resolveColumns(headerCells: string[], mapping: ImportMapping | undefined): Column[] {
  const headers = uniqueHeaders(headerCells);
  const mapped = new Map(Object.entries(mapping ?? {}).map(([h, f]) => [h.normalize('NFKC').trim(), f]));
  for (const header of mapped.keys()) {
    if (!headers.includes(header)) throw invalid(`mapping.${header}`, tell('noSuchColumn', { header }));
  }
  const mappedFields = new Set(mapped.values());
  const taken = new Set<ImportField>();
  const columns = headers.map((header, index): Column => {
    const chosen = mapped.get(header);
    if (chosen) {
      if (singleFields.has(chosen) && taken.has(chosen)) throw invalid(`mapping.${header}`, tell('fieldMappedTwice', fieldNamed(chosen)));
      taken.add(chosen);
      return { index, header, field: chosen };
    }
    const guess = fieldOfHeader.get(headerKey(header)) ?? 'attribute';
    const isTaken = singleFields.has(guess) && (taken.has(guess) || mappedFields.has(guess));
    const field = isTaken ? 'attribute' : guess;
    taken.add(field);
    return { index, header, field };
  });
  const attributes = columns.filter((c) => c.field === 'attribute').length;
  if (attributes > maxAttributes) {
    throw invalid('mapping', tell('tooManyAttributes', { count: attributes, max: maxAttributes }));
  }
  return columns;
}

/** Blank headers get a name; a repeated header gets its position, so every column can be named in a mapping. */
function uniqueHeaders(cells: string[]): string[] {
  const seen = new Set<string>();
  return cells.map((cell, i) => {
    let header = cell.normalize('NFKC').trim().replace(/^\uFEFF/, '') || `column_${i + 1}`;
    if (seen.has(header)) header = `${header} (${i + 1})`;
    seen.add(header);
    return header;
  });
}
