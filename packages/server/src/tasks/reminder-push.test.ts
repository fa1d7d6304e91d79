import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggingGateways } from '../notifications/gateways.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { TestSocket, type Received, listening, sessionCookie } from '../test/sockets.ts';
import { emailDueReminders } from './reminders.ts';

/**
 * The console's bell is told at once, on its owner's `user:<id>` topic, when a reminder's time
 * comes and when a colleague gives them a task; nobody else hears of it.
 */
let t: TestApp;
let url: string;
let origin: string;
const remindNow = () => emailDueReminders(t.database.db, loggingGateways(() => {}).email, { timeZone: 'Asia/Shanghai' });

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  ({ origin, url } = await listening(t.app));
});
afterAll(() => t.close());

const cookieOf = (username: string) => sessionCookie(t, username);

/** A console tab of `username`, following its own topic. */
async function bellOf(username: string) {
  const cookie = await cookieOf(username);
  const socket = await TestSocket.open(url, { origin, cookie });
  const { userId } = await socket.next((m) => m.type === 'ready') as unknown as { userId: string };
  socket.send({ op: 'subscribe', topics: [`user:${userId}`] });
  expect((await socket.next((m) => m.type === 'subscribed')).topics).toEqual([`user:${userId}`]);
  return { socket, userId, cookie };
}

async function newTask(cookie: string, task: { title: string; assigneeId?: string; remindAt?: string }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/tasks', headers: { cookie },
    payload: { dueAt: new Date(Date.now() + 3_600_000).toISOString(), ...task } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

const about = (type: string, taskId: string) => (m: Received) => m.type === 'event' && m.event?.type === type && m.event.entityId === taskId;

describe('task reminders pushed to the assignee', () => {
  it('tells the assignee when a colleague gives them a task or hands one over, and no one else', async () => {
    const manager = await bellOf('cs.manager');
    const am = await bellOf('cs.am1');
    const agent = await bellOf('cs.agent');
    const given = await newTask(manager.cookie, { title: '经理交办', assigneeId: am.userId });
    expect(await am.socket.next(about('task.created', given.id))).toMatchObject({ topics: [`user:${am.userId}`], event: { entity: 'task', entityId: given.id } });

    // The agent's next news is their own task: by then the colleague's would have come before it.
    const own = await newTask(manager.cookie, { title: '给客服的', assigneeId: agent.userId });
    await agent.socket.next(about('task.created', own.id));
    expect(agent.socket.received.some(about('task.created', given.id))).toBe(false);
    expect(manager.socket.received.filter((m) => m.type === 'event')).toEqual([]);

    // Handed over later is given too.
    const handedOver = await t.app.inject({ method: 'PATCH', url: `/api/v1/tasks/${own.id}`, headers: { cookie: manager.cookie }, payload: { assigneeId: am.userId } });
    expect(handedOver.statusCode).toBe(200);
    await am.socket.next(about('task.changed', own.id));
    await Promise.all([manager, am, agent].map((b) => b.socket.close()));
  });

  it('tells the assignee when the reminder job finds its time has come, once, and no one else', async () => {
    const am = await bellOf('cs.am1');
    const key = await bellOf('cs.key1');
    const task = await newTask(am.cookie, { title: '到点提醒', remindAt: new Date(Date.now() + 400).toISOString() });
    await am.socket.next(about('task.created', task.id));
    await new Promise((r) => setTimeout(r, 500));
    await remindNow();
    const rung = await am.socket.next(about('task.reminder_due', task.id));
    expect(rung).toMatchObject({ topics: [`user:${am.userId}`], event: { entity: 'task' } });
    // What the message says is only what changed: the bell reads the reminder again through the API.
    expect(JSON.stringify(rung)).not.toContain('到点提醒');
    const summary = await t.app.inject({ method: 'GET', url: '/api/v1/tasks/summary', headers: { cookie: am.cookie } });
    expect(summary.json().reminders.map((r: { id: string }) => r.id)).toContain(task.id);

    // Handed out once: the next round announces nothing more for it.
    await remindNow();
    const sentinel = await newTask(am.cookie, { title: '之后的' });
    await am.socket.next(about('task.created', sentinel.id));
    expect(am.socket.received.filter(about('task.reminder_due', task.id))).toHaveLength(1);

    const keysOwn = await newTask(key.cookie, { title: '自己的' });
    await key.socket.next(about('task.created', keysOwn.id));
    expect(key.socket.received.some(about('task.reminder_due', task.id))).toBe(false);
    await Promise.all([am, key].map((b) => b.socket.close()));
  });
});
