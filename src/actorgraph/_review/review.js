/* actorgraph review page: the report with each candidate's evidence, the candidates, the keys.
 *
 * Data comes from one JSON document (#rv-data). Every string in it (the report, quotes, names)
 * reaches the page as DOM text (text nodes, textContent): nothing is parsed as HTML. Each
 * decision or edit is one POST to this page's own server, with the session's token in a
 * header; the server saves it to the folder of candidates before answering.
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("rv-data").textContent);
  const candidates = data.candidates;
  const relationLabel = Object.fromEntries(data.relations.map((r) => [r.name, r.label]));
  let actors = new Map(); // id -> actor, folder's first, then the dataset's
  let current = 0;
  let marks = []; // the report's <mark> elements with the ids they carry

  /* ---------- DOM helpers: text only ---------- */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function options(select, values, labels) {
    select.replaceChildren(...values.map((v) => el("option", { value: v }, labels ? labels[v] || v : v)));
  }

  function setActors(list) {
    actors = new Map();
    for (const a of list) actors.set(a.id, a);
    for (const a of data.target) if (!actors.has(a.id)) actors.set(a.id, a);
    const names = $("rv-actor-names");
    names.replaceChildren(...[...actors.values()].map((a) => el("option", { value: a.label })));
  }

  const label = (id) => (actors.get(id) || { label: id }).label;

  function status(text, isError) {
    const node = $("rv-status");
    node.textContent = text;
    node.classList.toggle("rv-error", Boolean(isError));
  }

  function showCounts(counts) {
    $("rv-counts").textContent =
      `${counts.accepted} accepted · ${counts.rejected} rejected · ${counts.open} open`;
    $("rv-accept-all").textContent = `Accept ${counts.accepted} into ${data.into}`;
    $("rv-accept-all").disabled = counts.accepted === 0;
  }

  /* ---------- the report, with the evidence of every candidate marked ---------- */

  function renderReport() {
    const text = data.report;
    const cuts = new Set([0, text.length]);
    for (const c of candidates) {
      cuts.add(c.evidence_start);
      cuts.add(c.evidence_end);
    }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const parts = [];
    marks = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [lo, hi] = [points[i], points[i + 1]];
      const piece = text.slice(lo, hi);
      const ids = candidates.filter((c) => c.evidence_start <= lo && hi <= c.evidence_end).map((c) => c.id);
      if (!ids.length) {
        parts.push(document.createTextNode(piece));
        continue;
      }
      const mark = el("mark", { class: "rv-ev", "data-ids": ids.join(" ") }, piece);
      mark.addEventListener("click", () => {
        const here = candidates[current] && ids.indexOf(candidates[current].id);
        const next = ids[(here + 1) % ids.length] || ids[0];
        select(candidates.findIndex((c) => c.id === next));
      });
      marks.push({ node: mark, ids: new Set(ids) });
      parts.push(mark);
    }
    $("rv-report").replaceChildren(...parts);
    const s = data.sources[0] || {};
    $("rv-source").textContent = [s.title, s.publisher, s.published].filter(Boolean).join(" · ");
  }

  /* ---------- the candidates ---------- */

  function dates(c) {
    if (c.start && c.end && c.start !== c.end) return `${c.start} to ${c.end}`;
    if (c.start && !c.end) return `since ${c.start}`;
    if (c.end && !c.start) return `until ${c.end}`;
    return c.start || "";
  }

  function item(c, i) {
    const li = el("li", {
      id: `rv-${c.id}`, role: "option", class: `rv-item rv-${c.decision || "open"}`,
      "data-id": c.id, "aria-selected": String(i === current),
    });
    const head = el("div", { class: "rv-claim" },
      el("span", { class: "rv-id" }, c.id),
      el("span", { class: "rv-actor", dir: "auto" }, label(c.subject)),
      el("span", { class: "rv-relation" }, c.stance === "denies"
        ? `denied: ${relationLabel[c.relation] || c.relation}` : (relationLabel[c.relation] || c.relation)),
      el("span", { class: "rv-actor", dir: "auto" }, label(c.object)));
    const facts = [c.certainty, dates(c), c.attributed_to ? `according to ${c.attributed_to}` : "",
      c.via.length ? `via ${c.via.map(label).join(", ")}` : ""].filter(Boolean);
    li.append(head, el("div", { class: "rv-facts", dir: "auto" }, facts.join(" · ")),
      el("div", { class: "rv-decision" }, c.decision || "not decided"));
    const proposed = [c.subject, c.object].filter((id) => (actors.get(id) || {}).status === "proposed");
    if (proposed.length) {
      li.append(el("div", { class: "rv-new" }, "new: " +
        proposed.map((id) => `${label(id)} (${actors.get(id).kind})`).join(", ")));
    }
    li.addEventListener("click", () => select(i));
    return li;
  }

  function renderList() {
    $("rv-list").replaceChildren(...candidates.map(item));
    select(current);
  }

  function replaceItem(c) {
    const i = candidates.findIndex((x) => x.id === c.id);
    candidates[i] = c;
    $(`rv-${c.id}`).replaceWith(item(c, i));
  }

  function select(i) {
    if (!candidates.length) return;
    current = Math.max(0, Math.min(candidates.length - 1, i));
    const c = candidates[current];
    for (const li of $("rv-list").children) {
      li.setAttribute("aria-selected", String(li.dataset.id === c.id));
    }
    let first = null;
    for (const m of marks) {
      const on = m.ids.has(c.id);
      m.node.classList.toggle("rv-current", on);
      if (on && !first) first = m.node;
    }
    $(`rv-${c.id}`).scrollIntoView({ block: "nearest" });
    if (first) first.scrollIntoView({ block: "nearest" });
    $("rv-list").setAttribute("aria-activedescendant", `rv-${c.id}`);
  }

  /* ---------- the server ---------- */

  async function api(path, body) {
    const response = await fetch(path, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-Review-Token": data.token },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      const error = new Error(answer.error || `HTTP ${response.status}`);
      error.problems = answer.problems || [];
      throw error;
    }
    if (answer.actors) setActors(answer.actors);
    if (answer.counts) showCounts(answer.counts);
    return answer;
  }

  let queue = Promise.resolve(); // requests go one at a time, in the order of the keys

  function decide(decision) {
    const c = candidates[current];
    if (!c) return;
    const before = c.decision;
    // shown at once, so that keys pressed quickly act on the next candidates
    replaceItem({ ...c, decision: decision || null });
    if (decision) nextOpen();
    else select(current);
    queue = queue.then(async () => {
      try {
        const answer = await api("/api/decide", { id: c.id, decision });
        replaceItem(answer.claim);
        select(current);
        status(decision ? `${c.id} ${decision}` : `${c.id}: decision undone`);
      } catch (error) {
        replaceItem({ ...c, decision: before });
        select(current);
        status(`${c.id} not saved: ${error.message}`, true);
      }
    });
  }

  function nextOpen() {
    for (let k = 1; k <= candidates.length; k++) {
      const i = (current + k) % candidates.length;
      if (!candidates[i].decision) return select(i);
    }
    select(current);
  }

  function acceptAll() {
    status("accepting into the dataset …");
    queue = queue.then(async () => {
      try {
        const answer = await api("/api/accept", {});
        status(answer.report);
      } catch (error) {
        status([error.message, ...error.problems].join("\n"), true);
      }
    });
  }

  /* ---------- editing ---------- */

  const form = $("rv-edit");
  const kindOf = { subject: $("rv-subject-kind"), object: $("rv-object-kind") };

  function byName(name) {
    const key = name.trim().toLowerCase();
    for (const a of actors.values()) {
      if (a.label.toLowerCase() === key || a.id === name.trim()) return a;
    }
    return null;
  }

  function syncKind(role) {
    // a kind can be set for a proposed actor or a new name, never for a known one
    const found = byName($(`rv-${role}`).value);
    const select = kindOf[role];
    select.disabled = Boolean(found && found.status !== "proposed");
    if (found) select.value = found.kind;
  }

  function openEdit() {
    const c = candidates[current];
    if (!c) return;
    $("rv-edit-title").textContent = `Edit ${c.id}`;
    $("rv-subject").value = label(c.subject);
    $("rv-object").value = label(c.object);
    $("rv-relation").value = c.relation;
    $("rv-start").value = c.start || "";
    $("rv-end").value = c.end || "";
    $("rv-certainty").value = c.certainty;
    $("rv-stance").value = c.stance;
    $("rv-attributed").value = c.attributed_to || "";
    $("rv-edit-problems").replaceChildren();
    syncKind("subject");
    syncKind("object");
    form.hidden = false;
    $("rv-relation").focus();
  }

  function closeEdit() {
    form.hidden = true;
    $("rv-list").focus();
  }

  function saveEdit(event) {
    event.preventDefault();
    const c = candidates[current];
    const changes = {
      relation: $("rv-relation").value, start: $("rv-start").value.trim(),
      end: $("rv-end").value.trim(), certainty: $("rv-certainty").value,
      stance: $("rv-stance").value, attributed_to: $("rv-attributed").value.trim(),
    };
    const kinds = {};
    for (const role of ["subject", "object"]) {
      const name = $(`rv-${role}`).value.trim();
      const found = byName(name);
      if (found) {
        changes[role] = { id: found.id };
        if (found.status === "proposed" && found.kind !== kindOf[role].value) kinds[found.id] = kindOf[role].value;
      } else {
        changes[role] = { name, kind: kindOf[role].value };
      }
    }
    queue = queue.then(async () => {
      try {
        const answer = await api("/api/edit", { id: c.id, changes, kinds });
        replaceItem(answer.claim);
        for (const other of candidates) replaceItem(other); // a kind or a new actor shows everywhere
        select(current);
        form.hidden = true;
        status(`${c.id} saved`);
        $("rv-list").focus();
      } catch (error) {
        $("rv-edit-problems").replaceChildren(
          ...[error.message, ...error.problems].map((p) => el("li", null, p)));
        status(`${c.id} not saved`, true);
      }
    });
  }

  /* ---------- keys ---------- */

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!form.hidden) {
      if (event.key === "Escape") closeEdit();
      return; // Enter submits the form
    }
    const help = $("rv-help");
    const actions = {
      j: () => select(current + 1), ArrowDown: () => select(current + 1),
      k: () => select(current - 1), ArrowUp: () => select(current - 1),
      n: nextOpen, a: () => decide("accepted"), r: () => decide("rejected"),
      u: () => decide(""), e: openEdit, A: acceptAll,
      "?": () => { help.hidden = !help.hidden; },
      Escape: () => { help.hidden = true; },
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  /* ---------- start ---------- */

  options($("rv-relation"), data.relations.map((r) => r.name), relationLabel);
  options($("rv-certainty"), data.certainty);
  options($("rv-stance"), data.stances);
  options(kindOf.subject, data.kinds);
  options(kindOf.object, data.kinds);
  setActors(data.actors);
  showCounts(data.counts);
  renderReport();
  renderList();
  form.addEventListener("submit", saveEdit);
  $("rv-edit-cancel").addEventListener("click", closeEdit);
  $("rv-subject").addEventListener("input", () => syncKind("subject"));
  $("rv-object").addEventListener("input", () => syncKind("object"));
  $("rv-accept-all").addEventListener("click", acceptAll);
  $("rv-help-button").addEventListener("click", () => { $("rv-help").hidden = !$("rv-help").hidden; });
  document.addEventListener("keydown", onKey);
  $("rv-list").focus();
  status(candidates.length ? "j/k to move, a accept, r reject, e edit, ? keys" : "no candidates");
  document.documentElement.dataset.ready = "true";
})();
