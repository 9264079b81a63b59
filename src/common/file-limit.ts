import { readFileSync } from 'node:fs';

/** Where the open-file limit cannot be read (not Linux): the usual soft default. */
const ASSUMED_FD_LIMIT = 1024;

/** The soft RLIMIT_NOFILE of this process, from /proc (Node has no getrlimit). */
export function openFileLimit(limitsFile = '/proc/self/limits'): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync(limitsFile, 'utf8'));
    if (!m) return ASSUMED_FD_LIMIT;
    return m[1] === 'unlimited' ? 1_000_000 : Number(m[1]);
  } catch {
    return ASSUMED_FD_LIMIT;
  }
}
