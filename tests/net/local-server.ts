/** A small HTTP server on 127.0.0.1 (random port) for the fetcher tests, and connect steps that police where sockets go. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildConnector } from 'undici';
import type { ConnectFn } from '../../src/net/safe-fetch.js';

export interface LocalServer {
  port: number;
  origin: string;
  /** Paths requested, in order, with the headers of each request. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/article': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body><h1>Hello</h1><p>World</p></body></html>');
  },
  '/image': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  },
  '/echo': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accept: req.headers.accept, userAgent: req.headers['user-agent'] }));
  },
  '/missing': (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not here');
  },
  '/broken': (_req, res) => {
    res.writeHead(503);
    res.end();
  },
  '/redirect-without-location': (_req, res) => {
    res.writeHead(302);
    res.end();
  },
  '/big-stream': (_req, res) => {
    // No Content-Length: chunked, so only the byte counter can stop it.
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      while (sent < 64 && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  },
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(1024 * 1024) });
    res.end(Buffer.alloc(1024 * 1024, 'b'));
  },
  '/gzip-bomb': (_req, res) => {
    // 1 MiB of zeros in about 1 KiB on the wire: the cap counts decoded bytes.
    const body = gzipSync(Buffer.alloc(1024 * 1024));
    res.writeHead(200, {
      'content-type': 'text/plain',
      'content-encoding': 'gzip',
      'content-length': String(body.length),
    });
    res.end(body);
  },
  '/hang': () => {
    // Never answers.
  },
  '/stall-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    // …and never ends.
  },
};

function route(req: IncomingMessage, res: ServerResponse, origin: string): void {
  const url = new URL(req.url ?? '/', origin);
  const path = url.pathname;
  const hops = /^\/redirect\/(\d+)$/.exec(path);
  if (hops) {
    const left = Number(hops[1]);
    res.writeHead(302, { location: left > 0 ? `/redirect/${left - 1}` : '/article' });
    res.end();
    return;
  }
  if (path === '/to') {
    res.writeHead(301, { location: url.searchParams.get('location') ?? '/' });
    res.end();
    return;
  }
  const handler = routes[path];
  if (handler) handler(req, res);
  else {
    res.writeHead(404);
    res.end();
  }
}

export async function startLocalServer(): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    route(req, res, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const realConnect = buildConnector({});

/** Records every connect attempt; connects for real only to loopback, otherwise fails the attempt. */
export function loopbackOnlyConnect(): {
  connect: ConnectFn;
  attempts: { hostname: string; host?: string }[];
} {
  const attempts: { hostname: string; host?: string }[] = [];
  const connect: ConnectFn = (options, callback) => {
    attempts.push({ hostname: options.hostname, host: options.host });
    if (options.hostname !== '127.0.0.1') {
      callback(new Error(`test bug: tried to connect to ${options.hostname}`), null);
      return;
    }
    realConnect(options, callback);
  };
  return { connect, attempts };
}

/** Records every connect attempt and never connects (for cases that must be refused before connecting). */
export function forbiddenConnect(): { connect: ConnectFn; attempts: string[] } {
  const attempts: string[] = [];
  const connect: ConnectFn = (options, callback) => {
    attempts.push(options.hostname);
    callback(new Error(`connect must not be reached (${options.hostname})`), null);
  };
  return { connect, attempts };
}

/**
 * Pretends public addresses are reachable: records the checked address the guard chose, then connects
 * to the local server instead (the test never leaves the machine).
 */
export function redirectToLocal(port: number, refuse: readonly string[] = []) {
  const attempts: { hostname: string; host?: string }[] = [];
  const connect: ConnectFn = (options, callback) => {
    attempts.push({ hostname: options.hostname, host: options.host });
    if (refuse.includes(options.hostname)) {
      callback(
        Object.assign(new Error(`connect ECONNREFUSED ${options.hostname}`), { code: 'ECONNREFUSED' }),
        null,
      );
      return;
    }
    realConnect({ ...options, hostname: '127.0.0.1', port: String(port) }, callback);
  };
  return { connect, attempts };
}
