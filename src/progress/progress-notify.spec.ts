import { parseNotification } from './progress-notify';

describe('parseNotification', () => {
  const id = '0b4a3c2e-8d5f-4f6a-9b1c-2d3e4f5a6b7c';
  it.each([
    [JSON.stringify({ appealId: id, version: 4 }), { appealId: id, version: 4 }],
    [JSON.stringify({ appealId: id.toUpperCase(), version: 4 }), { appealId: id, version: 4 }],
    [JSON.stringify({ appealId: id }), { appealId: id, version: 0 }],
    [JSON.stringify({ appealId: 'not-a-uuid', version: 1 }), null],
    [
      JSON.stringify({
        appealId: id,
        version: 7,
        raised: '1250',
        donations: 3,
        donors: 2,
        countries: 1,
        updatedAt: '2026-11-27T23:59:59.123456+00:00',
      }),
      {
        appealId: id,
        version: 7,
        totals: { raised: 1250n, donations: 3, donors: 2, countries: 1, updatedAt: new Date('2026-11-27T23:59:59.123Z') },
      },
    ],
    // Monthly figures travel with the totals (the amount as digits, like raised).
    [
      JSON.stringify({
        appealId: id,
        version: 8,
        raised: '0',
        donations: 0,
        donors: 0,
        countries: 0,
        monthlyDonors: 2,
        monthlyAmount: '3500',
        updatedAt: '2026-11-27T23:59:59Z',
      }),
      {
        appealId: id,
        version: 8,
        totals: {
          raised: 0n,
          donations: 0,
          donors: 0,
          countries: 0,
          monthlyDonors: 2,
          monthlyAmount: 3500n,
          updatedAt: new Date('2026-11-27T23:59:59Z'),
        },
      },
    ],
    // Totals that are not sound are left out: the receiver reloads instead.
    [
      JSON.stringify({ appealId: id, version: 7, raised: '-1', donations: 3, donors: 2, countries: 1, updatedAt: '2026-11-27T23:59:59Z' }),
      { appealId: id, version: 7 },
    ],
    [
      JSON.stringify({ appealId: id, version: 7, raised: '1.5', donations: 3, donors: 2, countries: 1, updatedAt: '2026-11-27T23:59:59Z' }),
      { appealId: id, version: 7 },
    ],
    [
      JSON.stringify({ appealId: id, version: 7, raised: '1', donations: 3, donors: 2, countries: 1, updatedAt: 'yesterday' }),
      { appealId: id, version: 7 },
    ],
    [
      JSON.stringify({ appealId: id, raised: '1', donations: 3, donors: 2, countries: 1, updatedAt: '2026-11-27T23:59:59Z' }),
      { appealId: id, version: 0 },
    ],
    // Past 2^53 the digits survive (a JSON number would have been rounded by JSON.parse).
    [
      JSON.stringify({
        appealId: id,
        version: 7,
        raised: '9223372036854775807',
        donations: 3,
        donors: 2,
        countries: 1,
        updatedAt: '2026-11-27T23:59:59Z',
      }),
      {
        appealId: id,
        version: 7,
        totals: { raised: 9223372036854775807n, donations: 3, donors: 2, countries: 1, updatedAt: new Date('2026-11-27T23:59:59Z') },
      },
    ],
    [
      JSON.stringify({ appealId: id, version: 7, raised: 1250, donations: 3, donors: 2, countries: 1, updatedAt: '2026-11-27T23:59:59Z' }),
      { appealId: id, version: 7 },
    ],
    [JSON.stringify({ version: 1 }), null],
    ['{not json', null],
    ['', null],
    [undefined, null],
  ])('%p -> %p', (payload, expected) => {
    expect(parseNotification(payload)).toEqual(expected);
  });
});
