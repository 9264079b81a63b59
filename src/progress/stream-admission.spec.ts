import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileLimit } from '../common/file-limit';
import { defaultStreamMax, StreamAdmission } from './stream-admission';

describe('StreamAdmission', () => {
  it.each([
    // [per address, max, already open by A, already open by B, A asks -> answer]
    [2, 10, 0, 0, null],
    [2, 10, 1, 2, null],
    [2, 10, 2, 0, 'address'],
    [5, 3, 1, 2, 'instance'],
    // An address at its own cap hears about its own share, even on a full instance.
    [2, 4, 2, 2, 'address'],
  ] as const)('per address %i, max %i, A holds %i, B holds %i: A is answered %p', (perAddress, max, a, b, answer) => {
    const admission = new StreamAdmission({ perAddress, max });
    for (let i = 0; i < a; i++) expect(admission.admit('A')).toBeNull();
    for (let i = 0; i < b; i++) expect(admission.admit('B')).toBeNull();
    expect(admission.admit('A')).toBe(answer);
  });

  it('counts per address and in all, and forgets an address with nothing open', () => {
    const admission = new StreamAdmission({ perAddress: 3, max: 10 });
    admission.admit('A');
    admission.admit('A');
    admission.admit('B');
    expect([admission.count('A'), admission.count('B'), admission.count()]).toEqual([2, 1, 3]);
    admission.release('A');
    admission.release('A');
    admission.release('A'); // more releases than admissions change nothing
    expect([admission.count('A'), admission.count()]).toEqual([0, 1]);
  });
});

describe('openFileLimit and defaultStreamMax', () => {
  const limits = (line: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'limits-')), 'limits');
    writeFileSync(
      file,
      `Limit                     Soft Limit           Hard Limit           Units\n${line}\nMax processes             95952                95952                processes\n`,
    );
    return file;
  };

  it.each([
    ['Max open files            1024                 524288               files', 1024],
    ['Max open files            65536                65536                files', 65536],
    ['Max open files            unlimited            unlimited            files', 1_000_000],
  ])('reads the soft limit from %s', (line, expected) => {
    expect(openFileLimit(limits(line))).toBe(expected);
  });

  it('assumes 1024 where /proc cannot be read', () => {
    expect(openFileLimit('/nonexistent/limits')).toBe(1024);
  });

  it('keeps a fifth of the descriptors for everything else', () => {
    expect(defaultStreamMax(1024)).toBe(819);
    expect(defaultStreamMax(20_000)).toBe(16_000);
  });
});
