import { createHash } from 'node:crypto';
import { viewFixture } from '../progress/progress-view.fixture';
import { renderBadge } from './widget-badge';
import { parseWidgetOptions } from './widget-options';
import { renderWidgetPage } from './widget-page';

const opts = parseWidgetOptions({}, 'en-US');

describe('widget page', () => {
  it('allows its inline style by hash and nothing inline besides', () => {
    const { html, csp } = renderWidgetPage(viewFixture(), opts);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain('frame-ancestors *');
    expect(html).not.toMatch(/ style=| on\w+=|<script>/);
  });

  it('caps the bar and aria-valuenow at 100 while the text says 160 %', () => {
    const { html } = renderWidgetPage(viewFixture({ raised: 16_000n, target: 10_000, percent: 160, nextTarget: 30_000 }), opts);
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain('.aw-fill{width:100%}');
    expect(html).toContain('160%');
    expect(html).toContain('<p class="aw-next">Next target: $300</p>');
  });

  it('hides the Give button of a closed appeal through its status', () => {
    expect(renderWidgetPage(viewFixture({ status: 'closed' }), opts).html).toContain('data-status="closed"');
  });
});

describe('SVG badge', () => {
  it('draws the bar in proportion, capped at full', () => {
    expect(renderBadge(viewFixture({ percent: 50 }), opts)).toContain('width="186"');
    expect(renderBadge(viewFixture({ percent: 250 }), opts)).toContain('width="372" height="10" rx="5"/>\n');
    expect(renderBadge(viewFixture({ percent: 0, raised: 0n }), opts)).not.toContain('fill="#1a5fb4"');
  });

  it('follows the colour scheme unless a theme is forced', () => {
    expect(renderBadge(viewFixture(), opts)).toContain('prefers-color-scheme:dark');
    expect(renderBadge(viewFixture(), parseWidgetOptions({ theme: 'dark' }))).not.toContain('prefers-color-scheme');
  });

  it('clips a long title and squeezes long lines rather than overflowing', () => {
    const svg = renderBadge(viewFixture({ title: 'A'.repeat(120) }), opts);
    expect(svg).toContain(`${'A'.repeat(43)}…`);
    expect(renderBadge(viewFixture({ currency: 'kwd', raised: 123_456_789_010n, target: 999_999_999_990 }), opts)).toContain(
      'lengthAdjust="spacingAndGlyphs"',
    );
  });
});
