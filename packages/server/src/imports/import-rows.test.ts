import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { creditCodeCheck } from '../customers/identity-values.ts';
import { csvText, idNumberFor, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client; // Changsha account manager

interface Reported { row: number; field: string; column: string | null; message: string }

/** A dry run of a CSV file made of `rows` (the header first): the report as the console gets it. */
const dryRun = async (rows: string[][], fields: Record<string, string | object> = {}, language = 'en', client = am) => {
  const request = await uploadRequest('/api/v1/imports', { name: '客户.csv', bytes: Buffer.from(csvText(rows)) }, { dryRun: 'true', ...fields });
  const res = await client({ ...request, headers: { ...request.headers, 'accept-language': language } });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
  return res.json() as { errors: Reported[]; errorCount: number; import: { id: string; validRows: number; invalidRows: number } };
};

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('an import row without a name', () => {
  const rows: { name: string; header: string[]; row: string[]; column: string | null; message: RegExp }[] = [
    { name: 'an empty name cell beside a phone', header: ['客户名称', '手机号码'], row: ['', '13907340001'], column: '客户名称', message: /name is empty/ },
    { name: 'a name of spaces only', header: ['客户名称', '手机号码'], row: ['   ', '13907340002'], column: '客户名称', message: /name is empty/ },
    { name: 'a name of full-width spaces only', header: ['姓名', '邮箱'], row: ['\u3000\u3000', 'a@example.cn'], column: '姓名', message: /name is empty/ },
    { name: 'an empty name beside an ID number', header: ['姓名', '身份证号'], row: ['', '11010519491231002X'], column: '姓名', message: /name is empty/ },
    { name: 'a file without a name column', header: ['手机号码', '会员号'], row: ['13907340003', 'M-1'], column: null, message: /no name column/ },
  ];
  for (const { name, header, row, column, message } of rows) {
    it(`is an error saying so, not a customer named after its phone: ${name}`, async () => {
      const report = await dryRun([header, row]);
      expect(report.import).toMatchObject({ validRows: 0, invalidRows: 1 });
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: 'name', column, message: expect.stringMatching(message) })]);
    });
  }

  it('tells why in Chinese too', async () => {
    const report = await dryRun([['客户名称', '手机号码'], ['', '13907340004']], {}, 'zh-CN');
    expect(report.errors[0].message).toBe('客户名称为空，每位客户都必须有名称。');
  });
});

describe('a phone in an import', () => {
  // Valid for their region in libphonenumber's metadata (0734 Hengyang has 7-digit numbers, 0731 Changsha 8).
  const accepted: [string, string][] = [
    ['139 0734 1001', '+8613907341001'],
    ['+86 199-0734-1002', '+8619907341002'],
    ['0731-8441 2345', '+8673184412345'],
    ['0734-841 2346', '+867348412346'],
    ['(0731)8441 2347-806', '+8673184412347;ext=806'],
    ['0731-84412348 转 12', '+8673184412348;ext=12'],
    ['（０７３１）８４４１ ２３４９－８０６', '+8673184412349;ext=806'],
  ];
  const refused: [string, string][] = [
    ['12345678901', 'a mobile of a range no one uses'],
    ['14000000000', 'a mobile of an unassigned range'],
    ['1390734100', 'a mobile one digit short'],
    ['139073410011', 'a mobile one digit long'],
    ['0734-8412 3456', 'eight digits where Hengyang has seven'],
    ['13907341003-806', 'a mobile with an extension'],
    ['12345', 'five digits'],
  ];

  it('takes mobiles and fixed lines valid for their region, extensions kept as E.164 with ;ext=', async () => {
    const file = [['客户名称', '联系电话'], ...accepted.map(([phone], i) => [`电话${i}`, phone])];
    const report = await dryRun(file, { dryRun: 'false', mode: 'all_or_nothing' });
    expect(report.errors).toEqual([]);
    const stored = await rows<{ value: string }>(t.database.db,
      sql`select i.value from identities i join customers c on c.id = i.customer_id where c.import_id = ${report.import.id} and i.kind = 'phone' order by c.name`);
    expect(stored.map((r) => r.value)).toEqual(accepted.map(([, e164]) => e164));
  });

  for (const [phone, why] of refused) {
    it(`refuses ${why} (${phone}) as a row error naming the value`, async () => {
      const report = await dryRun([['客户名称', '手机号码'], ['号码错', phone]]);
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: 'phone', column: '手机号码', message: expect.stringContaining(phone) })]);
    });
  }
});

describe('an identity number in an import', () => {
  const creditCode = (first17: string) => first17 + creditCodeCheck(first17);
  // Each case its own numbers: one number, one customer.
  const codes = [...'123456789'].map((n) => creditCode(`91430100MA4L0ABC${n}`));
  const code = codes[0];
  const wrongCheck = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
  const person = idNumberFor('1985-04-12', 7);
  const otherPerson = idNumberFor('1985-04-12', 8);

  const cases: { name: string; header: string[]; row: string[]; stored?: string; error?: { field: string; column: string } }[] = [
    { name: "an enterprise's 证件号码 that is a credit code is checked as one", header: ['客户名称', '客户类型', '证件号码'], row: ['星城科技有限公司', '企业', code], stored: `credit_code:${code}` },
    { name: 'the credit code may be written with spaces and lower case', header: ['客户名称', '客户类型', '证件号码'], row: ['湘江物流', '企业', `${codes[1].slice(0, 9).toLowerCase()} ${codes[1].slice(9)}`], stored: `credit_code:${codes[1]}` },
    { name: "an enterprise's credit code with a wrong check character is refused as a credit code", header: ['客户名称', '客户类型', '证件号码'], row: ['坏代码公司', '企业', wrongCheck], error: { field: 'credit_code', column: '证件号码' } },
    { name: "a sole trader's ID card on an enterprise row is an ID card", header: ['客户名称', '客户类型', '证件号码'], row: ['个体户', '企业', person], stored: `id_number:${person}` },
    { name: "a person's 证件号码 is an ID card", header: ['客户名称', '客户类型', '证件号码'], row: ['张三', '个人', otherPerson], stored: `id_number:${otherPerson}` },
    { name: "a person's 证件号码 that is no ID card is refused as an ID card", header: ['客户名称', '证件号码'], row: ['李四', code], error: { field: 'id_number', column: '证件号码' } },
    { name: 'a column named 统一社会信用代码 holds credit codes', header: ['单位名称', '统一社会信用代码'], row: ['麓谷软件', codes[2]], stored: `credit_code:${codes[2]}` },
    { name: 'a bad value in a 统一社会信用代码 column is refused as a credit code', header: ['单位名称', '统一社会信用代码'], row: ['错码', person], error: { field: 'credit_code', column: '统一社会信用代码' } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const report = await dryRun([c.header, c.row], c.stored ? { dryRun: 'false', mode: 'all_or_nothing' } : {});
      if (c.error) {
        expect(report.errors).toEqual([expect.objectContaining({ row: 2, ...c.error })]);
        return;
      }
      expect(report.errors).toEqual([]);
      const stored = await rows<{ identity: string }>(t.database.db,
        sql`select i.kind || ':' || i.value as identity from identities i join customers c on c.id = i.customer_id where c.import_id = ${report.import.id}`);
      expect(stored.map((s) => s.identity)).toEqual([c.stored]);
    });
  }

  it('says in Chinese which rule a credit code failed', async () => {
    const report = await dryRun([['单位名称', '统一社会信用代码'], ['错码', wrongCheck]], {}, 'zh-CN');
    expect(report.errors[0].message).toMatch(/统一社会信用代码/);
  });
});

describe('a unit column in an import', () => {
  const placed = async (importId: string) => Object.fromEntries((await rows<{ name: string; unit: string; owner: string | null }>(t.database.db, sql`
    select c.name, u.code as unit, o.username as owner from customers c join org_units u on u.id = c.unit_id left join users o on o.id = c.owner_id
    where c.import_id = ${importId}`)).map((r) => [r.name, `${r.unit} ${r.owner ?? '-'}`]));

  it('places each row of a province-wide file in its local network, by Chinese or English name or unit code', async () => {
    const province = await t.as('hn.manager');
    const report = await dryRun([
      ['客户名称', '手机号码', '本地网'],
      ['株洲甲', '13907360001', '株洲'],
      ['株洲乙', '13907360002', '株洲本地网'],
      ['湘潭甲', '13907360003', 'Xiangtan'],
      ['衡阳甲', '13907360004', 'HN-HY'],
      ['长沙团队', '13907360005', '长沙公众客户部'],
      ['全角', '13907360006', ' 株洲 本地网 '],
      ['没单位', '13907360007', ''],
    ], { dryRun: 'false', mode: 'all_or_nothing' }, 'en', province);
    expect(report.errors).toEqual([]);
    expect(await placed(report.import.id)).toEqual({
      株洲甲: 'HN-ZZ -', 株洲乙: 'HN-ZZ -', 湘潭甲: 'HN-XT -', 衡阳甲: 'HN-HY -', 长沙团队: 'HN-CS-PUB -', 全角: 'HN-ZZ -', 没单位: 'HN -',
    });
  });

  const refused: [string, string][] = [['不存在', 'a unit that does not exist'], ['株洲', 'a local network the importer cannot see'], ['HN-ZZ-PUB', "another network's team by its code"], ['湖南', 'the province above the importer']];
  for (const [value, why] of refused) {
    it(`is a row error naming the value for ${why} (${value})`, async () => {
      const local = await t.as('cs.manager');
      const report = await dryRun([['客户名称', '所属单位'], ['某客户', value]], {}, 'en', local);
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: 'unit', column: '所属单位', message: expect.stringContaining(value) })]);
    });
  }

  it("keeps the import's owner only where the row's unit holds them; without a unit column rows go to the unit chosen", async () => {
    const manager = await t.as('cs.manager');
    const changsha = t.org.networks.find((n) => n.code === 'CS')!;
    const publicTeam = changsha.teams.find((team) => !team.isKeyAccounts)!;
    const owner = publicTeam.owners[0].id; // cs.am1
    const report = await dryRun([['客户名称', '手机号码', '所属单位'], ['长沙网', '13907360011', '长沙'], ['公众部', '13907360012', '长沙公众客户部'], ['政企部', '13907360013', '长沙政企客户部'], ['未填', '13907360014', '']],
      { dryRun: 'false', mode: 'all_or_nothing', unitId: publicTeam.id, ownerId: owner }, 'en', manager);
    expect(await placed(report.import.id)).toEqual({ 长沙网: 'HN-CS cs.am1', 公众部: 'HN-CS-PUB cs.am1', 政企部: 'HN-CS-KEY -', 未填: 'HN-CS-PUB cs.am1' });
    const keyTeam = changsha.teams.find((team) => team.isKeyAccounts)!.id;
    const chosen = await dryRun([['客户名称', '手机号码'], ['选定单位', '13907360015']], { dryRun: 'false', mode: 'all_or_nothing', unitId: keyTeam }, 'en', manager);
    expect(await placed(chosen.import.id)).toEqual({ 选定单位: 'HN-CS-KEY -' });
  });
});

describe('a join date (入网日期) in an import', () => {
  it('is the customer\'s "customer since", never a service start date, kept in a file with no service columns', async () => {
    const report = await dryRun([['客户名称', '手机号码', '入网日期'], ['老用户', '13907370001', '2008/3/15'], ['新用户', '13907370002', '']],
      { dryRun: 'false', mode: 'all_or_nothing' });
    expect(report.errors).toEqual([]);
    expect((report as unknown as { columns: { field: string }[] }).columns.map((c) => c.field)).toEqual(['name', 'phone', 'customerSince']);
    const stored = await rows<{ name: string; since: string | null }>(t.database.db,
      sql`select name, customer_since::text as since from customers where import_id = ${report.import.id} order by name desc`);
    expect(stored).toEqual([{ name: '老用户', since: '2008-03-15' }, { name: '新用户', since: null }]);
  });

  for (const headerName of ['join date', 'Customer since', '入网时间']) {
    it(`is read from a column named "${headerName}"`, async () => {
      const report = await dryRun([['name', headerName], ['某', '2010-01-01']]);
      expect((report as unknown as { columns: { field: string }[] }).columns[1].field).toBe('customerSince');
    });
  }

  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  for (const [value, message] of [['2023-02-29', /not a day of the calendar/], [tomorrow, /in the future/], ['去年', /not a date/], ['1850-01-01', /outside the years/]] as const) {
    it(`reports a join date the customer cannot hold (${value}) as a row error, never dropping it`, async () => {
      const report = await dryRun([['客户名称', '入网日期'], ['日期错', value]]);
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: 'customerSince', column: '入网日期', message: expect.stringMatching(message) })]);
    });
  }
});

describe('custom attributes in an import', () => {
  const file = [
    ['客户名称', '月消费', '签约日期', '套餐类型', '推荐人'],
    ['属性一', '128.50', '2023-01-05', '融合', '老客户'],
    ['属性二', '1,299', '2023/2/6', '单宽', ''],
    ['属性三', '不详', '2023.03.07', '融合', '转介绍'],
    ['属性四', '99', '下个月', '单宽', '无'],
    ['属性五', '58', '2023年4月8日', '融合', '—'],
    ['属性六', '', '', '单宽', ''],
  ];

  it('get a type inferred from their column in the dry run; cells that do not fit are warnings', async () => {
    const report = await dryRun(file) as unknown as {
      attributeTypes: { column: string; type: string; warnings: number; choices?: string[] }[];
      warnings: { row: number; column: string; value: string; type: string; message: string }[]; warningCount: number;
    };
    expect(report.attributeTypes).toEqual([
      { column: '月消费', type: 'number', warnings: 1 },
      { column: '签约日期', type: 'date', warnings: 1 },
      { column: '套餐类型', type: 'choice', warnings: 0, choices: ['单宽', '融合'] },
      { column: '推荐人', type: 'text', warnings: 0 },
    ]);
    expect(report.warnings).toEqual([
      { row: 4, column: '月消费', value: '不详', type: 'number', message: '"不详" is not a number, though the column 月消费 holds numbers.' },
      { row: 5, column: '签约日期', value: '下个月', type: 'date', message: '"下个月" is not a date, though the column 签约日期 holds dates.' },
    ]);
    expect(report.warningCount).toBe(report.warnings.length);
  });

  it('are written only once the user accepts the warnings, and then as written', async () => {
    const report = await dryRun(file.map((r, i) => (i ? [`${r[0]}甲`, ...r.slice(1)] : r)));
    const commit = (body: object) => am({ method: 'POST', url: `/api/v1/imports/${report.import.id}/commit`, payload: body });
    const refused = await commit({ mode: 'all_or_nothing' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ field: 'acceptWarnings', warningCount: 2, detail: expect.stringContaining('2 cells') });
    expect((await rows(t.database.db, sql`select 1 from customers where import_id = ${report.import.id}`))).toHaveLength(0);
    const accepted = await commit({ mode: 'all_or_nothing', acceptWarnings: true });
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(200);
    const stored = await rows<{ attributes: Record<string, string> }>(t.database.db, sql`select attributes from customers where import_id = ${report.import.id} and name = '属性三甲'`);
    expect(stored[0].attributes).toEqual({ 月消费: '不详', 签约日期: '2023.03.07', 套餐类型: '融合', 推荐人: '转介绍' });
  });
});

describe('what an import report says', () => {
  it('names an existing customer by number and name, never by id, and an identity by its label', async () => {
    const existing = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '既有客户', identities: [{ kind: 'phone', value: '13907380001' }] } })).json();
    for (const [language, label] of [['en', 'Phone'], ['zh-CN', '手机号码']]) {
      const report = await dryRun([['客户名称', '手机号码'], ['再来', '13907380001']], {}, language) as unknown as { duplicates: { message: string; existingCustomerNumber: string; existingCustomerName: string }[] };
      expect(report.duplicates[0]).toMatchObject({ existingCustomerNumber: existing.number, existingCustomerName: '既有客户' });
      expect(report.duplicates[0].message).toContain(`${existing.number} 既有客户`);
      expect(report.duplicates[0].message).toContain(label);
      expect(report.duplicates[0].message).not.toContain(existing.id);
      expect(report.duplicates[0].message).not.toMatch(/\bphone\b|id_number/);
    }
  });

  it('names a field by its label in the reader\'s language, not its key', async () => {
    for (const [language, label] of [['en', 'birth date'], ['zh-CN', '出生日期']]) {
      const request = await uploadRequest('/api/v1/imports', { name: 'x.csv', bytes: Buffer.from(csvText([['生日', '出生', '姓名'], ['1990-01-01', '1990-01-01', '某']])) },
        { mapping: { 生日: 'birthDate', 出生: 'birthDate' } });
      const res = await am({ ...request, headers: { ...request.headers, 'accept-language': language } });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain(label);
      expect(res.json().detail).not.toContain('birthDate');
    }
  });
});
