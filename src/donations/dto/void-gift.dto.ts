import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class VoidGiftDto {
  @ApiProperty({ example: 'Cheque bounced', description: 'why the gift is voided (1 to 500 characters); kept with the void' })
  @IsString({ message: 'reason must be a string of 1 to 500 characters' })
  @Length(1, 500, { message: 'reason must be 1 to 500 characters long' })
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
