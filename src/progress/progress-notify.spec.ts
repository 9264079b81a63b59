import { parseNotification } from './progress-notify';

describe('parseNotification', () => {
  const id = '0b4a3c2e-8d5f-4f6a-9b1c-2d3e4f5a6b7c';
  it.each([
    [JSON.stringify({ appealId: id, version: 4 }), { appealId: id, version: 4 }],
    [JSON.stringify({ appealId: id.toUpperCase(), version: 4 }), { appealId: id, version: 4 }],
    [JSON.stringify({ appealId: id }), { appealId: id, version: 0 }],
    [JSON.stringify({ appealId: 'not-a-uuid', version: 1 }), null],
    [JSON.stringify({ version: 1 }), null],
    ['{not json', null],
    ['', null],
    [undefined, null],
  ])('%p -> %p', (payload, expected) => {
    expect(parseNotification(payload)).toEqual(expected);
  });
});
