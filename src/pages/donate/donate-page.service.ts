import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Appeal } from '../../appeals/appeal.entity';
import { AppealsService } from '../../appeals/appeals.service';
import { OrganiserAppealsService } from '../../organiser/organiser-appeals.service';
import { AppConfig } from '../../config/app-config';
import { CheckoutDonationsRepository } from '../../donations/checkout-donations.repository';
import type { Donation } from '../../donations/donation.entity';
import { currencyInfo, formatMoney, toDecimalString } from '../../money';
import { appealClosed } from '../../appeals/appeal-open';
import { CheckoutService } from '../../payments/stripe/checkout.service';
import { CreateCheckoutDto } from '../../payments/stripe/dto/create-checkout.dto';
import { StripeGateway } from '../../payments/stripe/stripe-gateway';
import { clientErrorMessages, FormProblems, groupMessages, hasProblems, mergeMessages, noProblems } from '../shared/field-errors';
import { Html, html } from '../shared/html';
import { PAGE_LOCALE } from '../shared/progress-block';
import { FormBody, validateDto } from '../shared/validate-dto';
import { DonateValues, readDonateForm, toCheckoutBody } from './donate-form';
import { AmountRules, DonateFormModel, donatePageBody } from './donate-form.view';
import { DONATE_FIELDS } from '../../wording/donate-fields';
import { closedPageBody, GiftStatus, thanksPageBody } from './donate-status.views';
import { shareBlock } from './share.view';
import { socialMetaTags } from '../shared/social-meta';
import type { ProgressView } from '../../progress/progress-view';
import { shareCardAlt, shareSummary } from '../../wording/share';
import { CARD_HEIGHT, CARD_WIDTH } from '../../widgets/share-card';
import { monthlyPresetsFor, presetsFor } from './preset-amounts';
import { PlansService } from '../../donations/plans.service';
import { PortalService } from '../../payments/stripe/portal.service';
import { monthlyThanksText } from '../../wording/monthly';
import { SupportersFeed } from '../../progress/supporters-feed.service';

export interface DonatePage {
  status: number;
  title: string;
  body: Html;
  /** Scripts beyond the defaults; the closed page needs none. */
  interactive: boolean;
  /** Open Graph and Twitter meta for link previews. */
  head?: Html;
}

const money = (minor: number, currency: string) => formatMoney(minor, currency, PAGE_LOCALE, { noDecimalsWhenWhole: true });
export const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/** The donor's pages: the form, its no-script fallback, and the thanks page. */
@Injectable()
export class DonatePageService {
  constructor(
    private readonly appeals: AppealsService,
    private readonly organiser: OrganiserAppealsService,
    private readonly checkout: CheckoutService,
    private readonly config: AppConfig,
    private readonly gateway: StripeGateway,
    private readonly donations: CheckoutDonationsRepository,
    private readonly plans: PlansService,
    private readonly portal: PortalService,
    private readonly wall: SupportersFeed,
  ) {}

  get sandbox(): boolean {
    return !!this.gateway.sandbox;
  }

  /** Where the checkout sends donors; the donate page's CSP form-action must allow it. */
  checkoutOrigins(): string[] {
    const checkout = this.gateway.sandbox ? [new URL(this.gateway.sandbox.publicUrl()).origin] : ['https://checkout.stripe.com'];
    // The thanks page's "manage your monthly gift" form redirects to the customer portal.
    return [...new Set([...checkout, ...this.portal.portalOrigins()])];
  }

  /** The thanks page's "manage or cancel" button: a portal session for the plan this checkout started. */
  manage(slug: string, sessionId: string | undefined): Promise<{ url: string }> {
    return this.portal.open(slug, sessionId);
  }

  async form(slug: string, query: { cancelled?: string; amount?: string; frequency?: string }): Promise<DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const values = blankValues();
    const presets = this.presets(appeal);
    const monthlyPresets = this.monthlyPresets(appeal);
    if (monthlyPresets.length) values.monthlyPreset = String(monthlyPresets[Math.min(1, monthlyPresets.length - 1)]);
    const returned = /^\d{1,15}$/.test(query.amount ?? '') ? Number(query.amount) : null;
    const monthly = query.frequency === 'monthly' && appeal.monthlyEnabled;
    if (monthly) values.frequency = 'monthly';
    if (returned !== null && monthly) Object.assign(values, monthlyPrefill(prefill(returned, monthlyPresets, appeal.currency)));
    else if (returned !== null) Object.assign(values, prefill(returned, presets, appeal.currency));
    if (!values.preset && presets.length) values.preset = String(presets[Math.min(1, presets.length - 1)]);
    const notice = query.cancelled
      ? 'Your payment was cancelled and nothing was charged. Your gift is kept below if you would like to try again.'
      : null;
    return this.formPage(appeal, values, noProblems(), notice, 200);
  }

  /** The form posted without the script: the same checkout, then a redirect to pay. */
  async submit(slug: string, body: FormBody): Promise<{ redirect: string } | DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const values = readDonateForm(body);
    const { body: request, problems } = toCheckoutBody(values, appeal.currency);
    const { dto, messages } = validateDto(CreateCheckoutDto, request);
    mergeMessages(problems, messages, DONATE_FIELDS);
    if (hasProblems(problems)) return this.formPage(appeal, values, problems, null, 400);
    try {
      // The form's own key: submitting the same rendered form twice finds the same session.
      const key = /^[0-9a-f]{32}$/.test(values.key) ? `form:${values.key}` : undefined;
      const { url } = await this.checkout.start(slug, dto, key);
      return { redirect: url };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      return this.formPage(appeal, { ...values, key: newKey() }, groupMessages(client.messages, DONATE_FIELDS), null, client.status);
    }
  }

  async thanks(slug: string, sessionId: string | undefined): Promise<DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const progress = await this.organiser.organiserView(appeal);
    const known = SESSION_ID.test(sessionId ?? '');
    const gift = known ? await this.giftStatus(appeal, sessionId!) : giftText(null);
    const statusUrl = known ? `/donate/${appeal.slug}/thanks/status?session_id=${encodeURIComponent(sessionId!)}` : null;
    const manage = gift.monthly ? { action: `/donate/${appeal.slug}/manage`, sessionId: sessionId! } : null;
    return {
      status: 200,
      title: `Thank you · ${appeal.title}`,
      body: html`${thanksPageBody(appeal, progress, gift, statusUrl, manage)}
${shareBlock(this.appealUrl(appeal.slug), appeal.title)}`,
      interactive: true,
      head: this.socialMeta(progress),
    };
  }

  async status(slug: string, sessionId: string | undefined): Promise<GiftStatus> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    return SESSION_ID.test(sessionId ?? '') ? this.giftStatus(appeal, sessionId!) : giftText(null);
  }

  private async giftStatus(appeal: Appeal, sessionId: string): Promise<GiftStatus> {
    const [donation, plan] = await Promise.all([
      this.donations.findForSession(sessionId, appeal.id),
      this.plans.forSession(appeal.slug, sessionId),
    ]);
    const gift = giftText(donation);
    if (!plan) return gift;
    // Paid but its plan not reported yet (the checkout event still on its way): it is giving.
    const state = plan.state === 'pending' && donation?.status === 'succeeded' ? 'active' : plan.state;
    const text = monthlyThanksText(state, plan.amount, plan.currency, PAGE_LOCALE, plan.nextPaymentAt);
    return { ...gift, text: gift.status === 'failed' || gift.status === 'expired' ? gift.text : text, monthly: true };
  }

  private async formPage(
    appeal: Appeal,
    values: DonateValues,
    problems: FormProblems,
    notice: string | null,
    status: number,
  ): Promise<DonatePage> {
    const progress = await this.organiser.organiserView(appeal);
    const head = this.socialMeta(progress);
    if (appealClosed(appeal))
      return { status: status === 200 ? 200 : 422, title: appeal.title, body: closedPageBody(appeal, progress), interactive: false, head };
    const label = (amount: number) => ({ amount, label: money(amount, appeal.currency) });
    const presets = this.presets(appeal).map(label);
    const monthlyPresets = appeal.monthlyEnabled ? this.monthlyPresets(appeal).map(label) : [];
    const { page: supporters } = await this.wall.latest(appeal.id);
    const model: DonateFormModel = {
      appeal,
      progress,
      presets,
      monthlyPresets,
      monthlyEnabled: appeal.monthlyEnabled,
      rules: this.rules(appeal.currency),
      values,
      problems,
      notice,
      supporters,
    };
    const body = html`${donatePageBody(model, this.sandbox)}
${shareBlock(this.appealUrl(appeal.slug), appeal.title)}`;
    return { status, title: `Give to ${appeal.title}`, body, interactive: true, head };
  }

  /** The donate page's absolute address, the one every share points to. */
  private appealUrl(slug: string): string {
    return `${this.config.publicBaseUrl}/donate/${encodeURIComponent(slug)}`;
  }

  private socialMeta(progress: ProgressView): Html {
    const base = this.config.publicBaseUrl;
    return socialMetaTags({
      title: progress.title,
      description: shareSummary(progress, PAGE_LOCALE),
      url: this.appealUrl(progress.slug),
      image: `${base}/widgets/${encodeURIComponent(progress.slug)}.png`,
      imageAlt: shareCardAlt(progress, PAGE_LOCALE),
      imageWidth: CARD_WIDTH,
      imageHeight: CARD_HEIGHT,
    });
  }

  private presets(appeal: Appeal): number[] {
    return presetsFor(appeal.presetAmounts, appeal.currency, this.config.DONATION_MAX_AMOUNT);
  }

  private monthlyPresets(appeal: Appeal): number[] {
    return monthlyPresetsFor(appeal.monthlyPresetAmounts, appeal.currency, this.config.DONATION_MAX_AMOUNT);
  }

  private rules(currency: string): AmountRules {
    const { exponent, minimum, step } = currencyInfo(currency);
    const maximum = this.config.DONATION_MAX_AMOUNT;
    return {
      currency,
      exponent,
      minimum,
      step,
      maximum,
      minimumText: money(minimum, currency),
      stepText: formatMoney(step, currency, PAGE_LOCALE),
      maximumText: money(maximum, currency),
      example: exponent === 0 ? '3000' : `25.${'5'.padEnd(exponent, '0')}`,
    };
  }
}

const newKey = () => randomBytes(16).toString('hex');

function blankValues(): DonateValues {
  return {
    frequency: 'once',
    preset: '',
    monthlyPreset: '',
    customAmount: '',
    donorName: '',
    donorEmail: '',
    message: '',
    anonymous: false,
    public: false,
    key: newKey(),
  };
}

/** Back from a cancelled checkout: the amount the donor chose, as a preset or typed. */
function prefill(amount: number, presets: number[], currency: string): Partial<DonateValues> {
  if (presets.includes(amount)) return { preset: String(amount) };
  return { preset: 'other', customAmount: toDecimalString(amount, currency) };
}

/** The same prefill, for the monthly presets. */
function monthlyPrefill(p: Partial<DonateValues>): Partial<DonateValues> {
  return { monthlyPreset: p.preset, customAmount: p.customAmount ?? '' };
}

export function giftText(d: Pick<Donation, 'status' | 'amount' | 'currency'> | null): GiftStatus {
  if (!d) return { status: 'unknown', text: 'Thank you for giving to this appeal.' };
  const amount = formatMoney(d.amount, d.currency, PAGE_LOCALE);
  switch (d.status) {
    case 'succeeded':
      return { status: 'succeeded', text: `Your gift of ${amount} has been received and counted. Thank you!` };
    case 'failed':
      return { status: 'failed', text: 'Your payment did not go through, so nothing was charged. You are welcome to try again.' };
    case 'expired':
      return { status: 'expired', text: 'This checkout expired before it was paid, so nothing was charged.' };
    case 'review':
      return { status: 'review', text: `Your gift of ${amount} was received and is being checked by the organisers.` };
    default:
      return {
        status: 'pending',
        text: `Confirming your payment of ${amount}… This page updates by itself; bank payments can take a few days.`,
      };
  }
}
