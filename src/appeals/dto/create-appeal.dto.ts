import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  MaxLength,
  Max,
} from 'class-validator';
import { APPEAL_STATUSES, AppealStatus } from '../appeal.entity';
import { IsStripeCurrency } from './is-stripe-currency.validator';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MAX_MINOR = 1e15; // far above any appeal, far below 2^53

export class CreateAppealDto {
  @ApiProperty({ example: 'summer-school-2027', description: 'lower-case letters, digits and hyphens; unique' })
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1-64 lower-case letters, digits or hyphens, not starting or ending with a hyphen' })
  slug: string;

  @ApiProperty({ example: 'Summer school for 40 children' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: 'usd', description: 'ISO 4217, lower case, a currency Stripe accepts' })
  @IsString()
  @IsStripeCurrency()
  currency: string;

  @ApiProperty({ example: 1000000, description: 'integer, minor units (cents; yen for JPY)' })
  @IsInt()
  @IsPositive()
  @Max(MAX_MINOR)
  target: number;

  @ApiPropertyOptional({ enum: APPEAL_STATUSES, default: 'draft' })
  @IsOptional()
  @IsIn(APPEAL_STATUSES as unknown as string[])
  status?: AppealStatus;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt?: string | null;

  @ApiPropertyOptional({ example: '2027-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time' })
  endsAt?: string | null;

  @ApiPropertyOptional({ type: [Number], example: [1500000, 2000000], description: 'increasing, each above target' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_MINOR, { each: true })
  stretchTargets?: number[];

  @ApiPropertyOptional({
    type: [Number],
    example: [1000, 2500, 5000],
    description: 'one-click amounts on the donate page, minor units, at most 6; empty = sensible defaults for the currency',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique({ message: 'presetAmounts must not repeat an amount' })
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_MINOR, { each: true })
  presetAmounts?: number[];

  @ApiPropertyOptional({ default: true, description: 'whether the donate page offers monthly gifts' })
  @IsOptional()
  @IsBoolean()
  monthlyEnabled?: boolean;

  @ApiPropertyOptional({
    type: [Number],
    example: [500, 1000, 2500],
    description: 'one-click amounts for monthly gifts, minor units, at most 6; empty = sensible defaults for the currency',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique({ message: 'monthlyPresetAmounts must not repeat an amount' })
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_MINOR, { each: true })
  monthlyPresetAmounts?: number[];
  @ApiPropertyOptional({ default: true, description: "show each gift's amount on the public supporters wall" })
  @IsOptional()
  @IsBoolean()
  showAmounts?: boolean;
}
