import { and, eq, gt, inArray, isNull, not } from 'drizzle-orm';
import type { WebSocket } from 'ws';
import type { Database, Db } from '../db/index.ts';
import { Problem } from '../errors.ts';
import type { Language } from '../messages.ts';
import { apiTokens, sessions, users } from '../auth/schema.ts';
import { isInScope, type Scope } from '../scope.ts';
import { cursorOf, headOf, isAfter, isWaiting, readAfter, start, type OutboxEvent, type Position } from './outbox-reader.ts';
import type { TopicKind } from './topics.ts';

export interface HubOptions {
  /** Pings go out this often; a socket that has not answered the last one is closed. Credentials are checked as often. */
  heartbeatMs: number;
  /** Events read from the outbox at a time. */
  batch?: number;
  /** A resume further behind than this many events is told to reload instead of replayed. */
  replayLimit?: number;
  /** Bytes waiting to be sent to a socket before it is closed as too slow (it can resume). */
  maxBuffered?: number;
}

/** Close codes a client acts on: sign in again, or reconnect and resume. */
export const closeCodes = { signedOut: 4401, tooSlow: 4408, shuttingDown: 1001 } as const;

interface Subscription { kind: TopicKind; keys: string[] }

export interface Connection {
  socket: WebSocket;
  scope: Scope;
  language: Language;
  topics: Map<string, Subscription>;
  /** Nothing at or before this place is sent live: a resume from a process further ahead. */
  floor: Position;
  isAlive: boolean;
}

const channel = 'outbox_events';
const maxTopics = 200;
/** A heartbeat's pings go out in this many slices across its interval, not all at once. */
const beatSlices = 10;

/**
 * One per process. Follows the outbox from its own cursor, woken by NOTIFY (every process
 * listens on PostgreSQL; the embedded store notifies in-process), and sends each event to the
 * sockets subscribed to one of its topics whose scope holds the event's unit. Reading,
 * delivering and replaying a resume run one after another, so a socket never gets an event
 * twice nor misses one between its replay and live delivery.
 */
export class Hub {
  private head: Position = start;
  private readonly connections = new Set<Connection>();
  /** kind → key → subscribed connections and the topics they follow it by. */
  private readonly index = new Map<TopicKind, Map<string, Map<Connection, Set<string>>>>();
  private queue: Promise<unknown> = Promise.resolve();
  private isPumpQueued = false;
  private retryMs = 0;
  private timers: NodeJS.Timeout[] = [];
  /** The sockets of the heartbeat under way, and the next slice of them to ping. */
  private beatRound: Connection[] = [];
  private beatSlice = 0;
  private stopListening: () => Promise<void> = async () => {};
  private isStopped = false;
  private readonly batch: number;
  private readonly replayLimit: number;
  private readonly maxBuffered: number;

  constructor(private readonly database: Database, private readonly kinds: readonly TopicKind[], private readonly options: HubOptions) {
    this.batch = options.batch ?? 500;
    this.replayLimit = options.replayLimit ?? 10_000;
    this.maxBuffered = options.maxBuffered ?? 4 * 1024 * 1024;
  }

  private get db(): Db { return this.database.db; }

  get cursor(): string { return cursorOf(this.head); }
  get size(): number { return this.connections.size; }

  async start(): Promise<void> {
    this.head = await headOf(this.db);
    this.stopListening = await this.database.listen(channel, () => this.wake());
    this.timers.push(setInterval(() => void this.beat(), this.options.heartbeatMs / beatSlices));
    // A safety net: should a notification ever be lost, events still arrive within seconds.
    this.timers.push(setInterval(() => this.wake(), 10_000));
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    // A pump's retry timer may still fire; once stopped the hub reads nothing more.
    this.isStopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.stopListening();
    for (const connection of this.connections) connection.socket.close(closeCodes.shuttingDown, 'server stopping');
    await this.queue;
  }

  /** Something may have been written to the outbox: read on from the cursor. */
  wake(): void {
    if (this.isPumpQueued || this.isStopped) return;
    this.isPumpQueued = true;
    void this.enqueue(async () => {
      this.isPumpQueued = false;
      await this.pump();
    });
  }

  add(connection: Connection): void {
    this.connections.add(connection);
    connection.socket.on('pong', () => { connection.isAlive = true; });
    connection.socket.on('close', () => this.remove(connection));
  }

  /**
   * Opens each topic through the caller's scope, then (in turn with live delivery) replays what
   * the named topics missed after `after`. Refused topics are answered, never silently dropped.
   */
  async subscribe(connection: Connection, topics: readonly string[], after?: Position): Promise<void> {
    const opened: [string, Subscription][] = [];
    const refused: { topic: string; status: number; detail: string }[] = [];
    for (const topic of new Set(topics)) {
      if (connection.topics.has(topic)) continue;
      if (connection.topics.size + opened.length >= maxTopics) {
        refused.push({ topic, status: 400, detail: `A socket follows at most ${maxTopics} topics.` });
        continue;
      }
      const kind = this.kinds.find((k) => k.pattern.test(topic));
      if (!kind) { refused.push({ topic, status: 400, detail: 'No such topic.' }); continue; }
      try {
        opened.push([topic, { kind, keys: await kind.open(this.db, connection.scope, kind.pattern.exec(topic)![1]) }]);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        refused.push({ topic, status: error.status, detail: error.detailIn(connection.language) });
      }
    }
    await this.enqueue(async () => {
      if (!this.connections.has(connection)) return;
      // Catch up first: what was committed before this subscription is its past, not news (the
      // NOTIFY of a change made just before may not have been read yet).
      await this.pump();
      for (const [topic, subscription] of opened) this.register(connection, topic, subscription);
      let isReset = false;
      if (after) {
        if (isAfter(after, this.head)) connection.floor = after;
        else isReset = !(await this.replay(connection, new Map(opened), after));
      }
      send(connection, JSON.stringify({ type: 'subscribed', topics: opened.map(([t]) => t), refused, cursor: this.cursor, ...(isReset ? { reset: true } : {}) }));
    });
  }

  unsubscribe(connection: Connection, topics: readonly string[]): void {
    for (const topic of topics) {
      const subscription = connection.topics.get(topic);
      if (!subscription) continue;
      connection.topics.delete(topic);
      const byKey = this.index.get(subscription.kind);
      for (const key of subscription.keys) {
        const followers = byKey?.get(key);
        const followed = followers?.get(connection);
        followed?.delete(topic);
        if (followed && !followed.size) followers!.delete(connection);
        if (followers && !followers.size) byKey!.delete(key);
      }
    }
  }

  private remove(connection: Connection): void {
    this.unsubscribe(connection, [...connection.topics.keys()]);
    this.connections.delete(connection);
  }

  private register(connection: Connection, topic: string, subscription: Subscription): void {
    connection.topics.set(topic, subscription);
    let byKey = this.index.get(subscription.kind);
    if (!byKey) this.index.set(subscription.kind, byKey = new Map());
    for (const key of subscription.keys) {
      let followers = byKey.get(key);
      if (!followers) byKey.set(key, followers = new Map());
      let followed = followers.get(connection);
      if (!followed) followers.set(connection, followed = new Set());
      followed.add(topic);
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => console.error('realtime: reading the outbox failed', error));
    return run;
  }

  private async pump(): Promise<void> {
    for (;;) {
      const events = await readAfter(this.db, this.head, this.batch);
      for (const event of events) {
        this.deliver(event);
        this.head = event;
      }
      if (events.length < this.batch) break;
    }
    // Committed events behind a transaction still running: look again soon, then less often.
    if (await isWaiting(this.db, this.head)) {
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 20), 1_000);
      setTimeout(() => this.wake(), this.retryMs).unref();
    } else {
      this.retryMs = 0;
    }
  }

  /** Who gets an event, and by which of their topics. */
  private followersOf(event: OutboxEvent, only?: Connection, topics?: Map<string, Subscription>): Map<Connection, string[]> {
    const found = new Map<Connection, string[]>();
    for (const kind of this.kinds) {
      const byKey = this.index.get(kind);
      if (!byKey) continue;
      for (const key of kind.keysOf(event)) {
        if (!key) continue;
        for (const [connection, followed] of byKey.get(key) ?? []) {
          if (only && connection !== only) continue;
          if (!kind.isPersonal && !(event.unitId && isInScope(connection.scope, event.unitId))) continue;
          for (const topic of followed) {
            if (topics && !topics.has(topic)) continue;
            const list = found.get(connection) ?? [];
            if (!list.includes(topic)) list.push(topic);
            found.set(connection, list);
          }
        }
      }
    }
    return found;
  }

  private deliver(event: OutboxEvent): void {
    // Serialised and encoded once for all who follow it by the same topics, not once a socket.
    const messages = new Map<string, Buffer>();
    for (const [connection, topics] of this.followersOf(event)) {
      if (!isAfter(event, connection.floor)) continue;
      const key = topics.join('\n');
      let message = messages.get(key);
      if (!message) messages.set(key, message = Buffer.from(messageOf(event, topics)));
      this.sendOrDrop(connection, message);
    }
  }

  /** Replays what the given topics missed after `after`, up to the cursor; false when too far behind. */
  private async replay(connection: Connection, topics: Map<string, Subscription>, after: Position): Promise<boolean> {
    let position = after;
    let scanned = 0;
    while (isAfter(this.head, position)) {
      if (scanned >= this.replayLimit) return false;
      const events = await readAfter(this.db, position, this.batch);
      if (!events.length) break;
      for (const event of events) {
        if (isAfter(event, this.head)) return true;
        const followed = this.followersOf(event, connection, topics).get(connection);
        if (followed) this.sendOrDrop(connection, messageOf(event, followed));
        position = event;
      }
      scanned += events.length;
    }
    return true;
  }

  private sendOrDrop(connection: Connection, message: string | Buffer): void {
    if (connection.socket.bufferedAmount > this.maxBuffered) {
      connection.socket.close(closeCodes.tooSlow, 'too slow: reconnect and resume from your cursor');
      return;
    }
    send(connection, message);
  }

  /**
   * One slice of the heartbeat: a ping to the next tenth of the sockets, those that did not answer
   * the last one closed. Spread over the interval so that neither this process nor a client with
   * many sockets has thousands of pings to handle at one moment; each socket still gets one ping an
   * interval and that interval to answer it. At each interval's start every credential is checked.
   */
  private async beat(): Promise<void> {
    if (this.beatSlice === 0) this.beatRound = [...this.connections];
    const round = this.beatRound;
    const from = Math.floor((round.length * this.beatSlice) / beatSlices);
    const to = Math.floor((round.length * (this.beatSlice + 1)) / beatSlices);
    const isStart = this.beatSlice === 0;
    this.beatSlice = (this.beatSlice + 1) % beatSlices;
    for (let i = from; i < to; i++) {
      const connection = round[i];
      if (!this.connections.has(connection)) continue;
      if (!connection.isAlive) { connection.socket.terminate(); this.remove(connection); continue; }
      connection.isAlive = false;
      connection.socket.ping();
    }
    if (!isStart) return;
    try {
      await this.closeEnded();
    } catch (error) {
      console.error('realtime: checking credentials failed', error);
    }
  }

  /**
   * Sessions signed out, expired or of a disabled user, revoked tokens, and a user whose role or
   * unit changed (their scope is another now): closed, so the client signs in or reconnects.
   */
  private async closeEnded(): Promise<void> {
    const bySession = new Map<string, Connection[]>();
    const byToken = new Map<string, Connection[]>();
    for (const connection of this.connections) {
      const credential = connection.scope.credential;
      if (!credential) continue;
      const [map, id] = credential.kind === 'session' ? [bySession, credential.sessionId] : [byToken, credential.tokenId];
      map.set(id, [...(map.get(id) ?? []), connection]);
    }
    const who = { role: users.role, unitId: users.unitId };
    const live = new Map<string, { role: string; unitId: string }>();
    if (bySession.size) {
      for (const row of await this.db.select({ id: sessions.id, ...who }).from(sessions).innerJoin(users, eq(users.id, sessions.userId))
        .where(and(inArray(sessions.id, [...bySession.keys()]), gt(sessions.expiresAt, new Date()), not(users.isDisabled)))) live.set(row.id, row);
    }
    if (byToken.size) {
      for (const row of await this.db.select({ id: apiTokens.id, ...who }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(inArray(apiTokens.id, [...byToken.keys()]), isNull(apiTokens.revokedAt), not(users.isDisabled)))) live.set(row.id, row);
    }
    for (const [id, connections] of [...bySession, ...byToken]) {
      const now = live.get(id);
      for (const connection of connections) {
        if (now && now.role === connection.scope.role && now.unitId === connection.scope.unitId) continue;
        connection.socket.close(closeCodes.signedOut, now ? 'your role or unit changed: reconnect' : 'signed out');
        this.remove(connection);
      }
    }
  }
}

function messageOf(event: OutboxEvent, topics: string[]): string {
  // What changed, never the change itself: the client reads it again through the API, where
  // masking and reveal rules apply to whoever is looking.
  return JSON.stringify({
    type: 'event', cursor: cursorOf(event), topics,
    event: { id: event.id, type: event.type, entity: event.entity, entityId: event.entityId, at: event.at },
  });
}

export function send(connection: Connection, message: string | Buffer): void {
  // A Buffer goes as the text it encodes: a JSON message, never binary.
  if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(message, { binary: false });
}
