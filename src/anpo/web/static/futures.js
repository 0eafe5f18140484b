/* Futures: /api/futures/scorecard and, with --explore DIR, /api/explore/*. */
"use strict";

(() => {
  const { api, el, clear, debounce, latest, showError, plot, plotText, PALETTE } = anpo;
  const $ = (id) => document.getElementById(id);
  const runExplore = latest();
  let card = null;
  let summary = null;

  function showScorecard(sc) {
    card = sc;
    const box = clear($("scorecard"));
    const head = el("tr", {}, el("th", { scope: "col", text: "question" }), el("th", { scope: "col", text: "indicator" }),
      sc.futures.map((f) => el("th", { scope: "col", title: f.summary, text: f.title })));
    const body = el("tbody");
    let last = "";
    for (const ind of sc.indicators) {
      body.append(el("tr", { id: `ind-${ind.name}` },
        el("td", { text: ind.question === last ? "" : ind.question }),
        el("td", { title: ind.definition, text: ind.label }),
        ind.cells.map((c) => el("td", { class: "num", text: c.text }))));
      last = ind.question;
    }
    box.append(el("div", { class: "table-wrap" }, el("table", { id: "scorecard-table" }, el("thead", {}, head), body)));
    // what could read as a slip in the cells (two futures without cover, different exposures), and why
    for (const note of sc.notes || []) box.append(el("p", { class: "hint scorecard-note", text: note }));
    // what each future is and where it comes from, and what each indicator measures, in the
    // page's text: the headers' and cells' tooltips cannot be read from a keyboard or a phone
    box.append(el("h3", { text: "The futures" }), el("dl", { id: "futures-defs" }, sc.futures.flatMap((f) => [
      el("dt", { text: f.title }),
      el("dd", {}, f.summary, el("br"), el("span", { class: "hint" }, `Source: “${f.seed}” (${f.seed_ref}).`)),
    ])));
    box.append(el("details", { id: "indicator-defs" }, el("summary", { text: "What each indicator measures" }),
      el("dl", {}, sc.indicators.flatMap((i) => [el("dt", { text: i.label }), el("dd", { text: i.definition })])),
      el("p", { class: "hint", text: `Model: ${sc.model}` })));
    const sel = clear($("indicator"));
    for (const ind of sc.indicators) {
      if (ind.cells.some((c) => c.value !== null)) sel.append(el("option", { value: ind.name, text: ind.label }));
    }
    sel.value = sc.indicators.some((i) => i.name === "china_p_reach_us") ? "china_p_reach_us" : sel.value;
    drawIndicator();
  }

  function drawIndicator() {
    const ind = card.indicators.find((i) => i.name === $("indicator").value);
    if (!ind) return;
    const div = $("chart-scorecard");
    // on a phone the futures' names do not fit under six columns: the bars lie down, one per row
    const across = div.clientWidth < anpo.NARROW;
    // the text escaped for plotly (plotText: a cell's '< 0.1%' followed by a '>' would read as
    // a tag), then broken into lines with <br>
    const wrap = (t, n) => plotText(t).replace(new RegExp(`(.{1,${n}})(\\s|$)`, "g"), "$1<br>").replace(/<br>$/, "");
    const titles = card.futures.map((f) => wrap(f.title, across ? 18 : 22));
    const pct = ind.kind === "probability" || ind.kind === "share";
    const values = ind.cells.map((c) => c.value);
    const bar = {
      type: "bar", text: ind.cells.map((c) => plotText(c.text)), textposition: "outside", cliponaxis: false,
      marker: { color: card.futures.map((f) => (f.kind === "danger" ? PALETTE[1] : PALETTE[0])) },
      hovertemplate: (across ? "%{y}" : "%{x}") + ": %{text}<extra></extra>",
    };
    const valueAxis = { tickformat: pct ? ".0%" : "", rangemode: "tozero", automargin: true };
    // a share's axis reaches 1% at least: values of floating-point size (a price of 1e-9) were
    // drawn as full bars over five ticks all reading '0%'
    const top = Math.max(0, ...values.filter((v) => v !== null));
    if (pct && values.every((v) => v === null || v >= 0)) valueAxis.range = [0, Math.max(0.01, 1.15 * top)];
    if (pct && top < 0.05) valueAxis.tickformat = ".1%"; // ticks of 0.2%: '.0%' read 0%, 0%, 1%, 1%
    // a yes/no indicator (1 yes, 0 no) reads 'no' and 'yes' on its axis: ticks 0.2 ... 0.8
    // meant nothing
    if (ind.kind === "yes-no") Object.assign(valueAxis, { tickvals: [0, 1], ticktext: ["no", "yes"], range: [0, 1.15] });
    const namesAxis = { automargin: true, tickangle: 0 };
    // an undefined cell has no bar: its text ('undefined: no U.S. guarantee to Japan to
    // honour') is written where the bar would stand, not left blank
    const undefinedNotes = ind.cells.map((c, i) => (c.value !== null ? null : Object.assign({
      text: wrap(c.text, across ? 30 : 22), showarrow: false, font: { size: 12, color: "#5a6273" },
    }, across ? { y: titles[i], x: 0, xanchor: "left", yref: "y", xref: "x" }
      : { x: titles[i], y: 0, yanchor: "bottom", xref: "x", yref: "y" }))).filter(Boolean);
    plot(div, [Object.assign(bar, across ? { orientation: "h", y: titles, x: values } : { x: titles, y: values })], {
      title: { text: plotText(ind.label) },
      annotations: undefinedNotes,
      xaxis: across ? valueAxis : namesAxis,
      yaxis: across ? Object.assign(namesAxis, { autorange: "reversed" }) : valueAxis,
      margin: across ? { r: 50 } : {},
      // lying down, each future's row as tall as its name's lines (16 px each) and some air
      height: across ? 110 + titles.reduce((h, t) => h + 16 * t.split("<br>").length + 14, 0) : undefined,
    }, drawIndicator); // a width change draws it again: upright or lying down for the new width
    $("caption-scorecard").textContent = `${ind.definition}. Blue: the seed's futures; vermillion: the two dangers.`;
  }

  // ------------------------------------------------------------------ exploration
  function setupExplore(s) {
    summary = s;
    if (!s.available) {
      $("explore-off").textContent = s.reason;
      return;
    }
    $("explore").hidden = false;
    $("explore-info").textContent = `${s.folder}: ${s.done} of ${s.experiments} experiments (${s.sampler}, n = ${s.n}, seed ${s.seed}), model ${s.model}; cases: ${s.cases.map(caseName).join("; ")}.`;
    // a run of another format (format 1: the samples) says what its input columns hold
    $("explore-format").textContent = s.format_note ? `Note: ${s.format_note}.` : "";
    $("explore-format").hidden = !s.format_note;
    const numeric = s.columns.filter((c) => c.numeric);
    for (const id of ["explore-x", "explore-y"]) {
      const sel = clear($(id));
      for (const c of s.columns) sel.append(el("option", { value: c.name, text: `${c.label} (${c.role})` }));
      sel.addEventListener("change", refresh);
    }
    const inputs = s.columns.filter((c) => c.role === "input");
    const outcomes = s.columns.filter((c) => c.role === "outcome");
    $("explore-x").value = (inputs[0] || s.columns[0]).name;
    $("explore-y").value = (outcomes[0] || s.columns[s.columns.length - 1]).name;
    const cases = clear($("explore-cases"));
    for (const c of s.cases) cases.append(el("option", { value: c, text: caseName(c), selected: true }));
    cases.addEventListener("change", refresh);
    const filters = clear($("explore-filters"));
    for (const c of numeric) {
      if (c.kind === "yes-no") {
        // a yes/no outcome (1 yes, 0 no) is kept by its answer: it read 'between 0 and 1', a
        // range of numbers that are not its values
        const sel = el("select", { id: `f-${c.name}-yesno`, "aria-label": `${c.label}: keep` },
          el("option", { value: "", text: "yes or no" }), el("option", { value: "yes", text: "yes" }), el("option", { value: "no", text: "no" }));
        sel.addEventListener("change", refresh);
        filters.append(el("label", {}, `${c.label}`, el("span", { class: "row" }, sel)));
        continue;
      }
      const [min, max] = shownBounds(c);
      const lo = el("input", { type: "number", id: `f-${c.name}-min`, step: "any", value: min, "aria-label": `${c.label} from` });
      const hi = el("input", { type: "number", id: `f-${c.name}-max`, step: "any", value: max, "aria-label": `${c.label} to` });
      lo.addEventListener("input", refresh);
      hi.addEventListener("input", refresh);
      // a probability or share is stored from 0 to 1 but read in percent, as the table, the
      // chart's axis and the scorecard give it: '40' keeps from 40% (it took fractions, and
      // '40' for 40% kept nothing); the label says so
      const unit = percentScale(c) === 100 ? " (%)" : "";
      filters.append(el("label", {}, `${c.label}${unit} between`, el("span", { class: "row" }, lo, hi)));
    }
    refresh();
  }

  /** What a column's filter boxes are in, per unit of the run's values: 100 for a futures
   * run's probability or share (percent, as the table writes it), 1 for any other column. */
  function percentScale(c) {
    return c.kind === "fraction" ? 100 : 1;
  }

  /** The extremes a column's filter boxes show at first (four significant digits, in the
   * boxes' unit): a bound is a filter only once the user moves it from these. */
  function shownBounds(c) {
    const k = percentScale(c);
    return [Number((c.min * k).toPrecision(4)), Number((c.max * k).toPrecision(4))];
  }

  /** A column's label ('kill probability of one ... interceptor'), a case's name (a future's
   * title): the names and ids stay the values the requests carry. */
  function label(name) {
    const c = summary && summary.columns.find((x) => x.name === name);
    return c ? c.label : name;
  }

  function caseName(id) {
    return (summary && summary.case_names && summary.case_names[id]) || id;
  }

  function exploreRequest() {
    const filters = {};
    for (const c of summary.columns.filter((x) => x.numeric)) {
      if (c.kind === "yes-no") {
        const keep = $(`f-${c.name}-yesno`).value;
        if (keep === "yes") filters[c.name] = { min: 0.5 };
        if (keep === "no") filters[c.name] = { max: 0.5 };
        continue;
      }
      const lo = Number($(`f-${c.name}-min`).value);
      const hi = Number($(`f-${c.name}-max`).value);
      const [min, max] = shownBounds(c);
      const k = percentScale(c); // the API takes the run's values: a percent typed is sent / 100
      const f = {};
      // a bound is a filter only once the user moved it from the shown (rounded) extreme
      if ($(`f-${c.name}-min`).value !== "" && Number.isFinite(lo) && lo !== min) f.min = lo / k;
      if ($(`f-${c.name}-max`).value !== "" && Number.isFinite(hi) && hi !== max) f.max = hi / k;
      if (Object.keys(f).length) filters[c.name] = f;
    }
    const cases = [...$("explore-cases").selectedOptions].map((o) => o.value);
    return { filters, cases, x: $("explore-x").value, y: $("explore-y").value, limit: 2000 };
  }

  const refresh = debounce(() => {
    runExplore(() => api("/api/explore/results", exploreRequest()), showResults, (err) => showError($("error"), err));
  }, 100);

  function showResults(r) {
    const req = exploreRequest();
    // why nothing matches when the request itself excludes everything (a range typed
    // backwards, no case selected): the server's notes, in its words, not a second wording
    const why = r.notes || [];
    $("explore-count").textContent = `${r.matched} of ${r.total} experiments match the filters (${r.shown} plotted)${why.length ? `: ${why.join("; ")}` : ""}.`;
    const cases = [...new Set(r.case)];
    // the run's column and case names, and the values of a column of text, are drawn as
    // written: plotly read '<b>', '<br>', '<a href>' in them as markup (plotText)
    const shown = (v) => (typeof v === "string" ? plotText(v) : v);
    const [xName, yName] = [plotText(label(req.x)), plotText(label(req.y))];
    // a yes/no indicator (1 yes, 0 no) reads 'no' and 'yes' on its axis, as on the scorecard's
    // chart: the axis read 0, 0.2, ..., 1, numbers that mean nothing for a yes or a no
    // a futures run's probability or share (stored 0 to 1) reads in percent on its axis, as the
    // table beside the chart, the scorecard and the report give it: the axis read 0 to 1
    // beside a table of '64.6%'
    const axis = (name, title, values) => {
      const c = summary.columns.find((x) => x.name === name);
      const a = { title: { text: title } };
      if (c && c.kind === "yes-no") Object.assign(a, { tickvals: [0, 1], ticktext: ["no", "yes"], range: [-0.15, 1.15] });
      if (c && c.kind === "fraction") {
        // '~%': percent with the digits a tick needs ('20%', '0.5%'), float noise trimmed
        Object.assign(a, { title: { text: `${title} (%)` }, tickformat: "~%" });
        // values within 1 percentage point of each other (a price of 1e-9 in every sample)
        // get an axis 1 point wide: plotly's own ticks of a few 1e-10 all read '0%'
        const v = values.filter((x) => typeof x === "number" && Number.isFinite(x));
        const [lo, hi] = [Math.min(...v), Math.max(...v)];
        if (v.length && hi - lo < 0.01) {
          const start = Math.max(0, Math.min((lo + hi) / 2 - 0.005, 1 - 0.01));
          a.range = [start - 0.0005, start + 0.0105];
        }
      }
      return a;
    };
    // the hover gives each value as the table writes it (the server's text: '64.6%', '< 0.1%',
    // 'yes'), after the axis' name: the names are the trace's meta, never spliced into the
    // template (a '%{x}' in a name was filled in)
    const template = "%{meta[0]}: %{customdata[0]}<br>%{meta[1]}: %{customdata[1]}";
    plot($("chart-explore"), cases.map((c, i) => {
      const idx = r.case.map((x, j) => (x === c ? j : -1)).filter((j) => j >= 0);
      return {
        type: "scatter", mode: "markers", name: plotText(caseName(c)), x: idx.map((j) => shown(r.x[j])), y: idx.map((j) => shown(r.y[j])),
        customdata: idx.map((j) => [plotText(r.x_text[j]), plotText(r.y_text[j])]), meta: [xName, yName], hovertemplate: template,
        marker: { size: 5, color: PALETTE[i % PALETTE.length], opacity: 0.7 },
      };
    }), {
      title: { text: `${yName} against ${xName}` },
      xaxis: axis(req.x, xName, r.x), yaxis: axis(req.y, yName, r.y), legend: { orientation: "h" },
    });
    const t = el("table", { id: "explore-table" }, el("thead", {}, el("tr", {}, ["case", "experiments", `${r.stat_names[0]} ${label(req.y)}`, r.stat_names[1], r.stat_names[2]].map((h) => el("th", { scope: "col", text: h })))));
    const body = el("tbody");
    // the server's text, written as the report writes numbers (toPrecision gave '0.00' for 0
    // and '3.00e-10' for a price of floating-point size)
    for (const c of r.by_case) body.append(el("tr", {}, el("td", { text: caseName(c.case) }), el("td", { class: "num", text: c.count }), el("td", { class: "num", text: c.mean_text }), el("td", { class: "num", text: c.p05_text }), el("td", { class: "num", text: c.p95_text })));
    t.append(body);
    clear($("explore-cases-table")).append(el("div", { class: "table-wrap" }, t));
  }

  document.addEventListener("DOMContentLoaded", async () => {
    $("status").textContent = "computing the scorecard (a few seconds the first time)…";
    $("indicator").addEventListener("change", drawIndicator);
    try {
      const [sc, ex] = await Promise.all([api("/api/futures/scorecard"), api("/api/explore/summary")]);
      showScorecard(sc);
      setupExplore(ex);
    } catch (err) {
      showError($("error"), err);
    }
    $("status").textContent = "";
  });
})();
