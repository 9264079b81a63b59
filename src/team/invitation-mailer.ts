import { Injectable, Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/**
 * Sends invitation links when SMTP_URL is set (nodemailer: the maintained standard for SMTP in
 * Node). Without it nothing is sent and the owner copies the link, which is always shown to
 * them. A failed send is logged and reported to the owner, never fatal: the link still works.
 */
@Injectable()
export class InvitationMailer {
  private readonly logger = new Logger(InvitationMailer.name);
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(config: AppConfig) {
    // The owner's request waits for the send: bounded, rather than nodemailer's two-minute default.
    this.transport = config.SMTP_URL
      ? createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
      : null;
    this.from = config.SMTP_FROM ?? `Appeal tracker <no-reply@${new URL(config.publicBaseUrl).hostname}>`;
  }

  /** 'sent', 'not-configured' or 'failed'. */
  async send(to: { email: string; name: string }, link: string, invitedBy: string): Promise<'sent' | 'not-configured' | 'failed'> {
    if (!this.transport) return 'not-configured';
    try {
      await this.transport.sendMail({
        from: this.from,
        to: { address: to.email, name: to.name },
        subject: 'You are invited to organise appeals',
        text: [
          `Hello ${to.name},`,
          '',
          `${invitedBy} invited you to the appeal tracker's organiser dashboard.`,
          'Open this link within 72 hours to choose your password (it works once):',
          '',
          link,
          '',
          'If you did not expect this, ignore this message.',
        ].join('\n'),
      });
      return 'sent';
    } catch (e) {
      this.logger.warn(`invitation e-mail to ${to.email} failed: ${e instanceof Error ? e.message : String(e)}`);
      return 'failed';
    }
  }
}
