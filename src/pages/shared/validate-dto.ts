import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors } from '../../common/validation';

/**
 * Runs an API DTO's own rules on values read from an HTML form, with the global
 * ValidationPipe's settings, so a page says exactly what the JSON API would say.
 */
export function validateDto<T extends object>(cls: new () => T, payload: Record<string, unknown>): { dto: T; messages: string[] } {
  const dto = plainToInstance(cls, payload, { enableImplicitConversion: false });
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  return { dto, messages: describeValidationErrors(errors) };
}

export { field } from '../../common/form-field';

export type FormBody = Record<string, unknown> | undefined;
