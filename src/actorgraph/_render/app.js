/* actorgraph network view: filters, legend, search and the provenance panel.
 *
 * Data comes from two JSON documents: #ag-data (the graph, read at once) and #ag-provenance
 * (quotes, sources; last in the file, read when first shown). Every string in them reaches the
 * page as DOM text (text nodes, textContent); nothing is ever parsed as HTML, and the only links
 * are http(s) source addresses and Wikidata ids checked here.
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("ag-data").textContent);
  const claims = data.claims; // columns: rank, d0, d1 (first and last day in force, or null:
  // open), anchored to the sources: an undated claim is in force when it was reported
  const certaintyLabel = Object.fromEntries(data.certainty.map((c) => [c.code, c.label]));
  const kindLabel = Object.fromEntries(data.kinds.map((k) => [k.code, k.label]));
  const relation = Object.fromEntries(data.relations.map((r) => [r.name, r]));
  const FADED_ABOVE = 2; // claims less certain than "probable" are drawn faded (and dashed)
  const EDGE_LABELS_UP_TO = 150; // relation names are written on the edges of smaller graphs
  const DASHES_UP_TO = 2000; // beyond this many edges, uncertain ones are faded but not dashed
  // (denials stay dotted: their line is what tells them apart)
  const DENIAL = "#4d4d4d"; // a denial is neither support nor opposition: no family colour
  const DENIAL_DASHES = [2, 5]; // dotted, where allegations are dashed
  const NODE_BUDGET = 2500; // at most this many actors and relations are drawn at once …
  const EDGE_BUDGET = 4000; // … beyond, the view shows the most connected ones in view
  const PANEL_LIMIT = 200; // claim cards listed for one actor
  const PIN_LIMIT = 500; // neighbours of a searched actor that are always drawn
  const TOOLTIP_CHARS = 160; // a longer name is cut in tooltips (the panel shows it whole)
  const DAY = 86400000;

  const state = {
    relations: new Set(data.relations.map((r) => r.name)),
    minRank: data.initial.minRank,
    when: data.initial.when, // [first day, last day, text] or null: any date
    denials: true,
    hideIsolated: false,
  };

  /* ---------- DOM helpers: text only ---------- */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== false && child !== "") {
        node.append(child);
      }
    }
    return node;
  }

  const bdi = (text) => el("bdi", null, text);

  function safeUrl(text) {
    if (!text) return null;
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  const link = (href, text) =>
    el("a", { href, target: "_blank", rel: "noopener noreferrer", dir: "auto" }, text);

  const isoDay = (day) => new Date(day * DAY).toISOString().slice(0, 10);
  const number = new Intl.NumberFormat("en");
  const count = (n) => (n < 1000 ? String(n) : number.format(n));
  const plural = (n, word) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;
  const actorLabel = (id) => (data.actors[id] ? data.actors[id].label : id);
  const clip = (text) => (text.length > TOOLTIP_CHARS ? `${text.slice(0, TOOLTIP_CHARS - 1)}…` : text);

  /* ---------- vis items: tooltips, widths, arrows, labels ---------- */

  const edgeOf = []; // claim index -> its edge
  const claimsOf = new Map(); // actor id -> indices of the claims it is party to
  const tripleKey = (edge) => `${edge.from}\t${edge.relation}\t${edge.to}`;
  const byTriple = new Map(); // "from\trelation\tto" -> [asserting edge, denial edge]
  data.edges.forEach((edge, n) => {
    const r = relation[edge.relation];
    edge.id = n;
    edge.title = `${clip(actorLabel(edge.from))} — ${r.label} — ${clip(actorLabel(edge.to))}\n` +
      plural(edge.claims.length, edge.denial ? "denial" : "claim");
    edge.width = 1.5 + 0.75 * Math.min(edge.claims.length - 1, 4);
    if (edge.denial) {
      // a bar across the middle negates the line, whichever way the relation runs
      edge.arrows = { to: { enabled: !r.symmetric }, middle: { enabled: true, type: "bar" } };
    } else if (!r.symmetric) {
      edge.arrows = "to";
    }
    if (data.edges.length <= EDGE_LABELS_UP_TO) {
      edge.label = edge.denial ? `${r.label} (denied)` : r.label;
    }
    if (!byTriple.has(tripleKey(edge))) byTriple.set(tripleKey(edge), [null, null]);
    byTriple.get(tripleKey(edge))[edge.denial ? 1 : 0] = edge;
    if (edge.frustrated) {
      edge.shadow = { enabled: true, color: "rgba(255,170,0,0.9)", size: 9, x: 0, y: 0 };
    }
    for (const i of edge.claims) edgeOf[i] = edge;
    for (const actor of [edge.from, edge.to]) {
      if (!claimsOf.has(actor)) claimsOf.set(actor, []);
      claimsOf.get(actor).push(...edge.claims);
    }
  });
  for (const node of data.nodes) {
    const a = data.actors[node.id];
    node.title = `${clip(a.label)}\n${kindLabel[a.kind] || a.kind} · ${plural(a.claims, "claim")}`;
  }

  /* ---------- what is shown ---------- */

  function shown(i) {
    const edge = edgeOf[i];
    if (!state.relations.has(edge.relation) || claims.rank[i] > state.minRank) return false;
    if (edge.denial && !state.denials) return false;
    if (!state.when) return true;
    const d0 = claims.d0[i];
    const d1 = claims.d1[i];
    return (d0 === null || d0 <= state.when[1]) && (d1 === null || d1 >= state.when[0]);
  }

  const dashes = data.edges.length <= DASHES_UP_TO;
  function edgeStyle(edge, faded) {
    const colour = edge.denial ? DENIAL : data.families[relation[edge.relation].family];
    return {
      id: edge.id,
      dashes: edge.denial ? DENIAL_DASHES : faded && dashes ? [6, 5] : false,
      color: { color: colour, highlight: colour, hover: colour, opacity: faded ? 0.45 : 1 },
    };
  }

  /* Large graphs are drawn within a budget, like a map: the most connected actors in view
   * and the strongest relations among them; zooming in brings in the rest. A searched actor
   * and its neighbours are always drawn. Small graphs are drawn whole. */
  const visibleNodes = new Set();
  const visibleEdges = new Set();
  const faded = new Map();
  const pinned = new Set();
  let focus = null;
  let view = null; // [x0, x1, y0, y1] in canvas units; null: the whole graph
  const passed = { nodes: 0, edges: 0, claims: 0, trimmed: false }; // what the filters let
  // through, and whether the budget left out some of what is in view
  const importance = (id) => data.actors[id].claims;
  const byImportance = [...data.nodes].sort((a, b) => importance(b.id) - importance(a.id));
  const inView = (n) =>
    !view || (n.x >= view[0] && n.x <= view[1] && n.y >= view[2] && n.y <= view[3]);
  const touchesFocus = (edge) => (edge.from === focus || edge.to === focus ? 1 : 0);

  /* Recompute what is drawn (an edge shows if any of its claims does) and restyle the edges
   * whose best shown claim crossed the "probable" line; return the style changes. */
  function recompute() {
    const candidates = [];
    const touched = new Set();
    passed.claims = 0;
    for (const edge of data.edges) {
      if (!state.relations.has(edge.relation) || (edge.denial && !state.denials)) continue;
      let best = Infinity;
      let count = 0;
      for (const i of edge.claims) {
        if (shown(i)) {
          count += 1;
          best = Math.min(best, claims.rank[i]);
        }
      }
      if (!count) continue;
      passed.claims += count;
      candidates.push([edge, count, best]);
      touched.add(edge.from);
      touched.add(edge.to);
    }
    const base = state.hideIsolated ? byImportance.filter((n) => touched.has(n.id)) : byImportance;
    passed.nodes = base.length;
    passed.edges = candidates.length;
    const cut = base.length > NODE_BUDGET || candidates.length > EDGE_BUDGET;
    visibleNodes.clear();
    passed.trimmed = false;
    for (const node of base) {
      if (!cut || pinned.has(node.id) || (visibleNodes.size < NODE_BUDGET && inView(node))) {
        visibleNodes.add(node.id);
      } else if (inView(node)) {
        passed.trimmed = true;
      }
    }
    if (cut) {
      candidates.sort((a, b) => touchesFocus(b[0]) - touchesFocus(a[0]) || b[1] - a[1] || a[2] - b[2]);
    }
    visibleEdges.clear();
    const changes = [];
    for (const [edge, , best] of candidates) {
      if (cut && (!visibleNodes.has(edge.from) || !visibleNodes.has(edge.to))) continue;
      if (cut && visibleEdges.size >= EDGE_BUDGET) {
        passed.trimmed = true;
        continue;
      }
      visibleEdges.add(edge.id);
      const isFaded = best > FADED_ABOVE;
      if (faded.get(edge.id) !== isFaded) {
        faded.set(edge.id, isFaded);
        changes.push(edgeStyle(edge, isFaded));
      }
    }
    return changes;
  }

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  edges.update(recompute());
  const nodeView = new vis.DataView(nodes, { filter: (n) => visibleNodes.has(n.id) });
  const edgeView = new vis.DataView(edges, { filter: (e) => visibleEdges.has(e.id) });
  const container = $("ag-network");
  const network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  function apply() {
    const changes = recompute();
    if (changes.length) edges.update(changes);
    nodeView.refresh();
    edgeView.refresh();
    const cut = nodeView.length < passed.nodes || edgeView.length < passed.edges;
    $("ag-status").textContent = cut
      ? `Showing ${count(nodeView.length)} of ${plural(passed.nodes, "actor")} and ` +
        `${count(edgeView.length)} of ${plural(passed.edges, "relation")}: ` +
        (passed.trimmed ? "the most connected in view; zoom in for more"
          : "those in view; pan or zoom out for the others")
      : `${plural(nodeView.length, "actor")} · ${plural(edgeView.length, "relation")} · ` +
        `${plural(passed.claims, "claim")} shown`;
  }

  function viewBounds() {
    const { x, y } = network.getViewPosition();
    const scale = network.getScale();
    const half = [(0.6 * container.clientWidth) / scale, (0.6 * container.clientHeight) / scale];
    return [x - half[0], x + half[0], y - half[1], y + half[1]];
  }

  const budgeted = () => passed.nodes > NODE_BUDGET || passed.edges > EDGE_BUDGET;
  let viewTimer = 0;
  function viewChanged() {
    if (!budgeted()) return;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(() => {
      view = viewBounds();
      apply();
    }, 250);
  }
  network.on("zoom", viewChanged);
  network.on("dragEnd", viewChanged);

  /* ---------- legend and relation toggles ---------- */

  function swatchLine(colour, { arrow = false, dashed = false, glow = false, denial = false } = {}) {
    const line = el("span", { class: "ag-line", "aria-hidden": "true" });
    line.style.color = colour;
    line.classList.toggle("ag-arrow", arrow);
    line.classList.toggle("ag-dashed", dashed);
    line.classList.toggle("ag-glow", glow);
    line.classList.toggle("ag-denial", denial);
    return line;
  }

  function swatchShape(shape, colour) {
    const mark = el("span", { class: `ag-shape ag-shape-${shape}`, "aria-hidden": "true" });
    mark.style.backgroundColor = colour;
    return mark;
  }

  const toggles = [];
  const relationList = $("ag-legend-relations");
  for (const family of Object.keys(data.families)) {
    const members = data.relations.filter((r) => r.family === family);
    if (!members.length) continue;
    relationList.append(el("li", { class: "ag-family" }, swatchLine(data.families[family]), family));
    for (const r of members) {
      const box = el("input", { type: "checkbox" });
      box.checked = true;
      box.value = r.name;
      box.addEventListener("change", () => {
        if (box.checked) state.relations.add(r.name);
        else state.relations.delete(r.name);
        apply();
      });
      toggles.push(box);
      relationList.append(el("li", null, el("label", null, box,
        swatchLine(data.families[family], { arrow: !r.symmetric }),
        r.label, el("span", { class: "ag-count" }, String(r.claims)))));
    }
  }
  for (const [id, on] of [["ag-rel-all", true], ["ag-rel-none", false]]) {
    $(id).addEventListener("click", () => {
      for (const box of toggles) {
        box.checked = on;
        if (on) state.relations.add(box.value);
        else state.relations.delete(box.value);
      }
      apply();
    });
  }

  const lines = $("ag-legend-lines");
  lines.append(
    el("li", null, swatchLine("#555555"), "confirmed or probable"),
    el("li", null, swatchLine("#555555", { dashed: true }), "possible or less certain"),
    el("li", null, swatchLine("#555555", { arrow: true }), "direction (none: symmetric)"),
  );
  if (data.edges.some((e) => e.frustrated)) {
    lines.append(el("li", null, swatchLine("#555555", { glow: true }), "frustrated (against the camps)"));
  }
  const denials = data.edges.reduce((n, e) => n + (e.denial ? e.claims.length : 0), 0);
  if (denials) {
    const box = el("input", { type: "checkbox", id: "ag-denials" });
    box.checked = state.denials;
    box.addEventListener("change", () => {
      state.denials = box.checked;
      apply();
    });
    lines.append(el("li", null, el("label", null, box, swatchLine(DENIAL, { denial: true }),
      "denied: said not to hold", el("span", { class: "ag-count" }, String(denials)))));
  }

  const legendNodes = $("ag-legend-nodes");
  if (data.camps) {
    $("ag-legend-nodes-title").textContent = "Actors: colour by camp, shape by kind";
    for (const c of data.camps) {
      legendNodes.append(el("li", null, swatchShape("dot", c.color), `camp ${c.camp + 1}`));
    }
    legendNodes.append(el("li", { class: "ag-gap" }, swatchShape("dot", "#c8c8c8"), "no camp"));
  }
  for (const k of data.kinds) {
    legendNodes.append(el("li", null, swatchShape(k.shape, data.camps ? "#bbbbbb" : k.color), k.label));
  }

  /* ---------- certainty, time and isolated-actor filters ---------- */

  const certainty = $("ag-certainty");
  const lowest = Math.max(...data.certainty.map((c) => c.rank));
  for (const c of data.certainty) {
    if (c.rank > data.initial.minRank) continue;
    const option = el("option", { title: c.label }, c.rank === lowest ? "any" : c.code);
    option.value = String(c.rank);
    certainty.append(option);
  }
  certainty.value = String(state.minRank);
  certainty.addEventListener("change", () => {
    state.minRank = Number(certainty.value);
    apply();
  });

  const slider = $("ag-time");
  const timeOn = $("ag-time-on");
  const timeLabel = $("ag-time-label");
  let pending = false;
  function setTime() {
    const day = Number(slider.value);
    state.when = timeOn.checked ? [day, day, isoDay(day)] : null;
    timeLabel.textContent = state.when ? state.when[2] : "any date";
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        apply();
      });
    }
  }
  if (data.range) {
    slider.min = String(data.range[0]);
    slider.max = String(data.range[1]);
    slider.value = String(state.when ? state.when[0] : data.range[1]);
    timeOn.checked = Boolean(state.when);
    timeLabel.textContent = state.when ? state.when[2] : "any date";
    slider.addEventListener("input", () => {
      timeOn.checked = true;
      setTime();
    });
    timeOn.addEventListener("change", setTime);
  } else {
    slider.closest(".ag-time").hidden = true;
  }

  $("ag-hide-isolated").addEventListener("change", (event) => {
    state.hideIsolated = event.target.checked;
    apply();
  });

  /* ---------- provenance panel ---------- */

  let provenance = null; // read on first use: it is last in the file
  function withProvenance(show) {
    const read = () => {
      provenance = provenance || JSON.parse($("ag-provenance").textContent);
      show();
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", read);
    else read();
  }

  const panel = $("ag-panel");
  const panelBody = $("ag-panel-body");

  function openPanel(...children) {
    panelBody.replaceChildren(...children.filter(Boolean));
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function closePanel() {
    panel.hidden = true;
    panelBody.replaceChildren();
  }

  function relationTag(name) {
    const r = relation[name];
    const tag = el("span", { class: "ag-rel" }, r.label);
    tag.style.color = data.families[r.family];
    return tag;
  }

  function period(c, i) {
    if (c.start && c.end) return c.start === c.end ? c.start : `${c.start} – ${c.end}`;
    if (c.start) return `from ${c.start}`;
    if (c.end) return `until ${c.end}`;
    // what the time slider does with it: in force when its sources were published
    const d0 = claims.d0[i];
    const d1 = claims.d1[i];
    if (d0 === null) return "undated";
    if (d1 === null) return `undated; in force from ${isoDay(d0)}, when first reported`;
    return d0 === d1 ? `undated; in force on ${isoDay(d0)}, when reported`
      : `undated; in force ${isoDay(d0)} – ${isoDay(d1)}, when reported`;
  }

  function facts() {
    const list = el("dl");
    const add = (term, ...value) => {
      if (value.length && value[0]) list.append(el("dt", null, term), el("dd", null, ...value));
    };
    const joined = (items, separator) => items.flatMap((v, n) => (n ? [separator, bdi(v)] : [bdi(v)]));
    return { list, add, joined };
  }

  function sourceItem(id) {
    const s = provenance.sources[id] || { title: id };
    const url = safeUrl(s.url);
    const item = el("li", null, url ? link(url, s.title) : el("cite", { dir: "auto" }, s.title));
    const meta = [];
    if (s.publisher) meta.push(bdi(s.publisher));
    if (s.published) meta.push(s.published);
    if (s.reliability) {
      meta.push(`reliability ${s.reliability} (${data.reliability[s.reliability] || "?"})`);
    }
    if (s.language) meta.push(s.language);
    meta.forEach((part, n) => item.append(n ? ", " : " — ", part));
    return item;
  }

  function claimCard(i) {
    const c = provenance.claims[i];
    const denial = edgeOf[i].denial;
    const classes = ["ag-claim", denial && "ag-claim-denial", !shown(i) && "ag-filtered"];
    const card = el("article", { class: classes.filter(Boolean).join(" ") },
      el("h3", null, denial && el("span", { class: "ag-denied" }, "Denial"), denial && " ",
        bdi(actorLabel(c.s)), " ", relationTag(c.r), " ", bdi(actorLabel(c.o))),
      // who denies it, beside the quote and the sources that report the denial
      denial && el("p", { class: "ag-denied-by" }, "denied by ", bdi(c.by || "the source")),
      el("blockquote", { dir: "auto" }, c.quote));
    const f = facts();
    f.add("When", period(c, i));
    f.add("Certainty", `${c.certainty} (${certaintyLabel[c.certainty] || "?"})`);
    if (!denial) f.add("Attributed to", c.by && bdi(c.by));
    if (c.via) f.add("Via", ...f.joined(c.via, ", "));
    f.add("Place", c.place && bdi(c.place));
    f.add("Note", c.note && bdi(c.note));
    f.add("Claim", c.id);
    card.append(f.list, el("ul", { class: "ag-sources" }, ...c.sources.map(sourceItem)));
    if (!shown(i)) card.append(el("p", { class: "ag-note" }, "Hidden by the current filters."));
    return card;
  }

  const byDate = (a, b) => { // first day in force, open-ended first; then data order
    const ka = claims.d0[a] ?? -Infinity;
    const kb = claims.d0[b] ?? -Infinity;
    return ka - kb || a - b;
  };

  function assessment(edge) {
    const a = provenance.assessments && provenance.assessments[edge.id];
    if (!a) return null;
    const parts = [];
    if (a.assessed) {
      parts.push(certaintyLabel[a.assessed] ? `${a.assessed} (${certaintyLabel[a.assessed]})`
        : bdi(a.assessed));
    }
    if (a.independent !== undefined) parts.push(plural(a.independent, "independent source"));
    if (a.first) {
      parts.push(a.last && a.last !== a.first ? `reported ${a.first} – ${a.last}` : `reported ${a.first}`);
    }
    parts.push(`${count(a.for)} for, ${count(a.against)} against`);
    return el("p", { class: "ag-assessment" }, el("strong", null, "Assessed: "),
      ...parts.flatMap((part, n) => (n ? [" · ", part] : [part])));
  }

  function showEdge(id) {
    const edge = edges.get(id);
    const r = relation[edge.relation];
    // the other stance on the same triple: what a denial denies, or the denials of a claim
    const twin = byTriple.get(tripleKey(edge))[edge.denial ? 0 : 1];
    openPanel(
      el("h2", null, edge.denial && el("span", { class: "ag-denied" }, "Denied"), edge.denial && " ",
        bdi(actorLabel(edge.from)), " ", relationTag(edge.relation), " ", bdi(actorLabel(edge.to))),
      el("p", { class: "ag-meta" },
        `${plural(edge.claims.length, edge.denial ? "denial" : "claim")} · ${r.family}` +
        `${r.symmetric ? " · symmetric" : ""}`),
      assessment(edge),
      edge.frustrated && el("p", { class: "ag-note" },
        "Frustrated: this relation goes against the camps of the two actors."),
      ...[...edge.claims].sort(byDate).map(claimCard),
      twin && el("h3", null, edge.denial ? `What it denies: ${plural(twin.claims.length, "claim")}`
        : `Against it: ${plural(twin.claims.length, "denial")}`),
      ...(twin ? [...twin.claims].sort(byDate).map(claimCard) : []),
    );
  }

  function cards(list) {
    const more = list.length - PANEL_LIMIT;
    return [...list.slice(0, PANEL_LIMIT).map(claimCard),
      more > 0 && el("p", { class: "ag-note" }, `… and ${count(more)} more.`)];
  }

  function showActor(id) {
    const a = { ...data.actors[id], ...provenance.actors[id] };
    const own = [...new Set(claimsOf.get(id) || [])].sort(byDate);
    const via = [...(provenance.intermediaries[id] || [])].sort(byDate);
    const f = facts();
    f.add("Kind", kindLabel[a.kind] || a.kind);
    if (a.aliases.length) f.add("Also", ...f.joined(a.aliases, " · "));
    f.add("Country", a.country);
    if (/^Q[1-9][0-9]*$/.test(a.wikidata || "")) {
      f.add("Wikidata", link(`https://www.wikidata.org/wiki/${a.wikidata}`, a.wikidata));
    }
    f.add("Id", id);
    openPanel(
      el("h2", { dir: "auto" }, a.label),
      f.list,
      a.description && el("p", { dir: "auto", class: "ag-description" }, a.description),
      el("h3", null, plural(own.length, "claim")),
      ...cards(own),
      via.length > 0 &&
        el("h3", { class: "ag-via" }, `As intermediary (via) in ${plural(via.length, "claim")}`),
      ...cards(via),
    );
  }

  network.on("click", (event) => {
    if (event.nodes.length) withProvenance(() => showActor(event.nodes[0]));
    else if (event.edges.length) withProvenance(() => showEdge(event.edges[0]));
    else closePanel();
  });
  $("ag-panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePanel();
  });

  /* ---------- search: by name or alias, then focus the neighbourhood ---------- */

  const fold = (text) => text.normalize("NFKC").replace(/\u0640/g, "").toLowerCase();
  const names = Object.entries(data.actors).map(([id, a]) =>
    [id, [a.label, ...a.aliases].map((name) => [name, fold(name)])]);
  const search = $("ag-search-input");
  const results = $("ag-search-results");

  function focusActor(id) {
    results.hidden = true;
    focus = id;
    pinned.clear();
    const near = new Set((claimsOf.get(id) || []).flatMap((i) => [edgeOf[i].from, edgeOf[i].to]));
    near.delete(id);
    for (const other of [...near].sort((a, b) => importance(b) - importance(a)).slice(0, PIN_LIMIT)) {
      pinned.add(other);
    }
    pinned.add(id);
    apply();
    if (nodeView.get(id)) {
      network.selectNodes([id]);
      network.fit({ nodes: [id, ...network.getConnectedNodes(id)], animation: false });
      if (network.getScale() > 1.5) {
        network.moveTo({ position: network.getViewPosition(), scale: 1.5, animation: false });
      }
      if (budgeted()) {
        view = viewBounds(); // bring in the rest of the neighbourhood's surroundings
        apply();
      }
    }
    withProvenance(() => showActor(id));
  }

  function matches(query) {
    const q = fold(query.trim());
    if (!q) return [];
    const found = [];
    for (const [id, list] of names) {
      let score = Infinity;
      let hit = null;
      for (const [name, key] of list) {
        const at = key.indexOf(q);
        const s = at < 0 ? Infinity : key === q ? 0 : at === 0 ? 1 : 2;
        if (s < score) [score, hit] = [s, name];
      }
      if (hit !== null) found.push([score, data.actors[id].label, id, hit]);
    }
    found.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return found.slice(0, 12);
  }

  search.addEventListener("input", () => {
    const found = matches(search.value);
    results.replaceChildren(...found.map(([, label, id, hit]) => {
      const button = el("button", { type: "button" }, bdi(label),
        hit !== label && el("small", null, " ", bdi(hit)));
      button.addEventListener("click", () => focusActor(id));
      return el("li", null, button);
    }));
    results.hidden = !found.length;
  });
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const found = matches(search.value);
    if (found.length) focusActor(found[0][2]);
  });

  /* ---------- ready ---------- */

  apply();
  const settle = () => {
    network.moveTo({ scale: network.getScale() * 0.95 }); // room for the labels at the edges
    network.once("afterDrawing", () => {
      window.__actorgraphReadyMs = performance.now(); // since navigation start
      window.__actorgraphReady = true;
      document.documentElement.dataset.ready = "true";
    });
  };
  if (data.physics && data.nodes.length) network.once("stabilizationIterationsDone", settle);
  else settle();

  window.actorgraph = {
    network, nodes, edges, nodeView, edgeView, state, apply, focusActor,
    showActor: (id) => withProvenance(() => showActor(id)),
    showEdge: (id) => withProvenance(() => showEdge(id)),
  };
})();
