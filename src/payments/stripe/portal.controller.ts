import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { PortalService } from './portal.service';

export class OpenPortalDto {
  @ApiProperty({ description: 'the id of the checkout session that started the monthly gift (`session_id` in the thanks page address)' })
  @IsString()
  @MaxLength(255)
  sessionId: string;
}

@ApiTags('checkout (public)')
@Controller('api/appeals')
export class PortalController {
  constructor(private readonly portal: PortalService) {}

  /** A Stripe customer portal session where the donor manages or cancels their monthly gift. */
  @Post(':slug/plans/portal')
  @HttpCode(200)
  @RateLimit('checkout')
  @ApiResponse({ status: 200, description: '`{url}`: send the donor there' })
  @ApiResponse({ status: 404, description: 'no monthly gift was started by that checkout session for this appeal' })
  open(@Param('slug') slug: string, @Body() dto: OpenPortalDto): Promise<{ url: string }> {
    return this.portal.open(slug, dto.sessionId);
  }
}
