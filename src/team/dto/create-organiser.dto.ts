import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../auth/actor';

export const SLUG = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export class CreateOrganiserDto {
  @ApiProperty({ example: 'sam@example.org' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ example: 'Sam Treasurer' })
  @IsString({ message: 'name must be 1-100 characters' })
  @MinLength(1, { message: 'name must be 1-100 characters' })
  @MaxLength(100, { message: 'name must be 1-100 characters' })
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ type: [String], description: 'Appeal slugs (editors and viewers)' })
  @IsOptional()
  @IsArray({ message: 'appeals must be an array of appeal slugs' })
  @ArrayMaxSize(500)
  @IsString({ each: true, message: 'appeals must be an array of appeal slugs' })
  @Matches(SLUG, { each: true, message: 'appeals must be an array of appeal slugs' })
  @MaxLength(64, { each: true })
  appeals?: string[];
}
