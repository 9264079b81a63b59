import { createHash } from 'node:crypto';
import { donateJs } from '../assets/donate.script';
import { liveProgressJs } from '../assets/live-progress.script';
import { organiserJs } from '../assets/organiser.script';
import { PAGES_CSS } from '../assets/pages.style';
import { thanksJs } from '../assets/thanks.script';

export interface Asset {
  body: Buffer;
  type: string;
  /** First characters of the SHA-256 of the bytes: part of the URL, so it can be cached for ever. */
  version: string;
}

/**
 * The pages' scripts and stylesheet, served from /assets as separate files because the CSP
 * allows only script-src 'self' (no inline scripts). They are TypeScript string constants
 * rather than files on disk so that they ship inside dist/ with the server code.
 */
const SOURCES: Record<string, { type: string; build: () => string }> = {
  'pages.css': { type: 'text/css; charset=utf-8', build: () => PAGES_CSS },
  'live-progress.js': { type: 'text/javascript; charset=utf-8', build: liveProgressJs },
  'donate.js': { type: 'text/javascript; charset=utf-8', build: donateJs },
  'thanks.js': { type: 'text/javascript; charset=utf-8', build: thanksJs },
  'organiser.js': { type: 'text/javascript; charset=utf-8', build: organiserJs },
};

export type AssetName = keyof typeof SOURCES;

const built = new Map<string, Asset>();

export function asset(name: string): Asset | undefined {
  if (!Object.hasOwn(SOURCES, name)) return undefined;
  let a = built.get(name);
  if (!a) {
    const body = Buffer.from(SOURCES[name].build());
    a = { body, type: SOURCES[name].type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
    built.set(name, a);
  }
  return a;
}

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${asset(name)!.version}`;
}

export const ASSET_NAMES = Object.keys(SOURCES);
