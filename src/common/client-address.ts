import { isIPv6 } from 'node:net';

/**
 * The key a client address is counted under. IPv4 as is (an IPv4-mapped IPv6 address is its
 * IPv4 address); IPv6 by its /64, because one subscriber usually gets a whole /64 and could
 * otherwise rotate through 2^64 addresses. `ip` is Fastify's req.ip, which honours TRUST_PROXY.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (no zone, no embedded IPv4 beyond the mapped form). */
function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}
