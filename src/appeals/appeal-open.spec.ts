import { appealClosed } from './appeal-open';

const NOW = new Date('2026-06-01T12:00:00Z');
const BEFORE = new Date('2026-05-01T00:00:00Z');
const AFTER = new Date('2026-07-01T00:00:00Z');

describe('appealClosed', () => {
  it.each([
    ['active, no dates', { status: 'active', startsAt: null, endsAt: null }, null],
    ['active, within its dates', { status: 'active', startsAt: BEFORE, endsAt: AFTER }, null],
    ['closed', { status: 'closed', startsAt: null, endsAt: null }, { why: 'closed' }],
    ['a draft', { status: 'draft', startsAt: null, endsAt: null }, { why: 'not-active' }],
    ['active, not started', { status: 'active', startsAt: AFTER, endsAt: null }, { why: 'not-yet', at: AFTER }],
    ['active, ended', { status: 'active', startsAt: null, endsAt: BEFORE }, { why: 'ended', at: BEFORE }],
    ['active, ending this instant (the end is exclusive)', { status: 'active', startsAt: null, endsAt: NOW }, { why: 'ended', at: NOW }],
  ] as const)('%s', (_name, appeal, expected) => {
    expect(appealClosed(appeal, NOW)).toEqual(expected);
  });
});
