import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { storedServices } from '../test/written.ts';

let t: TestApp;
let am: Client;
let customerId: string;
beforeAll(async () => {
  t = await startTestApp({ customers: 5 });
  am = await t.as('cs.am1');
  customerId = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '时间线测试', identities: [{ kind: 'phone', value: '18907310001' }] } })).json().id;
});
afterAll(() => t.close());

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd2d5c0000000049454e44ae426082', 'hex');
function upload(fileName: string, bytes: Buffer, client = am, id = customerId) {
  const boundary = 'xiangboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client({ method: 'POST', url: `/api/v1/customers/${id}/attachments`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('the timeline', () => {
  it('says which staff role wrote an entry, so a salesperson\'s visit is not called an account manager\'s', async () => {
    const sales = await t.as('cs.sales');
    const id = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '谁来拜访' } })).json().id;
    const written = await sales({ method: 'POST', url: `/api/v1/customers/${id}/interactions`, payload: {
      kind: 'promotional', channel: 'staff', type: 'offer.made', summary: '推荐千兆宽带' } });
    expect(written.statusCode, written.body).toBe(201);
    expect(written.json().actorRole).toBe('sales');
    await am({ method: 'POST', url: `/api/v1/customers/${id}/interactions`, payload: { kind: 'descriptive', channel: 'staff', type: 'note', summary: '电话回访' } });
    const { items } = (await am({ method: 'GET', url: `/api/v1/customers/${id}/timeline?channel=staff` })).json();
    expect(items.find((i: { summary: string }) => i.summary === '推荐千兆宽带').actorRole).toBe('sales');
    expect(items.find((i: { summary: string }) => i.summary === '电话回访').actorRole).toBe('account_manager');
  });

  it('keeps a note with an image: the type comes from the bytes, and the file comes back as stored', async () => {
    const uploaded = await upload('拜访照片.jpg', png);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().mediaType).toBe('image/png');
    const note = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: {
      kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '上门拜访，客户家有两台电视', attachmentIds: [uploaded.json().id],
    } });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().attachments).toHaveLength(1);
    expect(note.json().actorName).toBe('长沙客户经理一');
    const file = await am({ method: 'GET', url: `/api/v1/customers/${customerId}/attachments/${uploaded.json().id}` });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(png)).toBe(true);
  });

  it('refuses programs and empty files, and an attachment cannot be reused on another entry', async () => {
    const exe = await upload('invoice.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1), Buffer.from('PE\0\0')]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().field).toBe('file');
    expect((await upload('empty.txt', Buffer.alloc(0))).statusCode).toBe(400);
    const text = await upload('notes.txt', Buffer.from('客户要求下周回电'));
    expect(text.json().mediaType).toBe('text/plain');
    const first = { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: 'one', attachmentIds: [text.json().id] };
    expect((await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: first })).statusCode).toBe(201);
    const again = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: { ...first, summary: 'two' } });
    expect(again.statusCode).toBe(400);
    expect(again.json().field).toBe('attachmentIds');
  });

  it('refuses a file over the upload limit with 413, storing nothing', async () => {
    const res = await upload('big.wav', Buffer.alloc(6 * 1024 * 1024, 7));
    expect(res.statusCode).toBe(413);
  });

  it('filters by kind and channel and pages newest first without repeats', async () => {
    for (let i = 0; i < 7; i++) {
      await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: {
        kind: i % 2 ? 'promotional' : 'transactional', channel: i % 2 ? 'sms' : 'store', type: i % 2 ? 'campaign.sms' : 'purchase',
        summary: `条目 ${i}`, occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      } });
    }
    const promotional = (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline?kind=promotional` })).json().items;
    expect(promotional.map((i: { summary: string }) => i.summary)).toEqual(['条目 5', '条目 3', '条目 1']);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` })).json();
      seen.push(...page.items.map((i: { id: number }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(9); // two notes, seven entries; the refused note left nothing
    expect((await am({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline?cursor=garbage` })).json().field).toBe('cursor');
  });

  it('shows it all on the 360° view with services, bills and figures', async () => {
    const productId = (await am({ method: 'GET', url: '/api/v1/products' })).json().items.find((p: { code: string }) => p.code === 'MOB-89').id;
    await am({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, payload: { productId, serviceNumber: '189 0731 0001', startDate: '2026-01-01' } });
    const view = (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/360` })).json();
    expect(view.customer.name).toBe('时间线测试');
    expect(view.identities[0]).toMatchObject({ value: '189****0001', isMasked: true });
    expect(view.subscriptions[0]).toMatchObject({ productName: '畅享 89元套餐', serviceNumber: '189****0001', isMasked: true, monthlyFeeFen: 8900 });
    expect(await storedServices(t.database.db, customerId)).toEqual(['+8618907310001 2026-01-01']);
    expect(view.figures.monthlyFeeFen).toBe(8900);
    expect(view.figures.interactions.promotional).toBe(3);
    expect(view.timeline.items.length).toBe(9);
  });

  it('answers an oversized JSON body with 413 and problem+json', async () => {
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: { kind: 'descriptive', channel: 'staff', type: 'x', summary: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
