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
import { translator } from '../../wording/catalogs';
import { DEFAULT_LANGUAGE, type Language, languageLocale, languageOf } from '../../wording/languages';
import { FormBody, validateDto } from '../shared/validate-dto';
import { DonateValues, readDonateForm, toCheckoutBody } from './donate-form';
import { AmountRules, DonateFormModel, donatePageBody } from './donate-form.view';
import { DONATE_FIELDS } from '../../wording/donate-fields';
import { closedPageBody, GiftStatus, thanksPageBody } from './donate-status.views';
import { pageLanguage } from '../shared/page-language';
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
  lang: Language;
  /** Open Graph and Twitter meta for link previews. */
  head?: Html;
}

/** What decides a donor page's language besides the appeal's own (see shared/page-language.ts). */
export interface LanguageChoice {
  /** ?lang= (or the form's hidden lang field) */
  query?: unknown;
  acceptLanguage?: string;
}

const money = (minor: number, currency: string, lang: Language) =>
  formatMoney(minor, currency, languageLocale(lang), { noDecimalsWhenWhole: true });
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
  manage(slug: string, sessionId: string | undefined, lang?: unknown): Promise<{ url: string }> {
    // The form's hidden lang: the portal speaks the thanks page's language.
    return this.portal.open(slug, sessionId, languageOf(lang) ?? undefined);
  }

  async form(
    slug: string,
    query: { cancelled?: string; amount?: string; frequency?: string },
    choice: LanguageChoice = {},
  ): Promise<DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const lang = languageFor(choice, appeal);
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
    const notice = query.cancelled ? translator(lang)('donate.cancelled') : null;
    return this.formPage(appeal, values, noProblems(), notice, 200, lang);
  }

  /** The form posted without the script: the same checkout, then a redirect to pay. */
  async submit(slug: string, body: FormBody, choice: LanguageChoice = {}): Promise<{ redirect: string } | DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const values = readDonateForm(body);
    const lang = languageFor({ ...choice, query: values.lang || choice.query }, appeal);
    const { body: request, problems } = toCheckoutBody(values, appeal.currency, lang);
    // English keeps the checkout API's own wording, which names the exact bound.
    if (lang !== 'en' && typeof request.amount === 'number') this.amountProblem(request.amount, appeal.currency, lang, problems);
    const { dto, messages } = validateDto(CreateCheckoutDto, { ...request, language: lang });
    mergeMessages(problems, localMessages(messages, lang, problems), DONATE_FIELDS);
    if (hasProblems(problems)) return this.formPage(appeal, values, problems, null, 400, lang);
    try {
      // The form's own key: submitting the same rendered form twice finds the same session.
      const key = /^[0-9a-f]{32}$/.test(values.key) ? `form:${values.key}` : undefined;
      const { url } = await this.checkout.start(slug, dto, key);
      return { redirect: url };
    } catch (e) {
      const client = clientErrorMessages(e);
      if (!client) throw e;
      return this.formPage(appeal, { ...values, key: newKey() }, groupMessages(client.messages, DONATE_FIELDS), null, client.status, lang);
    }
  }

  async thanks(slug: string, sessionId: string | undefined, choice: LanguageChoice = {}): Promise<DonatePage> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const lang = languageFor(choice, appeal);
    const progress = await this.organiser.organiserView(appeal);
    const known = SESSION_ID.test(sessionId ?? '');
    const gift = known ? await this.giftStatus(appeal, sessionId!, lang) : giftText(null, lang);
    const statusUrl = known ? `/donate/${appeal.slug}/thanks/status?session_id=${encodeURIComponent(sessionId!)}&lang=${lang}` : null;
    const manage = gift.monthly ? { action: `/donate/${appeal.slug}/manage`, sessionId: sessionId! } : null;
    return {
      status: 200,
      title: translator(lang)('thanks.title', { title: appeal.title }),
      body: html`${thanksPageBody(appeal, progress, gift, statusUrl, lang, manage)}
${shareBlock(this.appealUrl(appeal.slug), appeal.title, lang)}`,
      interactive: true,
      lang,
      head: this.socialMeta(progress, lang),
    };
  }

  async status(slug: string, sessionId: string | undefined, choice: LanguageChoice = {}): Promise<GiftStatus> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const lang = languageFor(choice, appeal);
    return SESSION_ID.test(sessionId ?? '') ? this.giftStatus(appeal, sessionId!, lang) : giftText(null, lang);
  }

  private async giftStatus(appeal: Appeal, sessionId: string, lang: Language): Promise<GiftStatus> {
    const [donation, plan] = await Promise.all([
      this.donations.findForSession(sessionId, appeal.id),
      this.plans.forSession(appeal.slug, sessionId),
    ]);
    const gift = giftText(donation, lang);
    if (!plan) return gift;
    // Paid but its plan not reported yet (the checkout event still on its way): it is giving.
    const state = plan.state === 'pending' && donation?.status === 'succeeded' ? 'active' : plan.state;
    const text = monthlyThanksText(state, plan.amount, plan.currency, languageLocale(lang), plan.nextPaymentAt, lang);
    return {
      ...gift,
      text: gift.status === 'failed' || gift.status === 'expired' || gift.status === 'refunded' ? gift.text : text,
      monthly: true,
    };
  }

  private async formPage(
    appeal: Appeal,
    values: DonateValues,
    problems: FormProblems,
    notice: string | null,
    status: number,
    lang: Language,
  ): Promise<DonatePage> {
    const progress = await this.organiser.organiserView(appeal);
    const head = this.socialMeta(progress, lang);
    if (appealClosed(appeal))
      return {
        status: status === 200 ? 200 : 422,
        title: appeal.title,
        body: closedPageBody(appeal, progress, lang),
        interactive: false,
        lang,
        head,
      };
    const label = (amount: number) => ({ amount, label: money(amount, appeal.currency, lang) });
    const presets = this.presets(appeal).map(label);
    const monthlyPresets = appeal.monthlyEnabled ? this.monthlyPresets(appeal).map(label) : [];
    const { page: supporters } = await this.wall.latest(appeal.id);
    const model: DonateFormModel = {
      appeal,
      progress,
      presets,
      monthlyPresets,
      monthlyEnabled: appeal.monthlyEnabled,
      rules: this.rules(appeal.currency, lang),
      values,
      problems,
      notice,
      lang,
      supporters,
    };
    return {
      status,
      title: translator(lang)('donate.title', { title: appeal.title }),
      body: html`${donatePageBody(model, this.sandbox)}
${shareBlock(this.appealUrl(appeal.slug), appeal.title, lang)}`,
      interactive: true,
      lang,
      head,
    };
  }

  /**
   * The checkout's own amount checks (src/money, in the same order), said in the donor's language
   * before the checkout is asked, as donate.js says them; the checkout still checks again.
   */
  private amountProblem(amount: number, currency: string, lang: Language, problems: FormProblems): void {
    const r = this.rules(currency, lang);
    const t = translator(lang);
    const problem =
      amount < r.minimum
        ? t('donateClient.minimum', { amount: r.minimumText })
        : amount % r.step !== 0
          ? t('donateClient.step', { currency: currency.toUpperCase(), amount: r.stepText })
          : amount > r.maximum
            ? t('donateClient.maximum', { amount: r.maximumText })
            : null;
    if (problem) (problems.fields.amount ??= []).push(problem);
  }

  /** The donate page's absolute address, the one every share points to. */
  private appealUrl(slug: string): string {
    return `${this.config.publicBaseUrl}/donate/${encodeURIComponent(slug)}`;
  }

  /** Link previews in the page's language; the card image says the same (?lang=). */
  private socialMeta(progress: ProgressView, lang: Language): Html {
    const base = this.config.publicBaseUrl;
    const locale = languageLocale(lang);
    return socialMetaTags({
      title: progress.title,
      description: shareSummary(progress, locale, lang),
      url: this.appealUrl(progress.slug),
      // The card speaks the appeal's language unless told otherwise.
      image: `${base}/widgets/${encodeURIComponent(progress.slug)}.png${lang === progress.language ? '' : `?lang=${lang}`}`,
      imageAlt: shareCardAlt(progress, locale, lang),
      imageWidth: CARD_WIDTH,
      imageHeight: CARD_HEIGHT,
      lang,
    });
  }

  private presets(appeal: Appeal): number[] {
    return presetsFor(appeal.presetAmounts, appeal.currency, this.config.DONATION_MAX_AMOUNT);
  }

  private monthlyPresets(appeal: Appeal): number[] {
    return monthlyPresetsFor(appeal.monthlyPresetAmounts, appeal.currency, this.config.DONATION_MAX_AMOUNT);
  }

  private rules(currency: string, lang: Language): AmountRules {
    const { exponent, minimum, step } = currencyInfo(currency);
    const maximum = this.config.DONATION_MAX_AMOUNT;
    return {
      currency,
      exponent,
      minimum,
      step,
      maximum,
      minimumText: money(minimum, currency, lang),
      stepText: formatMoney(step, currency, languageLocale(lang)),
      maximumText: money(maximum, currency, lang),
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
    lang: '',
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

/**
 * The API's e-mail message, said beside the field in the donor's language; the others keep the
 * API's words (with the field's name translated by humanizeMessage).
 */
function localMessages(messages: string[], lang: Language, problems: FormProblems): string[] {
  if (lang === 'en') return messages;
  return messages.filter((m) => {
    if (!m.startsWith('donorEmail ')) return true;
    if (!problems.fields.donorEmail) problems.fields.donorEmail = [translator(lang)('donateClient.email')];
    return false;
  });
}

/** A donor page's language: ?lang= (or the form's), else Accept-Language, else the appeal's, else English. */
function languageFor(choice: LanguageChoice, appeal: Appeal): Language {
  return pageLanguage(choice.query, choice.acceptLanguage, appeal.language);
}

export function giftText(
  d: Pick<Donation, 'status' | 'amount' | 'currency' | 'refunded'> | null,
  lang: Language = DEFAULT_LANGUAGE,
): GiftStatus {
  const t = translator(lang);
  if (!d) return { status: 'unknown', text: t('thanks.unknown') };
  const amount = formatMoney(d.amount, d.currency, languageLocale(lang));
  // Refunded in full (by the organisers, e.g. a held payment, or through Stripe): say so, rather
  // than "counted" or "being checked", which would no longer be true.
  if ((d.status === 'succeeded' || d.status === 'review') && d.amount > 0 && d.refunded >= d.amount)
    return { status: 'refunded', text: t('thanks.refunded', { amount }) };
  switch (d.status) {
    case 'succeeded':
      return { status: 'succeeded', text: t('thanks.succeeded', { amount }) };
    case 'failed':
      return { status: 'failed', text: t('thanks.failed') };
    case 'expired':
      return { status: 'expired', text: t('thanks.expired') };
    case 'review':
      return { status: 'review', text: t('thanks.review', { amount }) };
    default:
      return { status: 'pending', text: t('thanks.pending', { amount }) };
  }
}
