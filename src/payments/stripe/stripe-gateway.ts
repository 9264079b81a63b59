import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../config/app-config';
import { StripeSandbox } from './sandbox';
import { STRIPE_API_VERSION } from './stripe-api-version';

/**
 * The Stripe client and what verifying its webhooks needs. Without STRIPE_SECRET_KEY the
 * offline sandbox is started and the same real SDK is pointed at it, so checkout, webhooks and
 * reconciliation run through the same code in sandbox mode, in tests and in production.
 */
export class StripeGateway {
  private static readonly logger = new Logger('Stripe');

  private constructor(
    readonly stripe: Stripe,
    /** Any of these may sign a webhook (a secret being rolled, or several endpoints). */
    readonly webhookSecrets: readonly string[],
    readonly livemode: boolean,
    readonly sandbox: StripeSandbox | null,
  ) {}

  static async create(config: AppConfig): Promise<StripeGateway> {
    if (config.STRIPE_SECRET_KEY) {
      const stripe = new Stripe(config.STRIPE_SECRET_KEY, {
        apiVersion: STRIPE_API_VERSION,
        ...apiTarget(config.STRIPE_API_URL),
        maxNetworkRetries: 2,
        timeout: 20_000,
      });
      return new StripeGateway(stripe, config.webhookSecrets, config.STRIPE_SECRET_KEY.includes('_live_'), null);
    }
    // The sandbox signs with the first secret, as a Stripe endpoint signs with its current one.
    const secrets = config.webhookSecrets.length ? config.webhookSecrets : [`whsec_sandbox${randomBytes(24).toString('hex')}`];
    const sandbox = new StripeSandbox({
      webhookUrl: `http://127.0.0.1:${config.PORT}/webhooks/stripe`,
      webhookSecret: secrets[0],
      port: config.SANDBOX_PORT ?? 0,
      // Donors pay on a page this service serves (src/pages/sandbox), so a deployment publishes one port.
      publicUrl: `${config.publicBaseUrl}/sandbox`,
    });
    const { url } = await sandbox.start();
    StripeGateway.logger.log(
      `Stripe SANDBOX (test mode, offline): API at ${url} (loopback only), payment page under ${sandbox.publicUrl()}`,
    );
    const target = apiTarget(config.STRIPE_API_URL ?? url);
    const stripe = new Stripe(sandbox.apiKey, { apiVersion: STRIPE_API_VERSION, ...target, maxNetworkRetries: 2, timeout: 10_000 });
    return new StripeGateway(stripe, secrets, false, sandbox);
  }

  /** In sandbox mode, tell the sandbox where this service really listens. */
  listeningOn(port: number): void {
    this.sandbox?.setWebhookUrl(`http://127.0.0.1:${port}/webhooks/stripe`);
  }

  /** Every refund of a charge as Stripe holds it now (the source of truth), newest first. */
  listRefunds(chargeId: string): Promise<Stripe.Refund[]> {
    return this.stripe.refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  }

  /**
   * The country of a paid session's payment: its billing address, else its card's issuing
   * country, read from the session with its PaymentIntent's latest charge expanded.
   */
  async sessionCountry(sessionId: string): Promise<{ billing: unknown; card: unknown }> {
    const s = await this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] });
    const intent = typeof s.payment_intent === 'object' ? s.payment_intent : null;
    const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
    return { billing: s.customer_details?.address?.country, card: charge };
  }

  async close(): Promise<void> {
    await this.sandbox?.stop();
  }
}

function apiTarget(url?: string): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!url) return {};
  const u = new URL(url);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}
