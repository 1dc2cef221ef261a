import type { HavenEventMap } from './events.ts';

/** Connection state shown by the live indicator. */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** One event as pushed by the server. */
export interface LiveEvent<K extends keyof HavenEventMap & string = keyof HavenEventMap & string> {
  kind: 'event';
  id: string;
  type: K;
  payload: HavenEventMap[K];
  createdAt: string;
}

interface HelloMessage {
  kind: 'hello';
  lastId: string;
}

/** Minimal WebSocket surface used here, so tests can pass the `ws` package's class. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
  send(data: string): void;
}

/** Options of a live client. */
export interface LiveOptions {
  /** Base URL of the stream without query, e.g. `ws://host/api/events`. */
  url: string;
  /** Resume after this event id (events up to it were already applied). */
  lastId?: string | null;
  createSocket?: (url: string) => SocketLike;
  /** Backoff bounds in ms. */
  minDelay?: number;
  maxDelay?: number;
  /** Consecutive failed attempts after which the state reads `offline` (retries go on). */
  offlineAfter?: number;
  /** Send `ping` this often; a connection that answers nothing until the next one is dropped. 0 = off. */
  heartbeatMs?: number;
  random?: () => number;
}

type Handler = (event: LiveEvent) => void;

/** Compare two decimal id strings numerically (ids may exceed 2^53). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Delay before reconnect attempt `attempt` (1-based): exponential with full jitter in its upper half. */
export function backoffDelay(attempt: number, min: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, min * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** WebSocket URL of the event stream on the page's own origin. */
export function defaultStreamUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/events`;
}

/**
 * WebSocket client for `/api/events`: keeps the last applied id, reconnects with backoff
 * and resumes with `after=<lastId>` so no event is lost or applied twice.
 */
export class LiveClient {
  private socket: SocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private heard = true;
  private attempts = 0;
  private stopped = true;
  private state: LiveStatus = 'offline';
  private last: string | null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly statusListeners = new Set<() => void>();
  private readonly opts: Required<Omit<LiveOptions, 'lastId'>>;

  constructor(options: LiveOptions) {
    this.last = options.lastId ?? null;
    this.opts = {
      url: options.url,
      createSocket: options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike),
      minDelay: options.minDelay ?? 500,
      maxDelay: options.maxDelay ?? 30_000,
      offlineAfter: options.offlineAfter ?? 4,
      heartbeatMs: options.heartbeatMs ?? 25_000,
      random: options.random ?? Math.random,
    };
  }

  /** Current connection state. */
  get status(): LiveStatus {
    return this.state;
  }

  /** Id of the last event applied (null before the first hello). */
  get lastId(): string | null {
    return this.last;
  }

  /** Listen for state changes; returns an unsubscribe function. */
  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Listen for one event type, or `*` for all; returns an unsubscribe function. */
  subscribe<K extends keyof HavenEventMap & string>(
    type: K | '*',
    handler: (event: LiveEvent<K>) => void,
  ): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  /** Open the stream (idempotent). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempts = 0;
    this.open('connecting');
  }

  /** Close the stream and stop reconnecting. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.detach(1000, 'client stop');
    this.setStatus('offline');
  }

  private detach(code: number, reason: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onclose = null;
    s.onmessage = null;
    s.onerror = null;
    try {
      s.close(code, reason);
    } catch {
      // already closing
    }
  }

  // Half-open connections (a dead network path) never fire close; the server answers `ping` with `pong`.
  private startHeartbeat(socket: SocketLike): void {
    if (!this.opts.heartbeatMs || this.heartbeat) return;
    this.heard = true;
    this.heartbeat = setInterval(() => {
      if (this.socket !== socket) return;
      if (!this.heard) {
        this.detach(4000, 'heartbeat timeout');
        this.scheduleReconnect();
        return;
      }
      this.heard = false;
      try {
        socket.send('ping');
      } catch {
        // onclose follows
      }
    }, this.opts.heartbeatMs);
  }

  /** Reconnect now (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (this.stopped || this.state === 'connected') return;
    this.clearTimer();
    this.open('reconnecting');
  }

  private open(state: LiveStatus): void {
    this.setStatus(state);
    const url = this.last ? `${this.opts.url}?after=${encodeURIComponent(this.last)}` : this.opts.url;
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (ev) => {
      this.heard = true;
      this.handleMessage(ev.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.detach(1000, 'closed');
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows; nothing to do here
    };
  }

  private handleMessage(data: unknown): void {
    if (data === 'pong') return;
    let msg: HelloMessage | LiveEvent;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data)) as HelloMessage | LiveEvent;
    } catch {
      return;
    }
    if (msg.kind === 'hello') {
      this.attempts = 0;
      if (this.socket) this.startHeartbeat(this.socket);
      if (this.last === null && msg.lastId) this.last = msg.lastId;
      this.setStatus('connected');
      return;
    }
    if (msg.kind !== 'event' || typeof msg.id !== 'string') return;
    // A resumed stream may repeat the boundary event; apply each id once, in order.
    if (this.last !== null && compareIds(msg.id, this.last) <= 0) return;
    this.last = msg.id;
    this.dispatch(msg);
  }

  private dispatch(event: LiveEvent): void {
    for (const key of [event.type, '*']) {
      this.handlers.get(key)?.forEach((h) => {
        try {
          h(event);
        } catch (err) {
          console.error('live handler failed', err);
        }
      });
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.attempts += 1;
    this.setStatus(this.attempts >= this.opts.offlineAfter ? 'offline' : 'reconnecting');
    const delay = backoffDelay(this.attempts, this.opts.minDelay, this.opts.maxDelay, this.opts.random);
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open(this.state === 'offline' ? 'offline' : 'reconnecting');
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(next: LiveStatus): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.statusListeners) l();
  }
}
