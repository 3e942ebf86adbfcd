/**
 * The dashboard's stylesheet and its one small script, served as files so the Content
 * Security Policy can forbid inline code. Every page works without the script.
 */
export const stylesheet = `
:root { --ink: #1b1f24; --muted: #4f5863; --line: #d5dae0; --paper: #ffffff; --wash: #f4f6f8;
  --accent: #0b5cad; --bad: #a4262c; --bad-wash: #fdecec; --warn: #7a4d00; --warn-wash: #fff4dc;
  --good: #1e6b33; --good-wash: #e7f5ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--wash); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid #f2a900; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--paper); padding: .5rem; z-index: 2; }
header.top { background: #13263b; color: #fff; }
header.top .inner { display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: center; max-width: 78rem; margin: 0 auto; padding: .6rem 1.25rem; }
header.top .brand { font-weight: 700; font-size: 1.1rem; }
header.top nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
header.top a { color: #fff; text-decoration: none; padding: .25rem 0; border-bottom: 3px solid transparent; }
header.top a[aria-current="page"] { border-bottom-color: #f2a900; }
header.top form { margin-left: auto; }
header.top button { background: transparent; color: #fff; border: 1px solid #8aa0b8; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .35rem; }
h4, .exception h3, .exception h2 { font-size: 1.05rem; margin: 0 0 .25rem; }
.lead { color: var(--muted); margin-top: 0; }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: .75rem 0; }
.panel > h2:first-child { margin-top: 0; }
.notice { border-left: 6px solid var(--accent); background: var(--paper); padding: .6rem 1rem; margin: .75rem 0; }
.notice.ok { border-color: var(--good); background: var(--good-wash); }
.notice.error { border-color: var(--bad); background: var(--bad-wash); }
.notice.warn { border-color: var(--warn); background: var(--warn-wash); }
table { border-collapse: collapse; width: 100%; background: var(--paper); }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
th { background: #e9edf1; font-weight: 600; }
tbody th { background: transparent; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.attention td { background: var(--warn-wash); }
.teams { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; list-style: none; padding: 0; margin: 0; }
.teams a { display: block; background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; text-decoration: none; color: var(--ink); }
.teams a:hover { border-color: var(--accent); }
.teams .team { display: block; font-weight: 600; }
.teams .count { display: block; font-size: 2rem; font-weight: 700; line-height: 1.2; }
.teams .has-open .count { color: var(--bad); }
.badge { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: 0 .55rem; font-size: .85rem; background: var(--wash); white-space: nowrap; }
.badge.bad { background: var(--bad-wash); border-color: var(--bad); color: var(--bad); }
.badge.warn { background: var(--warn-wash); border-color: var(--warn); color: var(--warn); }
.badge.good { background: var(--good-wash); border-color: var(--good); color: var(--good); }
.meta { display: flex; flex-wrap: wrap; gap: .35rem; margin: .25rem 0 .5rem; color: var(--muted); }
.exception { background: var(--paper); border: 1px solid var(--line); border-left: 6px solid var(--bad); border-radius: 6px; padding: .85rem 1.1rem; margin: .75rem 0; }
.exception.closed { border-left-color: var(--line); }
.exception .message { margin: .25rem 0; font-size: 1.05rem; }
/* Customer and system text (ids, e-mail addresses, SKUs) may hold long unbroken words: wrap them rather than widen the page. */
.exception, .panel, dd { overflow-wrap: anywhere; }
.exception .todo { background: var(--wash); padding: .4rem .7rem; border-radius: 4px; margin: .4rem 0; }
details > summary { cursor: pointer; color: var(--accent); margin: .35rem 0; }
pre { background: #0f1720; color: #e6edf3; padding: .75rem; border-radius: 4px; overflow: auto; max-height: 20rem; font-size: .85rem; white-space: pre-wrap; word-break: break-word; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: end; }
form.filters label, form.stack label { display: block; font-weight: 600; }
form.stack { display: grid; gap: .6rem; max-width: 44rem; }
input[type="text"], input[type="search"], input[type="password"], select, textarea { font: inherit; padding: .4rem .5rem; border: 1px solid #8a949e; border-radius: 4px; background: #fff; width: 100%; }
form.filters select { width: auto; min-width: 10rem; }
.hint { color: var(--muted); font-size: .9rem; margin: 0; }
button { font: inherit; padding: .4rem .9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.25rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.search { display: flex; flex-wrap: wrap; gap: .35rem .5rem; max-width: 44rem; } .search label { flex-basis: 100%; font-weight: 600; } .search input { flex: 1; }
.muted { color: var(--muted); }
ul.plain { list-style: none; margin: 0; padding: 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.badge.review { background: #e8f0fb; border-color: var(--accent); color: var(--accent); }
.exception.review { border-left-color: var(--accent); }
.teams li { display: flex; flex-direction: column; gap: .25rem; }
.teams a.review-link { padding: .3rem 1rem; font-size: .9rem; color: var(--accent); }
ol.progress { list-style: none; margin: 0; padding: 0; } ol.progress li.todo { color: var(--muted); } ol.progress li.done span { color: var(--good); }
.group.review h3 { color: var(--accent); }
/* Narrow screens (a phone at 390 px): nothing wider than the screen, tables scroll inside their box. */
@media (max-width: 40rem) {
  header.top .inner, main { padding-left: .75rem; padding-right: .75rem; }
  header.top nav ul { flex-wrap: wrap; gap: .25rem 1rem; }
  header.top form { margin-left: 0; }
  .teams { grid-template-columns: 1fr 1fr; }
  .teams .count { font-size: 1.6rem; }
  dl.facts { grid-template-columns: 1fr; }
  form.filters select { min-width: 0; width: 100%; }
  form.filters > div { flex: 1 1 100%; }
  pre, code { word-break: break-all; white-space: pre-wrap; }
  th, td { padding: .35rem .4rem; }
  .badge { white-space: normal; }
}
`;

export const script = `
'use strict';
(function () {
  // Times are rendered in the shop's time zone with the zone named (UTC in the tooltip); nothing to convert.
  // One person acts on a page: typing your name in one form fills it in the others.
  var names = document.querySelectorAll('input[name="by"]');
  names.forEach(function (input) {
    input.addEventListener('input', function () {
      names.forEach(function (other) { if (other !== input) other.value = input.value; });
    });
  });
  // After an action, move focus to its outcome so it is read out and seen first.
  var flash = document.getElementById('flash');
  if (flash) flash.focus();
})();
`;
