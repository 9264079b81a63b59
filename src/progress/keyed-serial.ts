/**
 * Runs at most one job per key at a time. A request that arrives while a job runs does not start
 * a second one; it makes the running one go round once more when it finishes. So the last run
 * always starts after the last request: a reload triggered by a NOTIFY can never be overtaken by
 * an older reload whose query read the database before the notified commit.
 */
export class KeyedSerial<K> {
  private readonly running = new Map<K, { again: boolean; done: Promise<void> }>();

  run(key: K, job: () => Promise<void>): Promise<void> {
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await job();
        } while (state.again);
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, state);
    return state.done;
  }

  isRunning(key: K): boolean {
    return this.running.has(key);
  }
}
