import { Body, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { delayedMethod, successRedirect } from '../../payments/stripe/sandbox';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { closedBody, declinedBody, paymentPageBody, recurringSuffix, sessionAmount } from './sandbox-pay.view';
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
  show(@Param('id') id: string, @Res() reply: FastifyReply) {
    const r = this.sandbox.record(id);
    const s = r.session;
    if (s.status !== 'open') return this.pages.send(reply, 200, { title: 'Checkout', narrow: true, main: closedBody(s) });
    // Subscription mode takes cards only here: a delayed first payment is not emulated.
    const recurring = r.spec.subscription?.recurring ?? null;
    return this.pages.send(reply, 200, {
      title: `Pay ${sessionAmount(s)}${recurringSuffix(recurring)}`,
      narrow: true,
      main: paymentPageBody(s, r.spec.productNames, recurring ? null : delayedMethod(s.currency ?? ''), recurring),
    });
  }

  /** Pay, Decline or Delayed payment; then, like Checkout, a 303 to the success URL. */
  @Post(':id')
  async submit(@Param('id') id: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const s = this.sandbox.record(id).session;
    if (s.status !== 'open') return this.pages.send(reply, 409, { title: 'Checkout', narrow: true, main: closedBody(s) });
    const outcome = field(body, 'outcome');
    await this.sandbox.pay(id, outcome);
    if (outcome === 'declined') return this.pages.send(reply, 200, { title: 'Payment declined', narrow: true, main: declinedBody(s) });
    return reply.code(303).header('location', successRedirect(s)).header('cache-control', 'no-store').send();
  }
}
