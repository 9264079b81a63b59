import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const FREQUENCIES = ['once', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export class CreateCheckoutDto {
  @ApiProperty({ example: 2500, description: 'integer, minor units of the appeal currency' })
  @IsInt({ message: 'amount must be an integer number of minor units (e.g. 2500 for $25.00)' })
  amount: number;

  @ApiPropertyOptional({ enum: FREQUENCIES, default: 'once', description: 'monthly: the same amount every month until cancelled' })
  @IsOptional()
  @IsIn(FREQUENCIES as unknown as string[], { message: 'frequency must be "once" or "monthly"' })
  frequency?: Frequency;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  donorName?: string;

  @ApiPropertyOptional({ example: 'ada@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'donorEmail must be an e-mail address' })
  @MaxLength(320)
  donorEmail?: string;

  @ApiPropertyOptional({ default: false, description: "never show this gift's name or message in public (wins over `public`)" })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'the donor chooses to show donorName and message on the public supporters wall; without it the gift shows as "Anonymous"',
  })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ example: 'Good luck!' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;
}
