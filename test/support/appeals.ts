import { ADMIN_TOKEN, request, TestApp } from './app';

/** Appeals, gifts and checkouts made through the public routes, as an organiser or donor would. */

let seq = 0;
/** A slug no other test in this process uses, so tests share an app without sharing data. */
export const uniqueSlug = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

/** An active USD appeal with a target of $10,000 unless `over` says otherwise; answers its JSON. */
export async function createAppeal(
  app: { url: string } | string,
  slug: string,
  over: Record<string, unknown> = {},
  token = ADMIN_TOKEN,
): Promise<Record<string, any>> {
  const base = typeof app === 'string' ? app : app.url;
  const res = await request(base, 'POST', '/api/appeals', {
    token,
    body: { slug, title: `Appeal ${slug}`, currency: 'usd', target: 1_000_000, status: 'active', ...over },
  });
  if (res.status !== 201) throw new Error(`could not create appeal ${slug}: ${res.status} ${res.text}`);
  return res.body;
}

/** Records an offline gift through the organiser route. */
export async function recordGift(
  app: { url: string } | string,
  slug: string,
  amount: number,
  reference: string,
  donorName?: string,
  token = ADMIN_TOKEN,
): Promise<Record<string, any>> {
  const base = typeof app === 'string' ? app : app.url;
  const res = await request(base, 'POST', `/api/appeals/${slug}/donations`, {
    token,
    body: { amount, reference, ...(donorName ? { donorName } : {}) },
  });
  if (res.status !== 201) throw new Error(`recording gift failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Starts a real checkout (pending donation + sandbox session) and returns its ids. */
export async function startCheckout(
  t: TestApp,
  slug: string,
  amount: number,
  body: Record<string, unknown> = {},
): Promise<{ sessionId: string; donationId: string; url: string }> {
  const res = await t.request('POST', `/api/appeals/${slug}/checkout`, { body: { amount, ...body }, token: null });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${res.text}`);
  const [row] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [res.body.id]);
  return { sessionId: res.body.id, donationId: row.id, url: res.body.url };
}
