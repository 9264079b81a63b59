import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../config/app-config';
import { StripeSandbox } from './sandbox';

/**
 * The Stripe client and what verifying its webhooks needs. Without STRIPE_SECRET_KEY the
 * offline sandbox is started and the same real SDK is pointed at it, so checkout, webhooks and
 * reconciliation run through the same code in sandbox mode, in tests and in production.
 */
export class StripeGateway {
  private static readonly logger = new Logger('Stripe');

  private constructor(
    readonly stripe: Stripe,
    readonly webhookSecret: string,
    readonly livemode: boolean,
    readonly sandbox: StripeSandbox | null,
  ) {}

  static async create(config: AppConfig): Promise<StripeGateway> {
    if (config.STRIPE_SECRET_KEY) {
      const stripe = new Stripe(config.STRIPE_SECRET_KEY, { ...apiTarget(config.STRIPE_API_URL), maxNetworkRetries: 2, timeout: 20_000 });
      return new StripeGateway(stripe, config.STRIPE_WEBHOOK_SECRET!, config.STRIPE_SECRET_KEY.includes('_live_'), null);
    }
    const webhookSecret = config.STRIPE_WEBHOOK_SECRET ?? `whsec_sandbox${randomBytes(24).toString('hex')}`;
    const sandbox = new StripeSandbox({
      webhookUrl: `http://127.0.0.1:${config.PORT}/webhooks/stripe`,
      webhookSecret,
      port: config.SANDBOX_PORT ?? 0,
      // Donors pay on a page this service serves (src/pages/sandbox), so a deployment publishes one port.
      publicUrl: `${config.publicBaseUrl}/sandbox`,
    });
    const { url } = await sandbox.start();
    StripeGateway.logger.log(`Stripe SANDBOX (test mode, offline): API at ${url} (loopback only), payment page under ${sandbox.publicUrl()}`);
    const target = apiTarget(config.STRIPE_API_URL ?? url);
    const stripe = new Stripe(sandbox.apiKey, { ...target, maxNetworkRetries: 2, timeout: 10_000 });
    return new StripeGateway(stripe, webhookSecret, false, sandbox);
  }

  /** In sandbox mode, tell the sandbox where this service really listens. */
  listeningOn(port: number): void {
    this.sandbox?.setWebhookUrl(`http://127.0.0.1:${port}/webhooks/stripe`);
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
