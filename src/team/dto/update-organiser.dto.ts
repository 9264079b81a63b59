import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Role, ROLES } from '../../auth/actor';
import { SLUG } from './create-organiser.dto';

export class UpdateOrganiserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the appeals given' })
  @IsOptional()
  @IsArray({ message: 'appeals must be an array of appeal slugs' })
  @ArrayMaxSize(500)
  @IsString({ each: true, message: 'appeals must be an array of appeal slugs' })
  @Matches(SLUG, { each: true, message: 'appeals must be an array of appeal slugs' })
  @MaxLength(64, { each: true })
  appeals?: string[];

  @ApiPropertyOptional({ description: 'true ends their sessions and tokens at once' })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}
