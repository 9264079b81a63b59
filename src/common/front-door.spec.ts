import { frontDoorServerOptions } from './front-door';
import { formShapeProblem, MAX_BODY_MEMBERS } from './json-shape';

describe('frontDoorServerOptions', () => {
  const base = { BODY_LIMIT: 65536, REQUEST_TIMEOUT_MS: 30_000, HEADERS_TIMEOUT_MS: 10_000, KEEP_ALIVE_TIMEOUT_MS: 72_000 };

  it('hands the limits and timeouts to Fastify and Node', () => {
    expect(frontDoorServerOptions(base)).toEqual({
      bodyLimit: 65536,
      requestTimeout: 30_000,
      keepAliveTimeout: 72_000,
      http: { headersTimeout: 10_000, connectionsCheckingInterval: 1000 },
    });
  });

  it.each([
    // [request timeout, headers timeout, how often Node checks them]
    [30_000, 10_000, 1000],
    [800, 500, 125],
    [100, 100, 50],
  ])('checks a %i ms request / %i ms header timeout every %i ms', (request, headers, every) => {
    expect(
      frontDoorServerOptions({ ...base, REQUEST_TIMEOUT_MS: request, HEADERS_TIMEOUT_MS: headers }).http.connectionsCheckingInterval,
    ).toBe(every);
  });
});

describe('formShapeProblem', () => {
  const form = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `f${i}=1`).join('&'));

  it.each([[0], [1], [MAX_BODY_MEMBERS]])('lets a form of %i fields through', (n) => {
    expect(formShapeProblem(form(n))).toBeNull();
  });

  it('refuses one field more than the limit', () => {
    expect(formShapeProblem(form(MAX_BODY_MEMBERS + 1))).toBe(`body has more than ${MAX_BODY_MEMBERS} form fields`);
  });
});
