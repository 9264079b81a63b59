import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
} from 'class-validator';

import { MAX_GIFT_MINOR } from '../../money';
import { IsStripeCurrency } from '../../appeals/dto/is-stripe-currency.validator';

export class RecordOfflineGiftDto {
  @ApiProperty({ example: 5000, description: 'integer, minor units of `currency` (the appeal currency when omitted)' })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @IsPositive()
  @Max(MAX_GIFT_MINOR)
  amount: number;

  @ApiPropertyOptional({ example: 'eur', description: 'the currency the gift was given in; default the appeal currency' })
  @IsOptional()
  @IsString()
  @IsStripeCurrency()
  currency?: string;

  @ApiPropertyOptional({
    example: 5400,
    description:
      'required when currency differs from the appeal currency: the amount in the appeal currency, as the organiser converted it',
  })
  @IsOptional()
  @IsInt({ message: 'convertedAmount must be an integer number of minor units of the appeal currency' })
  @IsPositive()
  @Max(MAX_GIFT_MINOR)
  convertedAmount?: number;

  @ApiProperty({ example: 'bank-2027-01-14-0042', description: 'your reference for this gift; the same reference twice records one gift' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference: string;

  @ApiPropertyOptional({ example: 'Parish council' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  donorName?: string;

  @ApiPropertyOptional({ example: 'Cash collected at the spring fair' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ example: 'Thank you for the roof!', description: 'shown on the supporters wall when `public` is true' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;

  @ApiPropertyOptional({ default: false, description: 'show donorName and message on the public supporters wall' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ example: 'GB', description: 'ISO 3166-1 alpha-2 country the gift came from' })
  @IsOptional()
  @IsString()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code such as GB' })
  country?: string;

  @ApiPropertyOptional({ example: '2027-01-14T10:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO 8601 date-time' })
  receivedAt?: string;
}
