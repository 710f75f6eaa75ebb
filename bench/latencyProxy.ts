// A TCP latency injector for benchmarks: listens on 127.0.0.1, forwards every connection to a
// target port on 127.0.0.1 and delays each chunk by `delayMs` in both directions (so a request /
// response round trip costs 2 × delayMs on top of the server's own time). Chunk order is kept per
// direction. It also counts accepted connections, which is how the benchmark measures TCP
// connections per verification.
import * as net from 'node:net';

export interface LatencyProxy {
  port: number;
  origin: string;
  stats: { connections: number; bytesUp: number; bytesDown: number };
  /** With `capture: true`: everything clients sent upstream, for the leak canary. */
  captured(): Buffer;
  close(): Promise<void>;
}

export interface LatencyProxyOptions {
  targetPort: number;
  delayMs: number;
  targetHost?: string;
  /** Keep a copy of the bytes clients send (requests), to check what went over the wire. */
  capture?: boolean;
}

/** Pipes `from` into `to`, delivering each chunk `delayMs` after it arrived, in order. */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, count: (n: number) => void): void {
  let lastDue = 0;
  let pendingEnd = false;
  let inFlight = 0;
  from.on('data', (chunk: Buffer) => {
    count(chunk.length);
    // Keep order even if timers fire late: each chunk is due no earlier than the previous one.
    const due = Math.max(Date.now() + delayMs, lastDue);
    lastDue = due;
    inFlight++;
    setTimeout(() => {
      inFlight--;
      if (!to.destroyed) to.write(chunk);
      if (pendingEnd && inFlight === 0 && !to.destroyed) to.end();
    }, due - Date.now());
  });
  from.on('end', () => {
    if (inFlight === 0) to.end();
    else pendingEnd = true;
  });
}

export function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const { targetPort, delayMs } = options;
  const targetHost = options.targetHost ?? '127.0.0.1';
  const stats = { connections: 0, bytesUp: 0, bytesDown: 0 };
  const sockets = new Set<net.Socket>();
  const up: Buffer[] = [];

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    if (options.capture) client.on('data', (chunk: Buffer) => up.push(Buffer.from(chunk)));
    delayedPipe(client, upstream, delayMs, (n) => (stats.bytesUp += n));
    delayedPipe(upstream, client, delayMs, (n) => (stats.bytesDown += n));
    const destroyBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', destroyBoth);
    upstream.on('error', destroyBoth);
    client.on('close', () => {
      sockets.delete(client);
      // Let delayed data drain, then drop the upstream side too.
      setTimeout(() => upstream.destroy(), delayMs + 5).unref();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      setTimeout(() => client.destroy(), delayMs + 5).unref();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        stats,
        captured: () => Buffer.concat(up),
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            sockets.clear();
            server.close(() => done());
          }),
      });
    });
  });
}
