import fc from 'fast-check';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { describesProblem, hostileSlug, NASTY_NUMBERS, NASTY_STRINGS, pathSegment, RUNS, snapshot } from '../support/hostile';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent } from '../support/ledger';
import { page, PageResponse, Signed, signIn } from '../support/pages';

/**
 * The HTML side: donor page, dashboard forms, widgets and the live stream, fed hostile slugs,
 * query strings and form fields. Never a 5xx; a page that refuses a form writes nothing and
 * says why; anything echoed back is escaped.
 */
describe('hostile input on pages and widgets', () => {
  let t: TestApp;
  let session: Signed;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ CHECKOUT_RATE_LIMIT: '1000000' });
    t.app.get(StripeGateway).sandbox!.autoDeliver = false;
    await createAppeal(t, 'open');
    await createAppeal(t, 'hidden', { status: 'draft' });
    session = await signIn(t);
  });
  afterAll(async () => {
    await expectLedgerConsistent(t.ds);
    await t.close();
  });

  const formValue = fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.constantFrom(...NASTY_NUMBERS.map(String)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
  /** The script strings must never come back unescaped. */
  const INJECTED = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];

  async function probe(label: string, send: () => Promise<PageResponse>): Promise<PageResponse> {
    const before = await snapshot(t.ds);
    const res = await send();
    const context = `${label} -> ${res.status} ${res.text.slice(0, 200)}`;
    expect({ context, serverError: res.status >= 500 }).toEqual({ context, serverError: false });
    const type = res.headers.get('content-type') ?? '';
    // JSON (served with nosniff) may quote input verbatim; markup and scripts must escape it.
    if (/html|svg|javascript/.test(type))
      expect({ context, echoed: INJECTED.filter((s) => res.text.includes(s)) }).toEqual({ context, echoed: [] });
    if (res.status >= 400) {
      const json = type.includes('json');
      const problems = json
        ? describesProblem({ ...res, body: JSON.parse(res.text) })
        : res.text.length > 50
          ? []
          : ['an empty error page'];
      expect({ context, problems }).toEqual({ context, problems: [] });
    }
    const accepted = res.status < 300 || res.status === 303;
    if (!accepted) expect({ context, unchanged: (await snapshot(t.ds)) === before }).toEqual({ context, unchanged: true });
    return res;
  }

  it('GET pages, widgets and streams with hostile slugs and query strings', async () => {
    const routes = [
      '/donate/:s',
      '/donate/:s/thanks',
      '/donate/:s/thanks/status',
      '/widgets/:s',
      '/widgets/:s.svg',
      '/organiser/appeals/:s',
      '/organiser/appeals/:s/edit',
      '/organiser/appeals/:s/donations.csv',
    ];
    const query = fc.dictionary(
      fc.constantFrom('theme', 'accent', 'locale', 'lang', 'amount', 'cancelled', 'session_id', 'cursor', 'notice', 'next'),
      formValue,
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileSlug, query, async (route, slug, q) => {
        const path = `${route.replace(':s', pathSegment(slug))}?${new URLSearchParams(q)}`;
        const res = await probe(`GET ${path}`, () => page(t, 'GET', path, { cookie: session.cookie }));
        if (res.status < 300) expect(['open', 'hidden']).toContain(slug);
      }),
      RUNS,
    );
  });

  it('the live progress stream refuses unknown slugs without holding the connection', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSlug, async (slug) => {
        if (slug === 'open') return;
        const path = `/api/appeals/${pathSegment(slug)}/progress/stream`;
        const res = await probe(`GET ${path}`, () => page(t, 'GET', path));
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      RUNS,
    );
  });

  it('POST /donate/:slug with hostile form fields', async () => {
    const fields = fc.dictionary(
      fc.constantFrom('preset', 'customAmount', 'donorName', 'donorEmail', 'message', 'anonymous', 'key', 'amount', 'extra'),
      formValue,
      { minKeys: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fields, async (form) => {
        await probe(`POST /donate/open ${show(form)}`, () => page(t, 'POST', '/donate/open', { form }));
      }),
      RUNS,
    );
  });

  it('dashboard forms with hostile fields, as a signed-in organiser', async () => {
    const appealFields = [
      'slug',
      'title',
      'description',
      'currency',
      'target',
      'status',
      'startsAt',
      'endsAt',
      'stretchTargets',
      'presetAmounts',
    ];
    const valid: Record<string, () => Record<string, string>> = {
      '/organiser/appeals': () => ({ slug: `p-${++seq}`, title: 'Fair', currency: 'usd', target: '1000', status: 'active' }),
      '/organiser/appeals/open': () => ({ title: 'Open', currency: 'usd', target: '1000', status: 'active' }),
      '/organiser/appeals/open/gifts': () => ({ amount: '5.00', reference: `g-${++seq}`, donorName: 'Ann' }),
    };
    // The baseline forms are accepted, so a refusal below is the hostile field's doing.
    for (const [path, form] of Object.entries(valid)) {
      expect((await page(t, 'POST', path, { cookie: session.cookie, form: { _csrf: session.csrf, ...form() } })).status).toBe(303);
    }
    const which = fc.constantFrom(...Object.keys(valid));
    const field = fc.constantFrom(...appealFields, 'amount', 'reference', 'donorName', 'note', 'receivedAt', 'currency', '_csrf');
    await fc.assert(
      fc.asyncProperty(which, field, formValue, async (path, f, v) => {
        const form = { _csrf: session.csrf, ...valid[path](), [f]: v };
        await probe(`POST ${path} ${f}=${show(v)}`, () => page(t, 'POST', path, { cookie: session.cookie, form }));
      }),
      RUNS,
    );
  });

  it('forms refuse malformed and oversized bodies without a 5xx', async () => {
    const raw = fc.oneof(
      fc.constantFrom('%zz', '=&=&=', 'a=%', '%00=%00', 'a'.repeat(200_000), `${'x=1&'.repeat(5000)}`),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    const target = fc.constantFrom('/donate/open', '/organiser/sign-in', '/organiser/appeals', '/organiser/appeals/open/gifts');
    await fc.assert(
      fc.asyncProperty(target, raw, async (path, body) => {
        await probe(`POST ${path} raw ${show(body)}`, async () => {
          const res = await fetch(t.url + path, {
            method: 'POST',
            redirect: 'manual',
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
          });
          return {
            status: res.status,
            headers: res.headers,
            text: await res.text(),
            location: res.headers.get('location'),
            setCookies: [],
          };
        });
      }),
      RUNS,
    );
  });

  it('sign-in refuses hostile tokens and forged forms, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(formValue, formValue, async (token, csrf) => {
        const res = await probe(`sign-in ${show(token)}`, () => page(t, 'POST', '/organiser/sign-in', { form: { token, _csrf: csrf } }));
        expect(res.status).not.toBe(303);
      }),
      RUNS,
    );
  });
});
