/**
 * The contact centre's intake (热线与信箱): messages per second through the complaint mailbox's
 * SMTP endpoint, sent by nodemailer on 4 pooled connections, beside a bare `smtp-server` in this
 * process that parses each message (mailparser) and throws it away, in the same run, with the
 * same messages; then calls posted per second over HTTP (`POST /api/v1/hotline/calls`, a staff
 * API token, 4 at a time). Mailbox/bare is what matching the sender, the blob store, the row, the
 * timeline entry and the audit trail, in one durable transaction before the 250, cost.
 *
 *   node --import tsx bench/mailbox.ts [--messages 5000] [--calls 5000] [--db xiang_bench_mailbox] [--port 3277]
 *   CI:  --tiny (200 messages, 200 calls)
 *
 * Ports: the HTTP server on --port, its mailbox on the next, the bare SMTP server on the one after.
 * Makes its own PostgreSQL database (dropped and made again) with 400 demo customers; three in ten
 * have an e-mail, and the messages come from those, so each is matched and lands on a timeline.
 */
import { once } from 'node:events';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { signIn, startServer, stopServer, waitForHealth } from './server.ts';
import { hasFlag, option, percentile } from './options.ts';

const isTiny = hasFlag('--tiny');
const messageCount = Number(option('--messages', isTiny ? '200' : '5000'));
const callCount = Number(option('--calls', isTiny ? '200' : '5000'));
const dbName = option('--db', 'xiang_bench_mailbox');
const port = Number(option('--port', '3277'));
if (port < 3200 || port > 3297) throw new Error('use a port in 3200–3297 (the next two are taken too)');
const [mailboxPort, barePort] = [port + 1, port + 2];
const address = 'complaints@operator.example';
const connections = 4;

const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const server = startServer({ port, databaseUrl, stdio: 'ignore',
  env: { DEMO: '1', DEMO_CUSTOMERS: '400', MAILBOX_SMTP_PORT: String(mailboxPort), MAILBOX_ADDRESS: address } });
const client = new pg.Client({ connectionString: databaseUrl });
const bare = new SMTPServer({
  authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], size: 10 * 1024 * 1024, logger: false,
  onData(stream, _session, callback) { simpleParser(stream).then(() => callback(), callback); },
});
try {
  await waitForHealth(server.url, server.child);
  await client.connect();
  for (let i = 0; ; i++) {
    const { rows: [{ n }] } = await client.query<{ n: number }>('select count(*)::int as n from customers');
    if (n >= 400) break;
    if (i > 1200) throw new Error('demo customers did not load');
    await new Promise((r) => setTimeout(r, 100));
  }
  bare.listen(barePort, '127.0.0.1');
  await once(bare.server, 'listening');
  const { rows: senders } = await client.query<{ value: string }>(`select value from identities where kind = 'email' order by value`);
  const body = '您好，我家宽带从周一开始每天晚上八点以后频繁掉线，光猫的 LOS 灯闪红，已经重启过多次，麻烦尽快安排上门检修。\n'.repeat(8);
  const messages = (run: string) => Array.from({ length: messageCount }, (_, i) => ({
    from: senders[i % senders.length].value, to: address, subject: `宽带掉线投诉 ${i}`, text: body, messageId: `<bench-${run}-${i}@example.cn>`,
  }));

  /** Messages per second through one SMTP server, on `connections` pooled connections. */
  async function sendAll(smtpPort: number, run: string) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity });
    const list = messages(run);
    const started = performance.now();
    await Promise.all(list.map((m) => transport.sendMail(m)));
    const seconds = (performance.now() - started) / 1000;
    transport.close();
    return list.length / seconds;
  }
  const bareRate = await sendAll(barePort, 'bare');
  const mailboxRate = await sendAll(mailboxPort, 'mailbox');
  const { rows: [kept] } = await client.query<{ n: number; matched: number; timeline: number }>(`select count(*)::int as n, count(customer_id)::int as matched,
    (select count(*)::int from interactions where type = 'mailbox.message') as timeline from mailbox_messages`);
  if (kept.n !== messageCount || kept.timeline !== kept.matched) throw new Error(`mailbox kept ${kept.n} of ${messageCount}, ${kept.timeline} on timelines of ${kept.matched} matched`);
  console.log(`SMTP, ${messageCount.toLocaleString('en')} messages of ${Buffer.byteLength(body)} bytes on ${connections} connections: mailbox ${mailboxRate.toFixed(0)} msg/s `
    + `(${kept.matched} matched, each on a timeline) | bare smtp-server + mailparser ${bareRate.toFixed(0)} msg/s | mailbox/bare ${(mailboxRate / bareRate).toFixed(2)}`);

  // 热线: the call centre's token (the Changsha service desk), 4 posts in flight, each a new call from a customer's number.
  const secret = await signIn(server.url, 'cs.agent');
  const tokenRes = await fetch(`${server.url}/api/v1/api-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `xiang_session=${encodeURIComponent(secret)}` }, body: JSON.stringify({ name: 'bench call centre' }) });
  const { token } = await tokenRes.json() as { token: string };
  const { rows: numbers } = await client.query<{ value: string }>(`select i.value from identities i join customers c on c.id = i.customer_id
    join org_units u on u.id = c.unit_id where i.kind = 'phone' and u.path like (select path from org_units where code = 'HN-CS') || '%' order by i.value`);
  let next = 0;
  const ms: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let i = next++; i < callCount; i = next++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/hotline/calls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ callId: `BENCH-${i}`, number: numbers[i % numbers.length]?.value ?? '13907310001', direction: 'inbound', outcome: 'resolved',
          startedAt: new Date(Date.now() - i * 1000).toISOString(), durationSeconds: 30 + (i % 600), note: '咨询套餐资费' }) });
      if (res.status !== 201) throw new Error(`call ${i}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      ms.push(performance.now() - t0);
    }
  }));
  const callRate = callCount / ((performance.now() - started) / 1000);
  const { rows: [calls] } = await client.query<{ n: number; matched: number }>('select count(*)::int as n, count(customer_id)::int as matched from hotline_calls');
  console.log(`HTTP, ${callCount.toLocaleString('en')} calls posted ${connections} at a time: ${callRate.toFixed(0)} calls/s, p50 ${percentile(ms, 0.5).toFixed(1)} ms p99 ${percentile(ms, 0.99).toFixed(1)} ms `
    + `(${calls.matched} of ${calls.n} matched to a customer by number)`);
} finally {
  await new Promise<void>((resolve) => bare.close(() => resolve()));
  await client.end().catch(() => {});
  await stopServer(server.child);
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
