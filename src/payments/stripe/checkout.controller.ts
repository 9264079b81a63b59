import { Body, Controller, Headers, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { CheckoutService } from './checkout.service';
import { CreateCheckoutDto } from './dto/create-checkout.dto';

@ApiTags('checkout (public)')
@Controller('api/appeals')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  /** Starts a Stripe Checkout Session for a gift; answers its id and the URL to send the donor to. */
  @Post(':slug/checkout')
  @RateLimit('checkout')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'retrying with the same key returns the same session' })
  create(@Param('slug') slug: string, @Body() dto: CreateCheckoutDto, @Headers('idempotency-key') key?: string) {
    return this.checkout.start(slug, dto, key?.slice(0, 200));
  }
}
