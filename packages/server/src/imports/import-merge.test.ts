import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { storedIdentities, storedServices } from '../test/written.ts';
import { csvText, parseCsvAnswer, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client; // Changsha account manager
let zzAm: Client; // Zhuzhou account manager
let oldWangId: string;
let jiaId: string;
let yiId: string;
let zzCustomerId: string;
let importId: string;

const header = ['客户名称', '手机号码', '邮箱', '性别', '地址', '标签', '产品编码', '业务号码', '来源', '会员卡等级'];
/** Rows that name customers who already exist, each differently. Line numbers on the right. */
const file = Buffer.from(csvText([
  header, //                                                                                                             1
  ['王老五', '+86 139-0734-0001', 'LaoWang@Example.com', '男', '长沙市天心区1号', '5G', 'MOB-58', '139 0734 0001', '网厅', '金卡'], // 2 老王, another format
  ['王老五', '13907340001', '', '', '', '', 'BB-300M', 'CS7340001', '', ''], //                                         3 老王's second service
  ['甲乙', '13907340002', 'yi@example.com', '', '', '', '', '', '', ''], //                                              4 phone of 甲, e-mail of 乙
  ['外地', '13907348888', 'waidi@example.com', '', '', '', '', '', '', ''], //                                           5 a Zhuzhou customer
  ['新客户', '13907340009', '', '', '', '', '', '', '', ''], //                                                           6 new
]));

const upload = async (fields: Record<string, string>) => am(await uploadRequest('/api/v1/imports', { name: '合并.csv', bytes: file }, fields));
const customer = async (id: string) => (await am({ method: 'GET', url: `/api/v1/customers/${id}` })).json();
const identitiesOf = (id: string) => storedIdentities(t.database.db, id);
// Service numbers as stored: answers show them masked (PIPL).
const servicesOf = async (id: string) => (await storedServices(t.database.db, id)).map((s) => s.split(' ')[0]).sort();
const create = async (client: Client, name: string, identities: { kind: string; value: string }[], extra: object = {}) => {
  const res = await client({ method: 'POST', url: '/api/v1/customers', payload: { name, identities, ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await startTestApp({ customers: 5 });
  am = await t.as('cs.am1');
  zzAm = await t.as('zz.am1');
  oldWangId = await create(am, '老王', [{ kind: 'phone', value: '13907340001' }], { tags: ['老用户'], attributes: { 来源: '门店' } });
  jiaId = await create(am, '甲', [{ kind: 'phone', value: '13907340002' }]);
  yiId = await create(am, '乙', [{ kind: 'email', value: 'yi@example.com' }]);
  zzCustomerId = await create(zzAm, '株洲客户', [{ kind: 'phone', value: '13907348888' }]);
});
afterAll(() => t.close());

describe('customer import, merging duplicates into existing customers', () => {
  it('says in the dry run how many duplicate rows could be merged, without naming another unit\'s customer', async () => {
    const res = await upload({ dryRun: 'true' });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    importId = report.import.id;
    expect(report.import).toMatchObject({ validRows: 1, duplicateRows: 4, mergedRows: 0 });
    expect(report.mergeableRows).toBe(2);
    expect(res.body).not.toContain(zzCustomerId);
  });

  it('merges rows that name one visible customer: adds what it lacks, overwrites nothing, audits the change', async () => {
    const res = await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'merge_duplicates' } });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.import).toMatchObject({ status: 'committed', createdCustomers: 1, mergedRows: 2, mergedCustomers: 1, duplicateRows: 2 });
    expect(report.merged).toEqual([{ row: 2, customerId: oldWangId }, { row: 3, customerId: oldWangId }]);
    expect(report.duplicates.map((d: { row: number }) => d.row)).toEqual([4, 5]);

    const oldWang = await customer(oldWangId);
    expect(oldWang).toMatchObject({ name: '老王', gender: 'male', address: '长沙市天心区1号', tags: ['老用户', '5G'], attributes: { 来源: '门店', 会员卡等级: '金卡' } });
    expect(await identitiesOf(oldWangId)).toEqual(['email:laowang@example.com', 'phone:+8613907340001']);
    expect(await servicesOf(oldWangId)).toEqual(['+8613907340001', 'CS7340001']);

    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${oldWangId}` })).json().items;
    const merged = trail.find((e: { action: string }) => e.action === 'customer.import_merged');
    expect(merged.before).toEqual({ gender: null, address: null, tags: ['老用户'], attributes: { 来源: '门店' }, identities: [], services: [] });
    expect(merged.after).toEqual({
      gender: 'male', address: '长沙市天心区1号', tags: ['老用户', '5G'], attributes: { 来源: '门店', 会员卡等级: '金卡' },
      identities: ['email:laowang@example.com'], services: ['+8613907340001', 'CS7340001'], importId, rows: [2, 3],
    });
    const importTrail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer_import&entityId=${importId}` })).json().items;
    expect(importTrail[0]).toMatchObject({ action: 'customer.imported', after: { mode: 'merge_duplicates', mergedRows: 2, mergedCustomers: 1 } });
  });

  it('leaves a row that names two customers, or another unit\'s customer, a duplicate, and reveals no hidden id', async () => {
    expect(await identitiesOf(jiaId)).toEqual(['phone:+8613907340002']);
    expect(await identitiesOf(yiId)).toEqual(['email:yi@example.com']);
    expect((await zzAm({ method: 'GET', url: `/api/v1/customers/${zzCustomerId}/identities` })).json().items).toHaveLength(1);
    expect(await identitiesOf(zzCustomerId)).toEqual(['phone:+8613907348888']);

    const { duplicates } = (await am({ method: 'GET', url: `/api/v1/imports/${importId}` })).json();
    expect(duplicates).toEqual([
      // One row, one entry: the row names two customers, and says so.
      expect.objectContaining({ row: 4, field: 'phone', existingCustomerId: jiaId, message: expect.stringMatching(/2 different existing customers/) }),
      expect.objectContaining({ row: 5, field: 'phone', existingCustomerId: null }),
    ]);
    const csv = await am({ method: 'GET', url: `/api/v1/imports/${importId}/errors.csv` });
    expect(csv.body).not.toContain(zzCustomerId);
    // Merged rows were taken; only the rows still duplicates are in the error report.
    expect(parseCsvAnswer(csv.body.slice(1)).slice(1).map((l) => Number(l[1]))).toEqual([4, 5]);
  });

  it('undo archives the created customer and takes the merged additions out again, keeping what was changed since', async () => {
    // Someone corrects the imported address afterwards: undo must not lose that.
    expect((await am({ method: 'PATCH', url: `/api/v1/customers/${oldWangId}`, payload: { address: '长沙市天心区2号' } })).statusCode).toBe(200);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${importId}/undo` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      archivedCustomers: 1, unmergedCustomers: 1, keptAdditions: 1,
      removedAdditions: { identities: 1, services: 2, tags: 1, attributes: 1, fields: 1 },
    });
    expect(await customer(oldWangId)).toMatchObject({
      name: '老王', gender: null, address: '长沙市天心区2号', tags: ['老用户'], attributes: { 来源: '门店' }, status: 'active',
    });
    expect(await identitiesOf(oldWangId)).toEqual(['phone:+8613907340001']);
    expect(await servicesOf(oldWangId)).toEqual([]);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${oldWangId}` })).json().items;
    expect(trail[0]).toMatchObject({
      action: 'customer.import_merge_undone',
      before: { gender: 'male', identities: ['email:laowang@example.com'], services: ['+8613907340001', 'CS7340001'] },
      after: { gender: null, identities: [], services: [], importId },
    });
  });

  it('refuses merging for a caller who may not import, and another unit\'s import does not exist', async () => {
    const agent = await t.as('cs.agent');
    expect((await agent({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'merge_duplicates' } })).statusCode).toBe(403);
    expect((await zzAm({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'merge_duplicates' } })).statusCode).toBe(404);
    expect((await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'merge_everything' } })).statusCode).toBe(400);
  });
});

describe('undoing a merge import after a merged customer has moved to another unit', () => {
  it('refuses the importer, changing nothing, and lets someone who sees both units undo it', async () => {
    const customerId = await create(am, '迁出客户', [{ kind: 'phone', value: '13907340077' }]);
    const moving = Buffer.from(csvText([['客户名称', '手机号码', '邮箱'], ['迁出客户', '13907340077', 'move@example.com']]));
    const commit = await am(await uploadRequest('/api/v1/imports', { name: '迁出.csv', bytes: moving }, { dryRun: 'false', mode: 'merge_duplicates' }));
    expect(commit.statusCode, commit.body).toBe(201);
    expect(commit.json().import).toMatchObject({ status: 'committed', mergedRows: 1 });
    const movedImportId = commit.json().import.id;

    const province = await t.as('hn.manager');
    const zhuzhou = t.org.networks.find((n) => n.code === 'ZZ')!.teams[0].id;
    const move = await province({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [customerId], unitId: zhuzhou, ownerId: null } });
    expect(move.statusCode, move.body).toBe(200);

    const refused = await am({ method: 'POST', url: `/api/v1/imports/${movedImportId}/undo` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('outside your units');
    expect((await province({ method: 'GET', url: `/api/v1/customers/${customerId}/identities` })).json().items).toHaveLength(2);
    expect(await storedIdentities(t.database.db, customerId)).toEqual(['email:move@example.com', 'phone:+8613907340077']);
    expect((await am({ method: 'GET', url: `/api/v1/imports/${movedImportId}` })).json().import.status).toBe('committed');

    const undone = await province({ method: 'POST', url: `/api/v1/imports/${movedImportId}/undo` });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ unmergedCustomers: 1, removedAdditions: { identities: 1 } });
    expect(await identitiesOf(customerId)).toEqual(['phone:+8613907340077']);
  });
});
