/* Alignment: /api/align/landscape, /api/align/whatif, /api/align/upload. */
"use strict";

(() => {
  const { api, upload, el, clear, latest, showError, plot, plotText, PALETTE } = anpo;
  const $ = (id) => document.getElementById(id);
  const run = latest();
  const runWhatif = latest();
  const state = { source: null, result: null, selected: 0, whatifAllowed: true, searching: false, books: [], limits: null };
  /** A cap of the server (GET /api/limits), or `fallback` before it is known. */
  function cap(key, fallback) { return state.limits && state.limits[key] ? state.limits[key] : fallback; }

  function requestBody() {
    const k = Number($("align-k").value);
    return state.source.book ? { book: state.source.book, coalitions: k } : { instance: state.source.instance, coalitions: k };
  }

  /** `newFile`: a file was just chosen, whose own number of coalitions (its `coalitions`, else
   * 2, as `anpo align solve` reads the file) the selector then takes. */
  async function chooseSource(newFile) {
    const file = $("align-file").files[0];
    if (file) {
      const form = new FormData();
      form.append("file", file);
      const spec = await upload("/api/align/upload", form);
      state.source = { instance: spec };
      allowThree(spec.actor.length, newFile ? (spec.coalitions ?? 2) : null);
    } else {
      state.source = { book: $("align-book").value };
      const b = state.books.find((x) => x.name === state.source.book);
      if (b) allowThree(b.n);
    }
  }

  /** Three coalitions are offered up to the server's cap of states (max_actors_three_coalitions
   * of /api/limits): beyond it the enumeration takes minutes. A larger instance falls back to
   * two, and says so. `asked`: an uploaded file's own number of coalitions (null: keep the
   * selector's); one the page does not enumerate (4, "auto") is said, with what is shown. */
  function allowThree(n, asked = null) {
    const most = cap("max_actors_three_coalitions", 12);
    const sel = $("align-k");
    const three = sel.querySelector('option[value="3"]');
    three.textContent = `3 (up to ${most} states)`;
    three.disabled = n > most;
    if (asked === 2 || asked === 3) sel.value = String(asked);
    if (n > most && sel.value === "3") {
      sel.value = "2";
      $("align-k-msg").textContent = `Three coalitions need at most ${most} states; this instance has ${n}: two coalitions shown.`;
    } else if (asked !== null && asked !== 2 && asked !== 3) {
      $("align-k-msg").textContent = `The file asks for coalitions = ${asked}; this page enumerates 2 or 3: ${sel.value} shown (anpo align solve takes the file's).`;
    } else {
      $("align-k-msg").textContent = "";
    }
  }

  function compute(newFile = false) {
    $("status").textContent = "computing every local minimum…";
    clear($("error"));
    // the what-if answer is of the instance before (the 2001 answer stayed under the 2018
    // landscape, its "propensity now" the 2001 values); one still searching is not shown
    runWhatif.cancel();
    clear($("whatif"));
    clear($("whatif-error"));
    run(async () => { await chooseSource(newFile); return api("/api/align/landscape", requestBody()); },
      (res) => { state.result = res; state.selected = 0; showResult(); $("status").textContent = ""; },
      (err) => { showError($("error"), err); clearResult(); $("status").textContent = ""; });
  }

  /** The instance could not be computed (a file that is not an instance, say): no result of
   * the instance before stays on show under the message, as if it were this one's. */
  function clearResult() {
    state.result = null;
    $("instance-title").textContent = "Predicted alignments";
    $("instance-source").textContent = "";
    clear($("minima"));
    for (const id of ["chart-map", "chart-basins"]) plot($(id), [], { title: { text: "No result (see the message above)" } });
    $("map-unnamed").textContent = "";
    clear($("whatif"));
    clear($("whatif-error"));
    for (const id of ["whatif-actor", "whatif-anchor1", "whatif-anchor2"]) clear($(id));
    state.whatifAllowed = false;
    $("whatif-run").disabled = true;
    $("whatif-msg").textContent = "";
  }

  function coalitionText(coalitions) {
    return coalitions.map((c) => c.join(", ")).join("  |  ");
  }

  function showResult() {
    const r = state.result;
    $("instance-title").textContent = `Predicted alignments: ${r.title}`;
    // where the sizes and propensities come from (the datasets and recipe of a built-in
    // instance): the page named only the recipe's id
    $("instance-source").textContent = r.source;
    const box = clear($("minima"));
    box.append(el("p", { id: "minima-summary", text: `${r.n} states, ${r.configurations.toLocaleString("en")} configurations, ${(r.minima.length + r.other_minima).toLocaleString("en")} local minim${r.minima.length + r.other_minima === 1 ? "um" : "a"}. Select one to colour the map.` }));
    const table = el("table", { id: "minima-table" }, el("thead", {}, el("tr", {},
      ["", "rank", "energy", "basin", "coalitions"].map((h) => el("th", { scope: "col", text: h })))));
    const body = el("tbody");
    r.minima.forEach((m, i) => {
      const radio = el("input", { type: "radio", name: "minimum", value: i, "aria-label": `minimum ${m.rank}`, checked: i === state.selected });
      radio.addEventListener("change", () => { state.selected = i; drawMap(); });
      body.append(el("tr", {}, el("td", {}, radio), el("td", { class: "num", text: m.rank }),
        el("td", { class: "num", text: m.energy_text }), el("td", { class: "num", text: m.basin_text }),
        // each coalition named as the map's legend names it: the swatch's colour alone told them
        // apart (a screen reader read the two lists run together, 'Philippines China')
        el("td", {}, m.coalitions.map((c, k) => el("span", { class: "coalition" }, el("span", { class: `swatch c${k}` }), `coalition ${k + 1}: `, c.join(", "))))));
    });
    table.append(body);
    box.append(el("div", { class: "table-wrap scroll" }, table));
    // the server's percentage (toFixed(1) wrote a share under 0.05% as '0.0%'), counted in words
    const others = r.other_minima === 1 ? "1 more minimum holds" : `${r.other_minima.toLocaleString("en")} more minima hold`;
    if (r.other_minima) box.append(el("p", { class: "hint", text: `${others} ${r.other_basin_text} of the basins.` }));
    // which minima are listed when there are more, and why (all tied: the order is not the model's)
    if (r.minima_note) box.append(el("p", { class: "hint", id: "minima-note", text: r.minima_note }));
    if (r.basin_tie_note) box.append(el("p", { class: "hint", id: "basin-tie-note", text: r.basin_tie_note }));
    drawMap();
    // room above the largest basin for its rank, written over its marker (a basin of 100% had
    // its '#1' cut in half at the plot's top edge)
    const top = Math.max(...r.minima.map((m) => m.basin_share), 0.05);
    plot($("chart-basins"), [{
      type: "scatter", mode: "markers+text", x: r.minima.map((m) => m.energy), y: r.minima.map((m) => m.basin_share),
      text: r.minima.map((m) => `#${m.rank}`), textposition: "top center", marker: { size: 10, color: PALETTE[0] },
      // each minimum's energy and basin as the table beside the chart writes them (the
      // server's text): the hover's '.1%' read a basin the table gives as 0.0417% as '0.0%'
      customdata: r.minima.map((m) => [plotText(m.energy_text), plotText(m.basin_text)]),
      hovertemplate: "energy %{customdata[0]}<br>basin %{customdata[1]}<extra></extra>",
    }], {
      title: { text: "Local minima: energy and basin" },
      xaxis: { title: { text: "energy (lower is more stable)" } },
      yaxis: { title: { text: "basin share (%)" }, tickformat: ".0%", range: [0, top * 1.15] },
    });
    fillWhatif(r);
  }

  /** The map's margins (px): its axes are hidden, the legend sits under the plot. */
  const MAP_MARGIN = { l: 10, r: 10, t: 40, b: 40 };

  /**
   * The map's axis ranges and where each state's name goes. The ranges give both axes one scale
   * (a distance on the map means one thing in every direction) and leave room at the edges for
   * the longest name, so that none is cut. A name goes above its marker, else below it, else
   * nowhere (it stays in the hover) when both would overlap a marker or a name already placed;
   * the largest states are placed first. Names are about 7 px a character, 14 px high.
   */
  function placeNames(actors, sizes, width, height) {
    const w = width - MAP_MARGIN.l - MAP_MARGIN.r;
    const h = height - MAP_MARGIN.t - MAP_MARGIN.b;
    const xs = actors.map((a) => a.x);
    const ys = actors.map((a) => a.y);
    // the room at the sides: half the longest name, or the largest marker's radius if wider
    // (a state named 'C' had its marker cut in half at the chart's edge)
    const big = Math.max(...sizes) / 2;
    const half = Math.max(big, ...actors.map((a) => 3.5 * a.name.length)) + 4;
    const span = (v) => Math.max(...v) - Math.min(...v) || 1;
    const scale = Math.max(1e-9, Math.min((w - 2 * half) / span(xs), (h - 2 * (big + 18)) / span(ys)));
    const mid = (v) => (Math.max(...v) + Math.min(...v)) / 2;
    const xrange = [mid(xs) - w / 2 / scale, mid(xs) + w / 2 / scale];
    const yrange = [mid(ys) - h / 2 / scale, mid(ys) + h / 2 / scale];
    const px = (i) => [(actors[i].x - xrange[0]) * scale, (yrange[1] - actors[i].y) * scale]; // y grows downwards
    // every marker is in the way of a name, and so is every name placed
    const boxes = actors.map((_, i) => {
      const [cx, cy] = px(i);
      const rad = sizes[i] / 2;
      return { x0: cx - rad, x1: cx + rad, y0: cy - rad, y1: cy + rad };
    });
    const overlaps = (b) => boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
    const order = actors.map((_, i) => i).sort((i, j) => actors[j].size - actors[i].size);
    const position = new Array(actors.length).fill("none");
    for (const i of order) {
      const lw = 7 * actors[i].name.length;
      const [cx, cy] = px(i);
      for (const [pos, dy] of [["top center", -(sizes[i] / 2 + 16)], ["bottom center", sizes[i] / 2 + 2]]) {
        const b = { x0: cx - lw / 2, x1: cx + lw / 2, y0: cy + dy, y1: cy + dy + 14 };
        if (!overlaps(b)) { boxes.push(b); position[i] = pos; break; }
      }
    }
    return { position, xrange, yrange };
  }

  /** Draw the map of the selected minimum, or of `config` under `title` (the what-if's
   * answer); drawn again the same way, its names placed again, when the chart's width changes. */
  function drawMap(config, title) {
    const r = state.result;
    const m = r.minima[state.selected];
    const cfg = config || m.config;
    const k = Math.max(...cfg) + 1;
    const maxSize = Math.max(...r.actors.map((a) => a.size));
    const sizes = r.actors.map((a) => 8 + 30 * Math.sqrt(a.size / maxSize));
    const div = $("chart-map");
    const names = placeNames(r.actors, sizes, div.clientWidth || 600, parseFloat(getComputedStyle(div).minHeight) || 320);
    const traces = [];
    for (let c = 0; c < k; c++) {
      const idx = r.actors.map((_, i) => i).filter((i) => cfg[i] === c);
      traces.push({
        type: "scatter", mode: "markers+text", name: `coalition ${c + 1}`,
        x: idx.map((i) => r.actors[i].x), y: idx.map((i) => r.actors[i].y),
        text: idx.map((i) => (names.position[i] === "none" ? "" : plotText(r.actors[i].name))),
        customdata: idx.map((i) => plotText(r.actors[i].name)),
        textposition: idx.map((i) => (names.position[i] === "none" ? "top center" : names.position[i])),
        marker: { color: PALETTE[c % PALETTE.length], size: idx.map((i) => sizes[i]), line: { width: 1, color: "#fff" } },
        cliponaxis: false,
        hovertemplate: "%{customdata}<extra>coalition " + (c + 1) + "</extra>",
      });
    }
    plot(div, traces, {
      title: { text: title || `Minimum #${m.rank}: energy ${m.energy_text}, basin ${m.basin_text}` },
      margin: MAP_MARGIN,
      xaxis: { visible: false, range: names.xrange, fixedrange: true }, yaxis: { visible: false, range: names.yrange, fixedrange: true },
      legend: { orientation: "h", x: 0, y: 0, yref: "container", yanchor: "bottom" },
    }, () => drawMap(config, title));
    const hidden = r.actors.filter((_, i) => names.position[i] === "none").map((a) => a.name);
    $("map-unnamed").textContent = hidden.length
      ? `Not named on the map (their names would overlap others; hover over a marker): ${hidden.join(", ")}.`
      : "";
  }

  function fillWhatif(r) {
    const names = r.actors.map((a) => a.name);
    const sels = [$("whatif-actor"), $("whatif-anchor1"), $("whatif-anchor2")];
    const keep = sels.map((s) => s.value);
    for (const s of sels) {
      clear(s);
      for (const n of names) s.append(el("option", { value: n, text: n }));
    }
    $("whatif-anchor2").prepend(el("option", { value: "", text: "(nobody else)" }));
    const pick = (sel, wanted, fallback) => { sel.value = names.includes(wanted) ? wanted : fallback; };
    pick($("whatif-anchor1"), keep[1] || "United States of America", names[0]);
    pick($("whatif-anchor2"), keep[2] || "Japan", names.length > 2 ? names[1] : "");
    pick($("whatif-actor"), keep[0] || "China", names[names.length - 1]);
    const most = cap("max_actors_whatif", 20);
    state.whatifAllowed = r.n <= most && r.coalitions === 2;
    $("whatif-run").disabled = !state.whatifAllowed || state.searching;
    // a disabled button says why (it was greyed out with no word for 21 states or 3 coalitions)
    $("whatif-msg").textContent = r.n > most
      ? `The smallest change is searched for up to ${most} states; this instance has ${r.n}.`
      : r.coalitions !== 2
        ? "The smallest change is computed for two coalitions: choose 2 coalitions above."
        : "";
  }

  function whatif() {
    const anchors = [$("whatif-anchor1").value, $("whatif-anchor2").value].filter(Boolean);
    const body = Object.assign({}, requestBody(), { actor: $("whatif-actor").value, anchors, norm: $("whatif-norm").value, coalitions: 2 });
    clear($("whatif-error"));
    const box = clear($("whatif"));
    box.append(el("p", { class: "status", role: "status", text: "searching for the smallest change…" }));
    // a search takes seconds: the button stays disabled until its answer is in
    const button = $("whatif-run");
    const searching = (on) => {
      state.searching = on;
      button.disabled = on || !state.whatifAllowed;
      $("whatif").setAttribute("aria-busy", on ? "true" : "false");
    };
    searching(true);
    runWhatif(() => api("/api/align/whatif", body).finally(() => searching(false)), showWhatif,
      (err) => { clear(box); showError($("whatif-error"), err); });
  }

  function showWhatif(w) {
    const box = clear($("whatif"));
    box.append(el("p", { id: "whatif-sentence", class: "answer-box", text: w.sentence }));
    if (w.changes.length) {
      const table = el("table", { id: "whatif-table" }, el("thead", {}, el("tr", {},
        ["pair", "propensity now", "after", "change"].map((h) => el("th", { scope: "col", text: h })))));
      const body = el("tbody");
      for (const c of w.changes) {
        body.append(el("tr", {}, el("td", { text: `${c.a} – ${c.b}` }), el("td", { class: "num", text: c.before_text }),
          el("td", { class: "num", text: c.after_text }), el("td", { class: "num", text: c.change_text })));
      }
      table.append(body);
      box.append(el("div", { class: "table-wrap" }, table));
    }
    box.append(el("p", {}, el("strong", { text: "Global minimum now: " }), coalitionText(w.before_coalitions)));
    // a state already on the anchors' side needs no change: no 'after the change' repeating the
    // global minimum, no map titled 'After the smallest change bringing Australia in'
    if (w.coalitions && !w.already) {
      box.append(el("p", {}, el("strong", { text: "After the change: " }), coalitionText(w.coalitions)));
      drawMap(w.config, `After the smallest change bringing ${plotText(w.actor_text)} in`);
    }
  }

  document.addEventListener("DOMContentLoaded", async () => {
    try {
      state.limits = await api("/api/limits");
      const books = await api("/api/align/book");
      state.books = books;
      for (const b of books) $("align-book").append(el("option", { value: b.name, text: `${b.title} (${b.n} states)` }));
    } catch (err) {
      showError($("error"), err);
      return;
    }
    $("source-form").addEventListener("submit", (ev) => { ev.preventDefault(); compute(); });
    $("align-book").addEventListener("change", () => { $("align-file").value = ""; compute(); });
    $("align-file").addEventListener("change", () => compute(true));
    $("align-k").addEventListener("change", () => compute());
    $("whatif-form").addEventListener("submit", (ev) => { ev.preventDefault(); whatif(); });
    compute();
  });
})();
