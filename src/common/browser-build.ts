import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where `npm run build` puts the bundled browser code (scripts/build-browser.mjs): dist/browser
 * under the project root. Found by walking up from this file, because it runs from src/ under
 * Jest and from dist/src/ in production.
 */
export function browserBuildDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'browser');
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
  }
}

/** A built browser file's bytes; a missing build stops start-up with a message that says so. */
export function readBrowserFile(...path: string[]): Buffer {
  const file = join(browserBuildDir(), ...path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\`, which bundles src/browser`);
  return readFileSync(file);
}
