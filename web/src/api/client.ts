/** One field error inside a problem document. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the Haven API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  /** Seconds until a retry may succeed (lockouts, rate limits). */
  retryAfter?: number;
}

/** A failed API call; carries the server's problem document (or a synthetic one for network errors). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  /** HTTP status, 0 for network failures. */
  get status(): number {
    return this.problem.status;
  }
}

type Listener = () => void;

let csrfToken: string | null = null;
let inFlight = 0;
const inFlightListeners = new Set<Listener>();
const unauthorizedListeners = new Set<Listener>();

/** Remember the CSRF token from login / me; it is sent on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Number of requests currently running (drives the global progress bar). */
export function requestsInFlight(): number {
  return inFlight;
}

/** Subscribe to changes of the in-flight request count. */
export function onRequestsChange(listener: Listener): () => void {
  inFlightListeners.add(listener);
  return () => inFlightListeners.delete(listener);
}

/** Called when an authenticated call answers 401 (session expired or revoked). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function bump(delta: number): void {
  inFlight += delta;
  for (const l of inFlightListeners) l();
}

/** Options of one API call. */
export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report a 401 as an expired session (used by login and the session probe). */
  allow401?: boolean;
  /** Extra request headers (e.g. `x-haven-console`); they cannot replace the CSRF token. */
  headers?: Record<string, string>;
}

async function readProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return {
        ...body,
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: body.status ?? res.status,
      };
    } catch {
      // fall through to a synthetic problem
    }
  }
  return { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status };
}

/** Perform one JSON request against the Haven API; throws ApiError on failure. */
export async function request<T>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  bump(1);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'haven:network', title: 'Network error', status: 0, detail: String(err) });
  } finally {
    bump(-1);
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !opts.allow401) for (const l of unauthorizedListeners) l();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Shorthands for the common verbs. */
export const api = {
  get: <T>(url: string, opts?: RequestOptions) => request<T>('GET', url, opts),
  post: <T>(url: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', url, { ...opts, body }),
  patch: <T>(url: string, body: unknown, opts?: RequestOptions) =>
    request<T>('PATCH', url, { ...opts, body }),
  del: <T>(url: string, opts?: RequestOptions) => request<T>('DELETE', url, opts),
};
