import { generateSync } from 'otplib';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { cookiePair, page, textOf } from '../support/pages';
import { accept, acceptWithTotp, invite, linkPath, member, PASSWORD, passwordSignIn, secretOn, uniqueEmail } from '../support/team';

/** A code for the next 30-second step: the current one may already be used (the enrolment spent it). */
const nextCode = (secret: string) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describe('organiser people: invitations, passwords, TOTP, tokens, disabling', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await startTestApp();
    slug = uniqueSlug('people');
    await createAppeal(t, slug);
  });
  afterAll(async () => {
    await t.close();
  });

  it('invites with a one-time link and answers 201 {id, email, role, appeals, inviteUrl}', async () => {
    const email = uniqueEmail('Ed');
    const res = await t.request('POST', '/api/organisers', {
      body: { email: `  ${email.toUpperCase()} `, name: 'Ed', role: 'editor', appeals: [slug] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: email.toLowerCase(),
      role: 'editor',
      appeals: [slug],
      status: 'invited',
      mail: 'not-configured',
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.inviteUrl).toMatch(/\/organiser\/invitations\/[A-Za-z0-9_-]{43}$/);
    // Only a digest of the link is stored.
    const link = res.body.inviteUrl.split('/').pop();
    expect(JSON.stringify(await t.ds.query('SELECT * FROM organiser_invitations'))).not.toContain(link);
    const list = await t.request('GET', '/api/organisers');
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: res.body.id, email: email.toLowerCase() })]));
  });

  it('names every bad field in a 400, and refuses a second account for the same e-mail in any case with 409', async () => {
    const bad = await t.request('POST', '/api/organisers', {
      body: { email: 'not-an-email', name: '', role: 'boss', appeals: ['no-such-appeal', 7] },
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body.message);
    for (const f of ['email', 'name', 'role', 'appeals']) expect(text).toContain(f);
    const unknown = await t.request('POST', '/api/organisers', {
      body: { email: uniqueEmail('u'), name: 'U', role: 'viewer', appeals: ['no-such-appeal'] },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.message)).toContain('no-such-appeal');
    const email = uniqueEmail('dup');
    expect((await t.request('POST', '/api/organisers', { body: { email, name: 'A', role: 'viewer' } })).status).toBe(201);
    const again = await t.request('POST', '/api/organisers', { body: { email: email.toUpperCase(), name: 'B', role: 'viewer' } });
    expect(again.status).toBe(409);
    const patch = await t.request('PATCH', '/api/organisers/00000000-0000-4000-8000-000000000000', { body: { disabled: 'yes' } });
    expect(patch.status).toBe(400);
    expect(JSON.stringify(patch.body.message)).toContain('disabled');
  });

  it('accepts an invitation once: a short password or the e-mail as password is refused, a used link is gone', async () => {
    const inv = await invite(t, { role: 'viewer', appeals: [slug] });
    const short = await accept(t, inv.inviteUrl, { password: 'short' });
    expect(short.status).toBe(400);
    expect(textOf(short.text, 'password-error')).toContain('at least 12 characters');
    const asEmail = await accept(t, inv.inviteUrl, { password: inv.email.toUpperCase() });
    expect(asEmail.status).toBe(400);
    expect(textOf(asEmail.text, 'password-error')).toContain('must not be your e-mail address');
    const differ = await accept(t, inv.inviteUrl, { confirm: 'something else entirely' });
    expect(differ.status).toBe(400);
    const ok = await accept(t, inv.inviteUrl, { name: 'Vera Viewer' });
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(/^\/organiser\/sign-in\?welcome=1&email=/);
    const stored = await t.ds.query('SELECT name, password_hash FROM organisers WHERE id = $1', [inv.id]);
    expect(stored[0].name).toBe('Vera Viewer');
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
    // Used: the page and a second acceptance are refused, and the password stays.
    expect((await page(t, 'GET', linkPath(inv.inviteUrl))).status).toBe(410);
    const twice = await accept(t, inv.inviteUrl, { password: 'another long password' });
    expect(twice.status).toBe(410);
    expect((await passwordSignIn(t, inv.email, 'another long password')).status).toBe(401);
    expect((await passwordSignIn(t, inv.email)).status).toBe(303);
  });

  it('refuses an expired invitation (72 hours), and a new link replaces the old one', async () => {
    const inv = await invite(t, { role: 'viewer' });
    const shown = await page(t, 'GET', linkPath(inv.inviteUrl));
    expect(shown.status).toBe(200);
    const row = await t.ds.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM organiser_invitations WHERE organiser_id = $1`,
      [inv.id],
    );
    expect(Math.abs(row[0].ttl - 72 * 3600)).toBeLessThanOrEqual(2);
    await t.ds.query(`UPDATE organiser_invitations SET expires_at = now() - interval '1 second' WHERE organiser_id = $1`, [inv.id]);
    expect((await page(t, 'GET', linkPath(inv.inviteUrl))).status).toBe(410);
    expect((await accept(t, inv.inviteUrl)).status).toBe(410);
    const again = await t.request('POST', `/api/organisers/${inv.id}/invitations`);
    expect(again.status).toBe(201);
    expect(again.body.inviteUrl).not.toBe(inv.inviteUrl);
    expect((await accept(t, again.body.inviteUrl)).status).toBe(303);
    expect((await page(t, 'GET', '/organiser/invitations/not-a-link')).status).toBe(404);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const m = await member(t, 'viewer', [slug]);
    const strip = (s: string) => s.replace(/value="[A-Za-z0-9_-]{32}"/g, 'value=""').replace(/value="[^"]*@[^"]*"/g, 'value=""');
    const wrong = await passwordSignIn(t, m.email, 'not the password at all');
    const unknown = await passwordSignIn(t, uniqueEmail('nobody'), 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(textOf(wrong.text, 'form-error')).toBe('The e-mail address, password or code is not right.');
    expect(strip(wrong.text)).toBe(strip(unknown.text));
    expect(wrong.setCookies.some((c) => c.startsWith('organiser_session='))).toBe(false);
  });

  it('requires the TOTP code once enabled, and accepts each code only once', async () => {
    const inv = await invite(t, { role: 'editor', appeals: [slug] });
    const shown = await page(t, 'GET', linkPath(inv.inviteUrl));
    expect(shown.text).toContain('otpauth://totp/');
    // A wrong code at enrolment does not enable anything.
    const bad = await accept(t, inv.inviteUrl, { code: '000000' === generateSync({ secret: secretOn(shown.text) }) ? '111111' : '000000' });
    expect(bad.status).toBe(400);
    const secret = await acceptWithTotp(t, inv.inviteUrl);
    expect(secret).toBe(secretOn(shown.text)); // the same secret on every rendering of the link
    const stored = await t.ds.query('SELECT totp_secret, totp_enabled_at FROM organisers WHERE id = $1', [inv.id]);
    expect(stored[0].totp_enabled_at).not.toBeNull();
    expect(stored[0].totp_secret).not.toContain(secret); // sealed with SECRET_KEY
    expect((await passwordSignIn(t, inv.email)).status).toBe(401);
    expect((await passwordSignIn(t, inv.email, PASSWORD, '123456' === nextCode(secret) ? '654321' : '123456')).status).toBe(401);
    const code = nextCode(secret);
    expect((await passwordSignIn(t, inv.email, PASSWORD, code)).status).toBe(303);
    expect((await passwordSignIn(t, inv.email, PASSWORD, code)).status).toBe(401); // replayed
  });

  it('lets a signed-in person turn TOTP on from their account page (a code first) and off again (a code again)', async () => {
    const m = await member(t, 'viewer', [slug]);
    const form = { cookie: m.session.cookie };
    const shown = await page(t, 'GET', '/organiser/account', form);
    expect(shown.status).toBe(200);
    const secret = secretOn(shown.text);
    expect(shown.text).toContain('otpauth://totp/');
    const wrong = generateSync({ secret }) === '000000' ? '111111' : '000000';
    expect((await page(t, 'POST', '/organiser/account/totp', { ...form, form: { _csrf: m.session.csrf, code: wrong } })).status).toBe(400);
    expect((await passwordSignIn(t, m.email)).status).toBe(303); // still off
    const used = generateSync({ secret });
    const on = await page(t, 'POST', '/organiser/account/totp', { ...form, form: { _csrf: m.session.csrf, code: used } });
    expect(on.status).toBe(303);
    expect(await t.ds.query(`SELECT action FROM audit_entries WHERE actor_id = $1 AND action LIKE 'totp.%'`, [m.id])).toEqual([
      { action: 'totp.enabled' },
    ]);
    expect((await passwordSignIn(t, m.email)).status).toBe(401);
    // Off needs a code as well, and not the one already spent turning it on.
    expect((await page(t, 'POST', '/organiser/account/totp/off', { ...form, form: { _csrf: m.session.csrf, code: used } })).status).toBe(
      400,
    );
    const off = await page(t, 'POST', '/organiser/account/totp/off', { ...form, form: { _csrf: m.session.csrf, code: nextCode(secret) } });
    expect(off.status).toBe(303);
    expect((await passwordSignIn(t, m.email)).status).toBe(303);
  });

  it('makes personal tokens that act as their person, stored as keyed digests, revocable', async () => {
    const m = await member(t, 'viewer', [slug]);
    const made = await t.request('POST', `/api/organisers/${m.id}/tokens`, { token: m.token, body: { name: 'sheet' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^org_/) });
    const rows = await t.ds.query('SELECT token_hash, organiser_id FROM organiser_tokens WHERE id = $1', [made.body.id]);
    expect(rows[0]).toMatchObject({ organiser_id: m.id });
    expect(JSON.stringify(await t.ds.query('SELECT * FROM organiser_tokens'))).not.toContain(made.body.token);
    expect((await t.request('GET', `/api/appeals/${slug}/donations`, { token: made.body.token })).status).toBe(200);
    expect((await t.request('PATCH', `/api/appeals/${slug}`, { token: made.body.token, body: { title: 'x' } })).status).toBe(403);
    const del = await t.request('DELETE', `/api/organisers/${m.id}/tokens/${made.body.id}`, { token: m.token });
    expect(del.status).toBe(204);
    expect((await t.request('GET', '/api/appeals', { token: made.body.token })).status).toBe(401);
    expect((await t.request('DELETE', `/api/organisers/${m.id}/tokens/${made.body.id}`)).status).toBe(404);
    expect((await t.request('POST', `/api/organisers/${m.id}/tokens`, { body: { name: '' } })).status).toBe(400);
  });

  it('applies a role change to the very next request', async () => {
    const m = await member(t, 'viewer', [slug]);
    expect((await t.request('PATCH', `/api/appeals/${slug}`, { token: m.token, body: { title: 'Up' } })).status).toBe(403);
    const up = await t.request('PATCH', `/api/organisers/${m.id}`, { body: { role: 'editor' } });
    expect(up.body).toMatchObject({ role: 'editor', appeals: [slug] });
    expect((await t.request('PATCH', `/api/appeals/${slug}`, { token: m.token, body: { title: 'Up' } })).status).toBe(200);
    await t.request('PATCH', `/api/organisers/${m.id}`, { body: { appeals: [] } });
    expect((await t.request('PATCH', `/api/appeals/${slug}`, { token: m.token, body: { title: 'Down' } })).status).toBe(403);
  });

  it("ends a disabled person's sessions and tokens at once", async () => {
    const m = await member(t, 'editor', [slug]);
    expect((await t.request('GET', '/api/appeals', { token: m.token })).status).toBe(200);
    expect((await page(t, 'GET', '/organiser', { cookie: m.session.cookie })).status).toBe(200);
    const off = await t.request('PATCH', `/api/organisers/${m.id}`, { body: { disabled: true } });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('disabled');
    expect((await t.request('GET', '/api/appeals', { token: m.token })).status).toBe(401);
    const dash = await page(t, 'GET', '/organiser', { cookie: m.session.cookie });
    expect(dash.status).toBe(303);
    expect(dash.location).toMatch(/^\/organiser\/sign-in/);
    expect(await t.ds.query('SELECT 1 FROM organiser_sessions WHERE organiser_id = $1', [m.id])).toEqual([]);
    expect(await t.ds.query('SELECT 1 FROM organiser_tokens WHERE organiser_id = $1 AND revoked_at IS NULL', [m.id])).toEqual([]);
    expect((await passwordSignIn(t, m.email)).status).toBe(401);
    // Enabled again: the password works; the revoked tokens stay revoked.
    await t.request('PATCH', `/api/organisers/${m.id}`, { body: { disabled: false } });
    expect((await passwordSignIn(t, m.email)).status).toBe(303);
    expect((await t.request('GET', '/api/appeals', { token: m.token })).status).toBe(401);
  });

  it("ends a disabled person's session even when only the disabled flag is set (another instance's write)", async () => {
    const m = await member(t, 'viewer', [slug]);
    await t.ds.query('UPDATE organisers SET disabled_at = now() WHERE id = $1', [m.id]);
    expect((await page(t, 'GET', '/organiser', { cookie: m.session.cookie })).status).toBe(303);
    expect((await t.request('GET', '/api/appeals', { token: m.token })).status).toBe(401);
  });

  it('ADMIN_TOKEN still signs in, as an owner', async () => {
    const form = await page(t, 'GET', '/organiser/sign-in');
    expect(form.text).toContain('name="token"');
    expect(form.text).toContain('name="email"');
    expect((await t.request('GET', '/api/organisers', { token: ADMIN_TOKEN })).status).toBe(200);
  });
});

describe('sign-in failures per account', () => {
  let t: TestApp;
  const LIMIT = 3;
  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  const from = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });
  async function attempt(email: string, password: string, i: number, cookie?: string) {
    const form = await page(t, 'GET', '/organiser/sign-in', { headers: from(i) });
    const pre = cookiePair(form.setCookies.find((c) => c.startsWith('organiser_signin='))!);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    return page(t, 'POST', '/organiser/sign-in', {
      headers: from(i),
      cookie: [pre, cookie].filter(Boolean).join('; '),
      form: { _csrf: csrf, email, password, code: '' },
    });
  }

  it('stops guessing one account from many addresses, without locking out other accounts or the owner’s own browser', async () => {
    const victim = await invite(t, { role: 'viewer' });
    await accept(t, victim.inviteUrl);
    const bystander = await invite(t, { role: 'viewer' });
    await accept(t, bystander.inviteUrl);
    // The victim signed in from this browser before: it holds the device cookie.
    const earlier = await attempt(victim.email, PASSWORD, 200);
    expect(earlier.status).toBe(303);
    const device = cookiePair(earlier.setCookies.find((c) => c.startsWith('organiser_device='))!);

    for (let i = 0; i < LIMIT; i++) expect((await attempt(victim.email, `guess number ${i}`, i)).status).toBe(401);
    // From a fresh address, even the right password is now refused for this account.
    expect((await attempt(victim.email, PASSWORD, 50)).status).toBe(429);
    expect((await attempt(victim.email.toUpperCase(), PASSWORD, 51)).status).toBe(429);
    // Another account is not affected, nor the victim's own browser.
    expect((await attempt(bystander.email, PASSWORD, 52)).status).toBe(303);
    expect((await attempt(victim.email, PASSWORD, 53, device)).status).toBe(303);
    // Unknown addresses are limited the same way (the limit does not tell which accounts exist).
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < LIMIT; i++) expect((await attempt(nobody, `guess ${i}`, 100 + i)).status).toBe(401);
    expect((await attempt(nobody, 'guess again', 110)).status).toBe(429);
  });
});
