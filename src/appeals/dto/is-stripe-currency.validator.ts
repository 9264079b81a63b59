import { registerDecorator, ValidationOptions } from 'class-validator';
import { isSupportedCurrency } from '../../money';

export function IsStripeCurrency(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStripeCurrency',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a lower-case ISO 4217 code of a currency Stripe accepts, such as usd, eur or jpy`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isSupportedCurrency(value) },
    });
}
