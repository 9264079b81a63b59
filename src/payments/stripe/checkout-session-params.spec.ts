import { checkoutIdempotencyKey, checkoutSessionParams } from './checkout-session-params';

const input = (over: { title?: string; attempt?: number; email?: string | null } = {}) => ({
  appeal: { slug: 'roof', title: over.title ?? 'School roof', currency: 'usd' },
  donation: {
    id: 'd1',
    amount: 2500,
    donorEmail: over.email === undefined ? 'a@example.org' : over.email,
    checkoutAttempt: over.attempt ?? 0,
  },
  publicBaseUrl: 'https://give.example.org',
});
const keyOf = (over: Parameters<typeof input>[0] = {}) => {
  const i = input(over);
  return checkoutIdempotencyKey(i.donation.id, i.donation.checkoutAttempt, checkoutSessionParams(i));
};

describe('checkoutSessionParams', () => {
  it('sets the amount, metadata and return URLs server-side', () => {
    expect(checkoutSessionParams(input())).toMatchObject({
      mode: 'payment',
      client_reference_id: 'd1',
      metadata: { appeal: 'roof', donation_id: 'd1' },
      customer_email: 'a@example.org',
      line_items: [{ price_data: { unit_amount: 2500, currency: 'usd', product_data: { name: 'Gift to School roof' } } }],
      success_url: 'https://give.example.org/donate/roof/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://give.example.org/donate/roof?cancelled=1&amount=2500',
    });
    expect(checkoutSessionParams(input({ email: null }))).not.toHaveProperty('customer_email');
    expect(checkoutSessionParams(input())).not.toHaveProperty('locale');
  });

  it.each([
    ['es', 'es', 'Donación a School roof'],
    ['pt', 'pt-BR', 'Doação para School roof'],
    ['fr', 'fr', 'Don à School roof'],
    ['de', 'de', 'Spende für School roof'],
    ['ar', 'auto', 'تبرع لـSchool roof'],
    ['en', 'en', 'Gift to School roof'],
  ] as const)("opens Checkout in the donor's language %s (locale %s), and the return pages follow", (language, locale, name) => {
    const params = checkoutSessionParams({ ...input(), language });
    expect(params).toMatchObject({
      locale,
      line_items: [{ price_data: { product_data: { name } } }],
      success_url: `https://give.example.org/donate/roof/thanks?session_id={CHECKOUT_SESSION_ID}&lang=${language}`,
      cancel_url: `https://give.example.org/donate/roof?cancelled=1&amount=2500&lang=${language}`,
    });
  });
});

describe('checkoutSessionParams for a monthly gift', () => {
  it('makes a subscription with an inline monthly price named after the appeal, the plan in its metadata', () => {
    const i = input();
    const params = checkoutSessionParams({ ...i, donation: { ...i.donation, planId: 'p1' } });
    expect(params).toEqual({
      mode: 'subscription',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: 2500,
            recurring: { interval: 'month' },
            product_data: { name: 'Monthly gift to School roof' },
          },
        },
      ],
      metadata: { appeal: 'roof', plan_id: 'p1', donation_id: 'd1' },
      subscription_data: { metadata: { appeal: 'roof', plan_id: 'p1' }, description: 'Monthly gift to School roof' },
      client_reference_id: 'd1',
      success_url: 'https://give.example.org/donate/roof/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://give.example.org/donate/roof?cancelled=1&amount=2500&frequency=monthly',
      customer_email: 'a@example.org',
    });
  });
});

describe('checkoutIdempotencyKey', () => {
  it.each([
    ['the same attempt with the same parameters (duplicate clicks)', {}, true],
    ['the next attempt, after a failed call to Stripe', { attempt: 1 }, false],
    ['a retitled appeal', { title: 'New roof' }, false],
    ['another donor e-mail', { email: 'b@example.org' }, false],
  ])('%s -> same key: %p', (_n, over, same) => {
    expect(keyOf(over) === keyOf()).toBe(same);
  });

  it("names the donation and the attempt and fits Stripe's 255 characters", () => {
    expect(keyOf({ attempt: 3 })).toMatch(/^checkout-d1-3-[0-9a-f]{32}$/);
  });
});

describe('checkoutSessionParams for a monthly gift in the donor language', () => {
  it.each([
    ['es', 'es', 'Donación mensual a School roof'],
    ['pt', 'pt-BR', 'Doação mensal para School roof'],
    ['ar', 'auto', 'تبرع شهري لـSchool roof'],
  ] as const)('%s: Checkout locale %s, the plan named in it, the return URLs carry the language', (language, locale, name) => {
    const i = input();
    const params = checkoutSessionParams({ ...i, donation: { ...i.donation, planId: 'p1' }, language });
    expect(params.locale).toBe(locale);
    expect(params.line_items![0].price_data!.product_data!.name).toBe(name);
    expect(params.subscription_data!.description).toBe(name);
    expect(params.success_url).toBe(`https://give.example.org/donate/roof/thanks?session_id={CHECKOUT_SESSION_ID}&lang=${language}`);
    expect(params.cancel_url).toBe(`https://give.example.org/donate/roof?cancelled=1&amount=2500&frequency=monthly&lang=${language}`);
  });
});
