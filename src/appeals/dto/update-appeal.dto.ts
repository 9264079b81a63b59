import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAppealDto } from './create-appeal.dto';

/** Any field but the slug, which is part of every embed and link already published. */
export class UpdateAppealDto extends PartialType(OmitType(CreateAppealDto, ['slug'] as const)) {}
