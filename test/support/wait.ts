import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `probe` until it returns something truthy, and returns that. The deadline is an upper
 * bound for a condition that will come true, never a pause: a test that passes waits only as
 * long as the condition takes. The probe is re-run every 20 ms, cheap next to an HTTP request.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}
