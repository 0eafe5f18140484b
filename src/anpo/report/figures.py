"""Figure conventions of the report, in one place.

Every figure of the report is drawn with matplotlib through :func:`new_figure` and serialised with
:func:`svg_from_matplotlib`, which together apply the conventions of issue 11 (item 4):

* colours from the Okabe–Ito palette [okabe2008], at most eight
  per figure (:data:`PALETTE`), safe for the common colour-vision deficiencies; greys for context;
* text kept as text (``svg.fonttype = "none"``) with a font stack that includes a CJK font, so
  labels can be searched, selected and read aloud;
* Japanese labels drawn with an installed CJK font (matplotlib's per-glyph font fallback, see
  :func:`cjk_font`), or replaced by their romanized or English names when no such font is
  installed (:func:`figure_text`, through which every label that can hold Japanese passes), so a
  figure never draws missing-glyph boxes;
* byte-reproducible SVG: a fixed ``svg.hashsalt``, no date or creator metadata, numbers rounded to
  0.01 pt; the page renderer (:func:`finalize_svg`) then prefixes every element id with the figure's
  own id, so ids are unique across the whole page, turns the styles many elements repeat into
  classes scoped to the figure (:func:`inline_svg_problems` checks them), and adds ``role="img"``,
  ``<title>`` and ``<desc>`` for screen readers;
* a figure whose axes hold no data is not drawn (:func:`svg_from_matplotlib` returns ``""``, and
  the page says the figure was omitted for lack of data);
* helpers for direct labels instead of small legends (:func:`label_lines`), a legend below the
  panels that never covers data (:func:`legend_below`) and true time axes (:func:`year_axis`);
  :func:`overlap_problems` finds a legend drawn over data and tick labels drawn over each other;
* categories (variants, actors) get a mark each and no line between them (:func:`dodge`,
  :data:`MARKERS`, :func:`category_separators`); :func:`category_line_problems` finds a line
  drawn across categories.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#F0E442",  # yellow (last: weak contrast on white)
)
"""Okabe–Ito colour-blind-safe palette [okabe2008], in the order series use it."""

GREY = "#767676"
"""Context colour (reference lines, unlabelled background); 4.5:1 contrast on white."""

FONT_STACK: tuple[str, ...] = (
    "DejaVu Sans",
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Hiragino Sans",
    "Yu Gothic",
    "Meiryo",
    "Arial",
    "sans-serif",
)
"""Fonts of figure text, first found wins; the CJK fonts cover Japanese labels."""

HASH_SALT = "anpo-report"

RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": HASH_SALT,
    "font.family": "sans-serif",
    "font.sans-serif": list(FONT_STACK[:-1]),
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlelocation": "left",
    "legend.fontsize": 9,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "axes.formatter.useoffset": False,
    "axes.formatter.use_locale": False,
    "lines.linewidth": 1.8,
    "lines.markersize": 5,
}
"""matplotlib settings of every report figure."""


def _rc() -> dict[Any, Any]:
    from cycler import cycler

    rc = {**RC, "axes.prop_cycle": cycler(color=list(PALETTE))}
    font = cjk_font()
    if font is not None:
        # matplotlib falls back glyph by glyph along the family list: Latin text keeps the first
        # font of the stack, Japanese characters come from the CJK font
        rc["font.family"] = ["sans-serif", font]
    return rc


_JAPANESE_PROBE = "日本語のかなとカナ"
"""Characters a font must draw to count as a Japanese font: kanji, hiragana and katakana."""

_CJK_NAME = re.compile(
    r"CJK|\bJP\b|Japan|Gothic|Mincho|IPA|Takao|Hiragino|Meiryo|\bYu\b|Source Han|Sarasa|"
    r"Ume|Sazanami|Kochi|VL |WenQuanYi|Droid Sans Fallback|Unifont",
    re.IGNORECASE,
)
"""Family names worth probing for Japanese glyphs among the fonts matplotlib knows."""


def _draws_japanese(path: str, index: int = 0) -> bool:
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path, face_index=index) if index else ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError, TypeError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in _JAPANESE_PROBE)


def _pick_cjk(entries: Sequence[Any]) -> str | None:
    rank = {name: i for i, name in enumerate(FONT_STACK)}
    candidates = [
        e
        for e in entries
        if str(e.style) == "normal" and (e.name in rank or _CJK_NAME.search(e.name))
    ]
    candidates.sort(
        key=lambda e: (
            rank.get(e.name, len(rank)),
            str(e.weight) not in {"400", "normal", "regular", "book"},
            e.name,
        )
    )
    for e in candidates:
        if _draws_japanese(e.fname, int(getattr(e, "index", 0) or 0)):
            return str(e.name)
    return None


@cache
def cjk_font() -> str | None:
    """The family name of an installed font that draws Japanese, or None when there is none.

    Looks through matplotlib's font list (:data:`matplotlib.font_manager.fontManager`), the CJK
    families of :data:`FONT_STACK` first; a font counts only when it has glyphs for kanji,
    hiragana and katakana. matplotlib caches its font list when it first runs, so a font
    installed later (as ``.ci/run`` installs Noto Sans CJK) is unknown to it: the system's font
    files missing from the list are then probed too, and one that draws Japanese is added to the
    font manager. Computed once per process; tests replace this function to take either branch.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _pick_cjk(manager.ttflist)
    if found is not None:
        return found
    known = {e.fname for e in manager.ttflist}
    try:
        paths = sorted(set(font_manager.findSystemFonts()) - known)
    except (OSError, RuntimeError, ValueError):  # pragma: no cover - unreadable font folders
        paths = []
    added = set()
    for path in paths:
        if _draws_japanese(path):
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - broken font file
                continue
            added.add(path)
    return _pick_cjk([e for e in manager.ttflist if e.fname in added]) if added else None


def figure_text(text: str, romanized: str) -> str:
    """The label a figure draws for ``text``, a name that may be written in Japanese.

    ``text`` itself when it holds no Japanese, or when :func:`cjk_font` finds an installed font
    that draws Japanese; otherwise ``romanized``, the romanized or English form of the same name
    taken from the data the label comes from (a statute's English title in its rule file, an
    actor's id in its scenario, a state's COW abbreviation), so that no figure draws
    missing-glyph boxes. Every figure label that can hold Japanese goes through this function.

    >>> figure_text("Japan", romanized="JPN")
    'Japan'

    Raises ``ValueError`` when the fallback itself is Japanese (the caller must give one that is
    not).
    """
    if not has_cjk(text) or cjk_font() is not None:
        return text
    if has_cjk(romanized):
        raise ValueError(
            f"figure label {text!r}: the fallback {romanized!r} is not romanized, and no "
            "installed font draws Japanese"
        )
    return romanized


def colors(n: int) -> list[str]:
    """``n`` colours of :data:`PALETTE`; more than eight series need small multiples instead.

    >>> colors(2)
    ['#0072B2', '#D55E00']
    """
    if n > len(PALETTE):
        raise ValueError(
            f"{n} series in one figure: at most {len(PALETTE)} colours can be told apart; "
            "split the figure into small multiples"
        )
    return list(PALETTE[:n])


def new_figure(
    width: float = 7.0, height: float = 4.0, nrows: int = 1, ncols: int = 1, **kwargs: Any
) -> tuple[Any, Any]:
    """A matplotlib figure and axes (Agg backend) with the report's conventions (:data:`RC`).

    ``nrows``/``ncols`` > 1 give small multiples (an array of axes, as ``plt.subplots``).
    The settings are applied to matplotlib's global ``rcParams`` (see the comment below).
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    # The settings must hold while the provider draws (line widths, legend and label fonts are read
    # when each artist is created), so they are set for the process: every report figure is drawn
    # with them, and svg.fonttype/hashsalt also make any other SVG the process writes reproducible.
    plt.rcParams.update(_rc())
    fig, ax = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kwargs)
    return fig, ax


def _artist_has_data(artist: Any) -> bool:
    if hasattr(artist, "get_xydata"):  # Line2D
        xy = np.asarray(artist.get_xydata(), dtype=float)
        return bool(xy.size) and bool(np.isfinite(xy).all(axis=-1).any())
    if hasattr(artist, "get_offsets"):  # scatter, error bars, fills
        offsets = np.asarray(artist.get_offsets())
        if offsets.size and np.isfinite(offsets.astype(float)).all(axis=-1).any():
            return True
        paths = artist.get_paths() if hasattr(artist, "get_paths") else []
        return any(len(p.vertices) for p in paths)
    return True


def has_data(fig: Any) -> bool:
    """True when some axes of ``fig`` draws data (lines, markers, bars, areas or images)."""
    for ax in fig.axes:
        for group in (ax.lines, ax.collections, ax.images):
            if any(_artist_has_data(a) for a in group):
                return True
        for patch in ax.patches:
            h = getattr(patch, "get_height", lambda: 1.0)()
            w = getattr(patch, "get_width", lambda: 1.0)()
            if np.isfinite(h) and np.isfinite(w) and (h != 0 or w != 0):
                return True
    return False


COORD_DECIMALS = 1
"""Decimals kept in drawing coordinates (points; 0.1 pt is a seventh of a pixel at full size)."""

SIMPLIFY_TOLERANCE = 0.1
"""Largest distance (points) a straight-line path may move when points on a line are dropped."""

_GEOMETRY = re.compile(r'\b(x|y|x1|x2|y1|y2|points|cx|cy)="([^"]*)"')
_SIZES = re.compile(r'\b(width|height|viewBox|transform|r)="([^"]*)"')
_DECIMAL = re.compile(r"-?\d+\.\d+")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

#: Properties inherited by what a ``<use>`` element draws; only these move from a ``<use>`` to
#: the definition it references (:func:`_merge_use_styles`).
_INHERITED = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
    }
)


def _number(value: float, decimals: int) -> str:
    """``value`` rounded to ``decimals``, without trailing zeros or a negative zero."""
    out = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def _round_numbers(text: str, decimals: int = 2) -> str:
    return _DECIMAL.sub(lambda m: _number(float(m.group(0)), decimals), text)


def _style(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        key, sep, val = part.partition(":")
        if sep and key.strip():
            out[key.strip()] = val.strip()
    return out


def _style_text(props: dict[str, str]) -> str:
    return ";".join(f"{k}:{v}" for k, v in props.items())


def _simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker simplification [douglas1973] of one polyline: a boolean mask of the points
    to keep, so that no dropped point lies farther than ``tolerance`` from the kept line."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        p, seg = points[a], points[a + 1 : b]
        d = points[b] - p
        length2 = float(d @ d)
        # distance to the segment, not to the line through it: a path that doubles back past
        # an end (0,0 -> 0,2 -> 0,1) keeps its turning point
        t = np.zeros(len(seg)) if length2 == 0.0 else np.clip((seg - p) @ d / length2, 0.0, 1.0)
        near = p + t[:, None] * d
        dist = np.hypot(seg[:, 0] - near[:, 0], seg[:, 1] - near[:, 1])
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            k = a + 1 + i
            keep[k] = True
            stack += [(a, k), (k, b)]
    return keep


def _path_data(
    d: str, decimals: int = COORD_DECIMALS, tolerance: float = SIMPLIFY_TOLERANCE
) -> str:
    """Path data, shorter and drawing the same shape.

    Straight-line runs (``M``/``L``) lose the points that lie within ``tolerance`` of the line
    through their neighbours (:func:`_simplify`), coordinates are rounded to ``decimals``, and
    repeated commands are left implicit as the SVG path grammar allows (``M 1 2 L 3 4 L 5 6`` is
    ``M1 2 3 4 5 6``). Arcs and relative commands are kept as they are.
    """
    tokens = _PATH_TOKEN.findall(d)
    if not tokens or any(t.isalpha() and t not in "MLCQZz" for t in tokens):
        return _round_numbers(" ".join(d.split()), decimals)
    # (command, numbers) pairs; consecutive M/L pairs form the polylines to simplify
    cmds: list[tuple[str, list[float]]] = []
    for tok in tokens:
        if tok.isalpha():
            cmds.append((tok, []))
        elif cmds:
            cmds[-1][1].append(float(tok))
        else:
            return _round_numbers(" ".join(d.split()), decimals)
    out: list[str] = []
    prev = ""

    def emit(cmd: str, nums: list[float]) -> None:
        nonlocal prev
        implicit = (cmd == "L" and prev in ("M", "L")) or (cmd in "CQ" and cmd == prev)
        text = " ".join(_number(v, decimals) for v in nums)
        if implicit and out:
            out.append(" " + text)
        else:
            out.append(cmd + text)
        prev = "L" if cmd == "M" else cmd

    i = 0
    while i < len(cmds):
        cmd, nums = cmds[i]
        if cmd == "M" and len(nums) == 2:
            run = [nums]
            j = i + 1
            while j < len(cmds) and cmds[j][0] == "L" and len(cmds[j][1]) == 2:
                run.append(cmds[j][1])
                j += 1
            pts = np.asarray(run, dtype=float)
            if len(pts) >= 4:
                pts = pts[_simplify(pts, tolerance)]
            emit("M", list(pts[0]))
            for pt in pts[1:]:
                emit("L", list(pt))
            i = j
            continue
        emit(cmd, nums)
        i += 1
    return "".join(out)


def _merge_use_styles(svg: str) -> str:
    """Move the style every ``<use>`` of a definition repeats (marker colours, tick widths) onto
    the definition itself, once.

    Rendering is unchanged: what a ``<use>`` draws inherits the ``<use>``'s properties unless the
    definition sets them, so only inherited properties move, the definition's own values win as
    before, and only when all the ``<use>`` elements of that definition carry the same style.
    """
    uses: dict[str, set[str]] = {}
    for ref, style in re.findall(
        r'<use xlink:href="#([^"]+)"[^>]*?(?: style="([^"]*)")?\s*/>', svg
    ):
        uses.setdefault(ref, set()).add(style)
    movable = {}
    for ref, styles in uses.items():
        if len(styles) != 1:
            continue
        (style,) = styles
        props = _style(style)
        if props and set(props) <= _INHERITED:
            movable[ref] = props
    if not movable:
        return svg

    moved: set[str] = set()

    def fix_def(m: re.Match[str]) -> str:
        ident, before, style, after = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        if ident not in movable or "style=" in before:
            return m.group(0)
        moved.add(ident)
        merged = {**movable[ident], **_style(style)}
        return f'<path id="{ident}"{before} style="{_style_text(merged)}"{after}/>'

    # only <path> definitions whose style (if any) is their last attribute, as matplotlib
    # writes them; the <use> elements lose their style only where it has moved
    svg = re.sub(r'<path id="([^"]+)"([^>]*?)(?: style="([^"]*)")?(\s*)/>', fix_def, svg)
    return re.sub(
        r'(<use xlink:href="#([^"]+)"[^>]*?) style="[^"]*"(\s*/>)',
        lambda m: m.group(1) + m.group(3) if m.group(2) in moved else m.group(0),
        svg,
    )


def _compact(svg: str) -> str:
    """Drop the XML prolog and metadata, and make the drawing lighter without changing it.

    Coordinates are rounded to :data:`COORD_DECIMALS` (sizes and transforms to 0.01), path data is
    simplified and written compactly (:func:`_path_data`), identity rotations are dropped, styles
    lose their spaces, and the style every marker or tick repeats moves to its one definition
    (:func:`_merge_use_styles`).
    """
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\n[ \t]+", "\n", svg)
    # one font stack for all text (in the SVG's style sheet), not repeated on every label
    svg = re.sub(r"font-family: [^;\"]*(; )?", "", svg)
    stack = ",".join(f"'{f}'" if " " in f else f for f in FONT_STACK)
    svg = svg.replace(
        '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}',
        "<style>*{stroke-linejoin:round;stroke-linecap:butt}" + f"text{{font-family:{stack}}}",
        1,
    )
    # labels drawn upright carry a rotation by 0 degrees: the identity
    svg = re.sub(r' transform="rotate\(-?0 [-\d.e]+ [-\d.e]+\)"', "", svg)
    svg = _merge_use_styles(svg)
    svg = re.sub(r' style="([^"]*)"', lambda m: f' style="{_style_text(_style(m.group(1)))}"', svg)
    # a definition (marker, tick) is drawn many times at a small size: it keeps 0.01 pt
    svg = re.sub(
        r'<path\b[^>]*?\sd="([^"]*)"',
        lambda m: m.group(0).replace(
            f'd="{m.group(1)}"',
            f'd="{_path_data(m.group(1), 2 if " id=" in m.group(0) else COORD_DECIMALS)}"',
        ),
        svg,
    )
    svg = _GEOMETRY.sub(
        lambda m: f'{m.group(1)}="{_round_numbers(" ".join(m.group(2).split()), COORD_DECIMALS)}"',
        svg,
    )
    svg = _SIZES.sub(
        lambda m: f'{m.group(1)}="{_round_numbers(" ".join(m.group(2).split()))}"', svg
    )
    return svg


def svg_from_matplotlib(fig: Any) -> str:
    """Serialise ``fig`` to standalone SVG text with the report's conventions; close ``fig``.

    Returns ``""`` when no axes of the figure holds data: the page then omits the figure and says
    so, rather than drawing empty axes.
    """
    import matplotlib.pyplot as plt

    try:
        if not has_data(fig):
            return ""
        fit_text(fig)
        buf = io.StringIO()
        with plt.rc_context(_rc()), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
            warnings.filterwarnings("ignore", message=r".*findfont.*")
            fig.savefig(
                buf, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None}
            )
    finally:
        plt.close(fig)
    return _compact(buf.getvalue())


_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def plain_text(text: str) -> str:
    """``text`` as matplotlib draws it literally: each ``$`` escaped, so that names and labels
    from a user's files (an actor named ``US$``, a variant ``$5bn $10bn``) are not read as
    mathtext, which dropped the dollars and set the text between them in italics, or stopped
    the report with a parse error (``$\\x$``).

    >>> plain_text("US$5bn to $7bn"), plain_text(r"already \\$ escaped")
    ('US\\\\$5bn to \\\\$7bn', 'already \\\\$ escaped')
    """
    return _UNESCAPED_DOLLAR.sub(r"\\$", text)


def _em_width(text: str) -> float:
    """Approximate width of one line of ``text`` in ems of its font: wide (CJK) characters
    one em, others 0.6 (DejaVu Sans' average)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def wrap_text(text: str, limit: float, measure: Callable[[str], float] = _em_width) -> str:
    """``text`` wrapped at spaces into lines whose ``measure`` is at most ``limit`` (default:
    widths in ems, :func:`_em_width`); a word longer than a line is broken inside. Existing line
    breaks are kept.

    >>> wrap_text("launchers " + "X" * 12 + " needs", 6)
    'launchers\\nXXXXXXXXXX\\nXX needs'
    """
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if measure(trial) <= limit:
                line = trial
                continue
            if line:
                out.append(line)
            line = ""
            for ch in word:
                if line and measure(line + ch) > limit:
                    out.append(line)
                    line = ""
                line += ch
        out.append(line)
    return "\n".join(out)


def _fit(text_artist: Any, longest_pt: float, wrap_pt: float, renderer: Any) -> None:
    """Escape ``text_artist``'s dollars (:func:`plain_text`) and, when a line of it is longer
    than ``longest_pt`` points as drawn, wrap it to ``wrap_pt`` (:func:`wrap_text`)."""
    text = plain_text(text_artist.get_text())
    text_artist.set_text(text)
    if not text:
        return
    prop = text_artist.get_fontproperties()
    scale = 72.0 / text_artist.figure.dpi

    def measure(line: str) -> float:
        drawn = line.replace("\\$", "$")
        width, _, _ = renderer.get_text_width_height_descent(drawn, prop, ismath=False)
        return float(width) * scale

    if max(measure(line) for line in text.split("\n")) > longest_pt:
        text_artist.set_text(wrap_text(text, max(wrap_pt, 24.0), measure))


def _literal(func: Callable[..., Any]) -> Callable[..., str]:
    def call(*args: Any) -> str:
        return plain_text(str(func(*args)))

    call.literal = True  # type: ignore[attr-defined]
    return call


def fit_text(fig: Any) -> None:
    """Make the text of ``fig`` safe to draw whatever names a user's files give (called by
    :func:`svg_from_matplotlib`). Every axis label, title, annotation, legend entry and tick
    label the figure's code gave (fixed or function formatters, and the names of a category
    axis, ``ax.barh(names, values)``) is drawn literally (:func:`plain_text`, no mathtext;
    matplotlib's own log-axis labels keep theirs). An axis
    label or title longer than the figure's side is wrapped to four fifths of its side of the
    axes, a legend entry longer than half the figure's width to two fifths of it: a user's
    200-character actor name in a y label made a 4-inch figure 25 inches tall (the label drawn
    on one line, the figure grown to hold it), the plot a strip in its middle. Labels that fit,
    all of the built-in report's, are left as they are."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, FixedFormatter):
                fmt.seq = [plain_text(str(s)) for s in fmt.seq]
            elif isinstance(fmt, FuncFormatter) and not getattr(fmt.func, "literal", False):
                fmt.func = _literal(fmt.func)
            elif isinstance(fmt, StrCategoryFormatter):
                # the names of a category axis (strings given as data) are the user's text
                # too: 'A $\x$ B' stopped the drawing with a mathtext parse error
                axis.set_major_formatter(FuncFormatter(_literal(fmt)))
        for text in ax.texts:
            text.set_text(plain_text(text.get_text()))
    # a label longer than the figure's side grows the figure: wrapped to four fifths of its
    # side of the axes (the layout then shrinks the axes around it); a legend entry longer than
    # half the figure's width, to two fifths of it
    renderer = fig.canvas.get_renderer()
    width, height = fig.get_figwidth() * 72.0, fig.get_figheight() * 72.0
    for ax in fig.axes:
        box = ax.get_position()
        _fit(ax.xaxis.label, 0.9 * width, 0.8 * width * box.width, renderer)
        _fit(ax.yaxis.label, 0.9 * height, 0.8 * height * box.height, renderer)
        for title in (ax.title, ax._left_title, ax._right_title):
            _fit(title, 0.9 * width, 0.8 * width * box.width, renderer)
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        for text in legend.get_texts() if legend is not None else []:
            _fit(text, 0.5 * width, 0.4 * width, renderer)


MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "v", "P", "X", "*")
"""Marker shapes of the series of a dot plot, in the order series use them (with the colours of
:data:`PALETTE`): a second cue beside the colour, for grey print and colour-vision deficiencies."""

MARKER_NAMES: dict[str, str] = {
    "o": "circles",
    "s": "squares",
    "D": "diamonds",
    "^": "triangles",
    "v": "inverted triangles",
    "P": "plus signs",
    "X": "crosses",
    "*": "stars",
}
"""What a caption calls the marks of each shape in :data:`MARKERS`."""


def dodge(n_series: int, span: float = 0.7) -> np.ndarray:
    """Offsets from a category's position at which ``n_series`` series draw their marks side by
    side, spread over ``span`` of the distance between two categories (0 for one series).

    Marks of several series at one category with equal values would hide one another; dodged,
    each keeps a place of its own.

    >>> dodge(3).round(3).tolist(), dodge(1).tolist()
    ([-0.233, 0.0, 0.233], [0.0])
    """
    if n_series <= 1:
        return np.zeros(max(n_series, 0))
    step = span / n_series
    return (np.arange(n_series) - (n_series - 1) / 2) * step


def category_separators(ax: Any, n_categories: int, axis: str = "y") -> None:
    """Thin grey rules between the categories 0..n-1 of ``axis`` (a minor grid at the half
    positions), so that dodged marks (:func:`dodge`) read as one category's group. They are grid
    lines of the axis, not data: they join nothing."""
    from matplotlib.ticker import FixedLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_minor_locator(FixedLocator([k + 0.5 for k in range(n_categories - 1)]))
    ax.grid(True, which="minor", axis=axis, color="#DDDDDD", linewidth=0.6)
    ax.grid(False, which="major", axis=axis)
    ax.tick_params(axis=axis, which="minor", length=0)


_NUMERIC_TICK = re.compile(r"^[\u2212+-]?[\d,.]+\s*%?$")


def _categorical(ax: Any, axis: Any) -> bool:
    """True when ``axis`` of ``ax`` shows categories: string data (matplotlib's category units) or
    ticks placed one by one (``set_xticks``) whose labels are words, not numbers."""
    from matplotlib.category import UnitData
    from matplotlib.ticker import FixedLocator

    if isinstance(axis.get_units(), UnitData):
        return True
    if not isinstance(axis.get_major_locator(), FixedLocator):
        return False
    texts = [t.get_text().strip() for t in axis.get_ticklabels()]
    return any(t and not _NUMERIC_TICK.match(t) for t in texts)


def category_line_problems(fig: Any) -> list[str]:
    """Lines of ``fig`` that join categories (empty when none): a line drawn through points at
    different positions of a categorical axis (scenario variants, actors, years as labels).

    Categories are alternatives with no order or continuity between them; a line from one to
    the next says there is one, and lines that coincide hide one another (the report's
    extended-deterrence figure joined its variants and years). A line within one category (an
    interval at one variant) and reference lines across the panel (``axhline``) are not lines
    between categories.
    """
    fig.canvas.draw()
    problems = []
    for ax in fig.axes:
        for index, axis in ((0, ax.xaxis), (1, ax.yaxis)):
            if not _categorical(ax, axis):
                continue
            for ln in ax.get_lines():
                if ln.get_transform() is not ax.transData or not ln.get_visible():
                    continue
                if ln.get_linestyle() in ("None", "none", "", " ") or not ln.get_linewidth():
                    continue
                xy = np.asarray(ln.get_xydata(), dtype=float)
                xy = xy[np.isfinite(xy).all(axis=1)]
                if len(np.unique(xy[:, index])) > 1:
                    name = ln.get_label()
                    problems.append(
                        f"a line joins categories of {ax.get_title() or 'a panel'}"
                        + ("" if name.startswith("_") else f" ({name})")
                    )
    return problems


def year_axis(ax: Any, axis: str = "x") -> None:
    """A true time axis of years: whole-year ticks, no thousands separator, no offset."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True, nbins="auto", min_n_ticks=3))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))


def label_lines(
    ax: Any,
    lines: Sequence[Any] | None = None,
    *,
    fontsize: float = 9,
    min_gap: float = 0.045,
) -> None:
    """Label each line at its last point, in its colour, instead of a legend.

    Labels are pushed apart vertically so that they never overlap (``min_gap`` in axes fractions)
    and the right margin is widened so no label is clipped.
    """
    lines = [ln for ln in (lines if lines is not None else ax.get_lines()) if ln.get_label()]
    ends = []
    for ln in lines:
        label = ln.get_label()
        if label.startswith("_"):
            continue
        xy = np.asarray(ln.get_xydata(), dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            continue
        ends.append([xy[-1, 0], xy[-1, 1], label, ln.get_color()])
    if not ends:
        return
    y0, y1 = ax.get_ylim()
    span = (y1 - y0) or 1.0
    ends.sort(key=lambda e: e[1])
    pos = [(e[1] - y0) / span for e in ends]
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + min_gap)
    overflow = pos[-1] - 1.0
    if overflow > 0:
        pos = [p - overflow for p in pos]
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - min_gap)
    for (x, _y, label, color), p in zip(ends, pos, strict=True):
        ax.annotate(
            label,
            xy=(x, y0 + p * span),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=fontsize,
            color=color,
            annotation_clip=False,
        )


def legend_below(fig: Any, ax: Any, *, ncol: int | None = None, fontsize: float = 7) -> None:
    """One legend for the whole figure, below its panels (outside every axes), from ``ax``'s
    labelled artists: a legend inside a panel covered bars and markers (the report's exposure,
    uncertainty and host-nation-support figures). Needs the constrained layout of
    :func:`new_figure`."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=ncol or min(len(labels), 4),
        fontsize=fontsize,
    )


def _data_points(ax: Any) -> np.ndarray:
    """Display coordinates of the data an axes draws: line vertices and marker and error-bar
    positions (bars: :func:`_bar_boxes`)."""
    from matplotlib.collections import Collection

    pts: list[np.ndarray] = []
    for ln in ax.get_lines():
        xy = np.asarray(ln.get_xydata(), dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) and ln.get_visible():
            pts.append(ax.transData.transform(xy))
    for coll in ax.collections:
        if not isinstance(coll, Collection) or not coll.get_visible():
            continue
        offsets = np.asarray(coll.get_offsets(), dtype=float)
        if offsets.ndim == 2 and len(offsets) and coll.get_offset_transform() is not None:
            good = offsets[np.isfinite(offsets).all(axis=1)]
            if len(good):
                pts.append(coll.get_offset_transform().transform(good))
        for path in coll.get_paths() if hasattr(coll, "get_segments") else []:
            verts = np.asarray(path.vertices, dtype=float)
            verts = verts[np.isfinite(verts).all(axis=1)]
            if len(verts):
                pts.append(coll.get_transform().transform(verts))
    return np.concatenate(pts) if pts else np.empty((0, 2))


def _bar_boxes(ax: Any) -> list[Any]:
    """Display boxes of the bars an axes draws (rectangles in data coordinates with a height);
    a shaded span (axvspan, in axes coordinates) is background, not data."""
    from matplotlib.patches import Rectangle

    return [
        p.get_window_extent()
        for p in ax.patches
        if isinstance(p, Rectangle)
        and p.get_visible()
        and p.get_height()
        and p.get_data_transform() is ax.transData
    ]


#: Where :func:`label_points` tries a label, in points from its marker: right above, right
#: below, left above, left below; then farther out, where a thin leader line ties the label to
#: its marker.
LABEL_OFFSETS = ((3, 2), (3, -8), (-3, 2), (-3, -8))
FAR_LABEL_OFFSETS = tuple(
    (k * dx, k * dy)
    for k in (1, 2)
    for dx, dy in ((8, 9), (8, -15), (-8, 9), (-8, -15), (0, 14), (0, -20), (14, -3), (-14, -3))
)

#: Half the side of the square around a marker that a label must not cover, in points (a
#: default scatter marker is 6 points across).
MARKER_HALF_PT = 3.5


def label_points(
    ax: Any,
    points: Sequence[tuple[float, float, str]],
    *,
    fontsize: float = 6,
    offsets: Sequence[tuple[float, float]] = LABEL_OFFSETS,
    far_offsets: Sequence[tuple[float, float]] = FAR_LABEL_OFFSETS,
) -> list[Any]:
    """Label each point ``(x, y, text)`` once (a point listed twice, as the United States in
    two alliances, gets one label), at the first of ``offsets`` where its text covers no label
    already placed and no other point's marker; else at the first of ``far_offsets`` where it
    covers neither, with a thin leader line to its marker; the first offset when every one is
    taken. Call it when the axes' scales, limits and legend are set. Returns the labels.

    Readers could not read 'Portugal' and 'Thailand' drawn over each other in the burden
    scatter, nor the doubled 'United States'; and a label pushed aside sat on a neighbour's
    marker ('Philippines' on Portugal's), naming the wrong point.
    """
    fig = ax.figure
    unique: list[tuple[float, float, str]] = []
    seen: set[tuple[str, float, float]] = set()
    for x, y, text in points:
        key = (text, float(x), float(y))
        if key not in seen:
            seen.add(key)
            unique.append((float(x), float(y), text))
    # the figure's constrained layout makes room for the labels, which moves the axes and
    # so the points: place again until the axes stay where they were placed against (each
    # pass's closing draw is the next one's layout: nothing changes in between)
    labels: list[Any] = []
    fig.canvas.draw()
    for _ in range(4):
        where = ax.get_window_extent().get_points()
        for label in labels:
            label.remove()
        labels = _place_labels(ax, unique, fontsize, offsets, far_offsets)
        fig.canvas.draw()
        if np.allclose(ax.get_window_extent().get_points(), where, atol=0.5):
            break
    return labels


def _place_labels(
    ax: Any,
    unique: Sequence[tuple[float, float, str]],
    fontsize: float,
    offsets: Sequence[tuple[float, float]],
    far_offsets: Sequence[tuple[float, float]],
) -> list[Any]:
    """One pass of :func:`label_points` at the axes' current place on the figure."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    half = MARKER_HALF_PT * fig.dpi / 72.0
    centres = [ax.transData.transform((x, y)) for x, y, _ in unique]
    markers = [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    placed: list[Any] = []
    labels: list[Any] = []
    for i, (x, y, text) in enumerate(unique):
        others = [
            m for j, m in enumerate(markers) if j != i and not np.allclose(centres[j], centres[i])
        ]
        chosen = None
        tries = [(o, False) for o in offsets] + [(o, True) for o in far_offsets]
        for (dx, dy), lead in tries:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=fontsize,
                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                arrowprops=(
                    {"arrowstyle": "-", "linewidth": 0.4, "color": GREY, "shrinkA": 0, "shrinkB": 2}
                    if lead
                    else None
                ),
            )
            # the text's box alone: an annotation's own box takes in its leader line, which
            # crosses the markers between the label and its point
            label.update_positions(renderer)
            box = Text.get_window_extent(label, renderer)
            if not any(box.overlaps(other) for other in [*placed, *others]):
                chosen = (label, box)
                break
            label.remove()
        if chosen is None:
            dx, dy = offsets[0]
            label = ax.annotate(
                text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize
            )
            label.update_positions(renderer)
            chosen = (label, Text.get_window_extent(label, renderer))
        labels.append(chosen[0])
        placed.append(chosen[1])
    return labels


def _labels_overlap(a: Any, b: Any, renderer: Any) -> bool:
    """True when two text labels drawn at the same angle cover each other.

    A rotated label is a rectangle of its unrotated width and height, centred where its
    bounding box is centred (matplotlib aligns the rotated text's box); in the label's own frame
    both rectangles are upright, so they overlap when both centre distances are below the half
    sums. Labels at different angles are compared by their bounding boxes.
    """
    box_a, box_b = a.get_window_extent(renderer), b.get_window_extent(renderer)
    if a.get_rotation() != b.get_rotation():
        return bool(box_a.overlaps(box_b))
    theta = np.deg2rad(a.get_rotation())
    rot = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]])
    sizes = []
    for t in (a, b):  # a label of several lines: its widest line, its lines' heights
        lines = [
            renderer.get_text_width_height_descent(line, t.get_fontproperties(), ismath=False)
            for line in t.get_text().split("\n")
        ]
        spacing = t.get_linespacing()  # a number, or "normal" (matplotlib 3.11): 1.2
        spacing = float(spacing) if isinstance(spacing, int | float) else 1.2
        height = sum(h for _, h, _ in lines) * (spacing if len(lines) > 1 else 1)
        sizes.append((max(w for w, _, _ in lines), height))
    centre_a = np.array([(box_a.x0 + box_a.x1) / 2, (box_a.y0 + box_a.y1) / 2])
    centre_b = np.array([(box_b.x0 + box_b.x1) / 2, (box_b.y0 + box_b.y1) / 2])
    dx, dy = np.abs(rot @ (centre_b - centre_a))
    return bool(
        dx < (sizes[0][0] + sizes[1][0]) / 2 - 0.5 and dy < (sizes[0][1] + sizes[1][1]) / 2 - 0.5
    )


def overlap_problems(fig: Any) -> list[str]:
    """What a reader could not read in ``fig`` (empty when nothing): a legend drawn over a data
    point, bar or marker of any panel, and tick labels of one axis drawn over each other."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    legends = [lg for lg in [*(ax.get_legend() for ax in fig.axes), *fig.legends] if lg]
    for lg in legends:
        box = lg.get_window_extent(renderer)
        for ax in fig.axes:
            pts = _data_points(ax)
            inside = (
                (pts[:, 0] > box.x0)
                & (pts[:, 0] < box.x1)
                & (pts[:, 1] > box.y0)
                & (pts[:, 1] < box.y1)
            )
            n_bars = sum(bool(box.overlaps(bar)) for bar in _bar_boxes(ax))
            if inside.any() or n_bars:
                title = ax.get_title() or "a panel"
                problems.append(
                    f"legend covers {int(inside.sum())} data point(s) and {n_bars} bar(s) of "
                    f"{title}"
                )
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            if any(
                _labels_overlap(a, b, renderer) for a, b in zip(labels, labels[1:], strict=False)
            ):
                problems.append(f"tick labels overlap on {ax.get_title() or 'a panel'}")
    return problems


_CJK = (
    "\u3000-\u303f"  # CJK punctuation (「」、。)
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff00-\uffef"  # half- and full-width forms
)
CJK_RUN = re.compile(f"[{_CJK}](?:[{_CJK}\\s0-9０-９]*[{_CJK}])?")
"""A run of Japanese (CJK) text, possibly with spaces or digits inside."""


def has_cjk(text: str) -> bool:
    """True when ``text`` contains Japanese (CJK) characters."""
    return CJK_RUN.search(text) is not None


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([\w:-]+)")
_ATTR = re.compile(r'\s([\w:-]+)="([^"]*)"')

#: Elements whose content is text: whitespace inside them is kept.
_TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc", "style"})

#: Elements whose content is not drawn where it stands (definitions, clip paths, patterns): their
#: content keeps its inline style, so what a ``<use>`` or a pattern copies is styled as before.
_DEFINITION_ELEMENTS = frozenset({"defs", "clipPath", "pattern", "mask", "marker", "symbol"})

#: A ``<defs>`` block holding only path definitions (markers, ticks) that ``<use>`` elements draw.
_PATH_DEFS = re.compile(r'<defs>\s*((?:<path id="[^"]+"[^>]*/>\s*)+)</defs>\s*')


def _class_name(index: int) -> str:
    """``A``, ``B``, ... ``Z``, ``AA``, ``AB``, ...: upper case, so a figure's classes are never
    those of the page, whose classes are lower case (class names are case-sensitive in a page
    with a doctype)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _css_id(ident: str) -> str:
    """``ident`` as a CSS id selector (``#f3-2``), escaped where CSS needs it (a leading digit, a
    character other than a letter, a digit, ``-`` or ``_``)."""
    out = []
    for i, ch in enumerate(ident):
        if ch.isascii() and (ch.isalpha() or ch in "-_" or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return "#" + "".join(out)


def _slim(svg: str, scope: str) -> str:
    """The same drawing in fewer bytes, for a figure inlined in the page as ``<svg id=scope>``.

    * path definitions (markers, ticks) move into the SVG's first ``<defs>``: a ``<use>`` draws
      its definition the same wherever the definition stands;
    * groups without attributes (plain wrappers) are dropped, and so is the whitespace between
      elements (not inside text);
    * an inline ``style`` and ``clip-path`` that several drawn elements repeat become one class,
      defined once in the SVG's style sheet as ``#scope .NAME{...}`` (``clip-path`` as its CSS
      property): the selector matches only inside this figure, and the rule outranks the
      figure's own ``*``/``text`` rules as the inline style did. Elements with an id and the
      content of definitions keep their inline style; a style kept where a class would not be
      shorter stays inline.
    """
    hoisted: list[str] = []

    def hoist(m: re.Match[str]) -> str:
        hoisted.append(m.group(1).strip())
        return ""

    svg = _PATH_DEFS.sub(hoist, svg)
    if hoisted:
        paths = "".join(re.sub(r">\s+<", "><", h) for h in hoisted)
        first = re.match(r"(<svg\b[^>]*>\s*)(<defs>)?", svg)
        if first is not None:
            svg = (
                svg[: first.end()] + paths + svg[first.end() :]
                if first.group(2)
                else svg[: first.end(1)] + f"<defs>{paths}</defs>" + svg[first.end(1) :]
            )

    parts = _TAG.split(svg)  # text, tag, text, tag, ..., text
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: name, whether its tags are kept
    candidates: list[tuple[int, dict[str, str]]] = []  # drawn elements' tags: index in out, attrs
    for i, part in enumerate(parts):
        if i % 2 == 0:  # text between tags
            inside_text = any(name in _TEXT_ELEMENTS for name, _ in stack)
            if part and (inside_text or part.strip()):
                out.append(part)
            continue
        m = _TAG_NAME.match(part)
        if m is None:  # comment, processing instruction: kept as it is
            out.append(part)
            continue
        name = m.group(1)
        if part.startswith("</"):
            kept = stack.pop()[1] if stack else True
            if kept:
                out.append(part)
            continue
        closed = part.endswith("/>")
        if name == "g" and part == "<g>":
            stack.append(("g", False))
            continue
        attrs = dict(_ATTR.findall(part))
        in_definition = any(n in _DEFINITION_ELEMENTS for n, _ in stack)
        if (
            not in_definition
            and name not in _DEFINITION_ELEMENTS
            and name != "svg"
            and "id" not in attrs
            and "class" not in attrs
            and ("style" in attrs or "clip-path" in attrs)
        ):
            candidates.append((len(out), attrs))
        out.append(part)
        if not closed:
            stack.append((name, True))

    def key(attrs: dict[str, str]) -> tuple[str, str]:
        return attrs.get("style", ""), attrs.get("clip-path", "")

    def attr_text(style: str, clip: str) -> str:
        return (f' clip-path="{clip}"' if clip else "") + (f' style="{style}"' if style else "")

    root = re.match(r"<svg\b[^>]*>", svg)
    own_id = re.search(r'\sid="([^"]+)"', root.group(0)) if root else None
    # an <svg> that already has an id (something refers to it) keeps it, as the scope
    selector = _css_id(own_id.group(1) if own_id is not None else scope)

    def rule_text(cls: str, style: str, clip: str) -> str:
        props = ";".join(p for p in (style, f"clip-path:{clip}" if clip else "") if p)
        return f"{selector} .{cls}{{{props}}}"

    counts: dict[tuple[str, str], int] = {}
    for _, attrs in candidates:
        counts[key(attrs)] = counts.get(key(attrs), 0) + 1
    # most used first (shortest names), then in order of first use: the same SVG, the same names
    order = sorted(counts, key=lambda k: -counts[k])
    classes: dict[tuple[str, str], str] = {}
    for k in order:
        style, clip = k
        if re.search(r"[<>&{}]", style + clip):
            continue
        cls = _class_name(len(classes))
        saved = counts[k] * (len(attr_text(style, clip)) - len(f' class="{cls}"'))
        if saved > len(rule_text(cls, style, clip)):
            classes[k] = cls
    if not classes:
        return "".join(out)
    for index, attrs in candidates:
        if key(attrs) not in classes:
            continue
        cls = classes[key(attrs)]
        style, clip = key(attrs)
        tag = out[index]
        if clip:
            tag = tag.replace(f' clip-path="{clip}"', "", 1)
        if style:
            tag = tag.replace(f' style="{style}"', "", 1)
        name_end = _TAG_NAME.match(tag).end()  # type: ignore[union-attr]
        out[index] = f'{tag[:name_end]} class="{cls}"{tag[name_end:]}'
    svg = "".join(out)
    rules = "".join(rule_text(cls, *k) for k, cls in classes.items())
    if "</style>" in svg:
        svg = svg.replace("</style>", rules + "</style>", 1)
    else:
        svg = re.sub(
            r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}<style>{rules}</style>", svg, count=1
        )
    return svg if own_id is not None else re.sub(r"<svg\b", f'<svg id="{scope}"', svg, count=1)


def finalize_svg(
    svg: str, prefix: str, title: str, description: str, short: str | None = None
) -> str:
    """Make ``svg`` safe to inline in the page and accessible.

    * ids used by references (clip paths, markers) are renamed ``SHORT-1``, ``SHORT-2``, ... in
      order of use (``short`` defaults to ``prefix``; both must be unique across the page); ids
      nothing refers to are dropped, and so are the groups they named when nothing else is left;
    * the SVG is made lighter without changing the drawing (:func:`_slim`): styles several
      elements repeat become classes scoped to the figure, the ``<svg>`` element taking the id
      ``SHORT`` (``PREFIX-svg`` without ``short``);
    * ``role="img"``, ``aria-labelledby`` and ``<title>``/``<desc>`` are added;
    * ``<text>`` elements holding Japanese text get ``lang="ja"``.
    """
    if not svg:
        return ""
    refs = list(dict.fromkeys(re.findall(r'url\(#([^)"]+)\)|href="#([^"]+)"', svg)).keys())
    names: dict[str, str] = {}
    for a, b in refs:
        ident = a or b
        names.setdefault(ident, f"{short or prefix}-{len(names) + 1}")

    def fix_id(m: re.Match[str]) -> str:
        ident = m.group(1)
        return f' id="{names[ident]}"' if ident in names else ""

    svg = re.sub(r'\s+id="([^"]+)"', fix_id, svg)
    svg = re.sub(r"url\(#([^)\"]+)\)", lambda m: f"url(#{names[m.group(1)]})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{names[m.group(1)]}"', svg)
    # groups left without an id or attributes are plain wrappers: dropped, and repeated styles
    # become classes of this figure
    svg = _slim(svg, short or f"{prefix}-svg")
    svg = re.sub(
        r"<text(\s[^>]*)?>([^<]*)</text>",
        lambda m: (
            f'<text lang="ja"{m.group(1) or ""}>{m.group(2)}</text>'
            if has_cjk(html.unescape(m.group(2)))
            else m.group(0)
        ),
        svg,
    )
    esc = html.escape
    head = (
        f'<title id="{prefix}-title">{esc(title)}</title>'
        f'<desc id="{prefix}-desc">{esc(description)}</desc>'
    )
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-labelledby="{prefix}-title {prefix}-desc">{head}'
        ),
        svg,
        count=1,
    )


_COLOR = re.compile(r"(?:fill|stroke|color)\s*[:=]\s*\"?(#[0-9a-fA-F]{6})")


def _is_grey(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) < 16


def svg_problems(svg: str) -> list[str]:
    """What breaks the figure conventions in ``svg`` (empty when none), for tests and checks."""
    problems = []
    if (
        re.search(r"<path[^>]+id=\"[^\"]*(DejaVu|Sans)[^\"]*\"", svg)
        or '<use xlink:href="#Dej' in svg
    ):
        problems.append("text drawn as glyph outlines (svg.fonttype must be 'none')")
    if "<dc:date>" in svg or "<metadata>" in svg:
        problems.append("embedded metadata or date")
    if "<text" not in svg:
        problems.append("no text elements (no labels, or text drawn as paths)")
    hues = {c.upper() for c in _COLOR.findall(svg) if not _is_grey(c)}
    if len(hues) > len(PALETTE):
        problems.append(f"{len(hues)} colours (at most {len(PALETTE)})")
    return problems


MAX_INLINE_REPEATS = 4
"""Most drawn elements of a figure ready for the page that may carry the same inline style (and
clip path): more, and a class is shorter (:func:`_slim` makes one)."""


def inline_svg_problems(svg: str) -> list[str]:
    """What is wrong with the classes and styles of a figure ready for the page (the output of
    :func:`finalize_svg`): empty when nothing is, for tests and checks.

    Classes must be defined once each, in the figure's own style sheet, by rules that match only
    inside the figure (``#ID .NAME``, the ``<svg>`` element's id); no style may repeat on more
    than :data:`MAX_INLINE_REPEATS` drawn elements; no plain ``<g>`` wrapper is left.
    """
    problems = []
    root = re.match(r"<svg\b[^>]*>", svg)
    own_id = re.search(r'\sid="([^"]+)"', root.group(0)) if root else None
    used = set(re.findall(r'\sclass="([^"]+)"', svg))
    rules = re.findall(r"(#[^{}\s]+) \.([A-Za-z]+)\{", svg)
    names = [name for _, name in rules]
    if (used or rules) and own_id is None:
        problems.append("classes but no id on the <svg> element to scope them")
    if own_id is not None and any(sel != _css_id(own_id.group(1)) for sel, _ in rules):
        problems.append("a class rule that does not match only inside this figure")
    if len(names) != len(set(names)):
        problems.append("a class defined more than once")
    if used - set(names):
        problems.append(f"classes used but not defined: {sorted(used - set(names))}")
    drawn = re.sub(r"<defs>.*?</defs>|<clipPath\b.*?</clipPath>", "", svg, flags=re.S)
    counts: dict[str, int] = {}
    for tag in re.findall(r"<\w+\b[^>]*>", drawn):
        if re.search(r'\sid="', tag):
            continue
        found = re.findall(r'\s(?:clip-path|style)="[^"]*"', tag)
        if found:
            counts["".join(found)] = counts.get("".join(found), 0) + 1
    repeated = sorted(k.strip() for k, n in counts.items() if n > MAX_INLINE_REPEATS)
    if repeated:
        problems.append(f"inline styles repeated more than {MAX_INLINE_REPEATS} times: {repeated}")
    if "<g>" in svg:
        problems.append("plain <g> wrappers")
    return problems
