import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, BenchContext, serviceEnv, WEBHOOK_SECRET } from './lib/context';
import { HttpClient } from './lib/http';
import { percentile, sortNumbers } from './lib/load';
import { Result } from './lib/report';
import { startBareServer, startService } from './lib/service';
import { SseCrowd } from './lib/sse-clients';
import { eventOf, payloadOf, sessionObject, signatureOf } from './lib/stripe-events';

const SUBSCRIBERS = 1000;

/**
 * SSE fan-out: 1,000 subscribers on one appeal; for each of several webhooks, the time from its
 * 200 to each subscriber's event. The baseline is a bare Node server writing one frame to the
 * same 1,000 sockets right after answering a POST.
 */
export async function sseFanOut(ctx: BenchContext): Promise<Result[]> {
  const rounds = ctx.quick ? 3 : 30;
  const subscribers = ctx.subscribers ?? (ctx.quick ? 100 : SUBSCRIBERS);
  const db = await ctx.server.database('bench_sse');
  // Every subscriber comes from 127.0.0.1: the per-address cap must let them all in, and the
  // service needs a descriptor per stream (its instance cap is 80 % of its open-file limit).
  const svc = await startService(serviceEnv(db.url, { STREAMS_PER_ADDRESS: String(subscribers) }), { fdLimit: true });
  const client = new HttpClient(svc.url);
  const crowd = new SseCrowd();
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  const bareCrowd = new SseCrowd();
  try {
    const created = await client.json(
      'POST',
      '/api/appeals',
      { slug: 'live', title: 'Live', currency: 'usd', target: 1_000_000, status: 'active' },
      ADMIN_TOKEN,
    );
    if (created.status !== 201) throw new Error(`appeal: ${created.status} ${created.body}`);
    const first = await client.send('GET', '/api/appeals/live/progress');
    const idleMb = svc.memory().rssMb;
    await crowd.open(`${svc.url}/api/appeals/live/progress/stream`, subscribers);
    const streamsMb = svc.memory().rssMb - idleMb;
    const served = await measure(rounds, crowd, Number(JSON.parse(first.body).version), () => sendWebhook(client));
    // Both crowds at once would need twice the sockets in this process.
    crowd.close();
    bare = await startBareServer('bare-sse-server', first.body, { fdLimit: true });
    const bareClient = new HttpClient(bare.url);
    await bareCrowd.open(`${bare.url}/stream`, subscribers);
    const baseline = await measure(rounds, bareCrowd, 1, async () => {
      await bareClient.send('POST', '/publish', '{}');
    });
    bareClient.close();
    ctx.log(
      `SSE to ${subscribers}: last subscriber p50 ${served.lastP50.toFixed(1)} ms, p99 ${served.lastP99.toFixed(1)} ms; bare p99 ${baseline.lastP99.toFixed(1)} ms`,
    );
    const row = (name: string, value: number, base: number): Result => ({
      bench: `SSE fan-out, ${subscribers} subscribers`,
      case: name,
      value,
      unit: 'ms',
      baseline: base,
      baselineLabel: 'bare node:http fan-out',
      ratio: value / base,
      goal: '< 250 ms',
      pass: value < 250,
      note: `${rounds} webhooks; the open streams added ${streamsMb.toFixed(0)} MB RSS (${(streamsMb / (subscribers / 1000)).toFixed(1)} MB per 1,000)`,
    });
    return [
      row('webhook 200 -> last subscriber, p99 over webhooks', served.lastP99, baseline.lastP99),
      row('webhook 200 -> any subscriber, p99 over all deliveries', served.allP99, baseline.allP99),
    ];
  } finally {
    crowd.close();
    bareCrowd.close();
    client.close();
    await bare?.stop();
    await svc.stop();
    await db.drop();
  }
}

/** Per round: trigger, note when the 200 came back, and when every subscriber saw the new version. */
async function measure(rounds: number, crowd: SseCrowd, startVersion: number, trigger: () => Promise<void>) {
  const last: number[] = [];
  const all: number[] = [];
  let version = startVersion;
  for (let r = 0; r < rounds; r++) {
    await trigger();
    const answered = performance.now();
    // The NOTIFY can overtake the HTTP answer: an event before the 200 counts as no delay.
    const times = (await crowd.arrivals(++version)).map((t) => Math.max(0, t - answered));
    all.push(...times);
    last.push(Math.max(...times));
    await new Promise((res) => setTimeout(res, 20));
  }
  const sortedLast = sortNumbers(last);
  return { lastP50: percentile(sortedLast, 50), lastP99: percentile(sortedLast, 99), allP99: percentile(sortNumbers(all), 99) };
}

async function sendWebhook(client: HttpClient): Promise<void> {
  const id = randomBytes(8).toString('hex');
  const payload = payloadOf(
    eventOf(
      `evt_sse_${id}`,
      'checkout.session.completed',
      sessionObject({
        appeal: 'live',
        currency: 'usd',
        amount: 1000,
        sessionId: `cs_test_sse_${id}`,
        paymentIntent: `pi_sse_${id}`,
        charge: `ch_sse_${id}`,
        email: `${id}@example.org`,
        name: 'Fan',
      }),
      Math.floor(Date.now() / 1000),
    ),
  );
  const res = await client.send('POST', '/webhooks/stripe', payload, {
    'content-type': 'application/json',
    'stripe-signature': signatureOf(payload, WEBHOOK_SECRET),
  });
  if (res.status !== 200 || !res.body.includes('"counted"')) throw new Error(`webhook: ${res.status} ${res.body}`);
}
