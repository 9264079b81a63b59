import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DISPUTE_STAGES, RENEWAL_FAILURES } from '../../payments/stripe/sandbox';

/** Body of POST /api/sandbox/sessions/:id/:action; which fields apply depends on the action. */
export class SandboxActionDto {
  @ApiPropertyOptional({ description: 'settle: succeeded or failed', enum: ['succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['succeeded', 'failed'])
  outcome?: string;

  @ApiPropertyOptional({ description: 'refund: minor units; absent refunds everything not yet refunded' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;

  @ApiPropertyOptional({ description: 'refund: leave it pending, so it can be cancelled or fail' })
  @IsOptional()
  @IsBoolean()
  pending?: boolean;

  @ApiPropertyOptional({ description: 'fail_refund, cancel_refund: the refund id (re_...)' })
  @IsOptional()
  @IsString()
  @Matches(/^re_\w{1,100}$/, { message: 'refund must be a refund id (re_...)' })
  refund?: string;

  @ApiPropertyOptional({ description: 'dispute: what happens next', enum: DISPUTE_STAGES })
  @IsOptional()
  @IsIn([...DISPUTE_STAGES])
  stage?: string;

  @ApiPropertyOptional({
    description: 'fail_renewal: next (one attempt fails, the retry succeeds) or all (every retry fails; Stripe cancels)',
    enum: RENEWAL_FAILURES,
  })
  @IsOptional()
  @IsIn([...RENEWAL_FAILURES])
  attempts?: string;

  @ApiPropertyOptional({ description: 'cancel_subscription: at the end of the paid period instead of now' })
  @IsOptional()
  @IsBoolean()
  at_period_end?: boolean;
}

/** Body of POST /api/sandbox/clock/advance. */
export class SandboxAdvanceDto {
  @ApiPropertyOptional({ description: 'Whole months to move the test clock on (default 1)', minimum: 1, maximum: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24)
  months?: number;
}
