import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, TestApp } from '../support/app';
import { freePort } from '../support/free-port';
import { accept, invite, uniqueEmail } from '../support/team';

/** A real SMTP server on loopback (smtp-server): what nodemailer delivers is what an invitee receives. */
describe('invitation e-mails (SMTP_URL)', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Array<{ to: string[]; data: string }> = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Appeals <appeals@example.org>' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends the one-time link to the invitee and still shows it to the owner', async () => {
    const email = uniqueEmail('mailed');
    const res = await t.request('POST', '/api/organisers', { body: { email, name: 'Mo Mailed', role: 'viewer' } });
    expect(res.status).toBe(201);
    expect(res.body.mail).toBe('sent');
    const mail = received.find((m) => m.to.includes(email))!;
    expect(mail).toBeDefined();
    expect(mail.data).toMatch(/^From: Appeals <appeals@example\.org>/m);
    expect(mail.data).toMatch(/^Subject: You are invited to organise appeals/m);
    // Quoted-printable may fold the line: unfold soft breaks before looking for the link.
    expect(mail.data.replace(/=\r?\n/g, '')).toContain(res.body.inviteUrl);
    expect((await accept(t, res.body.inviteUrl)).status).toBe(303);
  });

  it('reports a failed send to the owner, and the link works all the same', async () => {
    // A port nothing listens on: the connection is refused.
    const broken = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    try {
      const inv = await invite(broken, { role: 'viewer' });
      expect((inv as unknown as { mail: string }).mail).toBe('failed');
      expect((await accept(broken, inv.inviteUrl)).status).toBe(303);
    } finally {
      await broken.close();
    }
  });
});
