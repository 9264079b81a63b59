import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AppConfig } from '../config/app-config';
import { parseTrustProxy } from '../config/trust-proxy';
import { openFileLimit } from '../common/file-limit';
import { clientKey } from '../common/client-address';

type Caps = Pick<AppConfig, 'CONNECTIONS_PER_ADDRESS' | 'STREAMS_PER_ADDRESS' | 'STREAMS_MAX' | 'TRUST_PROXY'>;

/**
 * Connections one TCP peer may hold at once. Every socket is a file descriptor, and an idle
 * keep-alive socket lives KEEP_ALIVE_TIMEOUT_MS, so without a cap one client holding as many
 * sockets as the process has descriptors makes accept() fail for everybody else. The default
 * leaves room for the STREAMS_PER_ADDRESS streams plus ordinary requests. Behind a trusted
 * proxy every connection comes from the proxy, so the cap is off unless set explicitly (the proxy
 * is the place to cap connections per client then).
 */
export function connectionsPerAddress(config: Caps): number {
  if (config.CONNECTIONS_PER_ADDRESS !== undefined) return config.CONNECTIONS_PER_ADDRESS;
  return parseTrustProxy(config.TRUST_PROXY) === false ? config.STREAMS_PER_ADDRESS + 100 : 0;
}

/**
 * Connections the instance accepts at once: 90 % of its descriptors (Node closes any beyond
 * `maxConnections` at once), so the database pool, LISTEN and files always find one, and never
 * fewer than the streams it admits.
 */
export function maxConnections(config: Caps, fdLimit = openFileLimit()): number {
  return Math.max(Math.floor(fdLimit * 0.9), (config.STREAMS_MAX ?? 0) + 100);
}

/** Counts sockets per peer (an IPv6 peer by its /64, as the rate limits do) and closes those over the cap. */
export function installConnectionCaps(server: Server, config: Caps, onRefused: () => void = () => undefined): void {
  server.maxConnections = maxConnections(config);
  const cap = connectionsPerAddress(config);
  if (!cap) return;
  const open = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    const key = clientKey(socket.remoteAddress);
    const mine = open.get(key) ?? 0;
    if (mine >= cap) {
      onRefused();
      socket.destroy();
      return;
    }
    open.set(key, mine + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
