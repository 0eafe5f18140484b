/* Extended deterrence and stability for a dyad: /api/deterrence/dyad. */
"use strict";

(() => {
  const { api, el, clear, debounce, latest, showError, plot, plotText, slider, PALETTE } = anpo;
  const $ = (id) => document.getElementById(id);
  const run = latest();
  const state = { scenarios: [], inputs: null, values: {} };
  const GROUPS = {
    launchers: "Forces (launchers)",
    interceptors: "Missile defense: interceptors",
    sspk: "Missile defense: kill probability per shot",
    kill_probability: "The defender's counterforce",
  };

  function fillVariants() {
    const s = state.scenarios.find((x) => x.id === $("preset-scenario").value) || state.scenarios[0];
    const vs = clear($("preset-variant"));
    for (const v of s.variants) vs.append(el("option", { value: v.id, text: v.title }));
    const ds = clear($("preset-dyad"));
    for (const d of s.dyads) ds.append(el("option", { value: d.id, text: `${d.defender_name} and ${d.rival_name}${d.ally_name ? ` (ally ${d.ally_name})` : ""}` }));
    if (s.variants.some((v) => v.id === "gmd-global")) vs.value = "gmd-global";
  }

  async function load() {
    const q = new URLSearchParams({ scenario: $("preset-scenario").value, variant: $("preset-variant").value, dyad: $("preset-dyad").value });
    state.inputs = await api(`/api/deterrence/dyad/inputs?${q}`);
    $("preset-title").textContent = state.inputs.title;
    buildKnobs();
  }

  function buildKnobs() {
    state.values = {};
    const box = clear($("knobs"));
    for (const [group, title] of Object.entries(GROUPS)) {
      const knobs = state.inputs.knobs.filter((k) => k.group === group);
      if (!knobs.length) continue;
      const fs = el("fieldset", {}, el("legend", { text: title }));
      for (const k of knobs) {
        const id = `k-${group}-${k.key}`.replace(/[^A-Za-z0-9_-]/g, "_");
        fs.append(slider({
          id, label: k.label, min: k.min, max: k.max, step: k.step, value: k.value, hint: k.source,
          onChange: (v) => { state.values[`${group}|${k.key}`] = v; changed(); },
        }));
      }
      box.append(fs);
    }
    recompute();
  }

  function request() {
    const body = { scenario: state.inputs.scenario, variant: state.inputs.variant, dyad: state.inputs.dyad,
      launchers: {}, interceptors: {}, sspk: {}, kill_probability: {} };
    for (const [k, v] of Object.entries(state.values)) {
      const [group, key] = k.split("|");
      body[group][key] = v;
    }
    return body;
  }

  function changed() { $("status").textContent = "computing…"; schedule(); }
  const schedule = debounce(() => recompute(), 120);

  function recompute() {
    clear($("error"));
    $("status").textContent = "computing…";
    run(() => api("/api/deterrence/dyad", request()), show, (err) => { showError($("error"), err); clearResults(); $("status").textContent = ""; });
  }

  /** The dyad could not be computed: no measure of earlier inputs stays on show. */
  function clearResults() {
    for (const id of ["measures", "definitions", "notes"]) clear($(id));
    for (const id of ["chart-exposure", "chart-survivors", "chart-reaction"]) {
      plot($(id), [], { title: { text: "No result for these inputs (see the message above)" } });
    }
    $("caption-reaction").textContent = "";
  }

  function show(res) {
    const box = clear($("measures"));
    const defs = clear($("definitions"));
    for (const m of res.measures) {
      box.append(el("li", { title: m.definition }, el("span", { class: "label", text: m.label }), el("span", { class: "value", id: `m-${m.key}`, text: m.text })));
      defs.append(el("dt", { text: m.label }), el("dd", { text: m.definition }));
    }
    const notes = clear($("notes"));
    for (const n of res.notes) notes.append(el("li", { text: n }));
    // why the patron's price moves with the defenses (anpo extended's note), only where the two
    // prices read differently, as the command prints it
    const price = res.measures.find((m) => m.key === "patron_price");
    const bare = res.measures.find((m) => m.key === "patron_price_undefended");
    if (res.response_plan_change && price && bare && price.text !== bare.text) {
      notes.append(el("li", { id: "plan-change", text: `Why the patron's price differs from its undefended price: ${res.response_plan_change}.` }));
    }
    const ms = res.exposure.length ? res.exposure[0].p_at_least.map((p) => p.m) : [];
    // the scenario file's names drawn as written (plotText: plotly reads markup in its text);
    // a territory's name reaches the hover's box through `customdata`, not spliced into the
    // template (a '%{x}' in it was filled in; `meta` would fill it in the legend's name)
    plot($("chart-exposure"), res.exposure.map((e, i) => ({
      type: "bar", name: plotText(`${e.name} (${e.role}${e.covered ? ", defended" : ", undefended"})`),
      x: ms.map((m) => `at least ${m}`), y: anpo.percentBars(e.p_at_least.map((p) => p.p)), marker: { color: PALETTE[i] },
      text: e.p_at_least.map((p) => plotText(p.text)), textposition: "outside", customdata: ms.map(() => plotText(e.name)),
      hovertemplate: "%{x}: %{text}<extra>%{customdata}</extra>",
    })), {
      barmode: "group", title: { text: "Warheads reaching each territory after a first strike" },
      yaxis: { title: { text: anpo.PERCENT_AXIS }, range: [0, 110] }, legend: { orientation: "h" },
    });
    plot($("chart-survivors"), [{
      type: "bar", x: res.survivors_pmf.map((_, i) => i), y: anpo.percentBars(res.survivors_pmf), marker: { color: PALETTE[1] },
      // each probability as the cards write it (the server's text, not plotly's '.3g')
      customdata: res.survivors_pmf_text.map(plotText), hovertemplate: "%{x} survive: %{customdata}<extra></extra>",
    }], {
      title: { text: "Rival warheads surviving the first strike" },
      xaxis: Object.assign({ title: { text: "surviving warheads (k)" }, rangemode: "tozero" }, anpo.countAxis(res.survivors_pmf.length - 1)),
      yaxis: { title: { text: anpo.PERCENT_AXIS }, rangemode: "tozero" },
    });
    if (res.reaction.length) {
      plot($("chart-reaction"), [{
        type: "scatter", mode: "lines+markers", x: res.reaction.map((p) => p.interceptors), y: res.reaction.map((p) => p.launchers_needed),
        line: { color: PALETTE[2] }, hovertemplate: "%{x} interceptors: %{y} launchers<extra></extra>",
      }], {
        title: { text: `Launchers of ${plotText(res.reaction_layer)} needed for P(at least ${res.reaction_m} arrive${res.reaction_m === 1 ? "s" : ""}) ≥ ${anpo.percentText(res.reaction_q)}` },
        xaxis: { title: { text: "defender's interceptors (first layer covering the homeland)" }, rangemode: "tozero" },
        yaxis: { title: { text: "rival launchers needed" }, rangemode: "tozero" },
      });
      // the server's words: the launchers already held and the counterforce level the counts assume
      $("caption-reaction").textContent = res.reaction_caption;
    } else {
      plot($("chart-reaction"), [], { title: { text: "No reaction curve for this dyad" } });
      $("caption-reaction").textContent = "";
    }
    $("status").textContent = "";
  }

  document.addEventListener("DOMContentLoaded", async () => {
    try {
      state.scenarios = await api("/api/scenarios");
      for (const s of state.scenarios) $("preset-scenario").append(el("option", { value: s.id, text: `${s.year}: ${s.title}` }));
      fillVariants();
      $("preset-scenario").addEventListener("change", fillVariants);
      $("preset-form").addEventListener("submit", (ev) => { ev.preventDefault(); load().catch((err) => showError($("error"), err)); });
      $("reset").addEventListener("click", () => buildKnobs());
      await load();
    } catch (err) {
      showError($("error"), err);
    }
  });
})();
