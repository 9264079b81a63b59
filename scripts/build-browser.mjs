// Bundles src/browser into dist/browser: each page script and embed.js becomes one classic
// ES2020 script (an IIFE, so nothing leaks into a host page's globals), each stylesheet one
// file. esbuild rather than tsc because embed.js must stay one file that hosts load with a
// plain <script>, and because the scripts import the server's own pure modules (src/money,
// src/wording) instead of keeping copies. Type checking is `npm run lint`'s job.
import { build, transform } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src/browser');
const out = join(root, 'dist/browser');

const common = { bundle: true, target: 'es2020', logLevel: 'warning', legalComments: 'none', charset: 'utf8' };

// A stylesheet imported by a script arrives as its minified text, byte for byte what the
// stylesheet's own build writes (the iframe page inlines that file, embed.js adopts this text).
const cssAsText = {
  name: 'css-as-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(await readFile(path, 'utf8'), {
        loader: 'css',
        minify: true,
        legalComments: 'none',
        charset: 'utf8',
      });
      return { contents: code, loader: 'text' };
    });
  },
};

await rm(out, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['donate', 'live-progress', 'thanks', 'share', 'organiser'].map((n) => join(src, 'pages', `${n}.ts`)),
    outdir: join(out, 'assets'),
    format: 'iife',
  }),
  build({ ...common, entryPoints: [join(src, 'pages/pages.css')], outdir: join(out, 'assets'), minify: true }),
  // Hosts load embed.js on every article view: minified, and the stylesheet it adopts is
  // bundled in as text.
  build({
    ...common,
    entryPoints: [join(src, 'widget/embed.ts')],
    outdir: join(out, 'widgets'),
    format: 'iife',
    minify: true,
    plugins: [cssAsText],
  }),
  // The iframe page inlines the same stylesheet (allowed by its hash); the server reads it here.
  build({ ...common, entryPoints: [join(src, 'widget/widget.css')], outdir: join(out, 'widgets'), minify: true }),
]);
