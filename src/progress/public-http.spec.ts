import { matchesEtag } from './public-http';

describe('matchesEtag', () => {
  const etag = '"7-abc"';
  it.each([
    [undefined, false],
    ['', false],
    ['"7-abc"', true],
    ['W/"7-abc"', true],
    ['"6-zzz", "7-abc"', true],
    ['"6-zzz",W/"7-abc"', true],
    ['*', true],
    ['"7-abd"', false],
    ['7-abc', false],
  ])('If-None-Match %p -> %p', (header, expected) => {
    expect(matchesEtag(header, etag)).toBe(expected);
  });
});
