/* Deterrence what-if: engagement and reaction curve, recomputed through /api/deterrence/*. */
"use strict";

(() => {
  const { api, el, clear, debounce, latest, showError, plot, slider, select } = anpo;
  const $ = (id) => document.getElementById(id);
  const MAX_LAYERS = 4;
  const CLASSES = [["", "any (every layer engages)"], ["ICBM", "ICBM"], ["IRBM", "IRBM"], ["MRBM", "MRBM"], ["SRBM", "SRBM"]];

  const state = { eng: null, react: null, template: null, scenarios: [], limits: null, raidSource: null };
  const runEng = latest();
  const runReact = latest();

  function status(text) { $("status").textContent = text; }

  /** A cap of the server (GET /api/limits), or `fallback` before it is known. */
  function cap(key, fallback) { return state.limits && state.limits[key] ? state.limits[key] : fallback; }

  /** The engagement could not be computed: no number of an earlier input stays on show. */
  function clearEngagement() {
    clear($("numbers"));
    plot($("chart-pmf"), [], { title: { text: "No result for these inputs (see the message above)" } });
    delete $("chart-pmf").dataset.rvs;
  }

  /** Add an error message under #error (the engagement's and the reaction's may both fail). */
  function showErrorAlso(err) {
    const box = $("error");
    const text = err.message || String(err);
    if ([...box.querySelectorAll(".error")].some((p) => p.textContent === text)) return;
    box.append(el("p", { class: "error", role: "alert", text }));
  }

  function clearReaction() {
    clear($("reaction-numbers"));
    plot($("chart-reaction"), [], { title: { text: "No result for these inputs (see the message above)" } });
    $("caption-reaction").textContent = "";
  }

  // ------------------------------------------------------------------ presets
  async function loadScenarios() {
    state.scenarios = await api("/api/scenarios");
    const sc = $("preset-scenario");
    clear(sc);
    for (const s of state.scenarios) sc.append(el("option", { value: s.id, text: `${s.year}: ${s.title}` }));
    const wanted = new URLSearchParams(location.search);
    const unknown = [];
    choose(sc, wanted.get("scenario"), "scenario", unknown);
    fillVariants(wanted.get("variant"), wanted.get("dyad"), unknown);
    // a name in the address that is not in the book (a link from an older version, a typo):
    // the page says so and starts from the choices shown, never from an empty list
    $("preset-msg").textContent = unknown.length
      ? `The address asks for ${unknown.join(", ")}, not in the built-in book: the choices shown are used instead.`
      : "";
  }

  /** Select `value` in `sel` if it is one of its options; else note it in `unknown`. */
  function choose(sel, value, what, unknown) {
    if (!value) return false;
    if ([...sel.options].some((o) => o.value === value)) {
      sel.value = value;
      return true;
    }
    unknown.push(`${what} '${value}'`);
    return false;
  }

  function fillVariants(variant, dyad, unknown = []) {
    const s = state.scenarios.find((x) => x.id === $("preset-scenario").value) || state.scenarios[0];
    const vs = clear($("preset-variant"));
    for (const v of s.variants) vs.append(el("option", { value: v.id, text: v.title }));
    const ds = clear($("preset-dyad"));
    for (const d of s.dyads) ds.append(el("option", { value: d.id, text: `${d.rival_name} against ${d.defender_name}` }));
    if (!choose(vs, variant, "variant", unknown) && s.variants.some((v) => v.id === "gmd-global")) vs.value = "gmd-global";
    choose(ds, dyad, "dyad", unknown);
  }

  async function loadPreset() {
    const q = new URLSearchParams({
      scenario: $("preset-scenario").value,
      variant: $("preset-variant").value,
      dyad: $("preset-dyad").value,
    });
    status("loading the scenario…");
    const p = await api(`/api/deterrence/preset?${q}`);
    state.eng = p.engagement;
    state.react = p.reaction;
    state.template = p.reaction ? p.reaction.layers : null;
    state.raidSource = p.raid_source;
    $("preset-title").textContent = p.title;
    $("notes").textContent = p.notes.join(" ");
    buildControls();
    recompute();
  }

  // ------------------------------------------------------------------ controls
  function buildControls() {
    const e = state.eng;
    const attack = $("attack");
    clear(attack).append(el("legend", { text: "Attack" }));
    attack.append(
      slider({
        id: "rvs", label: "Rival warheads (re-entry vehicles) in the raid", min: 0,
        max: Math.min(2000, Math.max(100, 2 * e.rvs)), step: 1, value: e.rvs, limit: cap("max_rvs", 2000),
        hint: state.raidSource, // the scenario's forces the raid is made of, with their sources
        onChange: (v) => { e.rvs = v; changed(); },
      }),
      slider({
        id: "decoys", label: "Decoys per warhead", min: 0, max: 10, step: 1, value: e.decoys_per_rv,
        onChange: (v) => { e.decoys_per_rv = v; changed(); },
      }),
      select({
        id: "missile-class", label: "Missile class (decides which layers can engage)", options: CLASSES,
        value: e.missile_class || "",
        onChange: (v) => { e.missile_class = v || null; changed(); },
      }),
    );
    const mMax = cap("max_rvs", 2000);
    const mCount = cap("max_m_values", 10); // as many as anpo defense takes -m values
    const mMsg = el("span", { id: "m-values-msg", class: "field-msg", role: "alert" });
    const mField = el("input", { type: "text", id: "m-values", value: e.m.join(", "), inputmode: "numeric", "aria-describedby": "m-values-msg" });
    mField.addEventListener("change", () => {
      const tokens = mField.value.split(/[\s,;]+/).filter((t) => t !== "");
      const ok = (x) => Number.isInteger(x) && x >= 1 && x <= mMax;
      const refused = tokens.filter((t) => !ok(Number(t)));
      const ms = [...new Set(tokens.map(Number).filter(ok))].sort((a, b) => a - b);
      const notes = [];
      if (refused.length) notes.push(`ignored ${refused.join(", ")}: m is a whole number from 1 to ${mMax}`);
      if (ms.length > mCount) notes.push(`only the first ${mCount} values are shown`);
      if (!ms.length) notes.push(`the values stay ${e.m.join(", ")}`);
      mMsg.textContent = notes.length ? `${notes.join("; ")}.` : "";
      if (notes.length) mField.setAttribute("aria-invalid", "true");
      else mField.removeAttribute("aria-invalid");
      if (ms.length) { e.m = ms.slice(0, mCount); changed(); }
      mField.value = e.m.join(", ");
    });
    attack.append(el("div", { class: "field wide" }, el("label", { for: "m-values", text: "Show P(at least m arrive) for m =" }), mField, mMsg));
    buildLayers();
    buildReaction();
  }

  function buildLayers() {
    const box = clear($("layers"));
    state.eng.layers.forEach((ly, i) => box.append(layerControls(ly, i)));
    if (!state.eng.layers.length) {
      box.append(el("p", { class: "hint", text: "No missile defense in this variant: every warhead arrives. Add a layer to see what one would do." }));
    }
    $("add-layer").disabled = state.eng.layers.length >= MAX_LAYERS;
  }

  function layerControls(ly, i) {
    const p = `layer${i}`;
    const fs = el("fieldset", { id: p });
    const remove = el("button", { type: "button", class: "secondary", text: "Remove", "aria-label": `Remove layer ${i + 1}` });
    remove.addEventListener("click", () => {
      state.eng.layers.splice(i, 1);
      buildLayers();
      // the focus stays in the layers (it fell to the page's top with the button removed): on
      // the layer now in this place, else the one before, else "Add a layer"
      const left = $("layers").querySelectorAll("fieldset > .layer-head button");
      (left[Math.min(i, left.length - 1)] || $("add-layer")).focus();
      changed();
    });
    fs.append(el("legend", { text: `Layer ${i + 1}${ly.name ? `: ${ly.name}` : ""}` }));
    fs.append(el("div", { class: "layer-head" },
      el("span", { class: "hint", text: `engages ${ly.engages.join(", ")}${ly.endo_atmospheric ? "; inside the atmosphere (decoys stripped)" : ""}` }),
      remove));
    const sls = () => ly.doctrine === "shoot-look-shoot";
    // the sliders reach 8 shots, a finer range; the number box beside each reaches what the API
    // accepts (GET /api/limits, the bounds of anpo defense --sls and --shots): a look of
    // shoot-look-shoot max_look_shots, a salvo max_salvo_shots. The second argument of each
    // cap() is its value before the limits arrive, the same (tests/test_web_api.py checks it).
    const shotsLimit = () => (sls() ? cap("max_look_shots", 64) : cap("max_salvo_shots", 1000000));
    const second = slider({
      id: `${p}-second`, label: "Second-look shots per surviving object", min: 1, max: 8, step: 1,
      value: Math.max(1, ly.second_shots || 1), limit: cap("max_look_shots", 64),
      onChange: (v) => { ly.second_shots = v; changed(); },
    });
    second.hidden = !sls();
    const shots = slider({
      id: `${p}-shots`, label: "Shots per object (first salvo)", min: 1, max: 8, step: 1, value: ly.shots,
      limit: shotsLimit(),
      onChange: (v) => { ly.shots = v; changed(); },
    });
    fs.append(
      slider({
        id: `${p}-interceptors`, label: "Interceptors", min: 0,
        max: Math.min(20000, Math.max(200, 2 * ly.interceptors)), step: 1, value: ly.interceptors,
        limit: cap("max_interceptors", 20000),
        hint: ly.source || null, // the layer's source (numbers, SSPK, reliability), as the scenario gives it
        onChange: (v) => { ly.interceptors = v; changed(); },
      }),
      slider({
        id: `${p}-sspk`, label: "Single-shot kill probability (SSPK)", min: 0, max: 1, step: 0.01, value: ly.sspk,
        onChange: (v) => { ly.sspk = v; changed(); },
      }),
      select({
        id: `${p}-doctrine`, label: "Shot doctrine",
        options: [["salvo", "salvo"], ["shoot-look-shoot", "shoot-look-shoot (perfect kill assessment)"]],
        value: ly.doctrine,
        onChange: (v) => {
          ly.doctrine = v;
          ly.second_shots = v === "shoot-look-shoot" ? Math.max(1, ly.second_shots || 1) : 0;
          second.set(Math.max(1, ly.second_shots));
          second.hidden = v !== "shoot-look-shoot";
          // a salvo's 100 shots are over a first look's bound: set to it, with a message
          ly.shots = shots.setLimit(shotsLimit());
          changed();
        },
      }),
      shots,
      second,
      slider({
        id: `${p}-reliability`, label: "Reliability of the layer's common elements", min: 0, max: 1, step: 0.01, value: ly.reliability,
        onChange: (v) => { ly.reliability = v; changed(); },
      }),
      select({
        id: `${p}-mode`, label: "Reliability applies", options: [["raid", "once per raid (common elements)"], ["rv", "to each warhead independently"]],
        value: ly.reliability_mode, onChange: (v) => { ly.reliability_mode = v; changed(); },
      }),
      slider({
        id: `${p}-discrimination`, label: "Discrimination: P(a decoy is recognised)", min: 0, max: 1, step: 0.01, value: ly.discrimination,
        onChange: (v) => { ly.discrimination = v; changed(); },
      }),
    );
    return fs;
  }

  function addLayer() {
    if (state.eng.layers.length >= MAX_LAYERS) return;
    state.eng.layers.push({
      name: "New layer", interceptors: 100, sspk: 0.7, shots: 2, doctrine: "salvo", second_shots: 0,
      reliability: 0.9, reliability_mode: "raid", discrimination: 0.8,
      engages: ["ICBM", "IRBM", "MRBM", "SRBM"], endo_atmospheric: false, protected_fraction: 1,
      common_mode: null, common_mode_reliability: 1, defends: "value", preferential: false, covers: [], source: "",
    });
    buildLayers();
    changed();
  }

  function buildReaction() {
    const box = clear($("reaction-controls"));
    const r = state.react;
    if (!r) {
      box.append(el("p", { class: "hint", text: "This dyad has no reaction curve (no rival force reaches the territory)." }));
      return;
    }
    const g = r.growth;
    box.append(
      el("p", { class: "hint", text: "The rival grows one force component; the defender strikes it first, then the survivors fly through the defense. The curve shows the smallest number of launchers with which at least m warheads arrive with probability q." }),
      // the number boxes reach the API's bounds (GET /api/limits), the sliders a finer range
      slider({ id: "r-m", label: "m: warheads that must arrive", min: 1, max: 20, step: 1, value: r.m, limit: cap("max_reaction_m", 100), onChange: (v) => { r.m = v; changed(); } }),
      // q: the API takes (0, 1]; the slider and its box cover 0.01 to 1 in steps of 0.01
      slider({ id: "r-q", label: "q: with at least this probability", min: 0.01, max: 1, step: 0.01, value: r.q, onChange: (v) => { r.q = v; changed(); } }),
      slider({ id: "r-wpl", label: "Warheads per launcher", min: 1, max: 16, step: 1, value: g.warheads_per_launcher, limit: cap("max_warheads_per_launcher", 64), onChange: (v) => { g.warheads_per_launcher = v; changed(); } }),
      // the growing force's own decoys and class (the scenario's, e.g. a road-mobile ICBM with
      // decoys), not the attack's above: the raid may be another force
      slider({ id: "r-decoys", label: "Decoys per warhead of the growing force", min: 0, max: 10, step: 1, value: g.decoys_per_rv, onChange: (v) => { g.decoys_per_rv = v; changed(); } }),
      select({ id: "r-class", label: "Missile class of the growing force", options: CLASSES, value: g.missile_class || "", onChange: (v) => { g.missile_class = v || null; changed(); } }),
      slider({ id: "r-surv", label: "Launchers surviving any strike (fraction)", min: 0, max: 1, step: 0.01, value: g.survivable_fraction, onChange: (v) => { g.survivable_fraction = v; changed(); } }),
      slider({ id: "r-pk", label: "Defender's kill probability per warhead", min: 0, max: 1, step: 0.01, value: g.kill_probability, onChange: (v) => { g.kill_probability = v; changed(); } }),
      slider({ id: "r-alloc", label: "Defender's warheads per vulnerable launcher", min: 0, max: 8, step: 1, value: g.allocation, limit: cap("max_allocation", 16), onChange: (v) => { g.allocation = v; changed(); } }),
      slider({ id: "r-base", label: "Other surviving rival warheads", min: 0, max: Math.min(1000, Math.max(50, 2 * r.base_warheads)), step: 1, value: r.base_warheads, limit: cap("max_reaction_warheads", 2000), onChange: (v) => { r.base_warheads = v; changed(); } }),
    );
  }

  // ------------------------------------------------------------------ requests
  function reactionRequest() {
    const r = state.react;
    if (!r) return null;
    // every layer removed: the curve of a first layer built from none (the scenario's first,
    // at 0 interceptors, as the server's preset gives a variant without defense), not of the
    // scenario's layers the engagement above no longer has (it read 'against 250 interceptors')
    const first = state.template && state.template.length ? [Object.assign({}, state.template[0], { interceptors: 0 })] : [];
    const layers = state.eng.layers.length ? state.eng.layers : first;
    if (!layers.length) return null;
    const current = layers[0].interceptors;
    // the grid stops at the server's cap on interceptors: at 20,000 it reached 40,000 and the
    // server refused the curve ('body.interceptors.13: Input should be less than or equal to
    // 20000 (got 20004)'), numbers the user never typed
    const top = Math.min(cap("max_interceptors", 20000), Math.max(100, 2 * current));
    const step = Math.max(1, Math.ceil(top / 24));
    const grid = new Set([current]);
    for (let x = 0; x <= top; x += step) grid.add(x);
    // the search looks at launcher counts up to max_launchers: keep it within the server's cap
    const maxLaunchers = Math.max(1, Math.floor((cap("max_reaction_warheads", 2000) - r.base_warheads) / r.growth.warheads_per_launcher));
    return {
      layers, sweep: 0, interceptors: [...grid].sort((a, b) => a - b).slice(0, 60),
      growth: r.growth, base_warheads: r.base_warheads, m: r.m, q: r.q, max_launchers: maxLaunchers,
    };
  }

  function changed() {
    status("computing…");
    schedule();
  }

  const schedule = debounce(recompute, 60);

  function recompute() {
    clear($("error"));
    // each failure adds its message (the reaction's refusal must not be wiped by the other's)
    runEng(() => api("/api/deterrence/engagement", state.eng), showEngagement, (err) => { showErrorAlso(err); clearEngagement(); status(""); });
    const rq = reactionRequest();
    if (rq) runReact(() => api("/api/deterrence/reaction", rq), (res) => showReaction(res, rq), (err) => { showErrorAlso(err); clearReaction(); });
    else showReaction(null, null);
  }

  // ------------------------------------------------------------------ results
  function number(id, label, value) {
    return el("li", {}, el("span", { class: "label", text: label }), el("span", { class: "value", id, text: value }));
  }

  function showEngagement(res) {
    const box = clear($("numbers"));
    for (const p of res.p_at_least) box.append(number(`p-ge-${p.m}`, `P(at least ${p.m} arrive${p.m === 1 ? "s" : ""})`, p.text));
    box.append(number("p-none", "P(none arrives)", res.p_no_leak_text));
    box.append(number("expected", "Expected number of warheads arriving", res.expected_leakers_text));
    const k = res.leaker_pmf.map((_, i) => i);
    plot($("chart-pmf"), [{
      type: "bar", x: k, y: anpo.percentBars(res.leaker_pmf), name: "P(k arrive)", marker: { color: anpo.PALETTE[0] },
      // each probability as the cards above write it (the server's text: '< 0.001', where
      // plotly's '.3g' wrote '2.3e-5' beside a card saying '< 0.001')
      customdata: res.leaker_pmf_text.map(anpo.plotText), hovertemplate: "%{x} arrive: %{customdata}<extra></extra>",
    }], {
      title: { text: `Warheads arriving out of ${res.rvs}` },
      xaxis: Object.assign({ title: { text: "warheads arriving (k)" }, rangemode: "tozero" }, anpo.countAxis(res.rvs)),
      // in percent, as the cards and the report write these probabilities
      yaxis: { title: { text: anpo.PERCENT_AXIS }, rangemode: "tozero" },
      bargap: 0.1,
    });
    $("chart-pmf").dataset.rvs = res.rvs;
    status("");
  }

  function showReaction(res, rq) {
    const box = clear($("reaction-numbers"));
    if (!res) {
      plot($("chart-reaction"), [], { title: { text: "No reaction curve for this dyad" } });
      $("caption-reaction").textContent = "";
      return;
    }
    const current = rq.layers[0].interceptors;
    const here = res.points.find((p) => p.interceptors === current);
    const zero = res.points.find((p) => p.interceptors === 0);
    const txt = (p) => (p && p.launchers_needed !== null ? String(p.launchers_needed) : `more than ${res.max_launchers}`);
    // the curve moves layer 1 alone: with more layers, the numbers say so (the other layers keep
    // their interceptors; 'with no interceptors' read as no defense at all)
    const more = rq.layers.length > 1;
    box.append(number("launchers-now", `Launchers the rival needs against ${current} interceptors${more ? " in layer 1" : ""}`, txt(here)));
    // against no interceptors already (no defense today): the same number again says nothing
    if (zero && current !== 0) box.append(number("launchers-zero", more ? "…and with none in layer 1" : "…and with no interceptors", txt(zero)));
    const x = res.points.map((p) => p.interceptors);
    const y = res.points.map((p) => p.launchers_needed);
    plot($("chart-reaction"), [
      { type: "scatter", mode: "lines+markers", x, y, name: "launchers needed", line: { color: anpo.PALETTE[1] },
        hovertemplate: "%{x} interceptors: %{y} launchers<extra></extra>", connectgaps: false },
      { type: "scatter", mode: "markers", x: [current], y: [here ? here.launchers_needed : null], name: "today",
        marker: { size: 12, color: anpo.PALETTE[0], symbol: "diamond" }, hovertemplate: "current: %{y} launchers<extra></extra>" },
    ], {
      title: { text: `Launchers needed for P(at least ${res.m} arrive${res.m === 1 ? "s" : ""}) ≥ ${anpo.percentText(res.q)}` },
      // the layer's name as the user typed it (plotText: plotly read '<b>' in it as markup)
      xaxis: { title: { text: `interceptors in layer 1 (${anpo.plotText(rq.layers[0].name || "layer 1")})` }, rangemode: "tozero" },
      yaxis: { title: { text: "rival launchers needed" }, rangemode: "tozero" },
      showlegend: false,
    });
    $("caption-reaction").textContent = res.caption;
  }

  // ------------------------------------------------------------------ start
  document.addEventListener("DOMContentLoaded", async () => {
    $("preset-scenario").addEventListener("change", () => { $("preset-msg").textContent = ""; fillVariants(); });
    $("preset-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadPreset().catch((err) => { showError($("error"), err); status(""); }); });
    $("add-layer").addEventListener("click", addLayer);
    try {
      state.limits = await api("/api/limits");
      await loadScenarios();
      await loadPreset();
    } catch (err) {
      showError($("error"), err);
      status("");
    }
  });
})();
