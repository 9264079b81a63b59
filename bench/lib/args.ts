/** `--quick`, `--name value` and `--name=value`; everything else is an error worth naming. */
export function parseArgs(argv: string[], known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !known.includes(m[1])) throw new Error(`unknown argument ${argv[i]} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const next = argv[i + 1];
    if (m[2] !== undefined) out.set(m[1], m[2]);
    else if (next !== undefined && !next.startsWith('--')) {
      out.set(m[1], next);
      i++;
    } else out.set(m[1], 'true');
  }
  return out;
}

export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const v = args.get(name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return Number(v);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
