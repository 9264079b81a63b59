import { readBrowserFile } from '../common/browser-build';
import { pageCss, widgetStyles } from './widget-styles';
import { COUNTING_RULE } from '../wording/widget-text';

/**
 * embed.js is src/browser/widget/embed.ts bundled by `npm run build` (run it first). The words
 * need no comparison with the server any more: the bundle contains widget-text.ts itself.
 */
describe('the built widget script', () => {
  const embed = readBrowserFile('widgets', 'embed.js').toString('utf8');

  it('is one classic script that parses and references nothing external', () => {
    expect(() => new Function(embed)).not.toThrow();
    expect(embed).not.toMatch(/^\s*(import|export)\s/m);
    expect(embed).not.toMatch(/https?:\/\/|innerHTML|eval\(/);
  });

  it("carries the server's counting rule, currency table and stylesheet", () => {
    expect(embed).toContain(COUNTING_RULE);
    expect(embed).toContain('"kwd"');
    expect(embed).toContain(widgetStyles());
  });

  it('gives the iframe page the same stylesheet, with its accent and bar width', () => {
    const css = pageCss('#ff6600', 42);
    expect(css).toContain(widgetStyles());
    expect(css).toMatch(/\.aw\{--aw-accent:#ff6600\}\n\.aw-fill\{width:42%\}$/);
  });
});
