/**
 * Dashboard niceties that the pages do not depend on: copy buttons for the embed snippets, and
 * on an appeal's page a notice when money moved after the page was drawn (the chart and the
 * table are server-rendered; the progress block itself updates live).
 */
const ORGANISER_JS = String.raw`
function copy(button) {
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) return;
  var done = function () {
    var status = document.getElementById(button.getAttribute('data-copy') + '-copied');
    if (status) status.textContent = 'Copied to the clipboard.';
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done, function () { source.select(); });
  } else {
    source.focus();
    source.select();
    try { if (document.execCommand('copy')) done(); } catch (e) { /* selected: the organiser copies by hand */ }
  }
}

var buttons = document.querySelectorAll('button[data-copy]');
for (var i = 0; i < buttons.length; i++) {
  buttons[i].hidden = false;
  buttons[i].addEventListener('click', function (e) { copy(e.currentTarget); });
}

var page = document.querySelector('[data-rendered-version]');
var stale = document.getElementById('stale-notice');
if (page && stale) {
  var drawn = Number(page.getAttribute('data-rendered-version'));
  document.addEventListener('appeal-progress', function (e) {
    if (e.detail && e.detail.version > drawn) stale.hidden = false;
  });
}
`;

export function organiserJs(): string {
  return ['(function () {', "'use strict';", ORGANISER_JS, '})();', ''].join('\n');
}
