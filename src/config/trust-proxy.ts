import { isIP } from 'node:net';

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: false (the socket address is the client), a
 * hop count, or the addresses/CIDRs of the proxies in front of us. `true` (trust every hop, so
 * the left-most X-Forwarded-For, which anyone can write) is deliberately not offered.
 */
export type TrustProxy = false | number | string[];

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || v === 'off' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error('TRUST_PROXY hop count must be between 0 and 10');
    return hops;
  }
  if (v === 'true' || v === 'on') {
    throw new Error(
      "TRUST_PROXY=true would trust any X-Forwarded-For a client sends: give the proxies' addresses (e.g. 127.0.0.1 or 10.0.0.0/8) or a hop count (e.g. 1)",
    );
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length)
    throw new Error(`TRUST_PROXY must be off, a hop count, or a comma-separated list of IP addresses/CIDRs (not: ${bad.join(', ')})`);
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [addr, bits, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
