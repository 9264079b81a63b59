import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsPositive, IsString, Length, Max, ValidateIf } from 'class-validator';
import { MAX_GIFT_MINOR } from '../../../money';

export const REVIEW_ACTIONS = ['assign', 'refund'] as const;

export class ResolveHeldDto {
  @ApiProperty({ enum: REVIEW_ACTIONS, description: 'assign: count it in `appeal`; refund: give the money back through Stripe' })
  @IsIn(REVIEW_ACTIONS, { message: 'action must be "assign" or "refund"' })
  action: (typeof REVIEW_ACTIONS)[number];

  @ApiPropertyOptional({ example: 'school-roof', description: 'assign: the slug of the appeal that counts it' })
  @ValidateIf((o: ResolveHeldDto) => o.action === 'assign' || o.appeal !== undefined)
  @IsString({ message: 'appeal must be the slug of an appeal' })
  @Length(1, 200, { message: 'appeal must be the slug of an appeal' })
  appeal?: string;

  @ApiPropertyOptional({
    example: 1620,
    description: "assign, when the payment's currency differs from the appeal's: what it counts as, in minor units of the appeal currency",
  })
  @IsOptional()
  @IsInt({ message: 'amount must be an integer number of minor units of the appeal currency' })
  @IsPositive({ message: 'amount must be positive' })
  @Max(MAX_GIFT_MINOR, { message: `amount must be at most ${MAX_GIFT_MINOR} minor units` })
  amount?: number;
}

export class ListHeldDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  // Query strings are strings: only a plain integer converts.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsOptional()
  @IsInt({ message: 'limit must be an integer between 1 and 200' })
  @IsPositive({ message: 'limit must be an integer between 1 and 200' })
  @Max(200, { message: 'limit must be an integer between 1 and 200' })
  limit?: number;
}
