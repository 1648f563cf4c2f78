import type { Failure } from "./explored";
import { plural, totalSteps } from "./schedule";
import { timelineModel, type Edge, type Lane, type Row, type TimelineModel } from "./timeline-model";

const GUTTER = 92;
const ROW_H = 38;
const GAP_H = 24;
const HEAD_H = 6;
/** Lanes are 200 px wide, narrower when there are many, so that 10 fit a laptop's screen. */
const LANES_WIDTH = 1240;

/** The widths of one page's lanes and boxes, and how many characters of an operation fit. */
interface Geometry {
  readonly laneW: number;
  readonly boxW: number;
  readonly opChars: number;
}

function geometry(lanes: number): Geometry {
  const laneW = Math.max(120, Math.min(200, Math.floor(LANES_WIDTH / Math.max(1, lanes))));
  return { laneW, boxW: laneW - 12, opChars: Math.floor((laneW - 22) / 7.3) };
}

/**
 * One self-contained HTML page (no network, no other file) that draws a failure's
 * schedule: a lane per goroutine, each step a box with its operation and file:line,
 * virtual time when timers were used, the happens-before edges of synchronising
 * operations as arrows between lanes, the racing or failing steps marked, and what
 * explains the failure (the missing happens-before, the wait-for cycle) above it. The
 * layout is static SVG; the page's only script selects a step and scrolls to the first mark.
 */
export function timelineHtml(failure: Failure): string {
  const m = timelineModel(failure);
  const g = geometry(m.lanes.length);
  return [
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">`,
    `<title>gosched: ${esc(headline(m))}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${esc(headline(m))}</h1><p class="prov">${esc(provenance(failure))}</p></header>`,
    section("Why", m.explanation.map((l) => `<p>${esc(l)}</p>`).join("")),
    marks(m),
    `<p id="info">Click a step to see it whole.</p>`,
    `<div class="scroll">${laneNames(m, g)}${svg(m, g)}</div>`,
    `<p class="replay">Replay token: <code>${esc(failure.replay)}</code></p>`,
    `<script>${SCRIPT}</script></body></html>\n`,
  ].join("\n");
}

function headline(m: TimelineModel): string {
  return `${m.kind}: ${m.message}`;
}

function provenance(f: Failure): string {
  const found = `Found in execution ${f.execution} · strategy ${f.strategy} · seed ${f.seed} · ${plural(totalSteps(f.trace), "step")}`;
  const mm = f.minimised;
  if (mm === undefined) return found;
  const size = (x: { steps: number; preemptions: number }): string => `${plural(x.steps, "step")} and ${plural(x.preemptions, "preemption")}`;
  return `${found} · minimised from ${size(mm.from)} to ${size(mm.to)}`;
}

function section(title: string, body: string): string {
  return body === "" ? "" : `<section class="why"><h2>${title}</h2>${body}</section>`;
}

/** Links to the steps that matter, first on the page. */
function marks(m: TimelineModel): string {
  const links = m.rows.flatMap((r) =>
    r.kind === "step" && r.mark !== undefined ? [`<a href="#step-${r.step.step}">step ${r.step.step}: ${esc(r.mark)}</a>`] : [],
  );
  return links.length === 0 ? "" : `<nav>Steps that matter: ${links.join(" · ")}</nav>`;
}

/** The y of each row's top, and the height of the whole drawing. */
function layout(rows: readonly Row[]): { ys: number[]; height: number } {
  const ys: number[] = [];
  let y = HEAD_H;
  for (const r of rows) {
    ys.push(y);
    y += r.kind === "gap" ? GAP_H : ROW_H;
  }
  return { ys, height: y + ROW_H + 8 };
}

function svg(m: TimelineModel, g: Geometry): string {
  const { ys, height } = layout(m.rows);
  const width = GUTTER + m.lanes.length * g.laneW;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" class="hb-head"/></marker></defs>`,
    ...m.lanes.map((l, i) => laneHead(l, i, height, g)),
    ...m.rows.map((r, i) => row(r, ys[i]!, m, g)),
    ...m.edges.map((e) => edge(e, ys, g)),
    ...m.lanes.map((l, i) => blockedBox(l, i, height - ROW_H - 4, g)),
    `</svg>`,
  ];
  return parts.join("\n");
}

const laneX = (lane: number, g: Geometry): number => GUTTER + lane * g.laneW + (g.laneW - g.boxW) / 2;

function laneHead(l: Lane, i: number, height: number, g: Geometry): string {
  const x = GUTTER + i * g.laneW + g.laneW / 2;
  return `<line class="lane" data-lane="${l.id}" x1="${x}" y1="0" x2="${x}" y2="${height}"/>`;
}

/** The lanes' names, in a row that stays in view while the drawing scrolls. */
function laneNames(m: TimelineModel, g: Geometry): string {
  const names = m.lanes.map((l) => `<span class="lane-name" style="width:${g.laneW}px" title="goroutine ${l.id}">${esc(l.name)}</span>`);
  return `<div class="lanes" style="width:${GUTTER + m.lanes.length * g.laneW}px"><span style="width:${GUTTER}px">step${m.usesTime ? " · time" : ""}</span>${names.join("")}</div>`;
}

function row(r: Row, y: number, m: TimelineModel, g: Geometry): string {
  if (r.kind === "gap") return `<text x="8" y="${y + 16}" class="gap">… ${plural(r.count, "step")} not shown</text>`;
  const s = r.step;
  const x = laneX(r.lane, g);
  const cls = ["step", r.racing ? "racing" : "", r.mark !== undefined ? "mark" : "", r.aside ? "aside" : ""].filter(Boolean).join(" ");
  const time = r.time !== undefined ? `<text x="40" y="${y + 20}" class="time">${r.time} ms</text>` : "";
  const info = `step ${s.step} · ${m.lanes[r.lane]!.name} · ${s.op}${s.location ? ` · ${s.location}` : ""}${r.time !== undefined ? ` · at ${r.time} ms` : ""}${r.mark ? ` · ${r.mark}` : ""}${s.note ? ` · ${s.note}` : ""}`;
  return (
    `<text x="8" y="${y + 20}" class="num">${s.step}</text>${time}` +
    `<g class="${cls}" id="step-${s.step}" data-step="${s.step}" data-info="${esc(info)}"><title>${esc(info)}</title>` +
    `<rect x="${x}" y="${y + 3}" width="${g.boxW}" height="${ROW_H - 6}" rx="4"/>` +
    `<text x="${x + 6}" y="${y + 17}" class="op">${esc(cut(s.op, g.opChars))}</text>` +
    `<text x="${x + 6}" y="${y + 30}" class="loc">${esc(cut(shortLocation(s.location), g.opChars + 4))}</text></g>`
  );
}

/** An arrow from the releasing step's box to the acquiring lane, at the row where the edge took effect. */
function edge(e: Edge, ys: readonly number[], g: Geometry): string {
  const right = e.toLane > e.fromLane;
  const x1 = laneX(e.fromLane, g) + (right ? g.boxW : 0);
  const x2 = laneX(e.toLane, g) + (right ? 0 : g.boxW);
  const y1 = ys[e.fromRow]! + ROW_H / 2;
  const y2 = ys[e.toRow]! + ROW_H / 2;
  return `<path class="hb" d="M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>`;
}

function blockedBox(l: Lane, i: number, y: number, g: Geometry): string {
  if (l.blocked === undefined) return "";
  const b = l.blocked;
  const info = `${l.name} blocked [${b.waitReason}] in ${b.blockedIn}${b.location ? ` at ${b.location}` : ""}${b.holds.length ? `, holding ${b.holds.join(", ")}` : ""}`;
  const x = laneX(i, g);
  return (
    `<g class="blocked" data-lane="${l.id}" data-info="${esc(info)}"><title>${esc(info)}</title>` +
    `<rect x="${x}" y="${y}" width="${g.boxW}" height="${ROW_H - 6}" rx="4"/>` +
    `<text x="${x + 6}" y="${y + 14}" class="op">waits: ${esc(cut(b.blockedIn, g.opChars - 7))}</text>` +
    `<text x="${x + 6}" y="${y + 27}" class="loc">${esc(cut(b.holds.length ? `holds ${b.holds.join(", ")}` : "holds nothing", g.opChars + 4))}</text></g>`
  );
}

/** `src/bank.test.ts:14:5` → `bank.test.ts:14`. */
export function shortLocation(location: string | null): string {
  if (location === null) return "";
  const m = /([^/\\]+):(\d+)(?::\d+)?$/.exec(location);
  return m === null ? location : `${m[1]}:${m[2]}`;
}

function cut(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** Text for HTML text and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:16px;color:#1d1d1f;background:#fff}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:8px 0 4px}
.prov,.replay,#info{color:#555}.why{background:#fff6e5;border-left:4px solid #e0a100;padding:4px 12px;margin:10px 0}
.why p{margin:4px 0}nav{margin:8px 0}nav a{color:#b00020}code{word-break:break-all}
.scroll{overflow:auto;max-height:80vh;border:1px solid #ddd}
line.lane{stroke:#ccc;stroke-dasharray:3 3}
.lanes{position:sticky;top:0;display:flex;background:#fff;border-bottom:1px solid #ddd;z-index:1}
.lanes span{flex:none;padding:6px 0;color:#777;font-size:12px}.lanes .lane-name{text-align:center;font-weight:600;color:#1d1d1f;font-size:14px}
.step.aside{opacity:.45}
.num,.time,.gap{fill:#777;font-size:12px}.gap{font-style:italic}
.step rect{fill:#eef3fb;stroke:#9bb3d6}.step .op{font:12px ui-monospace,monospace}.loc{font-size:10px;fill:#666}
.step.mark rect{fill:#ffe9c7;stroke:#e08600;stroke-width:2}.step.racing rect{fill:#ffd6d9;stroke:#c8102e;stroke-width:2.5}
.step.selected rect{stroke:#000;stroke-width:3}
.blocked rect{fill:#f1e6ff;stroke:#7b3fc4;stroke-width:2}.blocked .op{font:12px ui-monospace,monospace}
.hb{fill:none;stroke:#2a7d2a;stroke-width:1.5;opacity:.75}.hb-head{fill:#2a7d2a}
`;

/** Select a step to show it whole; start at the first step that matters. */
const SCRIPT = `
const info=document.getElementById("info");
document.querySelector("svg").addEventListener("click",(e)=>{
  const s=e.target.closest("[data-info]");if(!s)return;
  document.querySelectorAll(".selected").forEach((x)=>x.classList.remove("selected"));
  s.classList.add("selected");info.textContent=s.getAttribute("data-info");
});
const first=document.querySelector(".racing,.mark");if(first)first.scrollIntoView({block:"center",inline:"center"});
`;
