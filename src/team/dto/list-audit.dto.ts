import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SLUG } from './create-organiser.dto';

export class ListAuditDto {
  @ApiPropertyOptional({ description: 'Appeal slug' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(SLUG, { message: 'appeal must be an appeal slug' })
  appeal?: string;

  @ApiPropertyOptional({ description: "Actor: an organiser's id or e-mail, 'admin token', or a CLI token's name" })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  actor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsOptional()
  @IsInt({ message: 'limit must be an integer between 1 and 200' })
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}
