import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { DISPUTE_STAGES } from '../../payments/stripe/sandbox';

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
}
