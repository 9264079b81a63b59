import { readDonateForm, toCheckoutBody } from '../../donate/donate-form';
import { humanizeMessage } from '../../../wording/donate-fields';
import { readAppealForm, toAppealBody } from './appeal-form';
import { readGiftForm, toGiftBody } from './gift-form';
import { amountListField, utcDateField } from './form-values';
import { noProblems } from '../../shared/field-errors';

describe('dashboard form values', () => {
  it('reads amounts in major units exactly, per currency', () => {
    const p = noProblems();
    expect(amountListField(p, 'presetAmounts', '10, 25.50 1,000', 'usd')).toEqual([1000, 2550, 100000]);
    expect(amountListField(p, 'presetAmounts', '500; 1000', 'jpy')).toEqual([500, 1000]);
    expect(amountListField(p, 'presetAmounts', '', 'usd')).toEqual([]);
    expect(p).toEqual(noProblems());
    expect(amountListField(p, 'presetAmounts', '10,25', 'usd')).toBeUndefined();
    expect(p.fields.presetAmounts).toEqual(['presetAmounts: "10,25" is not an amount (separate amounts with spaces or ", ")']);
  });

  it('reads datetime-local values as UTC', () => {
    expect(utcDateField('2027-03-01T09:30')).toBe('2027-03-01T09:30:00Z');
    expect(utcDateField('')).toBeNull();
    expect(utcDateField('tomorrow')).toBe('tomorrow'); // left for the DTO to refuse by name
  });

  it('builds the create body without empty optional fields, and the update body with them cleared', () => {
    const v = readAppealForm({
      slug: 'roof',
      title: 'Roof',
      description: '',
      currency: 'usd',
      target: '10,000',
      status: 'active',
      startsAt: '',
      endsAt: '',
      stretchTargets: '',
      presetAmounts: '',
    });
    expect(toAppealBody(v, 'create').body).toEqual({ slug: 'roof', title: 'Roof', currency: 'usd', status: 'active', target: 1_000_000 });
    expect(toAppealBody(v, 'update').body).toEqual({
      title: 'Roof',
      description: '',
      currency: 'usd',
      status: 'active',
      target: 1_000_000,
      startsAt: null,
      endsAt: null,
      stretchTargets: [],
      presetAmounts: [],
      monthlyEnabled: true,
      monthlyPresetAmounts: [],
    });
  });

  it('builds an offline gift, converting only when the gift was in another currency', () => {
    const base = { amount: '75', currency: 'usd', convertedAmount: '', reference: 'r1', donorName: '', note: '', receivedAt: '' };
    expect(toGiftBody(readGiftForm(base), 'usd').body).toEqual({ amount: 7500, reference: 'r1' });
    expect(
      toGiftBody(
        readGiftForm({ ...base, currency: 'jpy', amount: '8000', convertedAmount: '51.20', receivedAt: '2027-01-02T10:00' }),
        'usd',
      ).body,
    ).toEqual({ amount: 8000, currency: 'jpy', convertedAmount: 5120, reference: 'r1', receivedAt: '2027-01-02T10:00:00Z' });
    expect(toGiftBody(readGiftForm({ ...base, amount: '' }), 'usd').problems.fields.amount).toEqual(['amount is required']);
  });
});

describe('donate form without the script', () => {
  it('takes a preset in minor units or a typed amount, and leaves out empty fields', () => {
    expect(toCheckoutBody(readDonateForm({ preset: '2500', donorName: ' Ada ' }), 'usd').body).toEqual({
      amount: 2500,
      anonymous: false,
      public: false,
      donorName: 'Ada',
    });
    expect(toCheckoutBody(readDonateForm({ preset: 'other', customAmount: '12.5', anonymous: 'true' }), 'usd').body).toEqual({
      amount: 1250,
      anonymous: true,
      public: false,
    });
    expect(toCheckoutBody(readDonateForm({ preset: '2500', public: 'true', message: 'Hi' }), 'usd').body).toMatchObject({
      public: true,
      message: 'Hi',
    });
    expect(toCheckoutBody(readDonateForm({ preset: 'other', customAmount: '12.5' }), 'jpy').problems.fields.amount).toHaveLength(1);
    expect(toCheckoutBody(readDonateForm({ preset: ['1', '2'] }), 'usd').problems.fields.amount).toEqual([
      'amount is required: choose one or enter your own',
    ]);
  });

  it('names fields in words a donor reads', () => {
    expect(humanizeMessage('donorEmail must be an e-mail address')).toBe('E-mail must be an e-mail address');
    expect(humanizeMessage('something else entirely')).toBe('something else entirely');
  });
});
