import { get } from 'node:http';
import { ADMIN_TOKEN, BenchContext } from './lib/context';
import { withClient } from './lib/database';
import { Result } from './lib/report';
import { RunningService } from './lib/service';

/**
 * GET /api/appeals/big/donations.csv read to the end while the service's resident memory is
 * sampled; VmHWM gives the true peak. The baseline reads the same rows straight from
 * PostgreSQL in the same 1,000-row keyset batches, which is the floor for any export.
 */
export async function exportAndMeasure(ctx: BenchContext, svc: RunningService, dbUrl: string, rows: number): Promise<Result[]> {
  const before = svc.memory();
  const t0 = performance.now();
  const got = await download(`${svc.url}/api/appeals/big/donations.csv`);
  const seconds = (performance.now() - t0) / 1000;
  const after = svc.memory();
  if (got.lines !== rows + 1) throw new Error(`CSV had ${got.lines} lines, expected ${rows} rows and a header`);
  const direct = await readDirect(dbUrl, rows);
  const label = `10^${Math.round(Math.log10(rows))}`;
  ctx.log(
    `CSV ${label}: ${(got.bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s (first byte ${got.firstByteMs.toFixed(0)} ms), ` +
      `RSS ${before.rssMb.toFixed(0)} -> peak ${after.peakMb.toFixed(0)} MB; pg alone ${direct.toFixed(1)} s`,
  );
  return [
    {
      bench: 'CSV export',
      case: `${label} donations, peak RSS of the service`,
      value: after.peakMb,
      unit: 'MB',
      baseline: before.rssMb,
      baselineLabel: 'same process before the export',
      ratio: after.peakMb / before.rssMb,
      goal: '< 200 MB',
      pass: after.peakMb < 200,
      note: `streamed: first byte after ${got.firstByteMs.toFixed(0)} ms`,
    },
    {
      bench: 'CSV export',
      case: `${label} donations, time to the last byte`,
      value: seconds,
      unit: 's',
      baseline: direct,
      baselineLabel: 'same rows read via pg',
      ratio: seconds / direct,
      goal: 'reported',
      pass: true,
      note: `${(got.bytes / 2 ** 20).toFixed(0)} MiB`,
    },
  ];
}

function download(url: string): Promise<{ bytes: number; lines: number; firstByteMs: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`CSV answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let bytes = 0;
      let lines = 0;
      let firstByteMs = -1;
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ bytes, lines, firstByteMs }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function readDirect(url: string, rows: number): Promise<number> {
  return withClient(url, async (c) => {
    const [{ id }] = (await c.query<{ id: string }>(`SELECT id FROM appeals WHERE slug = 'big'`)).rows;
    const t0 = performance.now();
    let after: [string, string] | null = null;
    let seen = 0;
    for (;;) {
      const page: { rows: Array<{ ts: string; id: string }> } = await c.query<{ ts: string; id: string }>(
        `SELECT d.*, d.created_at::text AS ts FROM donations d WHERE d.appeal_id = $1
        ${after ? 'AND (d.created_at, d.id) > ($2::timestamptz, $3::uuid)' : ''} ORDER BY d.created_at, d.id LIMIT 1000`,
        after ? [id, ...after] : [id],
      );
      if (!page.rows.length) break;
      seen += page.rows.length;
      const last: { ts: string; id: string } = page.rows[page.rows.length - 1];
      after = [last.ts, last.id];
    }
    if (seen !== rows) throw new Error(`pg read ${seen} rows, expected ${rows}`);
    return (performance.now() - t0) / 1000;
  });
}
