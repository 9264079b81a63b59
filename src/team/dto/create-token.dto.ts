import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ example: 'spreadsheet export' })
  @IsString({ message: 'name must be 1-100 characters' })
  @MinLength(1, { message: 'name must be 1-100 characters' })
  @MaxLength(100, { message: 'name must be 1-100 characters' })
  @Matches(/^[^\0]*\S[^\0]*$/, { message: 'name must not be blank' })
  name: string;
}
