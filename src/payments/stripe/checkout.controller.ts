import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { CheckoutAnswer, CheckoutService } from './checkout.service';
import { CreateCheckoutDto } from './dto/create-checkout.dto';

@ApiTags('checkout (public)')
@Controller('api/appeals')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  /** Starts a Stripe Checkout Session for a gift; answers its id and the URL to send the donor to. */
  @Post(':slug/checkout')
  @RateLimit('checkout')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'retrying with the same key returns the same session, or the thanks page once paid',
  })
  @ApiResponse({ status: 201, description: '`{id, url}`: a checkout session to send the donor to' })
  @ApiResponse({
    status: 200,
    description: '`{id, url, status}`: this gift is already paid (`succeeded`, or `processing` until counted); `url` is the thanks page',
  })
  async create(
    @Param('slug') slug: string,
    @Body() dto: CreateCheckoutDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') key?: string,
  ): Promise<CheckoutAnswer> {
    const answer = await this.checkout.start(slug, dto, key?.slice(0, 200));
    reply.status(answer.status ? 200 : 201);
    return answer;
  }
}
