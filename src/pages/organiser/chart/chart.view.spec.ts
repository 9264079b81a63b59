import { chartSvg } from './chart.view';

const at = (iso: string) => new Date(iso);

describe('cumulative total chart', () => {
  const base = {
    currency: 'usd',
    target: 100_000,
    stretchTargets: [150_000, 400_000],
    from: at('2027-01-01T00:00:00Z'),
    to: at('2027-01-31T00:00:00Z'),
  };

  it('draws the total as a step line against the target, and describes it in words', () => {
    const svg = chartSvg({
      ...base,
      points: [
        { at: at('2027-01-10T00:00:00Z'), total: 2500 },
        { at: at('2027-01-20T00:00:00Z'), total: 120_000 },
      ],
    }).value;
    expect(svg).toContain('data-points="2" data-last-total="120000"');
    expect(svg).toContain('Cumulative total $1,200 on 20 Jan 2027, 00:00 UTC, against a target of $1,000');
    expect(svg).toContain('Target $1,000');
    expect(svg).toMatch(/<path class="total" d="M84\.0,230\.0 H[\d.]+ V[\d.]+ H[\d.]+ V[\d.]+ H704\.0"\/>/);
    // The next stretch target above the total is drawn; one far beyond it is only named.
    expect(svg).toContain('Stretch $1,500');
    expect(svg).not.toContain('Stretch $4,000<');
  });

  it('says when there are no gifts yet, with a flat line at zero', () => {
    const svg = chartSvg({ ...base, points: [] }).value;
    expect(svg).toContain('No gifts yet. Target $1,000.');
    expect(svg).toContain('data-last-total="0"');
  });

  it("formats amounts in the appeal's currency", () => {
    const svg = chartSvg({
      ...base,
      currency: 'jpy',
      target: 5000,
      stretchTargets: [],
      points: [{ at: at('2027-01-02T00:00:00Z'), total: 700 }],
    }).value;
    expect(svg).toContain('¥700');
  });
});
