"""MkDocs hooks for the anpo documentation site (``mkdocs.yml``: ``hooks``).

- **API reference pages**, generated from the package tree: one page per subpackage of
  ``src/anpo`` (and one for the top-level modules), each rendering the package's and its public
  modules' docstrings with mkdocstrings. A package added to ``src/anpo`` gets its page and its
  place in the navigation without an edit here.
- **The bibliography page**, generated from ``src/anpo/references.toml`` (the one references
  file), each entry anchored by its key and listing where it is cited.
- **Citations**: ``[key]``, ``[k1; k2]`` and ``[key, locator]`` in the pages and in the rendered
  docstrings become links to the bibliography entry; an unknown key is a warning, so
  ``mkdocs build --strict`` fails on it.
- **Sphinx roles** in docstrings (``:func:`anpo.x.y```) become cross-references.
- **Equations**: ``$...$``, ``$$...$$`` (found by pymdownx.arithmatex) are rendered to MathML at
  build time with latex2mathml, so the site needs no script and no network to show them.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _use_checkout() -> None:
    """Import ``anpo`` from this checkout's ``src``, not from an installed copy elsewhere."""
    import importlib

    if sys.path[:1] != [str(SRC)]:
        sys.path.insert(0, str(SRC))
    mod = sys.modules.get("anpo")
    if mod is not None and Path(mod.__file__ or "").resolve().parent != SRC / "anpo":
        for name in [n for n in sys.modules if n == "anpo" or n.startswith("anpo.")]:
            del sys.modules[name]
    importlib.invalidate_caches()


log = logging.getLogger("mkdocs.plugins.anpo")

BIBLIOGRAPHY = "bibliography.md"
REFERENCE_INDEX = "reference/index.md"
NAV_TITLE = "API reference"


# --------------------------------------------------------------------------------------------
# API reference pages


def reference_packages(src: Path = SRC) -> dict[str, list[str]]:
    """``{"anpo.deterrence": ["anpo.deterrence", "anpo.deterrence.defense", ...], ...}``.

    The key ``"anpo"`` holds the package itself and its public top-level modules; every other key
    is a public subpackage with its public modules (recursively), in name order.
    """
    pkg = src / "anpo"
    top = ["anpo"] + [
        f"anpo.{p.stem}"
        for p in sorted(pkg.glob("*.py"))
        if not p.stem.startswith("_") and p.stem != "__main__"
    ]
    out: dict[str, list[str]] = {"anpo": top}
    for sub in sorted(p.parent for p in pkg.glob("*/__init__.py")):
        if sub.name.startswith("_"):
            continue
        mods: list[str] = []
        for init in sorted(sub.rglob("__init__.py")):
            rel = init.parent.relative_to(src)
            if any(part.startswith("_") for part in rel.parts):
                continue
            name = ".".join(rel.parts)
            mods.append(name)
            mods += [
                f"{name}.{p.stem}"
                for p in sorted(init.parent.glob("*.py"))
                if not p.stem.startswith("_")
            ]
        out[f"anpo.{sub.name}"] = mods
    return out


def _first_line(module: str, src: Path = SRC) -> str:
    """The first line of a module's docstring, read without importing it."""
    import ast

    path = src / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    try:
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    except (OSError, SyntaxError):
        return ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def reference_page(package: str, modules: list[str]) -> str:
    """The markdown of one API reference page."""
    lines = [f"# {package}", ""]
    for mod in modules:
        if mod == package:
            lines += [
                f"::: {mod}",
                "    options:",
                "      members: false",
                "      show_root_heading: false",
                "",
            ]
        elif "." in mod and mod.count(".") >= 1 and (SRC / Path(*mod.split("."))).is_dir():
            lines += [f"::: {mod}", "    options:", "      members: false", ""]
        else:
            lines += [f"::: {mod}", ""]
    return "\n".join(lines)


def reference_index(packages: dict[str, list[str]]) -> str:
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings of the checkout's `src/anpo` (one page per package). "
        "Private modules (a name starting with `_`) are left out. Each model function's "
        "docstring cites its source by key, linked to the [bibliography](../bibliography.md).",
        "",
        "| package | what it holds |",
        "|---|---|",
    ]
    for package in packages:
        page = f"{package.split('.')[-1] if package != 'anpo' else 'anpo'}.md"
        lines.append(f"| [`{package}`]({page}) | {_first_line(package)} |")
    return "\n".join(lines) + "\n"


def _page_name(package: str) -> str:
    return "reference/" + ("anpo" if package == "anpo" else package.split(".")[-1]) + ".md"


# --------------------------------------------------------------------------------------------
# Bibliography


def _references() -> dict[str, Any]:
    from anpo.references import load_references

    return load_references(SRC / "anpo" / "references.toml")


def citing_places(src: Path = SRC, docs: Path | None = None) -> dict[str, list[str]]:
    """Where each key is cited: module names (``anpo.deterrence.defense``) and doc pages."""
    from anpo.references import cited_keys

    places: dict[str, list[str]] = {}
    files = sorted(src.rglob("*.py")) + sorted(src.rglob("*.toml"))
    for path in files:
        rel = path.relative_to(src)
        if path.suffix == ".py":
            name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        else:
            name = str(rel)
        if name.endswith("references.toml"):
            continue
        for key in dict.fromkeys(cited_keys(path.read_text("utf-8"))):
            places.setdefault(key, []).append(name)
    if docs is not None:
        for path in sorted(docs.rglob("*.md")):
            for key in dict.fromkeys(cited_keys(path.read_text("utf-8"))):
                places.setdefault(key, []).append("docs/" + path.relative_to(docs).as_posix())
    return places


def bibliography_markdown(docs: Path | None = None) -> str:
    """The bibliography page: every entry of ``references.toml``, by label, anchored by key."""
    from anpo.references import format_reference

    refs = _references()
    places = citing_places(docs=docs)
    lines = [
        "# Bibliography",
        "",
        f"All {len(refs)} sources anpo cites, from its one references file, "
        "`src/anpo/references.toml`. Docstrings, report sections, tests and these pages cite a "
        "source by its key in square brackets, e.g. `[wilkening1999]` "
        "(see [Cite a source](how-to/cite.md)); in the report, "
        "`anpo.references.cite(key)` gives the full reference.",
        "",
    ]
    for ref in sorted(refs.values(), key=lambda r: (r.label.lower(), r.key)):
        where = places.get(ref.key, [])
        cited = ", ".join(f"`{w}`" for w in where[:8]) + (" ..." if len(where) > 8 else "")
        lines += [
            f'<div class="anpo-ref" id="{ref.key}" markdown="1">',
            "",
            f"**{ref.label}** `{ref.key}`<br>",
            format_reference(ref, "markdown"),
            "",
        ]
        if cited:
            lines += [f"<small>Cited in {cited}.</small>", ""]
        lines += ["</div>", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# HTML post-processing: citations, Sphinx roles, equations

_SKIP_TAGS = {"code", "pre", "a", "script", "style", "math", "kbd"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")


def _map_text(markup: str, fn: Any) -> str:
    """Apply ``fn`` to the text between tags, outside code, pre, links and math."""
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _TAG.finditer(markup):
        text = markup[pos : m.start()]
        out.append(fn(text) if depth == 0 and text else text)
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _SKIP_TAGS and not selfclosing:
            depth = max(0, depth - 1) if closing else depth + 1
        out.append(m.group(0))
        pos = m.end()
    tail = markup[pos:]
    out.append(fn(tail) if depth == 0 and tail else tail)
    return "".join(out)


def link_citations(markup: str, page_url: str, refs: dict[str, Any], where: str) -> str:
    """Turn ``[key]`` citations in HTML text into links to the bibliography page."""
    from anpo.references import CITATION_RE

    target = posixpath.relpath("bibliography/", page_url or ".") if page_url else "bibliography/"
    if not target.endswith("/"):
        target += "/"

    def one(m: re.Match[str]) -> str:
        keys = [k.strip() for k in m.group("keys").split(";")]
        links = []
        for key in keys:
            ref = refs.get(key)
            if ref is None:
                log.warning("%s: citation key %r is not in src/anpo/references.toml", where, key)
                links.append(html.escape(key))
            else:
                links.append(
                    f'<a class="anpo-cite" href="{target}#{key}" title="{html.escape(ref.title)}">'
                    f"{html.escape(ref.label)}</a>"
                )
        loc = f", {m.group('locator')}" if m.group("locator") else ""
        return "[" + "; ".join(links) + loc + "]"

    return _map_text(markup, lambda text: CITATION_RE.sub(one, text))


_ROLE = re.compile(
    r":(?:py:)?(?:mod|func|class|meth|attr|data|exc|obj|const|property):"
    r"<code>(~?)([A-Za-z_][\w.]*?)(\(\))?</code>"
)


def sphinx_roles(markup: str) -> str:
    """``:func:<code>anpo.x.f</code>`` (a Sphinx role in a docstring) -> a cross-reference."""

    def one(m: re.Match[str]) -> str:
        tilde, ident, parens = m.group(1), m.group(2), m.group(3) or ""
        title = ident.rsplit(".", 1)[-1] if tilde else ident
        return f'<autoref identifier="{ident}" optional><code>{title}{parens}</code></autoref>'

    return _ROLE.sub(one, markup)


_MATH_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)
_MATH_BLOCK = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)


def render_math(markup: str, where: str = "") -> str:
    """Replace arithmatex's generic output by MathML (latex2mathml), at build time."""
    if "arithmatex" not in markup:
        return markup
    from latex2mathml.converter import convert

    def conv(m: re.Match[str], display: str) -> str:
        tex = html.unescape(m.group(1)).strip()
        try:
            mathml = convert(tex, display=display)
        except Exception as exc:  # latex2mathml raises a variety of errors
            log.warning("%s: cannot render the equation %r: %s", where, tex, exc)
            return m.group(0)
        cls = "anpo-math-block" if display == "block" else "anpo-math"
        return f'<span class="{cls}" title="{html.escape(tex)}">{mathml}</span>'

    markup = _MATH_BLOCK.sub(lambda m: conv(m, "block"), markup)
    return _MATH_INLINE.sub(lambda m: conv(m, "inline"), markup)


# --------------------------------------------------------------------------------------------
# MkDocs events

_STATE: dict[str, Any] = {}


def on_config(config: Any, **kwargs: Any) -> Any:
    _use_checkout()
    packages = reference_packages()
    _STATE["packages"] = packages
    _STATE["refs"] = _references()
    section = [{"Overview": REFERENCE_INDEX}] + [{p: _page_name(p)} for p in packages]
    nav = config.get("nav") or []
    for i, item in enumerate(nav):
        if isinstance(item, dict) and NAV_TITLE in item:
            nav[i] = {NAV_TITLE: section}
    css = "stylesheets/anpo.css"
    if css not in config["extra_css"]:
        config["extra_css"].append(css)
    return config


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    from mkdocs.structure.files import File

    docs = Path(config["docs_dir"])
    generated = {
        BIBLIOGRAPHY: bibliography_markdown(docs),
        REFERENCE_INDEX: reference_index(_STATE["packages"]),
    }
    for package, modules in _STATE["packages"].items():
        generated[_page_name(package)] = reference_page(package, modules)
    for uri, content in generated.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_content(markup: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    where = page.file.src_uri
    markup = render_math(markup, where)
    markup = sphinx_roles(markup)
    if page.file.src_uri != BIBLIOGRAPHY:
        markup = link_citations(markup, page.url, _STATE["refs"], where)
    return markup
