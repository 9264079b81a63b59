import { ModulesContainer } from '@nestjs/core';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { OrganiserGuard } from '../../src/auth/organiser.guard';
import { OrganiserSessionGuard } from '../../src/auth/session/organiser-session.guard';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { page, signIn, Signed } from '../support/pages';
import { member, Member, signInAs } from '../support/team';

/**
 * Every organiser route (API and dashboard), for every kind of organiser: allowed or 403 naming
 * the missing right. The route list is checked against the app's own routes, so a new guarded
 * route without a row here fails this file.
 */
type Who = 'admin' | 'owner' | 'editor' | 'viewer' | 'editorB';
const ALL: Who[] = ['admin', 'owner', 'editor', 'viewer', 'editorB'];

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** With :a / :b (appeal slugs), :self (the caller's id), :other (someone else's id), :token (a token of :self). */
  path: string;
  kind: 'api' | 'page';
  allowed: Who[];
  /** The 403 message for the others ({a}, {b} are slugs). */
  refused?: string;
  body?: () => Record<string, unknown>;
}

let n = 0;
const OWNERS: Who[] = ['admin', 'owner'];
const ON_A: Who[] = ['admin', 'owner', 'editor', 'viewer'];
const EDIT_A: Who[] = ['admin', 'owner', 'editor'];
/** Held payments belong to no appeal yet: editors of any appeal act on them. */
const EDITORS: Who[] = ['admin', 'owner', 'editor', 'editorB'];
const OWNER_MSG = 'owner rights are required';
/** Account settings belong to people: ADMIN_TOKEN has none. */
const PEOPLE: Who[] = ['owner', 'editor', 'viewer', 'editorB'];
const PERSONAL_MSG = 'a personal account is required';

const ROWS: Row[] = [
  { method: 'GET', path: '/api/appeals', kind: 'api', allowed: ALL },
  {
    method: 'POST',
    path: '/api/appeals',
    kind: 'api',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ slug: `new-${process.pid}-${++n}`, title: 'New', currency: 'usd', target: 1000 }),
  },
  {
    method: 'PATCH',
    path: '/api/appeals/:a',
    kind: 'api',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ title: `Renamed ${++n}` }),
  },
  {
    method: 'PATCH',
    path: '/api/appeals/:b',
    kind: 'api',
    allowed: [...OWNERS, 'editorB'],
    refused: "editor rights on appeal '{b}' are required",
    body: () => ({ title: `B ${++n}` }),
  },
  {
    method: 'POST',
    path: '/api/appeals/:a/donations',
    kind: 'api',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ amount: 500, reference: `cheque-${++n}` }),
  },
  {
    method: 'POST',
    path: '/api/appeals/:a/donations/:cheque/void',
    kind: 'api',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ reason: 'bounced' }),
  },
  { method: 'GET', path: '/api/review', kind: 'api', allowed: EDITORS, refused: 'editor rights on an appeal are required' },
  {
    method: 'POST',
    path: '/api/review/:nohold',
    kind: 'api',
    allowed: EDITORS,
    refused: 'editor rights on an appeal are required',
    body: () => ({ action: 'refund' }),
  },
  {
    method: 'PATCH',
    path: '/api/appeals/:a/donations/:gift',
    kind: 'api',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ public: n++ % 2 === 0 }),
  },
  { method: 'GET', path: '/api/appeals/:a/donations', kind: 'api', allowed: ON_A, refused: "viewer rights on appeal '{a}' are required" },
  {
    method: 'GET',
    path: '/api/appeals/:b/donations',
    kind: 'api',
    allowed: [...OWNERS, 'editorB'],
    refused: "viewer rights on appeal '{b}' are required",
  },
  {
    method: 'GET',
    path: '/api/appeals/:a/donations.csv',
    kind: 'api',
    allowed: ON_A,
    refused: "viewer rights on appeal '{a}' are required",
  },
  { method: 'GET', path: '/api/appeals/:a/plans', kind: 'api', allowed: ON_A, refused: "viewer rights on appeal '{a}' are required" },
  {
    method: 'POST',
    path: '/api/organisers',
    kind: 'api',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ email: `x${process.pid}-${++n}@example.org`, name: 'X', role: 'viewer' }),
  },
  { method: 'GET', path: '/api/organisers', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'PATCH', path: '/api/organisers/:other', kind: 'api', allowed: OWNERS, refused: OWNER_MSG, body: () => ({ role: 'viewer' }) },
  { method: 'POST', path: '/api/organisers/:other/invitations', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'GET', path: '/api/organisers/:other/tokens', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  {
    method: 'POST',
    path: '/api/organisers/:other/tokens',
    kind: 'api',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ name: `t${++n}` }),
  },
  { method: 'DELETE', path: '/api/organisers/:other/tokens/:othertoken', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'GET', path: '/api/organisers/:self/tokens', kind: 'api', allowed: ALL },
  { method: 'POST', path: '/api/organisers/:self/tokens', kind: 'api', allowed: ALL, body: () => ({ name: `mine ${++n}` }) },
  { method: 'DELETE', path: '/api/organisers/:self/tokens/:spare', kind: 'api', allowed: ALL },
  { method: 'GET', path: '/api/audit', kind: 'api', allowed: ALL },
  { method: 'GET', path: '/api/audit.csv', kind: 'api', allowed: ALL },
  { method: 'GET', path: '/api/sandbox/sessions/cs_test_none', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/api/sandbox/sessions/cs_test_none/refund', kind: 'api', allowed: OWNERS, refused: OWNER_MSG, body: () => ({}) },
  { method: 'GET', path: '/api/sandbox/clock', kind: 'api', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/api/sandbox/clock/advance', kind: 'api', allowed: OWNERS, refused: OWNER_MSG, body: () => ({ months: 1 }) },

  { method: 'GET', path: '/organiser', kind: 'page', allowed: ALL },
  { method: 'GET', path: '/organiser/appeals/new', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  {
    method: 'POST',
    path: '/organiser/appeals',
    kind: 'page',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ slug: `page-${process.pid}-${++n}`, title: 'P', currency: 'usd', target: '10' }),
  },
  { method: 'GET', path: '/organiser/appeals/:a', kind: 'page', allowed: ON_A, refused: "viewer rights on appeal '{a}' are required" },
  {
    method: 'GET',
    path: '/organiser/appeals/:b',
    kind: 'page',
    allowed: [...OWNERS, 'editorB'],
    refused: "viewer rights on appeal '{b}' are required",
  },
  {
    method: 'GET',
    path: '/organiser/appeals/:a/edit',
    kind: 'page',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
  },
  {
    method: 'POST',
    path: '/organiser/appeals/:a',
    kind: 'page',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ title: `Paged ${++n}`, currency: 'usd', target: '10000', status: 'active' }),
  },
  {
    method: 'POST',
    path: '/organiser/appeals/:a/gifts',
    kind: 'page',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ amount: '5', currency: 'usd', reference: `page-${++n}` }),
  },
  {
    method: 'POST',
    path: '/organiser/appeals/:a/donations/:cheque/void',
    kind: 'page',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ reason: 'bounced' }),
  },
  {
    method: 'POST',
    path: '/organiser/review/:nohold',
    kind: 'page',
    allowed: EDITORS,
    refused: 'editor rights on an appeal are required',
    body: () => ({ action: 'refund' }),
  },
  {
    method: 'POST',
    path: '/organiser/appeals/:a/donations/:gift/public',
    kind: 'page',
    allowed: EDIT_A,
    refused: "editor rights on appeal '{a}' are required",
    body: () => ({ public: n++ % 2 === 0 ? 'true' : 'false' }),
  },
  {
    method: 'GET',
    path: '/organiser/appeals/:a/donations.csv',
    kind: 'page',
    allowed: ON_A,
    refused: "viewer rights on appeal '{a}' are required",
  },
  { method: 'GET', path: '/organiser/team', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  {
    method: 'POST',
    path: '/organiser/team/invite',
    kind: 'page',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ email: `p${process.pid}-${++n}@example.org`, name: 'P', role: 'viewer' }),
  },
  { method: 'POST', path: '/organiser/team/:other', kind: 'page', allowed: OWNERS, refused: OWNER_MSG, body: () => ({ role: 'viewer' }) },
  { method: 'POST', path: '/organiser/team/:other/disable', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/organiser/team/:other/enable', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/organiser/team/:other/invitation', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  {
    method: 'POST',
    path: '/organiser/team/:other/tokens',
    kind: 'page',
    allowed: OWNERS,
    refused: OWNER_MSG,
    body: () => ({ name: `pt${++n}` }),
  },
  { method: 'POST', path: '/organiser/team/:other/tokens/:othertoken/revoke', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'GET', path: '/organiser/audit', kind: 'page', allowed: ALL },
  { method: 'GET', path: '/organiser/audit.csv', kind: 'page', allowed: ALL },
  { method: 'GET', path: '/organiser/sandbox', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'GET', path: '/organiser/sandbox/sessions/cs_test_none', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/organiser/sandbox/sessions/cs_test_none/refund', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'POST', path: '/organiser/sandbox/clock/advance', kind: 'page', allowed: OWNERS, refused: OWNER_MSG },
  { method: 'GET', path: '/organiser/account', kind: 'page', allowed: ALL },
  {
    method: 'POST',
    path: '/organiser/account/totp',
    kind: 'page',
    allowed: PEOPLE,
    refused: PERSONAL_MSG,
    body: () => ({ code: '000000' }),
  },
  {
    method: 'POST',
    path: '/organiser/account/totp/off',
    kind: 'page',
    allowed: PEOPLE,
    refused: PERSONAL_MSG,
    body: () => ({ code: '000000' }),
  },
  {
    method: 'POST',
    path: '/organiser/account/tokens',
    kind: 'page',
    allowed: PEOPLE,
    refused: PERSONAL_MSG,
    body: () => ({ name: `acct ${++n}` }),
  },
  { method: 'POST', path: '/organiser/account/tokens/:spare/revoke', kind: 'page', allowed: PEOPLE, refused: PERSONAL_MSG },
  { method: 'POST', path: '/organiser/sign-out', kind: 'page', allowed: ALL },
];

/** Every route behind an organiser guard, as "METHOD /path/:param", read from the app's controllers. */
function guardedRoutes(t: TestApp): string[] {
  const out: string[] = [];
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => object) | null;
      if (!cls) continue;
      const classGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, cls) ?? [];
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const fn = cls.prototype[name];
        if (name === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
        const guards = [...classGuards, ...(Reflect.getMetadata(GUARDS_METADATA, fn) ?? [])];
        if (!guards.some((g) => g === OrganiserGuard || g === OrganiserSessionGuard)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as number];
        const sub = String(Reflect.getMetadata(PATH_METADATA, fn));
        out.push(`${method} ${`/${base}/${sub}`.replace(/\/+/g, '/').replace(/\/$/, '')}`);
      }
    }
  }
  return out.sort();
}

describe('organiser roles on every organiser route', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let people: Record<'owner' | 'editor' | 'viewer' | 'editorB', Member>;
  let adminSession: Signed;
  let other: Member;
  /** An offline gift on appeal a whose donor chose the wall (editors may hide its message). */
  let gift: string;
  /** An offline gift on appeal a that the void rows void (the first allowed caller; then 200 again). */
  let cheque: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = uniqueSlug('role-a');
    b = uniqueSlug('role-b');
    await createAppeal(t, a);
    await createAppeal(t, b);
    people = {
      owner: await member(t, 'owner'),
      editor: await member(t, 'editor', [a]),
      viewer: await member(t, 'viewer', [a]),
      editorB: await member(t, 'editor', [b]),
    };
    other = await member(t, 'viewer', [b]);
    const made = await t.request('POST', `/api/appeals/${a}/donations`, {
      body: { amount: 2500, reference: 'wall gift', donorName: 'Ada', message: 'Good luck', public: true },
    });
    expect(made.status).toBe(201);
    gift = made.body.id;
    cheque = (await t.request('POST', `/api/appeals/${a}/donations`, { body: { amount: 4000, reference: 'cheque to void' } })).body.id;
    adminSession = await signIn(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('lists every guarded route of the app in the table', () => {
    // The table's concrete values back to the controllers' parameter names.
    const generic = (r: Row) =>
      `${r.method} ${r.path
        .replace(/:(a|b)\b/g, ':slug')
        .replace(/:(self|other|gift|cheque|nohold)\b/g, ':id')
        .replace(/:(spare|othertoken)\b/g, ':tokenId')
        .replace('cs_test_none', ':id')
        .replace(/\/refund$/, '/:action')}`;
    const table = new Set(ROWS.map(generic));
    const routes = guardedRoutes(t);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/appeals', 'POST /organiser/appeals/:slug/gifts', 'GET /organiser/team']));
    expect(routes.filter((r) => !table.has(r))).toEqual([]);
  });

  const cases = ROWS.flatMap((row) => ALL.map((who) => ({ row, who, label: `${row.method} ${row.path} as ${who}` })));

  it.each(cases)('$label', async ({ row, who }) => {
    const self = who === 'admin' ? other : people[who];
    const spare =
      row.path.includes(':spare') && who !== 'admin'
        ? (await t.request('POST', `/api/organisers/${self.id}/tokens`, { token: self.token, body: { name: `spare ${++n}` } })).body.id
        : other.tokenId;
    const othertoken = row.path.includes(':othertoken')
      ? (await t.request('POST', `/api/organisers/${other.id}/tokens`, { body: { name: `other ${++n}` } })).body.id
      : '';
    const path = row.path
      .replace(':a', a)
      .replace(':b', b)
      .replace(':self', self.id)
      .replace(':other', other.id)
      .replace(':spare', spare)
      .replace(':othertoken', othertoken)
      .replace(':gift', gift)
      .replace(':cheque', cheque)
      .replace(':nohold', '00000000-0000-4000-8000-000000000000');
    const allowed = row.allowed.includes(who);
    let status: number;
    let text: string;
    if (row.kind === 'api') {
      const res = await t.request(row.method, path, { token: who === 'admin' ? ADMIN_TOKEN : people[who].token, body: row.body?.() });
      status = res.status;
      text = res.text;
    } else {
      const s = who === 'admin' ? adminSession : people[who].session;
      const res =
        row.method === 'GET'
          ? await page(t, 'GET', path, { cookie: s.cookie })
          : await page(t, 'POST', path, { cookie: s.cookie, form: { _csrf: s.csrf, ...(row.body?.() ?? {}) } as Record<string, string> });
      status = res.status;
      text = res.text.replace(/&#39;/g, "'");
    }
    if (allowed) {
      expect(status).not.toBe(403);
      expect(status).not.toBe(401);
      expect(status).toBeLessThan(500);
    } else {
      expect(status).toBe(403);
      expect(text).toContain(row.refused!.replace('{a}', a).replace('{b}', b));
    }
    // Sign-out ends the session: sign in again for the rows after it.
    if (row.path === '/organiser/sign-out' && allowed) {
      if (who === 'admin') adminSession = await signIn(t);
      else {
        people[who].session = await signInAs(t, people[who].email);
      }
    }
  });

  it('lists only the appeals an editor or viewer was given', async () => {
    const slugs = async (token: string) => (await t.request('GET', '/api/appeals', { token })).body.map((x: { slug: string }) => x.slug);
    expect(await slugs(people.editor.token)).toEqual([a]);
    expect(await slugs(people.viewer.token)).toEqual([a]);
    expect(await slugs(people.editorB.token)).toEqual([b]);
    expect(await slugs(people.owner.token)).toEqual(expect.arrayContaining([a, b]));
    const dash = await page(t, 'GET', '/organiser', { cookie: people.viewer.session.cookie });
    expect(dash.text).toContain(`data-appeal="${a}"`);
    expect(dash.text).not.toContain(`data-appeal="${b}"`);
    expect(dash.text).not.toContain('href="/organiser/team"');
    expect(dash.text).not.toContain('id="payments-health"');
  });

  it('refuses an editor of one appeal on another, and changes nothing there', async () => {
    const before = await t.ds.query(`SELECT count(*)::int AS n FROM donations d JOIN appeals a ON a.id = d.appeal_id WHERE a.slug = $1`, [
      b,
    ]);
    const res = await t.request('POST', `/api/appeals/${b}/donations`, {
      token: people.editor.token,
      body: { amount: 100, reference: 'sneaky' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, message: `editor rights on appeal '${b}' are required` });
    const after = await t.ds.query(`SELECT count(*)::int AS n FROM donations d JOIN appeals a ON a.id = d.appeal_id WHERE a.slug = $1`, [
      b,
    ]);
    expect(after).toEqual(before);
  });
});
