/* Japan's legal limits: /api/law/ask and /api/law/diff. */
"use strict";

(() => {
  const { api, el, clear, latest, showError, plot } = anpo;
  const $ = (id) => document.getElementById(id);
  const runAsk = latest();
  const runDiff = latest();
  let vocab = null;

  function fill(sel, terms, withAll) {
    clear(sel);
    if (withAll) sel.append(el("option", { value: "", text: "all" }));
    for (const t of terms) sel.append(el("option", { value: t.id, text: `${t.en} (${t.ja})`, lang: null }));
  }

  /** A fact as the facts form words it ("combat acts are actually taking place at the site:
   * yes"), not its key ("combat_now = true"). */
  function factText(key, value) {
    const f = vocab && vocab.facts.find((x) => x.id === key);
    const v = value === true ? "yes" : value === false ? "no" : valueName(f, String(value));
    return f ? `${f.en}: ${v}` : `${key}: ${v}`;
  }

  /** A non-boolean fact's value in words ("high seas and airspace away from Japan"), not its
   * code ("high-seas"); the code is what the form submits. */
  function valueName(f, value) {
    return (f && f.value_names && f.value_names[value]) || value;
  }

  /** A status in a reader's words ("no legal basis"); the code stays the badge's class. */
  function statusName(status) {
    return (vocab && vocab.status_names[status]) || status;
  }

  function factName(key) {
    const f = vocab && vocab.facts.find((x) => x.id === key);
    return f ? f.en : key;
  }

  // ------------------------------------------------------------------ date boxes
  // A date is typed YYYY-MM-DD, the form every date of the page is printed in (answers,
  // citations, errors): a browser's date picker shows its locale's form (12/05/2026 in en-US),
  // so a reader saw two. The server is the one judge of a date (anpo.law.engine.to_date, the
  // reader of `anpo law --date`); its refusal of a date is shown beside that box
  // (aria-describedby), not above the form.

  /** Say `text` beside the date box `id` (empty: clear it), marking the box invalid or not. */
  function dateSay(id, text) {
    $(`${id}-msg`).textContent = text;
    if (text) $(id).setAttribute("aria-invalid", "true");
    else $(id).removeAttribute("aria-invalid");
  }

  /** The date boxes' refusals in `err` (the API's problems at body.FIELD, FIELD a key of
   * `boxes`) said beside their boxes; returns what is left to show above the form: null when
   * every problem was one of them, else an error saying the other problems, each once (the
   * API's one-line message opens with the first problem, a date's refusal already said beside
   * its box, and counted the others without saying them). */
  function dateRefusals(err, boxes) {
    const problems = err.detail && err.detail.length ? err.detail : [];
    const rest = [];
    for (const p of problems) {
      const loc = Array.isArray(p.loc) ? p.loc : [];
      const box = loc.length === 2 && loc[0] === "body" ? boxes[loc[1]] : undefined;
      if (box && p.msg) dateSay(box, p.msg);
      else rest.push(p);
    }
    if (!problems.length || rest.length === problems.length) return err;
    return rest.length ? { message: problemsText(rest) } : null;
  }

  /** Problems of a refusal in words: one worded by anpo (type value_error) as it is, as the
   * API client shows a lone one (common.js, handle); several each after its field's path. */
  function problemsText(problems) {
    const where = (p) => (Array.isArray(p.loc) ? p.loc.join(".") : "");
    if (problems.length === 1 && problems[0].type === "value_error") return problems[0].msg;
    return problems.map((p) => (where(p) ? `${where(p)}: ${p.msg}` : p.msg)).join("; ");
  }

  /** The first date the law data answers (the vocabulary's; the HTML's until it loads). */
  function coverageStart() {
    return (vocab && vocab.coverage_start) || "1997-09-23";
  }

  /** The form a date box takes, beside it (its hint). */
  function dateHint() {
    return `YYYY-MM-DD, from ${coverageStart()}`;
  }

  /** What an empty date box is told. */
  function dateNeeded() {
    return `Enter a date, ${dateHint()}.`;
  }

  function badge(status) {
    return el("span", { class: `status-badge status-${status}`, text: statusName(status) });
  }

  function showAnswer(a) {
    const box = clear($("answer"));
    const head = el("div", { class: "answer-box", id: "answer-box", "data-status": a.status },
      el("h2", {}, badge(a.status), " ", `${a.activity_text}`),
      el("p", { class: "hint", text: `${a.date} · ${a.situation_text} · ${a.location_text} · ${a.status_text}` }),
      Object.keys(a.decided_by).length ? el("p", { class: "hint", text: `Decided by: ${Object.entries(a.decided_by).map(([k, v]) => factText(k, v)).join("; ")}.` }) : null,
      el("p", { id: "answer-explanation", text: a.explanation }));
    box.append(head);
    if (a.conditions.length && !a.checks.length) {
      box.append(el("h3", { text: "Conditions" }), el("ul", {}, a.conditions.map((c) => el("li", { text: c }))));
    }
    if (a.missing_facts.length) {
      box.append(el("h3", { text: "The answer depends on facts not given" }),
        el("p", { text: `Missing: ${a.missing_facts.map(factName).join("; ")}.` }));
      const alt = el("ul", { id: "alternatives" });
      for (const x of a.alternatives) {
        alt.append(el("li", {}, badge(x.status), " if ", Object.entries(x.facts).map(([k, v]) => factText(k, v)).join("; ")));
      }
      box.append(alt);
    }
    if (a.checks.length) {
      const t = el("table", { id: "checks" }, el("thead", {}, el("tr", {}, ["condition", "state", "needs", "basis"].map((h) => el("th", { scope: "col", text: h })))));
      const tb = el("tbody");
      for (const c of a.checks) {
        // a limit that is not the statute's names what bars the activity, as anpo law list's
        // legend does ("barred by international law, not by statute")
        const basis = c.bar ? [...c.basis, `barred by ${c.bar}, not by statute`] : c.basis;
        tb.append(el("tr", { "data-state": c.state, "data-bar": c.bar || "" }, el("td", { text: c.text }), el("td", { text: c.state }),
          el("td", { text: c.needs.map(factName).join("; ") }), el("td", { text: basis.join("; ") })));
      }
      t.append(tb);
      box.append(el("h3", { text: "Conditions against the facts" }), el("div", { class: "table-wrap" }, t));
    }
    box.append(el("h3", { text: "Legal basis (statute)" }));
    if (!a.legal_basis.length) box.append(el("p", { class: "hint", text: "No provision is cited." }));
    const list = el("div", { id: "citations" });
    for (const c of a.legal_basis) {
      list.append(el("div", { class: "citation", "data-role": c.role },
        el("p", {}, el("strong", { text: `${c.law} ${c.ref}` }), ` — ${c.label} (${c.role})`),
        el("p", { class: "hint", lang: "ja", text: `${c.law_ja}${c.law_number ? `（${c.law_number}）` : ""}` }),
        el("blockquote", { class: "quote", lang: "ja", text: `「${c.quote}」` }),
        c.verified ? null : el("p", { class: "hint", text: "Wording not checked against the e-Gov text." })));
    }
    box.append(list);
    // the detail opens with the kind of approval in words (diet_approval_text): shown once
    const detail = a.diet_approval_detail || "";
    const diet = detail.startsWith(a.diet_approval_text) ? detail : `${a.diet_approval_text}${detail ? ` — ${detail}` : ""}`;
    box.append(el("h3", { text: "Diet approval" }), el("p", { id: "diet", text: diet }));
    if (a.supported) box.append(el("p", {}, el("strong", { text: "Who may be supported: " }), a.supported));
    if (a.rationale.length) {
      const det = el("details", {}, el("summary", { text: "Rationale (government interpretation, courts; not a legal basis)" }));
      for (const r of a.rationale) {
        // an item dated after the answer's date is hindsight, not the law of the date (review14 F4);
        // its mark is the library's (anpo.law.later_label), as the CLI prints it
        const later = r.later_label ? el("em", { class: "later", text: `${r.later_label}: ` }) : null;
        det.append(el("p", {}, later, el("strong", { text: r.title }), ` (${r.kind}, confidence ${r.confidence}): ${r.text}`));
        if (r.sources.length) det.append(el("ul", { class: "hint" }, r.sources.map((s) => el("li", { text: s }))));
      }
      box.append(det);
    }
    if (a.notes.length) box.append(el("p", { class: "notes", text: a.notes.join(" ") }));
    if (a.coverage_note) box.append(el("p", { class: "notes", id: "coverage-note", text: `Law data: ${a.coverage_note}` }));
    // the rules' confidence and their laws' in-force dates' (from and to), not confidence in the law of a date past the data
    const known = a.as_last_known ? `; law as last known on ${a.as_last_known}` : "";
    box.append(el("p", { class: "hint", id: "confidence", text: `Rule confidence: ${a.confidence}; in-force dates' confidence: ${a.date_confidence}${known}.` }));
  }

  function buildFacts() {
    const box = clear($("facts"));
    for (const f of vocab.facts) {
      const sel = el("select", { id: `fact-${f.id}`, "data-fact": f.id, "data-kind": f.kind });
      sel.append(el("option", { value: "", text: "not stated" }));
      const values = f.kind === "bool" ? ["true", "false"] : f.values;
      for (const v of values) sel.append(el("option", { value: v, text: v === "true" ? "yes" : v === "false" ? "no" : valueName(f, v) }));
      sel.addEventListener("change", ask);
      box.append(el("label", { title: f.en }, `${f.en} (${f.ja})`, sel));
    }
  }

  function statedFacts() {
    const facts = {};
    for (const sel of document.querySelectorAll("#facts select")) {
      if (!sel.value) continue;
      facts[sel.dataset.fact] = sel.dataset.kind === "bool" ? sel.value === "true" : sel.value;
    }
    return facts;
  }

  function ask() {
    const facts = statedFacts();
    const body = {
      date: $("law-date").value,
      situation: $("law-situation").value,
      activity: $("law-activity").value,
      location: $("law-location").value || null,
    };
    if (Object.keys(facts).length) body.facts = facts;
    clear($("error"));
    dateSay("law-date", "");
    // a question the form cannot send yet: say what is missing next to it, not the API's refusal
    if (!body.date.trim()) {
      runAsk.cancel();
      clear($("answer"));
      dateSay("law-date", dateNeeded());
      $("status").textContent = "";
      return;
    }
    if (!body.location && !body.facts) {
      runAsk.cancel();
      clear($("answer"));
      $("facts-box").open = true;
      $("status").textContent = "State at least one fact of the case under “Facts of the case”: the place is given by its facts.";
      return;
    }
    $("status").textContent = "asking…";
    runAsk(() => api("/api/law/ask", body), (a) => { showAnswer(a); $("status").textContent = ""; },
      (err) => {
        clear($("answer"));
        const left = dateRefusals(err, { date: "law-date" });
        if (left) showError($("error"), left);
        $("status").textContent = "";
      });
  }

  function diff() {
    const body = {
      date_a: $("diff-a").value,
      date_b: $("diff-b").value,
      follow_successors: $("diff-successors").checked,
      limit: 500,
    };
    if ($("diff-situation").value) body.situations = [$("diff-situation").value];
    if ($("diff-activity").value) body.activities = [$("diff-activity").value];
    clear($("diff-error"));
    dateSay("diff-a", "");
    dateSay("diff-b", "");
    const empty = [["diff-a", body.date_a], ["diff-b", body.date_b]].filter(([, v]) => !v.trim());
    if (empty.length) {
      runDiff.cancel();
      clear($("diff"));
      for (const [id] of empty) dateSay(id, dateNeeded());
      return;
    }
    runDiff(() => api("/api/law/diff", body), showDiff, (err) => {
      clear($("diff"));
      const left = dateRefusals(err, { date_a: "diff-a", date_b: "diff-b" });
      if (left) showError($("diff-error"), left);
    });
  }

  function name(table, id) {
    const t = table.find((x) => x.id === id);
    return t ? t.en : id;
  }

  function showDiff(d) {
    const box = clear($("diff"));
    const shown = d.truncated ? ` (the first ${d.changes.length} shown)` : "";
    const summary = d.total === 0
      ? `No answer changed between ${d.date_a} and ${d.date_b}.`
      : `${d.total} answer${d.total === 1 ? "" : "s"} changed between ${d.date_a} and ${d.date_b}${shown}. “Show” asks a row's question on ${d.date_b}: the answer with its citations, above.`;
    box.append(el("p", { id: "diff-summary", text: summary }));
    // as the ask's answer and the CLI's diff: a date after the data's last change is the law as
    // last known ('No answer changed between 2018 and 2022' said nothing of it)
    if (d.coverage_note) box.append(el("p", { class: "notes", id: "diff-coverage-note", text: `Law data: ${d.coverage_note}` }));
    if (!d.changes.length) { plot($("chart-diff"), [], { title: { text: "No change" } }); return; }
    const table = el("table", { id: "diff-table" },
      el("thead", {}, el("tr", {}, ["situation", "activity", "place", "before", "after", "what changed", ""].map((h) => el("th", { scope: "col", text: h })))));
    const body = el("tbody");
    for (const c of d.changes) {
      const btn = el("button", {
        type: "button", class: "secondary", text: "Show",
        // 54 buttons all named "Show" are indistinguishable to a screen reader
        "aria-label": `Show the answer on ${d.date_b}: ${name(vocab.activities, c.activity)}, ${name(vocab.situations, c.situation_after)}, ${name(vocab.locations, c.location)}`,
      });
      btn.addEventListener("click", () => {
        $("law-date").value = d.date_b;
        $("law-situation").value = c.situation_after;
        $("law-activity").value = c.activity;
        $("law-location").value = c.location;
        ask();
        $("answer").scrollIntoView({ behavior: "smooth" });
      });
      const sit = c.situation === c.situation_after ? name(vocab.situations, c.situation) : `${name(vocab.situations, c.situation)} → ${name(vocab.situations, c.situation_after)}`;
      body.append(el("tr", {},
        el("td", { text: sit }), el("td", { text: name(vocab.activities, c.activity) }),
        el("td", { text: name(vocab.locations, c.location) }),
        el("td", {}, badge(c.status_before)), el("td", {}, badge(c.status_after)),
        el("td", { text: c.changed_names.join(", ") }), el("td", {}, btn)));
    }
    table.append(body);
    box.append(el("div", { class: "table-wrap scroll" }, table));
    const statuses = ["permitted", "conditional", "prohibited", "no-legal-basis", "depends-on"];
    const counts = {};
    for (const c of d.changes) {
      const k = `${c.status_before}→${c.status_after}`;
      counts[k] = (counts[k] || 0) + 1;
    }
    const colour = { permitted: "#009E73", conditional: "#E69F00", prohibited: "#D55E00", "no-legal-basis": "#6B7280", "depends-on": "#56B4E9" };
    const traces = statuses.filter((s) => d.changes.some((c) => c.status_after === s)).map((after) => ({
      type: "bar", name: `${statusName(after)} on ${d.date_b}`, marker: { color: colour[after] },
      x: statuses.filter((s) => d.changes.some((c) => c.status_before === s)).map(statusName),
      y: statuses.filter((s) => d.changes.some((c) => c.status_before === s)).map((b) => counts[`${b}→${after}`] || 0),
    }));
    plot($("chart-diff"), traces, {
      barmode: "stack",
      title: { text: `Changed answers, ${d.date_a} → ${d.date_b}` },
      xaxis: { title: { text: `status on ${d.date_a}` } },
      yaxis: { title: { text: "answers" }, rangemode: "tozero" },
    });
  }

  document.addEventListener("DOMContentLoaded", async () => {
    try {
      vocab = await api("/api/law/vocabulary");
    } catch (err) {
      showError($("error"), err);
      return;
    }
    fill($("law-situation"), vocab.situations);
    fill($("law-activity"), vocab.activities);
    fill($("law-location"), vocab.locations);
    $("law-location").append(el("option", { value: "", text: "state the facts instead (below)" }));
    buildFacts();
    fill($("diff-situation"), vocab.situations, true);
    fill($("diff-activity"), vocab.activities, true);
    $("law-situation").value = "surrounding-area";
    $("law-activity").value = "provide-ammunition";
    $("diff-activity").value = "provide-ammunition";
    // the library's first covered date (the HTML's is only the fallback before this loads)
    for (const id of ["law-date", "diff-a", "diff-b"]) $(`${id}-hint`).textContent = dateHint();
    for (const id of ["law-date", "law-situation", "law-activity", "law-location"]) $(id).addEventListener("change", ask);
    $("ask-form").addEventListener("submit", (ev) => { ev.preventDefault(); ask(); });
    $("diff-form").addEventListener("submit", (ev) => { ev.preventDefault(); diff(); });
    ask();
    diff();
  });
})();
