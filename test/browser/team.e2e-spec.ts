import { generateSync } from 'otplib';
import { Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp } from '../support/browser';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';
import { uniqueEmail } from '../support/team';

jest.setTimeout(120_000);

/** The owner and the new editor each have their own browser (their own cookies). */
describeInBrowser('organiser team in a real browser', () => {
  let t: TestApp;
  let ownerBrowser: Browser;
  let editorBrowser: Browser;
  beforeAll(async () => {
    t = await startBrowserApp();
    ownerBrowser = await launchBrowser();
    editorBrowser = await launchBrowser();
  });
  afterAll(async () => {
    try {
      expect(ownerBrowser.errors).toEqual([]);
      // The one refused sign-in (no code) is a 401 the browser logs; nothing else may be.
      expect(editorBrowser.errors.filter((e) => !/\/organiser\/sign-in: .* status of 401/.test(e))).toEqual([]);
      await expectLedgerConsistent(t.ds);
    } finally {
      await ownerBrowser?.close();
      await editorBrowser?.close();
      await t?.close();
    }
  });

  it('an owner invites an editor, who sets a password and TOTP, signs in, records a cheque and voids it; the owner sees both in the audit trail', async () => {
    const slug = uniqueSlug('team');
    await createAppeal(t, slug, { title: 'Church roof', target: 500_000 });
    const email = uniqueEmail('editor');

    // The first owner signs in with ADMIN_TOKEN and invites an editor for this appeal.
    const owner: Page = await ownerBrowser.context.newPage();
    await owner.goto(`${t.url}/organiser/team`);
    await owner.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await owner.getByLabel('Organiser token').press('Enter');
    await owner.waitForURL(`${t.url}/organiser/team`);
    await owner.getByLabel('E-mail').fill(email);
    await owner.getByLabel('Name').fill('Erin Editor');
    await owner.getByLabel('Role').selectOption('editor');
    await owner.locator(`#invite-appeal-${slug}`).check();
    await owner.getByRole('button', { name: 'Invite' }).click();
    const inviteUrl = (await owner.locator('#invite-url').textContent())!.trim();
    expect(inviteUrl).toMatch(/\/organiser\/invitations\//);
    await owner.locator('#people-table').getByText(email).waitFor();
    await screenshot(owner, 'team-invited');

    // The editor opens the link, chooses a password and turns on TOTP with a code from the secret shown.
    const editor: Page = await editorBrowser.context.newPage();
    await editor.goto(inviteUrl);
    await editor.getByLabel('Your name').fill('Erin Editor');
    await editor.getByLabel('Password', { exact: true }).fill('a long and private passphrase');
    await editor.getByLabel('Password again').fill('a long and private passphrase');
    const secret = (await editor.locator('#totp-secret').textContent())!.trim();
    expect(await editor.locator('#totp-uri').getAttribute('href')).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await editor.getByLabel('Code from the app').fill(generateSync({ secret }));
    await screenshot(editor, 'team-accept');
    await editor.getByRole('button', { name: 'Finish' }).click();
    await editor.getByText('Your account is ready').waitFor();

    // Signing in needs the password and a fresh code (the one used to enrol is spent).
    await editor.getByLabel('E-mail').fill(email);
    await editor.getByLabel('Password', { exact: true }).fill('a long and private passphrase');
    await editor.getByRole('button', { name: 'Sign in', exact: true }).click();
    await editor.getByText('The e-mail address, password or code is not right.').waitFor();
    await editor.getByLabel('E-mail').fill(email);
    await editor.getByLabel('Password', { exact: true }).fill('a long and private passphrase');
    await editor.getByLabel(/Code from your authenticator app/).fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await editor.getByRole('button', { name: 'Sign in', exact: true }).click();
    await editor.waitForURL(`${t.url}/organiser`);
    await editor.getByText(`Signed in as ${email}`).waitFor();
    expect(await editor.getByRole('link', { name: 'Team' }).count()).toBe(0);

    // The editor records a cheque on their appeal.
    await editor.getByRole('link', { name: 'Church roof' }).click();
    await editor.getByLabel('Amount', { exact: true }).fill('120');
    await editor.getByLabel('Reference').fill('Cheque 100234');
    await editor.getByLabel('Donor name').fill('Parish council');
    await editor.getByRole('button', { name: 'Record gift' }).click();
    await editor.getByText('Gift recorded.').waitFor();
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: 12000, donations: 1 });

    // The cheque bounces: the editor voids it, with a reason.
    const chequeRow = editor.locator('#donations-table tr', { hasText: 'Cheque 100234' });
    await chequeRow.getByText('Void this gift…').click();
    await chequeRow.getByLabel('Reason (kept with the void)').fill('Cheque returned unpaid');
    await chequeRow.getByLabel('Reason (kept with the void)').press('Enter');
    await editor.getByText('Gift voided: it no longer counts.').waitFor();
    await editor
      .locator('#donations-table tr', { hasText: 'Cheque 100234' })
      .getByText(new RegExp(`Voided \\$120\\.00 by ${email.replace(/[.]/g, '\\.')}`))
      .waitFor();
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: 0 });

    // The owner sees who recorded it and who voided it, on the Audit page and on the appeal's page.
    await owner.getByRole('link', { name: 'Audit' }).click();
    const row = owner.locator('tr[data-action="gift.recorded"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain(email);
    expect(await row.textContent()).toContain('Cheque 100234');
    const voidRow = owner.locator('tr[data-action="gift.voided"]').first();
    expect(await voidRow.textContent()).toContain(email);
    expect(await voidRow.textContent()).toContain('Cheque returned unpaid');
    await owner.goto(`${t.url}/organiser/appeals/${slug}`);
    await owner.locator('#audit tr[data-action="gift.recorded"]').getByText(email).waitFor();
    await owner.locator('#audit tr[data-action="gift.voided"]').getByText(email).waitFor();
    await screenshot(owner, 'team-audit');
  });
});
