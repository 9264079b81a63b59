/**
 * Browser-side formatting, shipped inside /widgets/embed.js. It must say exactly what
 * widget-text.ts says on the server (widget-client.spec.ts runs both): amounts go from integer
 * minor units to an exact decimal string by string operations, and that string (never a
 * float) goes to Intl.NumberFormat. Plain ES2017 so old browsers still parse it; it expects
 * ZERO_DECIMAL and THREE_DECIMAL (lower-case currency codes) to be defined before it.
 */
export const CLIENT_FORMAT_JS = String.raw`
function exponentOf(currency) {
  var c = String(currency).toLowerCase();
  if (ZERO_DECIMAL.indexOf(c) >= 0) return 0;
  return THREE_DECIMAL.indexOf(c) >= 0 ? 3 : 2;
}

function decimalOf(minor, exponent) {
  var digits = String(minor), sign = '';
  if (digits.charAt(0) === '-') { sign = '-'; digits = digits.slice(1); }
  if (exponent === 0) return sign + digits;
  while (digits.length <= exponent) digits = '0' + digits;
  var cut = digits.length - exponent;
  return sign + digits.slice(0, cut) + '.' + digits.slice(cut);
}

function safeLocale(locale) {
  try {
    return locale && Intl.NumberFormat.supportedLocalesOf([locale]).length ? locale : 'en-US';
  } catch (e) {
    return 'en-US';
  }
}

function money(minor, currency, locale) {
  var exponent = exponentOf(currency);
  var decimal = decimalOf(minor, exponent);
  var digits = exponent > 0 && /\.0+$/.test(decimal) ? 0 : exponent;
  return new Intl.NumberFormat(locale, {
    style: 'currency', currency: String(currency).toUpperCase(),
    minimumFractionDigits: digits, maximumFractionDigits: digits
  }).format(decimal);
}

function widgetText(view, locale) {
  var amounts = money(view.raised, view.currency, locale) + ' raised of ' + money(view.target, view.currency, locale);
  var percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(view.percent + 'E-2');
  var count = new Intl.NumberFormat(locale).format(view.donors);
  return {
    title: view.title,
    amounts: amounts,
    donors: count + (view.donors === 1 ? ' donor' : ' donors'),
    percent: percent,
    next: view.nextTarget == null ? null : 'Next target: ' + money(view.nextTarget, view.currency, locale),
    valueText: amounts + ' (' + percent + ')',
    barPercent: Math.min(100, Math.max(0, view.percent))
  };
}
`;
