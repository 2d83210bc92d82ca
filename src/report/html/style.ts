/** The report's stylesheet: system fonts only (no web fonts: the file must work offline). */
export const STYLE = `
:root { --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #4c78a8; --warn: #b54708; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
header.top { background: #1d2330; color: #fff; padding: 22px 28px 18px; }
header.top .inner { max-width: 1180px; margin: 0 auto; }
header.top h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; letter-spacing: .2px; }
header.top p { margin: 0; color: #c9d1e0; font-size: 13px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 14px 0 6px; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a.skip { color: var(--muted); }
h2 { font-size: 19px; margin: 40px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line); font-weight: 600; }
h2 .badge { font-size: 11px; font-weight: 500; vertical-align: middle; margin-left: 8px; padding: 1px 7px; border-radius: 9px; background: #fef0c7; color: var(--warn); }
h3 { font-size: 14px; margin: 16px 0 4px; }
p.lead { margin: 4px 0 12px; color: #344054; max-width: 880px; }
.muted, .na { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; margin: 16px 0 8px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .name { font-size: 13px; color: var(--muted); font-weight: 600; }
.card .value { font-size: 19px; line-height: 1.3; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .note { font-size: 12px; color: #475467; min-height: 1.5em; }
.card .explain { font-size: 12px; color: var(--muted); margin-top: 6px; border-top: 1px dashed var(--line); padding-top: 6px; }
.card.missing .value { color: var(--muted); }
.tag { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; margin-left: 4px; border-radius: 10px; background: #e0eaff; color: #2d4a8a; vertical-align: middle; }
.q { white-space: nowrap; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; margin: 12px 0; }
caption { text-align: left; font-size: 13px; color: #475467; padding: 0 0 6px; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 14px; text-align: left; font-size: 14px; }
thead th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .4px; }
tbody th, tfoot th { font-weight: 600; }
table.small th, table.small td { font-size: 12px; padding: 4px 10px; }
dl.keys { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; margin: 8px 0 12px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
dl.keys dt { color: var(--muted); }
dl.keys dd { margin: 0; }
figure { margin: 12px 0; display: inline-block; vertical-align: top; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 6px; max-width: 100%; overflow-x: auto; }
figure.wide { display: block; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; max-width: 640px; }
.row { display: flex; flex-wrap: wrap; gap: 12px; }
.row figure { margin: 0; }
.fig-missing { color: var(--warn); font-size: 13px; padding: 8px; }
.skipped { color: var(--muted); background: #fff; border: 1px dashed var(--line); border-radius: 8px; padding: 8px 12px; font-size: 14px; }
details { margin: 8px 0; font-size: 13px; }
summary { cursor: pointer; color: var(--accent); }
ul.diags { margin: 4px 0; padding-left: 18px; font-size: 13px; }
ul.diags li.warning, ul.diags li.error { color: var(--warn); }
ul.diags li.info { color: #475467; }
ul.diags code { font-size: 11px; background: #f2f4f7; padding: 0 4px; border-radius: 3px; color: #344054; }
.where { color: var(--muted); font-size: 11px; }
.viewer-box { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin: 12px 0; }
#viewer { position: relative; width: 100%; height: 520px; }
.viewer-controls { display: flex; align-items: center; gap: 12px; font-size: 13px; margin-top: 8px; }
.viewer-controls input { flex: 0 0 320px; }
pre.params { font-size: 11px; background: #f2f4f7; padding: 8px; border-radius: 6px; overflow-x: auto; max-height: 240px; }
footer { margin-top: 48px; font-size: 12px; color: var(--muted); }
footer table td, footer table th { font-size: 12px; padding: 3px 10px; }
`;
