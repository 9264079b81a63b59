import { SECURITY_HEADER_OPTIONS, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("works out helmet's headers for the service's options once, lower-cased", () => {
    const { set, remove } = securityHeaders(SECURITY_HEADER_OPTIONS);
    const headers = new Map(set);
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(remove).toEqual(['x-powered-by']);
  });

  it('follows the options it is given', () => {
    const { set } = securityHeaders({ xFrameOptions: { action: 'deny' }, strictTransportSecurity: false });
    const headers = new Map(set);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.has('strict-transport-security')).toBe(false);
  });

  it('refuses options helmet refuses, at start-up rather than on a request', () => {
    expect(() => securityHeaders({ referrerPolicy: { policy: 'sometimes' as never } })).toThrow(/referrer/i);
  });
});
