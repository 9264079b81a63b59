import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { browserBuildDir, readBrowserFile } from '../../common/browser-build';

/**
 * The pages' scripts and stylesheet: files built from src/browser into dist/browser/assets and
 * served from /assets, as separate files because the CSP allows only script-src 'self' (no
 * inline scripts).
 */
export const ASSET_NAMES = ['pages.css', 'live-progress.js', 'donate.js', 'thanks.js', 'share.js', 'organiser.js'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

const versions = new Map<string, string>();

/** First characters of the SHA-256 of the built bytes: part of the URL, so it can be cached for ever. */
export function assetVersion(name: AssetName): string {
  let v = versions.get(name);
  if (!v) {
    v = createHash('sha256').update(readBrowserFile('assets', name)).digest('hex').slice(0, 12);
    versions.set(name, v);
  }
  return v;
}

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${assetVersion(name)}`;
}

const isAsset = (name: string): name is AssetName => (ASSET_NAMES as readonly string[]).includes(name);

/**
 * Headers for every file @fastify/static sends (this plugin's /assets and embed.js's sendFile):
 * JavaScript as text/javascript (RFC 9239; the plugin's table says application/javascript).
 * Under /assets, a URL carrying the file's current version never changes its bytes, so it is
 * cached for a year; any other (a bare URL, an old version) is stored but revalidated every
 * time. embed.js sets its own Cache-Control on its route.
 */
function staticHeaders(assetsDir: string) {
  return (reply: FastifyReply, path: string): void => {
    if (path.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
    if (dirname(path) !== assetsDir) return;
    const name = basename(path);
    const v = (reply.request.query as Record<string, unknown> | undefined)?.v;
    const immutable = isAsset(name) && v === assetVersion(name);
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/**
 * /assets/* through @fastify/static (ETag and 304 on If-None-Match, Last-Modified, HEAD, a
 * Nest 404 for anything else). Only the files built at start-up are routed (`wildcard: false`),
 * so nothing else under dist/ can ever be read through it. Also gives replies `sendFile`, which
 * /widgets/embed.js uses.
 */
export async function installAssets(fastify: FastifyInstance): Promise<void> {
  for (const name of ASSET_NAMES) assetVersion(name); // a missing build fails here, at start-up
  const root = join(browserBuildDir(), 'assets');
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/assets/',
    wildcard: false,
    cacheControl: false,
    setHeaders: staticHeaders(root),
  });
}
