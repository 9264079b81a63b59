import { KeyedSerial } from './keyed-serial';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('KeyedSerial', () => {
  it('runs one job per key at a time and collapses requests made meanwhile into one more run', async () => {
    const serial = new KeyedSerial<string>();
    const gates = [deferred(), deferred()];
    let runs = 0;
    const job = async () => {
      await gates[runs++].promise;
    };
    const first = serial.run('a', job);
    const second = serial.run('a', job);
    const third = serial.run('a', job);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(runs).toBe(1);
    gates[0].resolve();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    gates[1].resolve();
    await first;
    expect(runs).toBe(2);
    expect(serial.isRunning('a')).toBe(false);
  });

  it('keeps keys independent', async () => {
    const serial = new KeyedSerial<string>();
    const order: string[] = [];
    await Promise.all([
      serial.run('a', async () => {
        order.push('a');
      }),
      serial.run('b', async () => {
        order.push('b');
      }),
    ]);
    expect(order.sort()).toEqual(['a', 'b']);
  });

  it('rejects the callers of a failed run and frees the key', async () => {
    const serial = new KeyedSerial<string>();
    await expect(
      serial.run('a', async () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect(serial.isRunning('a')).toBe(false);
    await expect(serial.run('a', async () => undefined)).resolves.toBeUndefined();
  });
});
