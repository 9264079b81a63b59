import { withFormAction } from './csp';
import { groupMessages, mergeMessages, noProblems } from './field-errors';
import { attr, html, raw } from './html';
import { safeNext } from './page-error.filter';

describe('html builder', () => {
  it('escapes every interpolated value unless it is already Html', () => {
    const name = '<img src=x onerror=alert(1)> & "quotes"';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p>',
    );
    expect(html`<ul>${['a', raw('<li>b</li>'), null, false, 3]}</ul>`.value).toBe('<ul>a<li>b</li>3</ul>');
    expect(html`<input${attr('checked', true)}${attr('value', "it's")}${attr('hidden', null)}>`.value).toBe(
      '<input checked value="it&#39;s">',
    );
  });
});

describe('form problems', () => {
  it('puts each API message beside the field it names, and the rest at the top', () => {
    const p = groupMessages(
      [
        'amount must be at least 50 (USD 0.50)',
        'donorEmail must be an e-mail address',
        'stretchTargets[1] must be greater than stretchTargets[0] (1500000)',
        'property extra should not exist',
        'body must not contain the NUL character',
      ],
      ['amount', 'donorEmail', 'stretchTargets'],
    );
    expect(p.fields).toEqual({
      amount: ['amount must be at least 50 (USD 0.50)'],
      donorEmail: ['donorEmail must be an e-mail address'],
      stretchTargets: ['stretchTargets[1] must be greater than stretchTargets[0] (1500000)'],
    });
    expect(p.form).toEqual(['property extra should not exist', 'body must not contain the NUL character']);
  });

  it("keeps a field's own reading problem rather than the DTO's echo of it", () => {
    const p = noProblems();
    p.fields.target = ['target must be an amount such as 100'];
    mergeMessages(p, ['target must be a positive number', 'title must be shorter than or equal to 200 characters'], ['target', 'title']);
    expect(p.fields).toEqual({
      target: ['target must be an amount such as 100'],
      title: ['title must be shorter than or equal to 200 characters'],
    });
  });
});

describe('donate page CSP', () => {
  it('widens form-action by the checkout origin only', () => {
    const helmet = "default-src 'self';form-action 'self';script-src 'self';frame-ancestors 'self'";
    expect(withFormAction(helmet, ['https://checkout.stripe.com'])).toBe(
      "default-src 'self'; script-src 'self'; frame-ancestors 'self'; form-action 'self' https://checkout.stripe.com",
    );
  });
});

describe('sign-in redirect target', () => {
  it.each([
    ['/organiser', '/organiser'],
    ['/organiser/appeals/roof?cursor=abc', '/organiser/appeals/roof?cursor=abc'],
    ['//evil.example/organiser', null],
    ['https://evil.example/organiser', null],
    ['/organiser//evil.example', null],
    ['/organiserx', null],
    ['/organiser/sign-in', null],
    ['/donate/roof', null],
    ['', null],
    [undefined, null],
  ])('%s -> %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
