// The map of Mexico on /gaps: 32 states coloured by a status, with a symbol in each, one Tab
// stop (arrow keys move in alphabetical order), and a download with title, legend and date.
// Shapes: @svg-maps/mexico (CC BY 4.0), converted to our ISO codes by web/build.mjs.
import { fold } from "./common.js";

const NS = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs = {}) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  return el;
};

let shapesModule = null;
export async function shapes() {
  if (!shapesModule) shapesModule = await import("/static/vendor/mexico.js");
  return shapesModule;
}

// Move between items with the keyboard: arrows, Home/End, PageUp/PageDown, first letters.
// `order` is the items in reading order; returns the index to move to, or null.
export function nextIndex(key, i, order, name, step = 5) {
  const n = order.length;
  if (key === "ArrowRight" || key === "ArrowDown") return Math.min(n - 1, i + 1);
  if (key === "ArrowLeft" || key === "ArrowUp") return Math.max(0, i - 1);
  if (key === "Home") return 0;
  if (key === "End") return n - 1;
  if (key === "PageDown") return Math.min(n - 1, i + step);
  if (key === "PageUp") return Math.max(0, i - step);
  if (key.length === 1 && /\S/.test(key)) {
    const k = fold(key);
    for (let j = 1; j <= n; j++) {
      const at = (i + j) % n;
      if (fold(name(order[at])).startsWith(k)) return at;
    }
  }
  return null;
}

/**
 * Draw the map into `box`. `states`: [{code, name}] in alphabetical order; `look(code)` gives
 * {fill, ink, symbol, label, changed}; `onOpen(code)` opens a state's details.
 */
export async function drawMap(box, states, look, onOpen, title) {
  const { viewBox, shapes: paths } = await shapes();
  const svg = svgEl("svg", { viewBox, role: "group", "aria-label": title, class: "mexico" });
  const layer = svgEl("g");
  const marks = svgEl("g", { "aria-hidden": "true" });
  svg.append(layer, marks);
  box.replaceChildren(svg);
  const items = [];
  states.forEach((s, i) => {
    const l = look(s.code);
    const p = svgEl("path", { d: paths[s.code], fill: l.fill, "data-state": s.code, role: "button",
      tabindex: i === 0 ? "0" : "-1", "aria-label": `${s.name}: ${l.label}`, class: l.changed ? "changed" : null });
    const t = svgEl("title");
    t.textContent = `${s.name}: ${l.label}`;
    p.append(t);
    p.addEventListener("click", () => { focusItem(i); onOpen(s.code); });
    p.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onOpen(s.code); return; }
      const j = nextIndex(ev.key, i, states, (x) => x.name);
      if (j !== null && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); focusItem(j); }
    });
    layer.append(p);
    items.push(p);
  });
  // Symbols at each state's centre, sized to fit the smallest states.
  for (const [i, s] of states.entries()) {
    const b = items[i].getBBox();
    const l = look(s.code);
    const size = Math.max(6, Math.min(14, Math.min(b.width, b.height) * 0.7));
    const text = svgEl("text", { x: b.x + b.width / 2, y: b.y + b.height / 2, "font-size": size,
      "text-anchor": "middle", "dominant-baseline": "central", fill: l.ink, class: "sym" });
    text.textContent = l.symbol;
    marks.append(text);
  }
  // The focus ring and the selection outline are drawn over the map, so they are never hidden
  // under a neighbouring state and show on dark and light fills alike.
  const ringOuter = svgEl("path", { class: "ring-outer", "aria-hidden": "true" });
  const ringInner = svgEl("path", { class: "ring-inner", "aria-hidden": "true" });
  svg.append(ringOuter, ringInner);
  function focusItem(j) {
    items.forEach((p, k) => p.setAttribute("tabindex", k === j ? "0" : "-1"));
    items[j].focus();
  }
  svg.addEventListener("focusin", (ev) => {
    const code = ev.target.dataset && ev.target.dataset.state;
    if (!code) return;
    for (const r of [ringOuter, ringInner]) { r.setAttribute("d", ev.target.getAttribute("d")); r.style.display = ""; }
  });
  svg.addEventListener("focusout", () => { for (const r of [ringOuter, ringInner]) r.style.display = "none"; });
  for (const r of [ringOuter, ringInner]) r.style.display = "none";
  return { select(code) { for (const p of items) p.classList.toggle("selected", p.dataset.state === code); } };
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** A standalone SVG of the map: title, subtitle (date basis), legend with counts, date, credit. */
export async function mapSvg({ states, look, title, subtitle, legend, footer }) {
  const { viewBox, shapes: paths, credit } = await shapes();
  const [, , vw, vh] = viewBox.split(" ").map(Number);
  const W = 1000, top = 70, mapH = Math.round(W * vh / vw * 0.9), mapW = Math.round(W * 0.9);
  const legendTop = top + mapH + 16, rowH = 24;
  const H = legendTop + legend.length * rowH + 60;
  const probe = document.querySelector("#map svg");
  const centres = {};
  for (const p of probe ? probe.querySelectorAll("path[data-state]") : []) {
    const b = p.getBBox();
    centres[p.dataset.state] = [b.x + b.width / 2, b.y + b.height / 2, Math.max(6, Math.min(14, Math.min(b.width, b.height) * 0.7))];
  }
  const k = mapW / vw;
  const body = states.map((s) => {
    const l = look(s.code);
    const c = centres[s.code];
    return `<path d="${paths[s.code]}" fill="${l.fill}" stroke="#444" stroke-width="0.6"${l.changed ? ' stroke-dasharray="3 2"' : ""}><title>${esc(s.name)}: ${esc(l.label)}</title></path>` +
      (c ? `<text x="${c[0]}" y="${c[1]}" font-size="${c[2]}" text-anchor="middle" dominant-baseline="central" fill="${l.ink}">${esc(l.symbol)}</text>` : "");
  }).join("");
  const rows = legend.map((x, i) => `<g transform="translate(40,${legendTop + i * rowH})"><rect width="18" height="18" fill="${x.fill}" stroke="#444"/>` +
    `<text x="9" y="9" font-size="12" text-anchor="middle" dominant-baseline="central" fill="${x.ink}">${esc(x.symbol)}</text>` +
    `<text x="28" y="14" font-size="15" fill="#1b1b1f">${esc(x.text)}</text></g>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="40" y="34" font-size="22" font-weight="700" fill="#1b1b1f">${esc(title)}</text>` +
    `<text x="40" y="58" font-size="14" fill="#4a4a55">${esc(subtitle)}</text>` +
    `<g transform="translate(${(W - mapW) / 2},${top}) scale(${k})">${body}</g>${rows}` +
    `<text x="40" y="${H - 30}" font-size="12" fill="#4a4a55">${esc(footer)}</text>` +
    `<text x="40" y="${H - 12}" font-size="11" fill="#4a4a55">${esc(credit)}</text></svg>`;
}

/** The same picture as a PNG (twice the size, for print and slides). */
export function svgToPng(svgText) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = img.width * 2; c.height = img.height * 2;
      const ctx = c.getContext("2d");
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG"))), "image/png");
    };
    img.onerror = () => reject(new Error("SVG → PNG"));
    img.src = url;
  });
}

export function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.append(a); a.click(); a.remove();
}
