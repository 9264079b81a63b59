import type { ProgressView } from './progress-view';

/** A complete public view for unit specs; override what the spec is about. */
export function viewFixture(overrides: Partial<ProgressView> = {}): ProgressView {
  return {
    slug: 'school-roof',
    title: 'School roof',
    description: '',
    currency: 'usd',
    target: 1_000_000,
    raised: 875_000n,
    donations: 2,
    donors: 2,
    monthlyDonors: 0,
    monthlyAmount: 0n,
    countries: 1,
    percent: 87,
    status: 'active',
    startsAt: null,
    endsAt: null,
    stretchTargets: [],
    nextTarget: null,
    version: 3,
    updatedAt: '2027-01-14T10:00:00.000Z',
    ...overrides,
  };
}
