// watchfloor dashboard: the timeline, the map, the origin graph, contradictions side by
// side, an entity's claims, and export buttons. Loaded before app.js, whose helpers (el,
// api, page, link, date, table, grade) these use when called. All drawing is SVG built
// with the DOM; the map's outlines are bundled (Natural Earth via world-atlas).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
function svgNode(tag, attrs = {}, text = null) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== null) n.textContent = text;
  return n;
}

// -- filters shared by the map and the timeline ---------------------------------------

const EVENT_FILTERS = ["type", "since", "until", "entity", "place", "country", "grade"];

function eventQuery(params, limit = 200) {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const key of EVENT_FILTERS) if (params.get(key)) query.set(key, params.get(key));
  return query;
}

function eventFilterForm(route, params) {
  const type = el("select", { id: "ev-type" }, el("option", { value: "", text: "any" }), ...EVENT_TYPES.map((t) => el("option", { value: t, text: t })));
  type.value = params.get("type") || "";
  const since = el("input", { id: "ev-since", type: "date", value: params.get("since") || "" });
  const until = el("input", { id: "ev-until", type: "date", value: params.get("until") || "" });
  const place = el("input", { id: "ev-place", value: params.get("place") || "", autocomplete: "off" });
  const grading = el("select", { id: "ev-grade" }, el("option", { value: "", text: "any" }), ...Object.entries(CREDIBILITY).map(([k, v]) => el("option", { value: k, text: `${k} ${v}` })));
  grading.value = params.get("grade") || "";
  return el(
    "form",
    {
      class: "filter board",
      "aria-label": "Filters",
      onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams(params);
        for (const [k, v] of [["type", type.value], ["since", since.value], ["until", until.value], ["place", place.value.trim()], ["grade", grading.value]]) { if (v) next.set(k, v); else next.delete(k); }
        location.hash = `${route}?${next}`;
      },
    },
    el("label", { for: "ev-type", text: "Event type" }), type,
    el("label", { for: "ev-since", text: "Since" }), since,
    el("label", { for: "ev-until", text: "until" }), until,
    el("label", { for: "ev-place", text: "Place" }), place,
    el("label", { for: "ev-grade", text: "Grade" }), grading,
    params.get("entity") ? el("span", { class: "muted" }, `about entity #${params.get("entity")} `) : null,
    el("button", { type: "submit", text: "Filter" }),
  );
}

// -- export buttons: what a view shows, as CSV or STIX ----------------------------------

// Downloads go through fetch (the token is a header, never in a URL), then a blob link.
function exportButtons(items) {
  const status = el("span", { class: "muted", role: "status" });
  const buttons = items.map(({ label, path, file }) => el("button", {
    type: "button",
    onclick: async () => {
      status.textContent = "preparing…";
      try {
        const headers = token ? { Authorization: `Bearer ${token}` } : {};
        const response = await fetch(`/api${path}`, { headers });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const url = URL.createObjectURL(await response.blob());
        const a = el("a", { href: url, download: file });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = `${file} downloaded`;
      } catch (error) {
        status.textContent = String(error.message || error);
      }
    },
  }, label));
  return el("p", { class: "exports" }, "Export: ", ...buttons, status);
}

function exportQuery(params, keys) {
  const query = new URLSearchParams();
  for (const key of keys) if (params.get(key)) query.set(key, params.get(key));
  const text = query.toString();
  return text ? `?${text}` : "";
}

// -- timeline ----------------------------------------------------------------------------

async function timelinePage(params) {
  const indicator = params.get("indicator");
  const items = [];
  let title = "Timeline";
  if (indicator) {
    const i = await api(`/indicators/${encodeURIComponent(indicator)}`);
    title = `Timeline: ${i.title}`;
    for (const r of i.readings) items.push({ at: r.as_of, kind: "reading", text: `${r.level || "below every level"} (${r.value === null ? "no value" : r.value})` });
    for (const a of i.alerts) {
      items.push({ at: a.as_of, kind: "alert", text: `alert: ${a.previous_level || "below every level"} → ${a.level || "below every level"}` });
      for (const e of a.evidence || []) {
        const ev = e.event || {};
        items.push({ at: ev.occurred_at || a.as_of, kind: "event", text: `${ev.type || "event"}${ev.place ? " in " + ev.place : ""}: ${(ev.sentence || "").trim()}`, href: e.article && e.article.id ? `#/article/${e.article.id}` : null });
      }
    }
  } else {
    const events = await api(`/events?${eventQuery(params)}`);
    const about = params.get("entity") ? await api(`/propositions?entity=${encodeURIComponent(params.get("entity"))}&limit=100&sort=recent`) : { items: [] };
    if (params.get("entity")) {
      const entity = await api(`/entities/${encodeURIComponent(params.get("entity"))}`);
      title = `Timeline: ${entity.name}`;
    } else if (params.get("place")) title = `Timeline: ${params.get("place")}`;
    for (const e of events.items) {
      const place = (e.data.event && e.data.event.place && e.data.event.place.name) || e.place;
      const sentence = e.data.event && e.data.event.evidence ? e.data.event.evidence.text : "";
      items.push({ at: e.occurred_at, kind: "event", text: `${e.type}${e.mode ? "/" + e.mode : ""} (${e.status})${place ? " in " + place : ""}: ${sentence}`, href: `#/article/${e.article_id}`, grade: e.data.credibility ? e.data.credibility.grade : null });
    }
    for (const p of about.items) items.push({ at: p.first_seen, kind: "proposition", text: p.summary, href: `#/proposition/${p.id}`, grade: p.credibility });
  }
  items.sort((a, b) => String(b.at).localeCompare(String(a.at)));
  page(
    title,
    indicator ? null : eventFilterForm("#/timeline", params),
    indicator ? null : exportButtons([{ label: "Events CSV", path: `/export/events.csv${exportQuery(params, ["since", "until", "type", "entity"])}`, file: "events.csv" }]),
    items.length
      ? el("ol", { class: "timeline" }, items.map((t) => el(
        "li",
        { class: `tl-${t.kind}` },
        el("time", { datetime: t.at || "", text: date(t.at) }),
        el("span", { class: "tl-kind", text: t.kind }),
        t.grade ? el("span", { class: `grade g${t.grade}`, text: String(t.grade) }) : null,
        t.href ? link(t.href, t.text) : el("span", { text: t.text }),
      )))
      : el("p", { class: "muted", text: "Nothing in this timeline yet." }),
  );
}

// -- map ---------------------------------------------------------------------------------

let outlines = null;

// TopoJSON (quantized arcs) to rings of [longitude, latitude].
function topoRings(topology) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indexes) => indexes.flatMap((i) => (i >= 0 ? arcs[i] : [...arcs[~i]].reverse()));
  const countries = [];
  for (const g of topology.objects.countries.geometries) {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    countries.push({ name: (g.properties && g.properties.name) || "", rings: polygons.flatMap((poly) => poly.map(ring)) });
  }
  return countries;
}

async function mapPage(params) {
  const events = await api(`/events?${eventQuery(params, 500)}`);
  if (!outlines) {
    const response = await fetch("/static/countries-50m.json");
    outlines = topoRings(await response.json());
  }
  const placed = events.items
    .map((e) => ({ e, place: e.data.event && e.data.event.place }))
    .filter(({ place }) => place && typeof place.latitude === "number" && typeof place.longitude === "number");
  const lats = placed.map((p) => p.place.latitude), lons = placed.map((p) => p.place.longitude);
  // the view: the events' extent with a margin (eastern Europe when there is none)
  let [w, e, s, n] = placed.length ? [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)] : [14, 45, 43, 60];
  const margin = Math.max(3, (e - w) * 0.25, (n - s) * 0.25);
  [w, e, s, n] = [w - margin, e + margin, s - margin, n + margin];
  // drawn at the width it is shown (a phone's too), so that its labels stay readable
  const room = (main() && main().clientWidth) || 800;
  const W = Math.max(300, Math.min(800, room - 8)), H = Math.round(W * 0.65);
  const cos = Math.cos((((n + s) / 2) * Math.PI) / 180);
  const scale = Math.min(W / ((e - w) * cos), H / (n - s));
  const x = (lon) => (lon - w) * cos * scale, y = (lat) => (n - lat) * scale;
  // a group, not an image: its places are links (the table below lists the same)
  const svg = svgNode("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "group", "aria-labelledby": "map-title" });
  svg.append(svgNode("title", { id: "map-title" }, `Map of ${placed.length} events with known places`));
  svg.append(svgNode("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
  for (const c of outlines) {
    const d = c.rings
      .filter((r) => r.some(([lon, lat]) => lon > w - 30 && lon < e + 30 && lat > s - 30 && lat < n + 30))
      // a ring that crosses the antimeridian (Russia's, Fiji's) is broken there, not
      // drawn back across the map
      .map((r) => r.map(([lon, lat], i) => `${i && Math.abs(lon - r[i - 1][0]) < 180 ? "L" : "M"}${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join(""))
      .join("");
    if (d) { const path = svgNode("path", { d, class: "country" }); path.append(svgNode("title", {}, c.name)); svg.append(path); }
  }
  const byPlace = new Map();
  for (const p of placed) {
    const key = `${p.place.latitude},${p.place.longitude}`;
    if (!byPlace.has(key)) byPlace.set(key, { place: p.place, events: [] });
    byPlace.get(key).events.push(p.e);
  }
  const labels = []; // boxes of the labels drawn: a label that would overlap one is left to the dot's title
  const later = []; // labels go on top of every dot
  const places = [...byPlace.values()].sort((a, b) => b.events.length - a.events.length);
  for (const { place, events: here } of places) {
    const a = svgNode("a", { href: `#/timeline?place=${encodeURIComponent(place.name)}` });
    const dot = svgNode("circle", { cx: x(place.longitude).toFixed(1), cy: y(place.latitude).toFixed(1), r: Math.min(18, 5 + 2 * Math.sqrt(here.length)), class: "event-dot" });
    a.append(dot, svgNode("title", {}, `${place.name}: ${here.length} events (${[...new Set(here.map((h) => h.type))].join(", ")})`));
    const box = [x(place.longitude) + 9, y(place.latitude) - 9, x(place.longitude) + 9 + 7.5 * place.name.length, y(place.latitude) + 5];
    if (!labels.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) {
      labels.push(box);
      later.push(svgNode("text", { x: box[0].toFixed(1), y: (y(place.latitude) + 4).toFixed(1), class: "place-label", "aria-hidden": "true" }, place.name));
    }
    svg.append(a);
  }
  svg.append(...later);
  const unplaced = events.items.length - placed.length;
  page(
    "Map of events",
    eventFilterForm("#/map", params),
    exportButtons([{ label: "Events CSV", path: `/export/events.csv${exportQuery(params, ["since", "until", "type", "entity"])}`, file: "events.csv" }]),
    el("div", { class: "map-box" }, svg),
    el("p", { class: "muted", text: `${placed.length} events at ${byPlace.size} places${unplaced ? `; ${unplaced} without a known place` : ""}. Outlines: Natural Earth (public domain).` }),
    table(["place", "events", "types"], places.map(({ place, events: here }) => [link(`#/timeline?place=${encodeURIComponent(place.name)}`, place.name), here.length, [...new Set(here.map((h) => h.type))].join(", ")])),
  );
}

// -- a proposition: who cites whom, and contradictions side by side ---------------------------

function originGraph(p) {
  const chains = p.claims.map((c) => ({ chain: (c.chain && c.chain.length ? c.chain : [c.origin_name]), stance: c.stance }));
  const depth = new Map(), edges = new Map(), stanceOf = new Map();
  for (const { chain, stance } of chains) {
    chain.forEach((name, i) => depth.set(name, Math.max(depth.get(name) || 0, i)));
    for (let i = 0; i + 1 < chain.length; i++) edges.set(`${chain[i]}\u0000${chain[i + 1]}`, [chain[i], chain[i + 1]]);
    const origin = chain[chain.length - 1];
    stanceOf.set(origin, stanceOf.get(origin) === "supports" ? "supports" : stance);
  }
  const columns = [];
  for (const [name, d] of depth) (columns[d] = columns[d] || []).push(name);
  const colW = 220, rowH = 46, W = Math.max(1, columns.length) * colW, H = Math.max(1, ...columns.map((c) => c.length)) * rowH + 10;
  const at = new Map();
  columns.forEach((names, d) => names.forEach((name, i) => at.set(name, [d * colW + 10, i * rowH + 10])));
  const svg = svgNode("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "origins", role: "img", "aria-labelledby": `origins-${p.id}` });
  svg.append(svgNode("title", { id: `origins-${p.id}` }, "Who cites whom: each arrow goes from the one who reports to the one it cites"));
  const defs = svgNode("defs");
  const marker = svgNode("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
  marker.append(svgNode("path", { d: "M0,0L10,5L0,10z", class: "arrow-head" }));
  defs.append(marker);
  svg.append(defs);
  for (const [from, to] of edges.values()) {
    const [x1, y1] = at.get(from), [x2, y2] = at.get(to);
    svg.append(svgNode("line", { x1: x1 + 180, y1: y1 + 16, x2, y2: y2 + 16, class: "cites", "marker-end": "url(#arrow)" }));
  }
  for (const [name, [nx, ny]] of at) {
    const g = svgNode("g", { class: `origin-node ${stanceOf.get(name) || "relays"}` });
    g.append(svgNode("rect", { x: nx, y: ny, width: 180, height: 32, rx: 6 }));
    g.append(svgNode("text", { x: nx + 8, y: ny + 21 }, name.length > 26 ? name.slice(0, 25) + "…" : name));
    g.append(svgNode("title", {}, `${name}${stanceOf.has(name) ? ": " + stanceOf.get(name) : " (relays)"}`));
    svg.append(g);
  }
  const listed = el("ul", { class: "chains" }, [...new Set(chains.map(({ chain, stance }) => `${chain.join(" › ")} (${stance})`))].map((t) => el("li", { text: t })));
  return el("section", {}, el("h2", { text: "Who cites whom" }), el("div", { class: "graph-box" }, svg), listed);
}

function contradictionsSideBySide(p) {
  const byKey = Object.fromEntries(p.claims.map((c) => [c.key, c]));
  const side = (key) => {
    const c = byKey[key];
    if (!c) return el("div", { class: "side" }, el("p", { class: "muted", text: `claim ${key} (no longer in this proposition)` }));
    return el("div", { class: `side ${c.stance}` },
      el("p", {}, el("strong", { text: c.source_name }), ` ${c.stance} · ${c.modality}`),
      el("blockquote", { class: "sentence", text: c.content }),
      link(`#/article/${c.article_id}?claim=${encodeURIComponent(c.claim_id)}`, `${c.outlet || "article " + c.article_id} · ${date(c.seen_at)}`));
  };
  return el(
    "section",
    {},
    el("h2", { text: `Contradictions (${p.contradictions.length})` }),
    p.contradictions.length
      ? el("ul", { class: "contradictions" }, p.contradictions.map((c) => el("li", {},
        el("p", {}, el("strong", { text: c.kind }), ` ${c.why}`),
        el("div", { class: "side-by-side" }, side(c.claims[0]), side(c.claims[1])))))
      : el("p", { class: "muted", text: "None found." }),
  );
}

// -- an entity: the claims it makes, and those made about it --------------------------------

async function entityClaims(e) {
  const found = await api(`/propositions?entity=${encodeURIComponent(e.id)}&limit=100&sort=recent`);
  const by = [], about = [];
  for (const p of found.items) {
    for (const c of p.claims) (c.source_entity_id === e.id ? by : about).push({ c, p });
  }
  const rows = (list, who) => list.slice(0, 50).map(({ c, p }) => [
    who ? c.source_name : el("span", { class: `stance ${c.stance}`, text: c.stance }),
    c.content,
    link(`#/proposition/${p.id}`, `#${p.id}`),
    link(`#/article/${c.article_id}?claim=${encodeURIComponent(c.claim_id)}`, `${c.outlet || "article " + c.article_id} · ${date(c.seen_at)}`),
  ]);
  return el(
    "section",
    {},
    el("h2", { text: `Claims by ${e.name} (${by.length})` }),
    by.length ? table(["stance", "claim", "proposition", "article"], rows(by, false)) : el("p", { class: "muted", text: "None." }),
    el("h2", { text: `Claims about ${e.name} (${about.length})` }),
    about.length ? table(["source", "claim", "proposition", "article"], rows(about, true)) : el("p", { class: "muted", text: "None." }),
  );
}
