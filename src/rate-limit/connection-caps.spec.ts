import { connectionsPerAddress, maxConnections } from './connection-caps';

const base = { STREAMS_PER_ADDRESS: 1000, STREAMS_MAX: undefined, TRUST_PROXY: undefined, CONNECTIONS_PER_ADDRESS: undefined };

describe('connection caps', () => {
  it.each([
    ['no proxy: room for the streams plus ordinary requests', {}, 1100],
    ["behind a trusted proxy every socket is the proxy's: off", { TRUST_PROXY: '127.0.0.1' }, 0],
    ['a hop count is a trusted proxy too', { TRUST_PROXY: '1' }, 0],
    ['explicit values win, behind a proxy too', { TRUST_PROXY: '1', CONNECTIONS_PER_ADDRESS: 50 }, 50],
    ['explicit 0 turns the cap off', { CONNECTIONS_PER_ADDRESS: 0 }, 0],
  ])('%s', (_name, over, expected) => {
    expect(connectionsPerAddress({ ...base, ...over })).toBe(expected);
  });

  it('keeps a tenth of the descriptors for the database and files, never fewer than the streams admitted', () => {
    expect(maxConnections(base, 20_000)).toBe(18_000);
    expect(maxConnections({ ...base, STREAMS_MAX: 19_950 }, 20_000)).toBe(20_050);
  });
});
