import { minorUnitExponent, SUPPORTED_CURRENCIES } from '../money';
import { cachedBody, CachedBody } from '../progress/public-http';
import { CLIENT_DOM_JS } from './client/widget-dom.client';
import { CLIENT_FORMAT_JS } from './client/widget-format.client';
import { WIDGET_CSS } from './widget-styles';
import { COUNTING_RULE } from './widget-text';

/** Currencies whose minor unit is not the usual hundredth, from the one table in src/money. */
export function exponentTables(): { zero: string[]; three: string[] } {
  return {
    zero: SUPPORTED_CURRENCIES.filter((c) => minorUnitExponent(c) === 0),
    three: SUPPORTED_CURRENCIES.filter((c) => minorUnitExponent(c) === 3),
  };
}

/** The whole browser script as one string: data first, then the formatting and DOM code. */
export function embedScriptSource(): string {
  const { zero, three } = exponentTables();
  return [
    '/* Appeal progress widgets: fills every <div data-appeal="slug"> and keeps it live. */',
    '(function () {',
    "'use strict';",
    'if (window.AppealWidgets) return;',
    `var ZERO_DECIMAL = ${JSON.stringify(zero)};`,
    `var THREE_DECIMAL = ${JSON.stringify(three)};`,
    `var CSS = ${JSON.stringify(WIDGET_CSS)};`,
    `var RULE = ${JSON.stringify(COUNTING_RULE)};`,
    CLIENT_FORMAT_JS,
    CLIENT_DOM_JS,
    '})();',
    '',
  ].join('\n');
}

let built: CachedBody | null = null;

/** Built once per process; the ETag is a digest of the bytes, so a deploy changes it. */
export function embedScript(headers: Readonly<Record<string, string>>): CachedBody {
  return (built ??= cachedBody(0, embedScriptSource(), headers));
}
