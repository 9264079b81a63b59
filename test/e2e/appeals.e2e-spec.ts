import { startTestApp, TestApp } from '../support/app';

const base = { slug: 'summer-school', title: 'Summer school', currency: 'usd', target: 1_000_000 };

describe('appeals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.ds.query('TRUNCATE appeals CASCADE');
  });

  it('creates an appeal as a draft with its totals row, and lists it for the organiser', async () => {
    const res = await t.request('POST', '/api/appeals', { body: base });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...base,
      status: 'draft',
      raised: 0,
      donations: 0,
      donors: 0,
      percent: 0,
      stretchTargets: [],
      description: '',
    });
    const rows = await t.ds.query('SELECT a.slug, a.target, t.raised, t.version FROM appeals a JOIN appeal_totals t ON t.appeal_id = a.id');
    expect(rows).toEqual([{ slug: 'summer-school', target: '1000000', raised: '0', version: '1' }]);
    const list = await t.request('GET', '/api/appeals');
    expect(list.status).toBe(200);
    expect(list.body.map((a: { slug: string }) => a.slug)).toEqual(['summer-school']);
  });

  it('hides drafts from the public and shows active appeals without organiser data', async () => {
    await t.request('POST', '/api/appeals', { body: base });
    expect((await t.request('GET', '/api/appeals/summer-school', { token: null })).status).toBe(404);
    await t.request('PATCH', '/api/appeals/summer-school', { body: { status: 'active' } });
    const pub = await t.request('GET', '/api/appeals/summer-school', { token: null });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      slug: 'summer-school',
      title: 'Summer school',
      currency: 'usd',
      target: 1_000_000,
      raised: 0,
      percent: 0,
      status: 'active',
    });
    expect(pub.body).not.toHaveProperty('id');
    expect(pub.body).not.toHaveProperty('createdAt');
  });

  it('answers 409 for a duplicate slug and keeps the first appeal', async () => {
    expect((await t.request('POST', '/api/appeals', { body: base })).status).toBe(201);
    const dup = await t.request('POST', '/api/appeals', { body: { ...base, title: 'Other' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(dup.body.message).toContain('summer-school');
    expect(await t.ds.query('SELECT title FROM appeals')).toEqual([{ title: 'Summer school' }]);
  });

  it('answers 404 for an unknown slug on read and patch', async () => {
    expect((await t.request('GET', '/api/appeals/nope', { token: null })).status).toBe(404);
    const res = await t.request('PATCH', '/api/appeals/nope', { body: { title: 'x' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it.each([
    ['slug with capitals', { slug: 'Summer' }, 'slug'],
    ['slug with a space', { slug: 'summer school' }, 'slug'],
    ['slug with unicode', { slug: 'école' }, 'slug'],
    ['slug ending in a hyphen', { slug: 'summer-' }, 'slug'],
    ['empty title', { title: '' }, 'title'],
    ['upper-case currency', { currency: 'USD' }, 'currency'],
    ['unknown currency', { currency: 'xyz' }, 'currency'],
    ['target as a string', { target: '100' }, 'target'],
    ['fractional target', { target: 10.5 }, 'target'],
    ['zero target', { target: 0 }, 'target'],
    ['negative target', { target: -5 }, 'target'],
    ['unknown status', { status: 'open' }, 'status'],
    ['bad date', { startsAt: 'tomorrow' }, 'startsAt'],
    ['unknown field', { colour: 'red' }, 'colour'],
    ['stretch target as strings', { stretchTargets: ['2000000'] }, 'stretchTargets'],
  ])('rejects %s with a 400 naming the field', async (_name, patch, field) => {
    const res = await t.request('POST', '/api/appeals', { body: { ...base, ...patch } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM appeals')).toEqual([{ n: 0 }]);
  });

  it('names every bad field at once', async () => {
    const res = await t.request('POST', '/api/appeals', { body: { slug: 'X', currency: 'US', target: 'lots' } });
    expect(res.status).toBe(400);
    const text = JSON.stringify(res.body.message);
    for (const f of ['slug', 'title', 'currency', 'target']) expect(text).toContain(f);
  });

  it.each([
    ['ends before it starts', { startsAt: '2027-03-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' }, 'endsAt'],
    ['ends when it starts', { startsAt: '2027-03-01T00:00:00Z', endsAt: '2027-03-01T00:00:00Z' }, 'endsAt'],
    ['stretch target below the target', { stretchTargets: [500_000] }, 'stretchTargets[0]'],
    ['stretch targets not increasing', { stretchTargets: [1_500_000, 1_200_000] }, 'stretchTargets[1]'],
  ])('rejects an appeal that %s', async (_n, patch, field) => {
    const res = await t.request('POST', '/api/appeals', { body: { ...base, ...patch } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('accepts dates and increasing stretch targets above the target', async () => {
    const res = await t.request('POST', '/api/appeals', {
      body: {
        ...base,
        startsAt: '2027-01-01T00:00:00Z',
        endsAt: '2027-03-01T00:00:00.000Z',
        stretchTargets: [1_500_000, 2_000_000],
        status: 'active',
        description: 'For 40 children',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      startsAt: '2027-01-01T00:00:00.000Z',
      endsAt: '2027-03-01T00:00:00.000Z',
      stretchTargets: [1_500_000, 2_000_000],
    });
  });

  it('patches any field but the slug, re-checking rules against the stored appeal', async () => {
    await t.request('POST', '/api/appeals', { body: { ...base, stretchTargets: [2_000_000] } });
    const ok = await t.request('PATCH', '/api/appeals/summer-school', { body: { title: 'Summer school 2027', target: 1_500_000 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: 'Summer school 2027', target: 1_500_000 });
    const slug = await t.request('PATCH', '/api/appeals/summer-school', { body: { slug: 'other' } });
    expect(slug.status).toBe(400);
    const rule = await t.request('PATCH', '/api/appeals/summer-school', { body: { target: 3_000_000 } });
    expect(rule.status).toBe(400);
    expect(JSON.stringify(rule.body.message)).toContain('stretchTargets[0]');
    expect(await t.ds.query('SELECT target FROM appeals')).toEqual([{ target: '1500000' }]);
  });

  it('rejects a non-object body and malformed JSON with 400, not 500', async () => {
    for (const raw of ['[1,2]', 'null', '"x"', '{"slug":', '{"slug":"a"}}']) {
      const res = await t.request('POST', '/api/appeals', { raw });
      expect(res.status).toBe(400);
    }
  });

  it('rejects a NUL character with 400 before it reaches PostgreSQL', async () => {
    const res = await t.request('POST', '/api/appeals', { body: { ...base, title: 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('title');
    expect((await t.request('GET', '/api/appeals/a%00b', { token: null })).status).toBe(400);
  });
});
