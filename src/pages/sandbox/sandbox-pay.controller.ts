import { Body, Controller, Get, Headers, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { delayedMethod, successRedirect } from '../../payments/stripe/sandbox';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { closedBody, declinedBody, paymentPageBody, recurringAmount, sandboxPayLanguage, sessionAmount } from './sandbox-pay.view';
import { translator } from '../../wording/catalogs';
import { SandboxPagesService } from './sandbox-pages.service';

/** The sandbox's hosted payment page (what Checkout URLs point at), on the service's own port. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('sandbox/pay')
export class SandboxPayController {
  constructor(
    private readonly sandbox: SandboxPagesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  show(@Param('id') id: string, @Headers('accept-language') acceptLanguage: string | undefined, @Res() reply: FastifyReply) {
    const r = this.sandbox.record(id);
    const s = r.session;
    const lang = sandboxPayLanguage(s, acceptLanguage);
    const t = translator(lang);
    reply.header('vary', 'Accept-Language');
    if (s.status !== 'open')
      return this.pages.send(reply, 200, { lang, title: t('sandbox.checkout'), narrow: true, main: closedBody(s, lang) });
    // Subscription mode takes cards only here: a delayed first payment is not emulated.
    const recurring = r.spec.subscription?.recurring ?? null;
    return this.pages.send(reply, 200, {
      lang,
      title: t('sandbox.pay', { amount: recurringAmount(sessionAmount(s, lang), recurring, lang) }),
      narrow: true,
      main: paymentPageBody(s, r.spec.productNames, recurring ? null : delayedMethod(s.currency ?? ''), lang, recurring),
    });
  }

  /** Pay, Decline or Delayed payment; then, like Checkout, a 303 to the success URL. */
  @Post(':id')
  async submit(
    @Param('id') id: string,
    @Body() body: FormBody,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const s = this.sandbox.record(id).session;
    const lang = sandboxPayLanguage(s, acceptLanguage);
    const t = translator(lang);
    if (s.status !== 'open')
      return this.pages.send(reply, 409, { lang, title: t('sandbox.checkout'), narrow: true, main: closedBody(s, lang) });
    const outcome = field(body, 'outcome');
    await this.sandbox.pay(id, outcome);
    if (outcome === 'declined')
      return this.pages.send(reply, 200, { lang, title: t('sandbox.declinedTitle'), narrow: true, main: declinedBody(s, lang) });
    return reply.code(303).header('location', successRedirect(s)).header('cache-control', 'no-store').send();
  }
}
