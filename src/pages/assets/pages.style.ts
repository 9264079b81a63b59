import { WIDGET_CSS } from '../../widgets/widget-styles';

/**
 * The one stylesheet of the donor and organiser pages (served as /assets/pages.css). System
 * fonts only, nothing fetched from elsewhere. The progress block reuses the widget's own rules
 * (.aw-*), so the donate page, the dashboard and embedded widgets look alike.
 */
const PAGE_CSS = String.raw`
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#1a5fb4}
:focus-visible{outline:3px solid #ffb000;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.test-mode{background:#b00020;color:#fff;font-weight:700;text-align:center;padding:.6rem 1rem;letter-spacing:.02em}
header.site{background:#0a2540;color:#fff}
header.site .inner{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;max-width:72rem;margin:0 auto}
header.site a{color:#fff}
header.site nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0;flex-wrap:wrap;align-items:center}
header.site form{margin:0}
header.site button{background:transparent;color:#fff;border:1px solid #fff;padding:.25rem .75rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
main.narrow{max-width:40rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1rem 1.25rem;margin:0 0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:0 0 .75rem}
.lead{white-space:pre-line;overflow-wrap:anywhere}
.notice{border-left:4px solid #1a5fb4;background:#eef4fc;padding:.5rem 1rem;margin:0 0 1rem}
.notice.warn{border-color:#9a6700;background:#fff8c5}
.notice.error,.form-error{border-left:4px solid #b00020;background:#fff4f4;padding:.5rem 1rem;margin:0 0 1rem}
.form-error ul{margin:0;padding-left:1.2rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem}
.hint{color:#57606a;font-size:.9rem;margin:0 0 .25rem}
.field{margin:0 0 1rem}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
input[type=text],input[type=email],input[type=password],input[type=datetime-local],select,textarea{width:100%;font:inherit;padding:.55rem .6rem;border:1px solid #8c959f;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:5rem}
input[aria-invalid=true],textarea[aria-invalid=true],select[aria-invalid=true],fieldset[aria-invalid=true] .presets{border-color:#b00020;box-shadow:0 0 0 1px #b00020}
.error{color:#b00020;font-weight:600;font-size:.95rem;margin:.25rem 0 0}
.error:empty{display:none}
.presets{display:grid;grid-template-columns:repeat(auto-fit,minmax(6.5rem,1fr));gap:.5rem;margin:0 0 .75rem;border-radius:6px}
.presets label{position:relative;margin:0;font-weight:600}
.presets input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.presets span{display:block;text-align:center;padding:.7rem .5rem;border:2px solid #8c959f;border-radius:6px;background:#fff}
.presets input:checked+span{border-color:#1a5fb4;background:#1a5fb4;color:#fff}
.presets input:focus-visible+span{outline:3px solid #ffb000;outline-offset:2px}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.check input{margin-top:.35rem;width:1.1rem;height:1.1rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.2rem;border-radius:6px;border:2px solid #0a2540;background:#0a2540;color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#0a2540}
button[disabled]{opacity:.6;cursor:progress}
button.wide{width:100%;font-size:1.1rem;padding:.8rem}
.row{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.aw.progress-block{padding:0;background:transparent;margin:.5rem 0}
.aw.progress-block .aw-rule{font-size:.85rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #d0d7de}
th{background:#f6f8fa;white-space:nowrap}
tbody th{background:none;white-space:normal}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .45rem;border-radius:1rem;background:#eaeef2;white-space:nowrap}
.badge.succeeded{background:#dafbe1;color:#116329}
.badge.pending{background:#fff8c5;color:#7d4e00}
.badge.failed,.badge.expired{background:#ffebe9;color:#a40e26}
.badge.review,.badge.draft{background:#ddf4ff;color:#0a3069}
.badge.closed{background:#eaeef2;color:#57606a}
.adjustment{display:block;color:#a40e26;font-size:.9rem}
.adjustment.reinstated{color:#116329}
.muted{color:#57606a}
.chart svg{width:100%;height:auto;max-height:22rem;display:block}
.chart .total{fill:none;stroke:#1a5fb4;stroke-width:2.5}
.chart .area{fill:#1a5fb4;opacity:.08}
.chart .target{stroke:#116329;stroke-width:1.5;stroke-dasharray:6 4}
.chart .stretch{stroke:#9a6700;stroke-width:1;stroke-dasharray:2 4}
.chart .axis{stroke:#8c959f;stroke-width:1}
.chart text{font-size:12px;fill:#57606a}
.chart .point{fill:#1a5fb4}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.snippet textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;min-height:4.5rem}
.preview{border:1px dashed #8c959f;border-radius:6px;padding:.75rem;background:#fff;margin:.5rem 0 1rem}
.preview iframe{border:0;width:100%;max-width:26rem;height:200px}
.pager{display:flex;gap:1rem;margin-top:.75rem}
@media (max-width:40rem){h1{font-size:1.35rem}main{padding:.75rem}.card{padding:.9rem}}
`;

export const PAGES_CSS = `${WIDGET_CSS}\n${PAGE_CSS}`;
