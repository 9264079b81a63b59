import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** PATCH /api/appeals/:slug/donations/:id: what an organiser may change about a gift's public face. */
export class SetDonationPublicDto {
  @ApiProperty({
    example: false,
    description:
      "false hides the gift's name and message from the supporters wall, widgets and streams; true shows them again (a Stripe gift only if its donor chose so)",
  })
  @IsBoolean({ message: 'public must be true or false' })
  public: boolean;
}
