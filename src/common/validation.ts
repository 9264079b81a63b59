import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Flattens nested errors into one readable line per bad field, e.g. "amount must be an integer". */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) || m.startsWith('property ') ? `${prefix ? `${prefix}.` : ''}${m}` : `${path}: ${m}`,
    );
    return own.concat(describeValidationErrors(e.children ?? [], path));
  });
}

/**
 * whitelist + forbidNonWhitelisted: unknown fields are named, not silently dropped.
 * No implicit conversion: the string "100" is not an amount.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors)),
  });
}
