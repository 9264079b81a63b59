import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { page } from '../support/pages';
import { acceptWithTotp, invite, member, Member, passwordSignIn } from '../support/team';
import { TokensService } from '../../src/auth/tokens.service';

interface Entry {
  id: string;
  at: string;
  actor: { id: string | null; email: string | null; name: string; kind: string };
  action: string;
  appeal: string | null;
  details: Record<string, any>;
}

describe('audit trail', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let owner: Member;
  let editor: Member;
  let viewer: Member;

  /** Every entry, oldest first, read through the API with keyset pages of 7. */
  async function all(token = ADMIN_TOKEN, query = ''): Promise<Entry[]> {
    const out: Entry[] = [];
    let cursor: string | null = null;
    for (;;) {
      const res = await t.request('GET', `/api/audit?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status).toBe(200);
      out.push(...res.body.entries);
      cursor = res.body.nextCursor;
      if (!cursor) return out.reverse();
    }
  }
  const last = async (action: string) => (await all()).filter((e) => e.action === action).at(-1)!;

  beforeAll(async () => {
    t = await startTestApp();
    a = uniqueSlug('audit-a');
    b = uniqueSlug('audit-b');
    await createAppeal(t, a);
    await createAppeal(t, b);
    owner = await member(t, 'owner');
    editor = await member(t, 'editor', [a]);
    viewer = await member(t, 'viewer', [a]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('records appeal creation by the admin token and edits by a person, naming the fields changed', async () => {
    const created = (await all()).find((e) => e.action === 'appeal.created' && e.appeal === a)!;
    expect(created.actor).toEqual({ id: null, email: null, name: 'admin token', kind: 'admin' });
    expect(created.details.fields).toEqual(expect.arrayContaining(['slug', 'title', 'currency', 'target', 'status']));
    const res = await t.request('PATCH', `/api/appeals/${a}`, { token: editor.token, body: { title: 'Roof fund', target: 2_000_000 } });
    expect(res.status).toBe(200);
    const edited = await last('appeal.edited');
    expect(edited.actor).toMatchObject({ id: editor.id, email: editor.email, kind: 'person' });
    expect(edited.appeal).toBe(a);
    expect(edited.details.fields.sort()).toEqual(['target', 'title']);
    expect(edited.details.changes.target).toEqual({ from: 1_000_000, to: 2_000_000 });
  });

  it('records an offline gift with its actor, in the same transaction (a refused gift leaves no entry)', async () => {
    const res = await t.request('POST', `/api/appeals/${a}/donations`, {
      token: editor.token,
      body: { amount: 7500, reference: 'cheque 101' },
    });
    expect(res.status).toBe(201);
    const gift = await last('gift.recorded');
    expect(gift).toMatchObject({ appeal: a, actor: { id: editor.id, email: editor.email } });
    expect(gift.details).toMatchObject({ donationId: res.body.id, amount: 7500, currency: 'usd', reference: 'cheque 101' });
    const count = (await all()).length;
    // The same reference again: nothing new recorded, nothing audited; a refused gift neither.
    expect(
      (await t.request('POST', `/api/appeals/${a}/donations`, { token: editor.token, body: { amount: 7500, reference: 'cheque 101' } }))
        .status,
    ).toBe(200);
    expect(
      (await t.request('POST', `/api/appeals/${a}/donations`, { token: viewer.token, body: { amount: 1, reference: 'no' } })).status,
    ).toBe(403);
    expect((await all()).length).toBe(count);
    // A CLI token is named by its name.
    const { token } = await t.app.get(TokensService).create('treasurer laptop');
    expect((await t.request('POST', `/api/appeals/${a}/donations`, { token, body: { amount: 100, reference: 'cli 1' } })).status).toBe(201);
    expect((await last('gift.recorded')).actor).toEqual({ id: null, email: null, name: 'treasurer laptop', kind: 'token' });
  });

  it("records hiding and showing a supporter's message, by whom", async () => {
    const made = await t.request('POST', `/api/appeals/${a}/donations`, {
      body: { amount: 1000, reference: 'wall 1', donorName: 'Ada', message: 'Go!', public: true },
    });
    expect(made.status).toBe(201);
    const hide = await t.request('PATCH', `/api/appeals/${a}/donations/${made.body.id}`, { token: editor.token, body: { public: false } });
    expect(hide.status).toBe(200);
    expect(await last('message.hidden')).toMatchObject({ appeal: a, actor: { id: editor.id }, details: { donationId: made.body.id } });
    expect(
      (await t.request('PATCH', `/api/appeals/${a}/donations/${made.body.id}`, { token: viewer.token, body: { public: true } })).status,
    ).toBe(403);
    await t.request('PATCH', `/api/appeals/${a}/donations/${made.body.id}`, { token: owner.token, body: { public: true } });
    expect(await last('message.shown')).toMatchObject({ appeal: a, actor: { id: owner.id } });
  });

  it('records people: invited, role and appeals changed, disabled, tokens created and revoked', async () => {
    const inv = await invite(t, { role: 'viewer', appeals: [b] }, owner.token);
    const invited = await last('person.invited');
    expect(invited.actor).toMatchObject({ id: owner.id, email: owner.email });
    expect(invited.details).toMatchObject({ organiserId: inv.id, email: inv.email, role: 'viewer', appeals: [b] });
    await t.request('PATCH', `/api/organisers/${inv.id}`, { token: owner.token, body: { role: 'editor', appeals: [a, b] } });
    expect((await last('person.role-changed')).details).toMatchObject({ organiserId: inv.id, from: 'viewer', to: 'editor' });
    expect((await last('person.appeals-changed')).details).toMatchObject({ from: [b], to: [a, b].sort() });
    const tok = await t.request('POST', `/api/organisers/${editor.id}/tokens`, { token: editor.token, body: { name: 'my sheet' } });
    const created = await last('token.created');
    expect(created.actor).toMatchObject({ id: editor.id });
    expect(created.details).toMatchObject({ organiserId: editor.id, tokenId: tok.body.id, name: 'my sheet' });
    expect(JSON.stringify(created)).not.toContain(tok.body.token);
    await t.request('DELETE', `/api/organisers/${editor.id}/tokens/${tok.body.id}`, { token: owner.token });
    expect(await last('token.revoked')).toMatchObject({ actor: { id: owner.id }, details: { tokenId: tok.body.id } });
    await t.request('PATCH', `/api/organisers/${inv.id}`, { token: owner.token, body: { disabled: true } });
    expect(await last('person.disabled')).toMatchObject({ actor: { id: owner.id }, details: { organiserId: inv.id } });
  });

  it('records sign-ins, failed sign-ins (never the password), invitation acceptance and TOTP enabled', async () => {
    const inv = await invite(t, { role: 'viewer', appeals: [a] });
    await acceptWithTotp(t, inv.inviteUrl);
    expect(await last('invitation.accepted')).toMatchObject({ actor: { id: inv.id, email: inv.email } });
    expect(await last('totp.enabled')).toMatchObject({ actor: { id: inv.id, email: inv.email } });
    const secretPassword = 'this is not the password 42';
    expect((await passwordSignIn(t, inv.email, secretPassword)).status).toBe(401);
    const failed = await last('sign-in.failed');
    expect(failed.actor).toMatchObject({ kind: 'anonymous', id: inv.id });
    expect(failed.details).toMatchObject({ method: 'password', email: inv.email, reason: 'wrong password' });
    const raw = JSON.stringify(await t.ds.query('SELECT * FROM audit_entries'));
    expect(raw).not.toContain(secretPassword);
    await passwordSignIn(t, viewer.email);
    expect(await last('sign-in')).toMatchObject({ actor: { id: viewer.id }, details: { method: 'password' } });
    const form = await page(t, 'GET', '/organiser/sign-in');
    expect(form.status).toBe(200);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_entries (raw SQL)', async () => {
    const [{ id }] = await t.ds.query('SELECT id FROM audit_entries ORDER BY id LIMIT 1');
    await expect(t.ds.query(`UPDATE audit_entries SET action = 'rewritten' WHERE id = $1`, [id])).rejects.toThrow(/append-only: UPDATE/);
    await expect(t.ds.query('DELETE FROM audit_entries WHERE id = $1', [id])).rejects.toThrow(/append-only: DELETE/);
    await expect(t.ds.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await t.ds.query('SELECT action FROM audit_entries WHERE id = $1', [id])).toEqual([
      { action: expect.not.stringMatching('rewritten') },
    ]);
  });

  it('pages by keyset without gaps or repeats, and filters by appeal and actor', async () => {
    const entries = await all();
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const ids = entries.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    const total = Number((await t.ds.query('SELECT count(*) AS n FROM audit_entries'))[0].n);
    expect(entries.length).toBe(total);
    const onA = await all(ADMIN_TOKEN, `&appeal=${a}`);
    expect(onA.length).toBeGreaterThan(0);
    expect(onA.every((e) => e.appeal === a)).toBe(true);
    const byEditor = await all(ADMIN_TOKEN, `&actor=${editor.id}`);
    expect(byEditor.length).toBeGreaterThan(0);
    expect(byEditor.every((e) => e.actor.id === editor.id)).toBe(true);
    expect((await all(ADMIN_TOKEN, `&actor=${encodeURIComponent(editor.email.toUpperCase())}`)).map((e) => e.id)).toEqual(
      byEditor.map((e) => e.id),
    );
    expect((await t.request('GET', '/api/audit?limit=0')).status).toBe(400);
    expect((await t.request('GET', '/api/audit?cursor=abc')).status).toBe(400);
  });

  it('shows editors and viewers only the entries of their appeals', async () => {
    const seen = await all(viewer.token);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.appeal === a)).toBe(true);
    expect(await all(viewer.token, `&appeal=${b}`)).toEqual([]);
  });

  it('exports CSV and shows the trail on the dashboard, per appeal and for the organisation', async () => {
    const csv = await t.request('GET', `/api/audit.csv?appeal=${a}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('"id","at","actor_kind","actor_id","actor_email","actor_name","action","appeal","details"');
    expect(lines.length - 1).toBe((await all(ADMIN_TOKEN, `&appeal=${a}`)).length);
    expect(csv.text).toContain('"gift.recorded"');
    const appealPage = await page(t, 'GET', `/organiser/appeals/${a}`, { cookie: editor.session.cookie });
    expect(appealPage.text).toContain('id="audit"');
    expect(appealPage.text).toContain('data-action="gift.recorded"');
    const orgPage = await page(t, 'GET', '/organiser/audit', { cookie: owner.session.cookie });
    expect(orgPage.status).toBe(200);
    expect(orgPage.text).toContain('data-action="person.invited"');
    const viewerPage = await page(t, 'GET', '/organiser/audit', { cookie: viewer.session.cookie });
    expect(viewerPage.text).not.toContain('data-action="person.invited"');
    const pageCsv = await page(t, 'GET', `/organiser/audit.csv?appeal=${a}`, { cookie: viewer.session.cookie });
    expect(pageCsv.status).toBe(200);
    expect(pageCsv.text.trim().split('\r\n').length).toBe(lines.length);
  });
});
