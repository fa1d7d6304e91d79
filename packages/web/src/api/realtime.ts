import { useEffect, useRef } from 'react';

/** What the server tells of a change: what changed, never the change (read it again through the API). */
export interface RealtimeEvent {
  cursor: string;
  topics: string[];
  event: { id: number; type: string; entity: string; entityId: string; at: string };
}

type Listener = (message: RealtimeEvent) => void;

/** (transaction, id) as the server orders the outbox; cursors compare in that order. */
const placeOf = (cursor: string) => {
  const [txid, id] = cursor.split('.');
  return { txid: BigInt(txid), id: Number(id) };
};
const isLater = (a: string, b: string | null) => {
  if (!b) return true;
  const [x, y] = [placeOf(a), placeOf(b)];
  return x.txid > y.txid || (x.txid === y.txid && x.id > y.id);
};

/**
 * One WebSocket per tab to /api/v1/realtime, opened while something follows a topic. After a
 * lost connection it reconnects with growing, jittered pauses and resumes from the last cursor
 * it saw, so the missed changes arrive; when the server says the gap is too large (reset),
 * every follower is told to read again. A session that ended (4401) is not retried until
 * someone follows a topic again.
 */
class RealtimeClient {
  private socket: WebSocket | null = null;
  private readonly followers = new Map<string, Set<Listener>>();
  private readonly onReset = new Set<() => void>();
  private cursor: string | null = null;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  follow(topic: string, listener: Listener, onReset: () => void): () => void {
    let set = this.followers.get(topic);
    const isNew = !set;
    if (!set) this.followers.set(topic, set = new Set());
    set.add(listener);
    this.onReset.add(onReset);
    if (!this.socket) this.connect();
    else if (isNew && this.socket.readyState === WebSocket.OPEN) this.send({ op: 'subscribe', topics: [topic] });
    return () => {
      set.delete(listener);
      this.onReset.delete(onReset);
      if (set.size) return;
      this.followers.delete(topic);
      if (this.socket?.readyState === WebSocket.OPEN) this.send({ op: 'unsubscribe', topics: [topic] });
    };
  }

  private connect() {
    clearTimeout(this.retry);
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      const topics = [...this.followers.keys()];
      if (topics.length) this.send({ op: 'subscribe', topics, ...(this.cursor ? { after: this.cursor } : {}) });
    };
    socket.onmessage = (message) => this.receive(JSON.parse(String(message.data)));
    socket.onclose = (closed) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (closed.code === 4401 || !this.followers.size) return;
      // 0.5 s, 1 s, 2 s … up to 30 s, each somewhere in its upper half so tabs do not return together.
      const pause = Math.min(30_000, 500 * 2 ** this.attempt++);
      this.retry = setTimeout(() => { if (!this.socket && this.followers.size) this.connect(); }, pause / 2 + Math.random() * (pause / 2));
    };
  }

  private receive(message: { type: string; cursor?: string; reset?: boolean } & Partial<RealtimeEvent>) {
    if (message.type === 'ready' && !this.cursor) this.cursor = message.cursor ?? null;
    if (message.type === 'subscribed') {
      if (message.reset) for (const reset of this.onReset) reset();
      if (message.cursor && isLater(message.cursor, this.cursor)) this.cursor = message.cursor;
    }
    if (message.type === 'event' && message.cursor) {
      if (isLater(message.cursor, this.cursor)) this.cursor = message.cursor;
      const event = message as RealtimeEvent;
      for (const topic of event.topics) for (const listener of this.followers.get(topic) ?? []) listener(event);
    }
  }

  private send(message: object) { this.socket?.send(JSON.stringify(message)); }
}

const client = new RealtimeClient();

/**
 * Calls `onChange` when something on `topic` changes (null: follow nothing), at most once per
 * `quietMs`: a reassignment of a hundred customers is one refresh, not a hundred.
 */
export function useLiveTopic(topic: string | null, onChange: () => void, quietMs = 300) {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!topic) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => { timer = undefined; latest.current(); }, quietMs);
    };
    const stop = client.follow(topic, changed, changed);
    return () => { clearTimeout(timer); stop(); };
  }, [topic, quietMs]);
}

/** Each event on a topic as it comes, not gathered: for telling the person something happened (the page's data follows by useLiveTopic). */
export function useLiveEvents(topic: string | null, onEvent: (message: RealtimeEvent) => void) {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    if (!topic) return;
    return client.follow(topic, (m) => latest.current(m), () => {});
  }, [topic]);
}
