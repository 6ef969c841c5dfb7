// watchfloor dashboard. Plain DOM: every value from the store goes on the page through
// textContent or an attribute set with setAttribute, never through innerHTML, so article
// text and metadata can never become markup or script.
"use strict";

const main = () => document.getElementById("main");
let token = sessionStorage.getItem("watchfloor-token") || "";

// -- helpers -------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function link(hash, text, attrs = {}) {
  return el("a", { href: hash, ...attrs }, text);
}

// Only http(s) links to the outside; anything else ("javascript:", "data:") stays text.
function outside(url, text) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, text || url);
  }
  return el("span", { class: "muted" }, text || url || "");
}

function date(value) {
  return value ? String(value).slice(0, 10) : "date unknown";
}

class Unauthorized extends Error {}

// Each route() is one navigation; an answer that arrives after the reader has moved on is
// dropped, so a slow page never paints over the one asked for last.
let navigation = 0;
class Stale extends Error {}

async function api(path) {
  const mine = navigation;
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(`/api${path}`, { headers });
  if (mine !== navigation) throw new Stale();
  if (response.status === 401) throw new Unauthorized();
  const body = await response.json();
  if (mine !== navigation) throw new Stale();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

async function send(path, body) {
  const headers = { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`/api${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  if (response.status === 401) throw new Unauthorized();
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
  return answer;
}

function page(title, ...children) {
  const root = main();
  usable(root);
  root.replaceChildren(el("h1", { text: title }), ...children.filter((c) => c !== null && c !== undefined && c !== false));
  document.title = `${title} · watchfloor`;
  root.focus({ preventScroll: true });
}

function table(columns, rows) {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", text: c })))),
    // each cell carries its column's name: on a phone a row reads as a list of "name: value"
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => el("td", { "data-label": columns[i] }, c))))),
  );
}

function grade(p) {
  if (p.credibility === null || p.credibility === undefined) return el("span", { class: "grade", text: "–" });
  const label = (p.assessment && p.assessment.credibility_label) || "";
  return el("span", { class: `grade g${p.credibility}`, title: label, text: `${p.credibility} ${p.likelihood || ""}` });
}

function pager(hash, data, back = "← newer", forward = "older →") {
  const nav = el("nav", { class: "pager", "aria-label": "Pages" });
  const at = (offset) => `${hash}${hash.includes("?") ? "&" : "?"}offset=${offset}`;
  if (data.offset > 0) nav.append(link(at(Math.max(0, data.offset - data.limit)), back));
  if (data.next_offset !== null && data.next_offset !== undefined) nav.append(link(at(data.next_offset), forward));
  if (data.total !== undefined && data.total !== null) nav.append(el("span", { class: "muted", text: ` ${data.total} in all` }));
  return nav;
}

// -- pages -----------------------------------------------------------------------------

async function articlesPage(params) {
  const offset = Number(params.get("offset") || 0);
  const data = await api(`/articles?limit=25&offset=${offset}`);
  page(
    "Articles",
    table(
      ["published", "title", "outlet", "language"],
      data.items.map((a) => [date(a.published), link(`#/article/${a.id}`, a.title || `article ${a.id}`), a.outlet || "", a.language || ""]),
    ),
    pager("#/articles", data),
  );
}

// Marks on the text: each span of the ledger gets a class; overlapping spans nest.
function marks(ledger) {
  const out = [];
  for (const c of ledger.claims || []) {
    out.push({ start: c.content.start, end: c.content.end, cls: c.polarity === "denied" ? "m-claim m-denied" : "m-claim", claim: c.id, title: `claim ${c.id}: ${c.modality}, ${c.polarity}` });
    if (c.source && c.source.start !== null && c.source.start !== undefined) out.push({ start: c.source.start, end: c.source.end, cls: "m-source", title: `source of ${c.id} (${c.source.kind})` });
    if (c.cue) out.push({ start: c.cue.start, end: c.cue.end, cls: "m-cue", title: `cue of ${c.id}` });
    for (const h of c.hedges || []) out.push({ start: h.start, end: h.end, cls: "m-hedge", title: "hedge" });
  }
  for (const q of ledger.quantities || []) out.push({ start: q.start, end: q.end, cls: "m-quantity", title: `quantity ${q.value}${q.unit ? " " + q.unit : ""}${q.approximate ? " (approximate)" : ""}` });
  return out.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.end > m.start);
}

// Ledger offsets count code points (Python's str); JavaScript strings index UTF-16 units,
// two per emoji or other character outside the Basic Multilingual Plane.
function utf16Offsets(text) {
  const at = [0];
  let unit = 0;
  for (const ch of text) { unit += ch.length; at.push(unit); }
  return at;
}

function highlighted(text, ledger) {
  const at = utf16Offsets(text);
  const unit = (offset) => at[Math.max(0, Math.min(at.length - 1, offset))];
  const list = (ledger ? marks(ledger) : []).map((m) => ({ ...m, start: unit(m.start), end: unit(m.end) }));
  const cuts = new Set([0, text.length]);
  for (const m of list) { cuts.add(Math.max(0, Math.min(text.length, m.start))); cuts.add(Math.max(0, Math.min(text.length, m.end))); }
  const points = [...cuts].sort((a, b) => a - b);
  // a region of its own that scrolls: focusable, so a keyboard can scroll it
  const body = el("div", { class: "reader", tabindex: "0", role: "region", "aria-label": "Article text", lang: ledger && ledger.document ? ledger.document.language || "" : "" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const on = list.filter((m) => m.start <= a && b <= m.end);
    if (!on.length) { body.append(document.createTextNode(piece)); continue; }
    const span = el("span", { class: on.map((m) => m.cls).join(" "), title: on.map((m) => m.title).join("; ") }, piece);
    const claim = on.find((m) => m.claim);
    if (claim) span.dataset.claim = claim.claim;
    body.append(span);
  }
  return body;
}

function focusClaim(id) {
  document.querySelectorAll(".reader .focus").forEach((n) => n.classList.remove("focus"));
  const first = [...document.querySelectorAll(".reader [data-claim]")].filter((n) => n.dataset.claim === id);
  first.forEach((n) => n.classList.add("focus"));
  if (first.length) first[0].scrollIntoView({ block: "center" });
}

async function articlePage(id, params) {
  const a = await api(`/articles/${encodeURIComponent(id)}`);
  const ledger = a.ledger;
  const names = Object.fromEntries(((ledger && ledger.entities) || []).map((e) => [e.id, e.name]));
  const claimProps = Object.fromEntries((a.propositions || []).map((p) => [p.claim_id, p.proposition_id]));
  const side = el("aside", { class: "ledger", "aria-label": "Ledger" });
  if (!ledger) side.append(el("p", { text: "Not extracted yet: run watchfloor extract." }));
  else {
    const limits = ledger.document && ledger.document.limitations;
    if (limits) side.append(el("p", { class: "limitations", role: "note", text: `Partial support for this language (${ledger.document.language}): ${limits}.` }));
    side.append(el("h2", { text: `Claims (${ledger.claims.length})` }));
    const claims = el("ol", { class: "claims" });
    const verdicts = a.verdicts || [];
    for (const raw of ledger.claims) {
      // as the analyst corrected it: the verdicts on it are listed under it
      const c = reviewedClaim(raw, verdicts);
      const who = c.source ? (!c.source.corrected && c.source.entity && names[c.source.entity]) || c.source.text || c.source.kind : "unattributed";
      const item = el(
        "li",
        { id: `claim-${c.id}`, class: c.not_a_claim ? "not-claim" : null },
        el("button", { type: "button", class: "claim-button", onclick: () => focusClaim(c.id) }, `${c.id} · ${who}`),
        el("span", { class: `tag ${c.polarity === "denied" ? "denied" : ""}`, text: `${c.cue ? c.cue.text : "—"} · ${c.modality} · ${c.polarity}${c.kind && c.kind !== "speech" ? " · " + c.kind : ""}${c.corrected.length ? " · corrected" : ""}${c.not_a_claim ? " · not a claim" : ""}` }),
        el("div", { class: "content", text: c.content.text }),
        verdictList(verdicts.filter((v) => v.kind === "claim" && v.claim_id === c.id), "Verdicts on this claim"),
        claimReview(a.id, raw, claimProps[c.id]),
      );
      if (c.cites && c.cites.length) item.append(el("div", { class: "muted", text: `citing ${c.cites.map((s) => s.text || s.kind).join("; ")}` }));
      if (claimProps[c.id]) item.append(link(`#/proposition/${claimProps[c.id]}`, `proposition #${claimProps[c.id]} →`, { class: "to-proposition" }));
      claims.append(item);
    }
    side.append(claims);
    if ((ledger.contradictions || []).length) {
      side.append(el("h2", { text: "Contradictions" }), el("ul", {}, ledger.contradictions.map((c) => el("li", { text: `${c.claims.join(" vs ")}: ${c.why}` }))));
    }
    if ((ledger.quantities || []).length) side.append(el("h2", { text: "Quantities" }), el("ul", {}, ledger.quantities.map((q) => el("li", { text: `${q.text} → ${q.value}${q.unit ? " " + q.unit : ""}${q.comparator ? " " + q.comparator : ""}${q.approximate ? " (approx.)" : ""}` }))));
    if ((ledger.events || []).length) side.append(el("h2", { text: "Events" }), el("ul", {}, ledger.events.map((e) => el("li", { text: `${e.type}${e.mode ? "/" + e.mode : ""} “${e.trigger.text}” ${e.status}${e.place ? " in " + e.place.name : ""}` }))));
    side.append(el("h2", { text: "Entities" }), el("ul", {}, ledger.entities.map((e) => el("li", { text: `${e.name} (${e.type}${e.kind ? ", " + e.kind : ""})` }))));
  }
  const meta = el("p", { class: "meta" }, `${a.outlet || "unknown outlet"} · ${date(a.published)} · `, outside(a.url, a.url ? "original" : "no link"));
  const legend = el("p", { class: "legend" }, ...[["m-source", "source"], ["m-cue", "cue"], ["m-claim", "claim"], ["m-hedge", "hedge"], ["m-claim m-denied", "denied"], ["m-quantity", "quantity"]].map(([c, t]) => el("span", { class: c, text: t })));
  page(a.title || `Article ${a.id}`, meta, legend, el("div", { class: "split" }, highlighted(a.text, ledger), side));
  const claim = params && params.get("claim");
  if (claim) focusClaim(claim); // opened from an alert or a proposition: at that claim
}

const CREDIBILITY = { 1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtfully true", 5: "improbable", 6: "cannot be judged" };
const EVENT_TYPES = ["MOBILIZE", "ASSAULT", "COERCE", "SANCTION", "PROTEST", "THREATEN", "REJECT", "ACCUSE", "REQUEST", "COOPERATE", "AID", "RETREAT", "CONSULT", "AGREE", "SUPPORT", "CONCEDE"];

function gradeLegend() {
  // what a grade means, wherever grades show: Admiralty reliability and credibility, ICD 203
  return el(
    "details",
    { class: "legend-grades" },
    el("summary", { text: "What the grades mean" }),
    el("p", { text: "Credibility of information (Admiralty 1–6): " + Object.entries(CREDIBILITY).map(([k, v]) => `${k} ${v}`).join(" · ") + "." }),
    el("p", { text: "Reliability of a source (Admiralty A–F): " + Object.entries(RELIABILITY).map(([k, v]) => `${k} ${v}`).join(" · ") + "." }),
    el("p", { text: "Likelihood (ICD 203): almost no chance · very unlikely · unlikely · roughly even chance · likely · very likely · almost certain." }),
  );
}

async function propositionsPage(params) {
  const sort = params.get("sort") || "reported";
  const query = new URLSearchParams({ limit: "50", sort });
  for (const key of ["type", "since", "until", "entity", "grade", "contested", "offset"]) if (params.get(key)) query.set(key, params.get(key));
  const data = await api(`/propositions?${query}`);
  const here = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    next.delete("offset");
    return `#/propositions?${next}`;
  };
  const sorts = el("p", { class: "sorts" }, "Sort: ", ...["reported", "contested", "recent"].map((s) => link(here({ sort: s }), s, { "aria-current": s === sort ? "true" : null })));
  const field = (id, label, input) => [el("label", { for: id, text: label }), input];
  const type = el("select", { id: "f-type" }, el("option", { value: "", text: "any" }), ...EVENT_TYPES.map((t) => el("option", { value: t, text: t })));
  type.value = params.get("type") || "";
  const grading = el("select", { id: "f-grade" }, el("option", { value: "", text: "any" }), ...Object.entries(CREDIBILITY).map(([k, v]) => el("option", { value: k, text: `${k} ${v}` })));
  grading.value = params.get("grade") || "";
  const since = el("input", { id: "f-since", type: "date", value: params.get("since") || "" });
  const until = el("input", { id: "f-until", type: "date", value: params.get("until") || "" });
  const contested = el("input", { id: "f-contested", type: "checkbox" });
  contested.checked = params.get("contested") === "true";
  const filters = el(
    "form",
    {
      class: "filter board",
      "aria-label": "Filters",
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = here({ type: type.value, grade: grading.value, since: since.value, until: until.value, contested: contested.checked ? "true" : "" });
      },
    },
    ...field("f-type", "Event type", type), ...field("f-grade", "Grade", grading),
    ...field("f-since", "Seen since", since), ...field("f-until", "until", until),
    ...field("f-contested", "Contested only", contested),
    params.get("entity") ? el("span", { class: "muted", text: `about entity #${params.get("entity")} ` }, link(here({ entity: "" }), "(any entity)")) : null,
    el("button", { type: "submit", text: "Filter" }),
  );
  const period = exportQuery(params, ["since", "until"]);
  const chosen = exportQuery(params, ["since", "until", "entity", "type"]); // the CSV filters these too
  page(
    "Propositions",
    filters,
    sorts,
    gradeLegend(),
    exportButtons([
      { label: "Claims CSV", path: `/export/claims.csv${chosen}`, file: "claims.csv" },
      { label: "STIX 2.1", path: `/export/stix${period}`, file: "watchfloor-stix.json" },
    ]),
    table(
      ["grade", "what", "supports", "denies", "reports", "sources", "last seen"],
      data.items.map((p) => [grade(p), link(`#/proposition/${p.id}`, p.summary), p.stances.supports, p.stances.denies, p.stances.reports, [...new Set(p.claims.map((c) => c.source_name))].join(", "), date(p.last_seen)]),
    ),
    pager(here({}), data, "← more", "more →"),
  );
}

async function propositionPage(id) {
  const p = await api(`/propositions/${encodeURIComponent(id)}`);
  const explanation = (p.assessment && p.assessment.explanation) || "Not assessed yet.";
  const numbers = p.claims.filter((c) => c.size);
  const judged = p.judgement ? el("p", { class: `judgement ${p.judgement}`, text: `An analyst judged it ${p.judgement}.` }) : null;
  page(
    `Proposition #${p.id}`,
    el("p", { class: "summary", text: p.summary }),
    el("p", {}, grade(p)),
    el("p", { class: "explanation", text: explanation }),
    judged,
    gradeLegend(),
    judgementForm(p),
    verdictList(p.verdicts, "Verdicts"),
    numbers.length ? el("section", {}, el("h2", { text: "Numbers side by side" }), table(["number", "origin"], numbers.map((c) => [c.size.text, c.origin_name]))) : null,
    el("h2", { text: "Claims" }),
    table(
      ["stance", "origin (chain)", "claim", "article", "review"],
      p.claims.map((c) => [
        el("span", { class: `stance ${c.stance}`, text: c.stance }),
        `${c.origin_name} (${(c.chain || []).join(" › ")})`,
        c.content,
        link(`#/article/${c.article_id}?claim=${encodeURIComponent(c.claim_id)}`, `${c.outlet || "article " + c.article_id} · ${date(c.seen_at)}`),
        p.claims.length > 1 ? splitButton(c, p) : "",
      ]),
    ),
    contradictionsSideBySide(p),
    originGraph(p),
  );
}

function chart(readings, levels) {
  // drawn at the width it is shown (a phone's too), so that its text stays readable
  const room = (main() && main().clientWidth) || 640;
  const W = Math.max(300, Math.min(640, room - 8)), H = 220, pad = 40;
  const svgNS = "http://www.w3.org/2000/svg";
  const node = (tag, attrs) => { const n = document.createElementNS(svgNS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v)); return n; };
  const svg = node("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "chart" });
  const title = node("title", {}); title.textContent = "Readings over time, with thresholds"; svg.append(title);
  const values = readings.map((r) => (r.value === null ? 0 : r.value));
  const top = Math.max(1, ...values, ...levels.map((l) => l.value)) * 1.1;
  const times = readings.map((r) => Date.parse(r.as_of));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (t) => pad + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (W - 2 * pad) : (W - 2 * pad) / 2);
  const y = (v) => H - pad - (v / top) * (H - 2 * pad);
  svg.append(node("line", { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: "axis" }));
  svg.append(node("line", { x1: pad, y1: pad / 2, x2: pad, y2: H - pad, class: "axis" }));
  for (const v of [0, Math.round(top / 1.1)]) {
    const tick = node("text", { x: pad - 4, y: y(v) + 4, "text-anchor": "end", class: "axis-label" });
    tick.textContent = String(v);
    svg.append(tick);
  }
  const yName = node("text", { x: 12, y: H / 2, transform: `rotate(-90 12 ${H / 2})`, "text-anchor": "middle", class: "axis-label" });
  yName.textContent = "value";
  svg.append(yName);
  const xName = node("text", { x: W / 2, y: H - 4, "text-anchor": "middle", class: "axis-label" });
  xName.textContent = "date of reading";
  svg.append(xName);
  for (const level of levels) {
    svg.append(node("line", { x1: pad, y1: y(level.value), x2: W - pad, y2: y(level.value), class: "threshold" }));
    const label = node("text", { x: W - pad, y: y(level.value) - 4, "text-anchor": "end", class: "threshold-label" });
    label.textContent = `${level.name} ${level.inclusive ? "≥" : ">"} ${level.value}`;
    svg.append(label);
  }
  const axisLabel = (text, at, anchor) => { const t = node("text", { x: at, y: H - pad + 16, "text-anchor": anchor, class: "axis-label" }); t.textContent = text; svg.append(t); };
  if (readings.length) {
    axisLabel(date(readings[0].as_of), pad, "start");
    if (readings.length > 1) axisLabel(date(readings[readings.length - 1].as_of), W - pad, "end");
  }
  if (readings.length) {
    const points = readings.map((r, i) => `${x(times[i])},${y(values[i])}`).join(" ");
    svg.append(node("polyline", { points, class: "series" }));
    readings.forEach((r, i) => {
      const dot = node("circle", { cx: x(times[i]), cy: y(values[i]), r: 3, class: "point" });
      const tip = node("title", {}); tip.textContent = `${date(r.as_of)}: ${r.value}${r.level ? " (" + r.level + ")" : ""}`; dot.append(tip);
      svg.append(dot);
    });
  }
  return svg;
}

async function indicatorsPage() {
  const data = await api("/indicators");
  page(
    "Indicators",
    table(
      ["indicator", "level", "value", "as of"],
      data.items.map((i) => [link(`#/indicator/${encodeURIComponent(i.id)}`, i.title), i.reading ? i.reading.level || "—" : "no reading", i.reading && i.reading.value !== null ? i.reading.value : "—", i.reading ? date(i.reading.as_of) : "—"]),
    ),
  );
}

async function indicatorPage(name) {
  const i = await api(`/indicators/${encodeURIComponent(name)}`);
  const last = i.readings[i.readings.length - 1];
  page(
    i.title,
    i.description ? el("p", { text: i.description }) : null,
    el("p", { class: "current", text: last ? `Now: ${last.level || "below every level"} (${last.value})` : "No reading yet." }),
    chart(i.readings, i.levels),
    el("p", {}, link(`#/timeline?indicator=${encodeURIComponent(name)}`, "Timeline of readings, alerts and their events →")),
    exportButtons([{ label: "Readings CSV", path: `/export/readings.csv?indicator=${encodeURIComponent(name)}`, file: "readings.csv" }]),
    el("h2", { text: "Alerts" }),
    alertList(i.alerts),
  );
}

function evidenceItem(e) {
  const article = e.article || {};
  const event = e.event || {};
  const claims = e.claims || [];
  const at = claims.length && claims[0].id ? `?claim=${encodeURIComponent(claims[0].id)}` : "";
  const grade = e.credibility
    ? el("div", { class: "evidence-grade" }, `credibility ${e.credibility.grade}: ${e.credibility.reason || ""} `,
      e.credibility.proposition ? link(`#/proposition/${e.credibility.proposition}`, `proposition #${e.credibility.proposition} →`) : "")
    : null;
  return el(
    "li",
    { class: "evidence" },
    el("div", {},
      `${event.type || "event"} (${event.status || "reported"})${event.place ? " in " + event.place : ""} · `,
      article.id ? link(`#/article/${article.id}${at}`, article.title || `article ${article.id}`) : "",
      ` · ${article.outlet || "unknown outlet"} · ${date(article.published)}`),
    event.sentence ? el("blockquote", { class: "sentence", text: event.sentence.trim() }) : null,
    grade,
    claims.length ? el("ul", { class: "claims-of" }, claims.map((c) => el("li", {
      text: `${c.stance}: ${(c.source && (c.source.name || c.source.text || c.source.kind)) || "unattributed"} ${c.cue || ""} (${c.modality}, ${c.polarity}): ${c.content}`,
    }))) : null,
  );
}

function alertList(alerts) {
  return el("ol", { class: "alerts" }, alerts.map((a) => el(
    "li",
    { class: `alert ${a.direction}` },
    el("strong", { text: `${a.indicator}: ${a.previous_level || "below every level"} → ${a.level || "below every level"}` }),
    ` ${a.value === null ? "no value" : a.value} (was ${a.previous_value === null ? "—" : a.previous_value}) · ${date(a.as_of)}`,
    el("ul", { class: "evidence-list" }, (a.evidence || []).slice(0, 5).map(evidenceItem)),
    (a.evidence || []).length > 5 ? el("p", { class: "muted", text: `and ${a.evidence.length - 5} more events` }) : null,
    alertActions(a),
  )));
}

async function alertsPage() {
  const data = await api("/alerts?limit=50");
  page("Alerts", el("p", { class: "muted", text: "New alerts appear here as they are raised." }), gradeLegend(),
    exportButtons([{ label: "Alerts CSV", path: "/export/alerts.csv", file: "alerts.csv" }]), alertList(data.items));
  seenAlerts = 0;
  badge();
}

async function entitiesPage(params) {
  const name = params.get("name") || "";
  const data = await api(`/entities?limit=50${name ? "&name=" + encodeURIComponent(name) : ""}`);
  page(
    "Entities",
    table(
      ["name", "type", "kind", "articles", "also written"],
      data.items.map((e) => [link(`#/entity/${e.id}`, e.name), e.type, e.kind || "", e.articles, e.aliases.slice(0, 6).join(", ")]),
    ),
  );
}

async function entityPage(id) {
  const e = await api(`/entities/${encodeURIComponent(id)}`);
  const claims = await entityClaims(e);
  const bars = el("ol", { class: "bars", "aria-label": "Articles by month" }, e.timeline.map((m) => el("li", { title: `${m.month}: ${m.articles}` }, el("span", { class: "bar", style: null, "data-n": m.articles }), el("span", { class: "month", text: `${m.month} (${m.articles})` }))));
  const widest = Math.max(1, ...e.timeline.map((m) => m.articles));
  bars.querySelectorAll(".bar").forEach((b) => { b.style.width = `${(Number(b.dataset.n) / widest) * 100}%`; });
  page(
    e.name,
    el("p", { text: `${e.type}${e.kind ? ", " + e.kind : ""}${e.country ? ", " + e.country : ""}${e.wikidata ? " · Wikidata " + e.wikidata : ""} · ${e.articles} articles` }),
    el("p", {}, link(`#/propositions?entity=${e.id}&sort=recent`, "Propositions about this entity →"), " · ",
      link(`#/timeline?entity=${e.id}`, "Timeline →"), " · ", link(`#/map?entity=${e.id}`, "Map →")),
    claims,
    el("h2", { text: "Also written" }),
    el("p", { class: "aliases", text: e.aliases.join(" · ") || "—" }),
    el("h2", { text: "Mentions by month" }),
    bars,
    mergedList(e),
    verdictList(e.verdicts, "Merges undone"),
    el("h2", { text: "Why each mention is this entity" }),
    table(["article", "method", "reason"], e.links.map((l) => [link(`#/article/${l.article_id}`, l.title || `article ${l.article_id}`), l.method, l.reason])),
  );
}

function gradeForm(onDone) {
  const status = el("p", { class: "muted", role: "status" });
  const name = el("input", { id: "grade-name", required: true, autocomplete: "off" });
  const letter = el("select", { id: "grade-letter" }, ..."ABCDEF".split("").map((l) => el("option", { value: l, text: `${l}: ${RELIABILITY[l]}` })));
  const reason = el("input", { id: "grade-reason", required: true, autocomplete: "off" });
  const form = el(
    "form",
    {
      class: "grade-form",
      onsubmit: async (event) => {
        event.preventDefault();
        status.textContent = "saving…";
        try {
          const done = await send("/sources/registry", { name: name.value.trim(), reliability: letter.value, reason: reason.value.trim() });
          status.textContent = `${done.name}: ${done.reliability}; ${done.regraded} propositions graded again`;
          onDone();
        } catch (error) {
          status.textContent = error instanceof Unauthorized ? "an admin token is needed" : String(error.message || error);
        }
      },
    },
    el("label", { for: "grade-name", text: "Source" }), name,
    el("label", { for: "grade-letter", text: "Reliability" }), letter,
    el("label", { for: "grade-reason", text: "Reason" }), reason,
    el("button", { type: "submit", text: "Set (admin)" }),
  );
  return el("details", { class: "grade" }, el("summary", { text: "Set a source's reliability" }), form, status);
}

const RELIABILITY = { A: "completely reliable", B: "usually reliable", C: "fairly reliable", D: "not usually reliable", E: "unreliable", F: "cannot be judged" };

async function sourcesPage(params) {
  const offset = Number(params.get("offset") || 0);
  const name = params.get("name") || "";
  const data = await api(`/sources?limit=50&offset=${offset}${name ? "&name=" + encodeURIComponent(name) : ""}`);
  const changes = await api("/sources/registry/changes?limit=10");
  const filter = el(
    "form",
    { class: "filter", role: "search", onsubmit: (event) => { event.preventDefault(); location.hash = `#/sources?name=${encodeURIComponent(box.value.trim())}`; } },
    el("label", { for: "source-name", text: "Source name contains" }),
  );
  const box = el("input", { id: "source-name", type: "search", value: name });
  filter.append(box, el("button", { type: "submit", text: "Find" }));
  page(
    "Sources",
    filter,
    gradeForm(() => route()),
    gradeLegend(),
    el("p", { class: "muted", text: `${data.total} sources, most claims first` }),
    table(
      ["source", "reliability", "claims", "supports", "denies", "borne out", "doubted", "open"],
      data.items.map((s) => [s.source, el("span", { title: s.why, text: `${s.reliability} (${s.meaning})` }), s.claims, s.supports, s.denies, s.borne_out, s.doubted, s.open]),
    ),
    pager(name ? `#/sources?name=${encodeURIComponent(name)}` : "#/sources", data, "← more claims", "fewer claims →"),
    el("h2", { text: "Registry changes" }),
    changes.items.length
      ? table(["when", "source", "grade", "was", "who", "why"], changes.items.map((c) => [date(c.changed_at), c.name, c.reliability || "—", c.previous || "—", c.changed_by, c.note || ""]))
      : el("p", { class: "muted", text: "No change yet." }),
  );
}

async function searchPage(params) {
  const q = params.get("q") || "";
  const data = await api(`/search?q=${encodeURIComponent(q)}&limit=25`);
  page(`Search: ${q}`, el("ol", { class: "hits" }, data.items.map((h) => el("li", {}, link(`#/article/${h.article_id}`, h.title || `article ${h.article_id}`), el("div", { class: "muted", text: h.snippet })))));
}

function tokenPage(retry) {
  const input = el("input", { id: "token", type: "password", autocomplete: "off", required: true });
  const form = el(
    "form",
    { class: "token", onsubmit: (event) => { event.preventDefault(); token = input.value.trim(); sessionStorage.setItem("watchfloor-token", token); live(); retry(); } },
    el("label", { for: "token", text: "API token" }), input, el("button", { type: "submit", text: "Use token" }),
  );
  page("A token is needed", el("p", { text: "This server requires an API token (watchfloor token create NAME)." }), form);
  input.focus();
}

// -- routing ---------------------------------------------------------------------------

const routes = [
  [/^#\/?$/, () => propositionsPage(new URLSearchParams())],
  [/^#\/articles$/, (m, p) => articlesPage(p)],
  [/^#\/article\/(\d+)$/, (m, p) => articlePage(m[1], p)],
  [/^#\/propositions$/, (m, p) => propositionsPage(p)],
  [/^#\/proposition\/(\d+)$/, (m) => propositionPage(m[1])],
  [/^#\/indicators$/, () => indicatorsPage()],
  [/^#\/indicator\/([^/?]+)$/, (m) => indicatorPage(decodeURIComponent(m[1]))],
  [/^#\/alerts$/, () => alertsPage()],
  [/^#\/entities$/, (m, p) => entitiesPage(p)],
  [/^#\/entity\/(\d+)$/, (m) => entityPage(m[1])],
  [/^#\/sources$/, (m, p) => sourcesPage(p)],
  [/^#\/search$/, (m, p) => searchPage(p)],
  [/^#\/map$/, (m, p) => mapPage(p)],
  [/^#\/timeline$/, (m, p) => timelinePage(p)],
];

// The page being left stays in view until the next one is ready, but no longer answers
// clicks: a click on it would open something from the page the reader has just left.
function leaving(root) {
  if (!root) return;
  root.inert = true;
  root.setAttribute("aria-busy", "true");
}

function usable(root) {
  if (!root) return;
  root.inert = false;
  root.removeAttribute("aria-busy");
}

async function route() {
  navigation += 1;
  const mine = navigation;
  leaving(main());
  try {
    await show();
  } finally {
    if (mine === navigation) usable(main());
  }
}

async function show() {
  const [path, query] = (location.hash || "#/").split("?");
  const params = new URLSearchParams(query || "");
  document.querySelectorAll("header nav a").forEach((a) => a.removeAttribute("aria-current"));
  const section = path.replace(/^#\/?/, "").split("/")[0];
  // a page of one item belongs to its list's section: #/entity/3 is under Entities
  const sections = { "": "propositions", article: "articles", proposition: "propositions", indicator: "indicators", entity: "entities", timeline: "map" };
  const current = sections[section] || section;
  document.querySelectorAll("header nav a[data-section]").forEach((a) => { if (a.dataset.section === current) a.setAttribute("aria-current", "page"); });
  for (const [pattern, handler] of routes) {
    const match = path.match(pattern);
    if (!match) continue;
    try {
      await handler(match, params);
    } catch (error) {
      if (error instanceof Stale) return;
      if (error instanceof Unauthorized) tokenPage(route);
      else page("Something went wrong", el("p", { class: "error", text: String(error.message || error) }));
    }
    return;
  }
  page("Not found", el("p", { text: "No such page." }));
}

// -- live alerts -------------------------------------------------------------------------

let seenAlerts = 0;

function badge() {
  const node = document.getElementById("alert-badge");
  node.hidden = seenAlerts === 0;
  node.textContent = String(seenAlerts);
}

let stream = null;

// (Re)opens the live stream with the current token: called at start and again when a token
// is entered (a stream refused for want of one is closed by the browser for good).
function live() {
  const status = document.getElementById("live");
  if (stream) stream.close();
  const source = new EventSource(`/api/alerts/stream${token ? "?access_token=" + encodeURIComponent(token) : ""}`);
  stream = source;
  source.addEventListener("open", () => { status.textContent = "alerts: live"; status.classList.add("on"); });
  source.addEventListener("error", () => {
    const closed = source.readyState === EventSource.CLOSED;
    status.textContent = closed ? "alerts: off (token needed)" : "alerts: reconnecting…";
    status.classList.remove("on");
  });
  source.addEventListener("alert", (event) => {
    const alert = JSON.parse(event.data);
    seenAlerts += 1;
    badge();
    const list = document.querySelector("ol.alerts");
    if (list && location.hash.startsWith("#/alerts")) {
      const fresh = alertList([alert]).firstChild;
      fresh.classList.add("new");
      list.prepend(fresh);
    }
  });
}

document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA"].includes(document.activeElement && document.activeElement.tagName);
  if (event.key === "/" && !typing) { event.preventDefault(); document.getElementById("q").focus(); }
});

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = document.getElementById("q").value.trim();
    if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
  });
  route();
  live();
});
