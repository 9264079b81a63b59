import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAppealDto } from './create-appeal.dto';

/** Any field but the slug, which is part of every embed and link already published. */
export class UpdateAppealDto extends PartialType(OmitType(CreateAppealDto, ['slug'] as const)) {}

/**
 * PartialType marks every field @IsOptional, which lets null through as well as undefined; only
 * the dates may be cleared with null, so any other null is named here (it was a NOT NULL 500).
 */
export function nullFieldProblems(dto: UpdateAppealDto): string[] {
  return Object.entries(dto)
    .filter(([k, v]) => v === null && k !== 'startsAt' && k !== 'endsAt')
    .map(([k]) => `${k} must not be null (leave it out to keep the current value)`);
}
