// What every provider simulator shares: a real HTTP server on 127.0.0.1, JSON answers, the fault switches
// every provider has (forced 429s, a per-key rate limit, 5xx, a proxy's HTML page, JSON of the wrong shape,
// latency, a key to require), applied in one order before the provider's routes, and a close that wakes
// requests still waiting on latency so they end unanswered. Each simulator brings its paths, shapes and
// error envelope.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fault switches every simulator has; `form` of a forced 429 is the provider's. */
export interface CommonSimulatorFaults<Form extends string = string> {
  /** Share of calls answered 500 (0..1). */
  status500Rate: number;
  /** Share of calls answered 200 with an HTML body (a proxy page). */
  malformedRate: number;
  /** Share of calls answered 200 with JSON of the wrong shape. */
  wrongShapeRate: number;
  /** The next `count` calls are answered 429, asking to wait `retryAfter` seconds in the way `form` says. */
  status429: { count: number; retryAfter: number; form?: Form };
  /** Added before every answer. */
  latencyMs: number;
}

/** The options every simulator takes besides its data, key and page size. */
export interface CommonSimulatorOptions<Faults> {
  /** Same as faults.latencyMs. */
  latencyMs?: number;
  /** Same as faults.status500Rate. */
  failRate?: number;
  /** Calls a minute per key before 429 (sliding minute, real time). */
  rateLimit?: number;
  /** Default 0: any free port. */
  port?: number;
  faults?: Partial<Faults>;
  /** For the fault rates; default Math.random. */
  random?: () => number;
}

/** What every simulator's call counter has; each adds its own counts by object. */
export interface CommonCallCounter {
  /** Every request received, faulted ones included. */
  total: number;
  /** By route, e.g. `/v2/schedules/{id}`; `other` for paths the simulator does not serve. */
  byPath: Record<string, number>;
  reset(): void;
}

/** What every simulator is; each adds `setData` for its own data. */
export interface CommonSimulator<Counter, Faults> {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  calls: Counter;
  /** Live fault switches: assign to change behaviour for the next calls. */
  faults: Faults;
  close(): Promise<void>;
}

/** The common switches from a simulator's options: `failRate` and `latencyMs` are shorthands. */
export function initialFaults<Form extends string>(options: {
  faults?: Partial<CommonSimulatorFaults<Form>>;
  failRate?: number;
  latencyMs?: number;
}): CommonSimulatorFaults<Form> {
  return {
    status500Rate: options.faults?.status500Rate ?? options.failRate ?? 0,
    malformedRate: options.faults?.malformedRate ?? 0,
    wrongShapeRate: options.faults?.wrongShapeRate ?? 0,
    status429: { count: 0, retryAfter: 1, ...options.faults?.status429 },
    latencyMs: options.faults?.latencyMs ?? options.latencyMs ?? 0,
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** How one simulator answers the common faults, in its provider's error envelope. */
export interface SimulatorServerOptions<Form extends string> {
  port?: number;
  /** Calls a minute per key (the Authorization header) before 429 (sliding minute, real time). */
  rateLimit?: number;
  /** When set, a call whose Authorization header is not exactly this gets `unauthorized`. */
  authorization?: string;
  faults: CommonSimulatorFaults<Form>;
  random: () => number;
  /** Counts the call (every call, faulted ones included), before any fault. */
  count: (url: URL, req: IncomingMessage) => void;
  methodNotAllowed: (res: ServerResponse) => void;
  /** A 429 asking to wait `seconds`; `form` is undefined for the rate limit (the provider's usual way). */
  tooMany: (res: ServerResponse, seconds: number, form: Form | undefined) => void;
  unauthorized: (res: ServerResponse) => void;
  serverError: (res: ServerResponse) => void;
  /** The simulator itself failed (a bug): a 500 in the provider's envelope. */
  internalError: (res: ServerResponse) => void;
  /** The provider's routes, reached when no fault answered. */
  route: (url: URL, res: ServerResponse) => void | Promise<void>;
}

export interface SimulatorServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function startSimulatorServer<Form extends string>(
  options: SimulatorServerOptions<Form>,
): Promise<SimulatorServer> {
  const { faults } = options;
  let closed = false;
  const sleeping = new Set<() => void>();
  const rateWindows = new Map<string, number[]>();

  function pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleeping.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleeping.add(done);
    });
  }

  /** Seconds until the key may call again, or undefined when it may now. */
  function rateLimited(key: string): number | undefined {
    if (!options.rateLimit) return undefined;
    const t = Date.now();
    const window = (rateWindows.get(key) ?? []).filter((x) => x > t - 60_000);
    rateWindows.set(key, window);
    if (window.length < options.rateLimit) {
      window.push(t);
      return undefined;
    }
    return Math.max(1, Math.ceil((window[0]! + 60_000 - t) / 1000));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    options.count(url, req);
    await pause(faults.latencyMs);
    if (closed) return void res.destroy();

    if (req.method !== 'GET') return options.methodNotAllowed(res);
    if (faults.status429.count > 0) {
      faults.status429.count--;
      return options.tooMany(res, faults.status429.retryAfter, faults.status429.form);
    }
    const auth = req.headers.authorization ?? '';
    const limited = rateLimited(auth);
    if (limited !== undefined) return options.tooMany(res, limited, undefined);
    if (options.authorization !== undefined && auth !== options.authorization) return options.unauthorized(res);
    if (options.random() < faults.status500Rate) return options.serverError(res);
    if (options.random() < faults.malformedRate) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return void res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (options.random() < faults.wrongShapeRate) return sendJson(res, 200, { data: [{ simulated: 'wrong shape' }] });
    return options.route(url, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) options.internalError(res);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      closed = true;
      for (const wake of [...sleeping]) wake();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
