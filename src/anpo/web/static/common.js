/* anpo serve: helpers shared by the pages (no framework, no inline scripts). */
"use strict";

const anpo = (() => {
  /** An error answer of the API: message and the field it names. */
  class ApiError extends Error {
    constructor(message, field, status, detail) {
      super(message);
      this.field = field || null;
      this.status = status;
      // each problem of a refusal ({loc, msg, type}): a form shows each beside its own field
      this.detail = Array.isArray(detail) ? detail : [];
    }
  }

  /** GET (no body) or POST JSON to the API; resolves to the JSON answer, rejects with ApiError. */
  async function api(path, body) {
    const init = body === undefined
      ? { method: "GET", headers: { accept: "application/json" } }
      : {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
        };
    return handle(await fetch(path, init));
  }

  /** POST a multipart form (file upload). */
  async function upload(path, form) {
    return handle(await fetch(path, { method: "POST", body: form }));
  }

  async function handle(resp) {
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      data = null;
    }
    if (!resp.ok) {
      // a refusal worded by anpo (one problem of type value_error) is shown in its words, not
      // behind the API's field path ("body.decoys_per_rv: 2,000 warheads with ..."); any other
      // keeps the path, which says where the problem is
      const one = data && Array.isArray(data.detail) && data.detail.length === 1 ? data.detail[0] : null;
      const msg = one && one.type === "value_error" && one.msg
        ? one.msg
        : data && data.error ? data.error : `HTTP ${resp.status}`;
      throw new ApiError(msg, data && data.field, resp.status, data && data.detail);
    }
    return data;
  }

  /** Create an element; text children become text nodes (never parsed as HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  /**
   * Run async jobs so that only the latest one's result is applied (a slider sends many), and
   * at most one of a runner's jobs is in flight: a job asked for while another runs waits, and a
   * newer one replaces it unsent. Dragging a slider or pressing a button again and again thus
   * costs the server two computations, not a pile of them.
   * `busy` is set on <body data-busy> while a job runs or waits; tests wait for it to clear.
   * <body data-done> counts the jobs finished (or replaced unsent) on the page (a job answered
   * from the server's memo may start and end between two looks at `busy`).
   */
  let busy = 0; // jobs running or waiting on the page, over every runner
  let done = 0; // jobs finished on the page, over every runner

  function begin() {
    busy += 1;
    document.body.dataset.busy = "1";
  }

  function end() {
    busy -= 1;
    done += 1;
    document.body.dataset.done = String(done);
    if (busy === 0) delete document.body.dataset.busy;
  }

  function latest() {
    let seq = 0;
    let running = false;
    let waiting = null; // the newest job asked for while another runs
    async function pump() {
      running = true;
      while (waiting) {
        const { job, apply, onError, mine } = waiting;
        waiting = null;
        try {
          const result = await job();
          if (mine === seq) apply(result);
        } catch (err) {
          if (mine === seq) onError(err);
        } finally {
          end();
        }
      }
      running = false;
    }
    const run = (job, apply, onError) => {
      const mine = ++seq;
      begin();
      if (waiting) end(); // replaced before it was sent
      waiting = { job, apply, onError, mine };
      if (!running) return pump();
      return Promise.resolve();
    };
    // the form now asks for nothing (a field is missing): a job already asked for may finish,
    // but its answer is for a question no longer on screen and is not shown
    run.cancel = () => {
      seq += 1;
      if (waiting) {
        waiting = null;
        end(); // never sent
      }
    };
    return run;
  }

  /** Show an error message in `node` (role=alert). */
  function showError(node, err) {
    clear(node);
    node.append(el("p", { class: "error", role: "alert", text: err.message || String(err) }));
  }

  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

  /** Break `text` into lines of at most `max` characters at spaces (a longer word stays whole);
   * plotly draws a title on one line however narrow the chart, so a long one runs off both
   * sides. Returns the text with <br> between lines and the number of lines. */
  function wrapText(text, max) {
    const words = String(text).split(" ");
    const lines = [];
    let line = "";
    for (const w of words) {
      if (line && (line + " " + w).length > max) { lines.push(line); line = w; }
      else line = line ? `${line} ${w}` : w;
    }
    if (line) lines.push(line);
    return { text: lines.join("<br>"), lines: lines.length };
  }

  /** A chart narrower than this (px, a phone's) has its legend under the plot. */
  const NARROW = 560;

  /**
   * The layout fitted to the chart's width: the title and the axis titles wrapped to lines that
   * fit (about 9 px a character in the title, 8 in an axis title), the chart grown by the
   * title's extra lines (its plot keeps its height), tick labels and axis titles kept inside
   * the chart (automargin), and on a narrow chart the legend laid out horizontally under the
   * plot instead of beside it.
   */
  function fitLayout(div, layout, base, extra = 0) {
    const width = div.clientWidth || 600;
    let height = ((layout && layout.height) || parseFloat(getComputedStyle(div).minHeight) || 320) + extra;
    const out = Object.assign({}, base, layout || {});
    out.margin = Object.assign({}, base.margin, (layout || {}).margin || {});
    const narrow = width < NARROW;
    if (out.title && out.title.text) {
      // a phone's chart: a smaller title (15 px, about 8 px a character, lines 20 px apart)
      const [size, charPx, linePx] = narrow ? [15, 8, 20] : [17, 9, 23];
      const t = wrapText(out.title.text, Math.max(16, Math.floor((width - 30) / charPx)));
      // the plot keeps its height under a title of several lines (plotly shrinks margins that
      // leave it too little room: the title would run into it); placeTitle corrects the rest
      height += linePx * (t.lines - 1);
      out.height = height;
      out.margin.t = Math.max(out.margin.t, 18 + linePx * t.lines);
      out.title = Object.assign({}, out.title, {
        text: t.text, font: Object.assign({ size }, out.title.font || {}),
        yref: "container", y: 1 - 8 / height, yanchor: "top",
      });
    }
    for (const [axis, room] of [["xaxis", width - out.margin.l - out.margin.r], ["yaxis", height - out.margin.t - out.margin.b]]) {
      if (!out[axis] || out[axis].visible === false) continue;
      const ax = Object.assign({ automargin: true }, out[axis]);
      if (ax.title && ax.title.text) ax.title = Object.assign({}, ax.title, { text: wrapText(ax.title.text, Math.max(12, Math.floor(room / 8))).text });
      out[axis] = ax;
    }
    // a legend laid out horizontally (asked for, or any legend on a phone) sits at the chart's
    // bottom, under the axis title (plotly's default place for it, just under the plot, is where
    // a long axis title goes: they overlapped); placeLegend gives it room
    if (out.showlegend !== false && (narrow || (out.legend && out.legend.orientation === "h"))) {
      out.legend = Object.assign({}, out.legend || {}, { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container" });
    }
    return out;
  }

  // no "Share chart..." button: plotly.js offers to upload the chart to Plotly Cloud
  // (cloud.plotly.com) by default, and no data of this app leaves the machine
  const PLOT_CONFIG = {
    displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "sendChartToCloud"],
    showSendToCloud: false, showEditInChartStudio: false, plotlyServerURL: "",
  };
  const BASE_LAYOUT = {
    margin: { l: 60, r: 20, t: 40, b: 50 },
    font: { family: "system-ui, sans-serif", size: 13 },
    colorway: PALETTE,
    paper_bgcolor: "#fff",
    plot_bgcolor: "#fff",
    hovermode: "closest",
  };

  /** Draw or redraw a plotly chart with the app's defaults (offline: plotly.js is served locally),
   * fitted to the chart's width (:func:`fitLayout`) and fitted again when the window's width
   * changes (a phone turned, a window resized). A chart whose traces or layout are computed
   * from its width (names placed in pixels, bars laid down on a phone) passes `redraw`, the
   * function that draws it again from its data: a width change calls it, instead of fitting
   * the traces and layout computed for the old width. */
  function plot(div, traces, layout, redraw) {
    div.anpoPlot = { traces, layout, redraw, width: div.clientWidth };
    const named = legendNames(div, traces, fitLayout(div, layout, BASE_LAYOUT));
    // a phone's legend under the plot, guessed at 20 px a line of entries (about 7 px a
    // character after 40 px of symbol, entries side by side while they fit): a legend of more
    // than one line makes the chart that much taller at once (plotly refuses a plot of no
    // height: six long entries took all of it), then placeLegend sets it from the legend drawn
    const width = div.clientWidth || 600;
    const entries = named.filter((t) => t.name && t.showlegend !== false);
    let lines = 0;
    if (width < NARROW && entries.length > 1 && (!layout || layout.showlegend !== false)) {
      let row = Infinity;
      for (const t of entries) {
        const parts = String(t.name).split("<br>");
        const w = 40 + 7 * Math.max(...parts.map((x) => x.length));
        if (parts.length > 1 || row + w > width - 10) { lines += parts.length; row = parts.length > 1 ? Infinity : w; }
        else row += w;
      }
    }
    const extra = lines > 1 ? 20 * lines : 0;
    const fitted = fitLayout(div, layout, BASE_LAYOUT, extra);
    delete div.dataset.drawn;
    return Plotly.react(div, named, fitted, PLOT_CONFIG)
      .then(() => placeTitle(div, fitted))
      .then(() => placeLegend(div, extra))
      .then(() => placeLegend(div, 0)) // plotly may move the axis title as the chart grows
      .then(() => { div.dataset.drawn = "1"; }); // <div data-drawn>: tests wait for it
  }

  /** Plotly places a title of several lines a line or so off its anchor (into the plot, or
   * above the chart): measure where it was drawn, then move it 8 px under the chart's top and
   * make the top margin as deep as it is, the chart taller by as much (the plot keeps its
   * height). */
  function placeTitle(div, fitted) {
    const title = div.querySelector(".gtitle");
    if (!title || !fitted.title || !String(fitted.title.text).includes("<br>")) return div;
    const drawn = title.getBoundingClientRect().top - div.getBoundingClientRect().top;
    const anchor = (1 - fitted.title.y) * fitted.height; // px from the top
    const off = anchor - drawn; // plotly's error, the same at any height
    const depth = Math.ceil(title.getBoundingClientRect().height) + 8 + 12; // 8 px above, 12 under
    const grow = Math.max(0, depth - fitted.margin.t);
    if (Math.abs(drawn - 8) < 1 && grow === 0) return div;
    const height = fitted.height + grow;
    return Plotly.relayout(div, { "title.y": 1 - (8 + off) / height, "margin.t": fitted.margin.t + grow, height });
  }

  /** The traces with their names wrapped to the chart's width (about 7 px a character after
   * the 40 px of an entry's symbol) when the legend lies under the plot: plotly draws an entry
   * on one line, and a long one ran off the chart's right side on a phone. */
  function legendNames(div, traces, fitted) {
    if (!fitted.legend || fitted.legend.yref !== "container") return traces;
    const max = Math.max(12, Math.floor(((div.clientWidth || 600) - 50) / 7));
    return traces.map((t) => (t.name && String(t.name).length > max ? Object.assign({}, t, { name: wrapText(t.name, max).text }) : t));
  }

  /** A legend at the chart's bottom (fitLayout) gets room of its own. Plotly makes the bottom
   * margin as deep as the deepest of what it holds, not their sum: the legend was drawn over a
   * long x-axis title (the futures page's exploration, even at 1280 px), and it pushes the plot
   * up within the chart's height (six long entries on a phone left a plot 30 px high). Measure
   * where they were drawn, then deepen the bottom margin by their overlap and make the chart
   * taller by that and by what the plot lost, so that the plot keeps its height. */
  function placeLegend(div, extra) {
    const full = div._fullLayout;
    const legend = div.querySelector(".legend");
    if (!full || !legend || !full.legend || full.legend.yref !== "container") return div;
    const xtitle = div.querySelector(".g-xtitle");
    const title = xtitle ? xtitle.getBoundingClientRect() : null;
    const top = legend.getBoundingClientRect().top;
    const overlap = title && title.height ? Math.max(0, Math.ceil(title.bottom + 6 - top)) : 0;
    // the plot's height, legend aside (the chart was drawn `extra` px taller for the legend)
    const wanted = full.height - extra - full.margin.t - full.margin.b;
    const lost = Math.ceil(wanted - full._size.h); // < 0: the guess was too generous
    if (overlap === 0 && Math.abs(lost) <= 1) return div;
    // autosize kept: a relayout of the height alone fixes the width at its present value (plotly
    // sets autosize false), and the chart would keep a phone's width in a window widened again
    return Plotly.relayout(div, { height: full.height + lost + overlap, "margin.b": full._size.b + overlap, autosize: true });
  }

  // once the window has stopped changing for 200 ms (a resize fires many events)
  window.addEventListener("resize", debounce(() => {
    for (const div of document.querySelectorAll(".chart")) {
      const last = div.anpoPlot;
      if (!last || last.width === div.clientWidth) continue;
      if (last.redraw) last.redraw();
      else plot(div, last.traces, last.layout);
    }
  }, 200));

  /** An axis of counts from 0 to `n` (warheads): whole-number ticks, never 0.5. */
  function countAxis(n) {
    return n <= 10 ? { dtick: 1, tick0: 0 } : { tickformat: "d" };
  }

  /** Snap `v` to the grid min + k * step (step "any" or absent: unchanged), without float noise. */
  function snap(v, min, step) {
    const st = Number(step);
    if (!Number.isFinite(st) || st <= 0) return v;
    const decimals = (String(step).split(".")[1] || "").length;
    return Number((Number(min) + Math.round((v - Number(min)) / st) * st).toFixed(decimals));
  }

  /**
   * A labelled range slider with a number box kept in step; calls onChange(value).
   * The box accepts values up to `limit` (default `max`; the range widens to show them). A value
   * typed in the box that is empty or not a number is refused, one outside [min, limit] is set
   * to the nearest bound and one off the step grid is rounded: each time a message next to the
   * field says so (role=alert), and the value sent is always one the API accepts.
   */
  function slider(opts) {
    const { id, label, min, max, step, value, onChange, hint } = opts;
    // the number box's bound: the slider's max, or a wider `limit` (the server's) the box
    // reaches where the slider would be too coarse; `setLimit` changes it
    let limit = opts.limit === undefined ? Number(max) : Math.max(Number(max), Number(opts.limit));
    const range = el("input", {
      type: "range", id, min, max: Math.max(Number(max), Number(value)), step, value, "aria-describedby": hint ? `${id}-hint` : null,
    });
    const msg = el("span", { id: `${id}-msg`, class: "field-msg full", role: "alert" });
    const box = el("input", {
      type: "number", id: `${id}-value`, min, max: limit, step, value, "aria-label": `${label} (value)`,
      "aria-describedby": `${id}-msg`,
    });
    const fire = (v) => onChange(Number(v));
    const say = (text) => {
      msg.textContent = text;
      if (text) box.setAttribute("aria-invalid", "true");
      else box.removeAttribute("aria-invalid");
    };
    range.addEventListener("input", () => { say(""); delete box.dataset.corrected; box.value = range.value; fire(range.value); });
    box.addEventListener("change", () => {
      const typed = box.value.trim();
      // leaving the box after Enter may fire "change" again for the value set below: nothing
      // new was typed, so the message about the last correction stays and nothing is sent
      if (typed === box.dataset.corrected) return;
      delete box.dataset.corrected;
      const raw = Number(typed);
      if (typed === "" || !Number.isFinite(raw)) {
        // an empty or unreadable box is not 0: keep the last value and say why
        box.value = range.value;
        box.dataset.corrected = box.value;
        say(`Enter a number from ${min} to ${limit}; the value stays ${range.value}.`);
        return;
      }
      let v = Math.min(limit, Math.max(Number(min), raw));
      v = Math.min(limit, Math.max(Number(min), snap(v, min, step)));
      if (v > Number(range.max)) range.max = v;
      if (raw < Number(min) || raw > limit) say(`${typed} is outside ${min} to ${limit}: set to ${v}.`);
      else if (v !== raw) say(`${typed} rounded to ${v} (steps of ${step}).`);
      else say("");
      box.value = v;
      range.value = v;
      if (String(v) !== typed) box.dataset.corrected = box.value;
      fire(v);
    });
    const wrap = el("div", { class: "field" },
      el("label", { for: id, text: label }), range, box, msg,
      hint ? el("span", { id: `${id}-hint`, class: "hint full", text: hint }) : null);
    wrap.set = (v) => { say(""); delete box.dataset.corrected; range.value = v; box.value = v; };
    /** A new bound for the number box (another doctrine, another bound): a value above it is
     * set to it with a message, and `onChange` told; returns the value kept. */
    wrap.setLimit = (n) => {
      limit = Math.max(Number(max), Number(n));
      box.max = limit;
      // the range was widened to a value typed above its max: never past the new bound
      if (Number(range.max) > limit) range.max = limit;
      const v = Number(box.value);
      if (v <= limit) return v;
      say(`${v} is outside ${min} to ${limit}: set to ${limit}.`);
      box.value = limit;
      range.value = limit;
      fire(limit);
      return limit;
    };
    wrap.input = range;
    return wrap;
  }

  /** A labelled <select>; options = [[value, text], ...]. */
  function select(opts) {
    const { id, label, options, value, onChange } = opts;
    const sel = el("select", { id });
    for (const [v, t] of options) sel.append(el("option", { value: v, text: t }));
    if (value !== undefined) sel.value = value;
    if (onChange) sel.addEventListener("change", () => onChange(sel.value));
    const wrap = el("div", { class: "field wide" }, el("label", { for: id, text: label }), sel);
    wrap.input = sel;
    return wrap;
  }

  /** Text from the data (an uploaded file's state names) for a plotly label or hover: plotly
   * reads <b>, <br>, <a href> and the like in its text as markup, so a name "<b>X</b>" was drawn
   * as a bold X and "C<br>D" on two lines, not as the name the table shows; its entities are
   * decoded, so the name is drawn as written. */
  function plotText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /** A fraction (a probability, 0 to 1) as a percentage, as the report writes it
   * (anpo.report.format.fmt_number with kind "percent"): three significant figures ('90%',
   * '12.3%'), whole from 100 (thousands separated from 10,000), a short exponent below 0.001
   * ('2.5e-5%'); a fraction below 1 never reads as the whole ('> 99.9%'), an exact 0 is '0%'.
   * The pages' one wording of a percentage they compute themselves (a reaction goal q in a
   * chart's title); a number the server computes comes with its own text. */
  function percentText(p) {
    if (p === 0) return "0%";
    const x = 100 * p;
    const ax = Math.abs(x);
    let text;
    if (ax >= 100) {
      const n = Math.round(x);
      text = Math.abs(n) >= 10000 ? n.toLocaleString("en-US") : String(n);
    } else if (ax >= 1e-3) {
      text = String(+x.toPrecision(3));
    } else {
      const [m, e] = x.toExponential(2).split("e");
      text = `${+m}e${+e}`;
    }
    if (text === "100" && p < 1) return "> 99.9%";
    if (text === "-100" && p > -1) return "< -99.9%";
    return `${text}%`;
  }

  /** The pages' one percent scale for probabilities in a chart: each fraction (0 to 1) as the
   * height of its bar in percent, on an axis titled PERCENT_AXIS ('probability (%)'), as the
   * cards and the report write them. */
  function percentBars(ps) {
    return ps.map((p) => 100 * p);
  }
  const PERCENT_AXIS = "probability (%)";

  return { api, upload, ApiError, el, clear, debounce, latest, showError, plot, plotText, slider, select, countAxis, percentText, percentBars, PERCENT_AXIS, PALETTE, NARROW };
})();
