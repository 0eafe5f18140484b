"""The one bibliography (src/anpo/references.toml) and citations by key.

Every key cited anywhere in src/, tests/, docs/ and the README is in the file (and, read with
:mod:`ast`, every key cited in a docstring under src/anpo, with no citation malformed there);
every entry of the file is cited somewhere; the file validates; ``cite`` and ``label`` format entries; the docs'
bibliography page lists every entry under its key.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Container
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anpo.errors import AnpoError
from anpo.references import (
    CITATION_RE,
    KEY_PATTERN,
    KEY_RE,
    BibliographyError,
    UnknownReferenceError,
    cite,
    cited_keys,
    format_reference,
    keys_in,
    label,
    load_references,
    references,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = {".py", ".toml", ".md", ".csv", ".txt", ".json", ".html", ".js"}


def _cited_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in ("src", "tests", "docs", "benchmarks", "tools"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                files.append(path)
    return [f for f in files if f.name != "references.toml"]


def _citations() -> dict[str, list[str]]:
    """key -> files citing it (relative paths)."""
    found: dict[str, list[str]] = {}
    for path in _cited_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in dict.fromkeys(cited_keys(text)):
            found.setdefault(key, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_cited_key_is_in_the_bibliography() -> None:
    refs = references()
    missing = {k: v for k, v in _citations().items() if k not in refs}
    assert not missing, "keys cited but not in src/anpo/references.toml: " + "; ".join(
        f"{k} (in {', '.join(v[:3])})" for k, v in sorted(missing.items())
    )


#: A bracket that opens like a citation: ``[`` and a key, where :data:`CITATION_RE` would start.
#: One that does not start a citation (``[kent1989 defines them]``, ``[wilkening1999: p. 3]``,
#: ``[k1;`` and a line break before ``k2]``) is malformed: :func:`anpo.references.keys_in` does
#: not read it, so its keys would go unchecked and the docs would not link it.
CITATION_OPENING_RE = re.compile(rf"(?<![\w\]\)'])\[{KEY_PATTERN}(?![\w-])")


def docstring_citation_problems(source: str, known: Container[str]) -> list[str]:
    """``line: problem`` for each docstring of ``source`` (the module's, every class's and every
    function's, methods included) that cites a key not in ``known`` or writes a malformed
    citation."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        doc = ast.get_docstring(node, clean=False)
        if not doc:
            continue
        line = node.body[0].lineno
        name = getattr(node, "name", "<module>")
        problems += [
            f"{line} ({name}): [{key}] is not in references.toml"
            for key in keys_in(doc)
            if key not in known
        ]
        problems += [
            f"{line} ({name}): malformed citation {doc[m.start() : m.end() + 12]!r}..."
            for m in CITATION_OPENING_RE.finditer(doc)
            if not CITATION_RE.match(doc, m.start())
        ]
    return sorted(problems, key=lambda p: int(p.split(" ", 1)[0]))


def test_every_key_cited_in_a_docstring_is_in_the_bibliography() -> None:
    """The project's rule: every model function's docstring names its source, as ``[key]`` of
    src/anpo/references.toml. Each docstring under src/anpo is read with :mod:`ast` (not as the
    file's text), its keys must be entries, and no citation is malformed."""
    refs = references()
    problems = []
    for path in sorted((ROOT / "src" / "anpo").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        problems += [f"{rel}:{p}" for p in docstring_citation_problems(text, refs)]
    assert not problems, "docstring citations:\n" + "\n".join(problems)


def test_the_docstring_check_finds_unknown_keys_and_malformed_citations() -> None:
    """The check above can fail: an unknown key and malformed citations in a docstring (a
    method's included) are found; a known key with a locator, and a bracket that is not a
    citation, are not."""
    unknown, known = "nobody" + "1999", "olson" + "1966"  # not literal: this file is scanned too
    source = (
        f'"""Module: after [{known}, Table 1]."""\n'
        "class A:\n"
        f'    """Fine: x[{unknown}] indexes, [{known}; {known}] cites."""\n'
        "    def f(self):\n"
        f'        """As [{unknown}] showed."""\n'
        f'def g():\n    """See [{known}: p. 3]."""\n'
        f'def h():\n    """Both [{known};\n    {known}]."""\n'
    )
    problems = docstring_citation_problems(source, references())
    assert len(problems) == 3, problems
    assert problems[0].startswith(f"5 (f): [{unknown}] is not in"), problems
    assert problems[1].startswith(f"7 (g): malformed citation '[{known}: p. 3]"), problems
    assert problems[2].startswith(f"9 (h): malformed citation '[{known};"), problems
    fixed = source.replace(unknown, known).replace(": p.", ", p.").replace(";\n    ", "; ")
    assert not docstring_citation_problems(fixed, references())


def test_every_entry_is_cited_somewhere() -> None:
    cited = _citations()
    uncited = sorted(k for k in references() if k not in cited)
    assert not uncited, f"entries nobody cites (cite them or remove them): {', '.join(uncited)}"


def test_keys_follow_the_convention() -> None:
    for key, ref in references().items():
        assert KEY_RE.match(key), key
        assert key.rstrip("abcdefghijklmnopqrstuvwxyz").endswith(str(ref.year)), key
        assert ref.title and (ref.authors or ref.editors), key


def test_cite_formats_the_full_reference() -> None:
    """[olson1966]: the reference's parts, in order, in the plain-text form the report prints."""
    text = cite("olson1966")
    assert text.startswith("Olson, M. & Zeckhauser, R. (1966). An Economic Theory of Alliances.")
    assert "48(3): 266-279" in text and text.endswith("doi:10.2307/1927082")
    md = cite("olson1966", markup="markdown")
    assert "*The Review of Economics and Statistics*" in md
    assert "(https://doi.org/10.2307/1927082)" in md
    assert label("olson1966") == "Olson & Zeckhauser 1966"


def test_labels_by_number_of_authors() -> None:
    refs = references()
    for key, ref in refs.items():
        names = ref.authors or ref.editors
        lab = label(key)
        assert lab.endswith(str(ref.year)), key
        if ref.short:
            assert lab == f"{ref.short} {ref.year}", key
        elif len(names) >= 3:
            assert " et al. " in lab, key
        elif len(names) == 2:
            assert " & " in lab, key


def test_unknown_key_is_a_one_line_error_with_close_keys() -> None:
    unknown = "olson1967"  # a variable: a literal cite("...") call counts as a citation
    with pytest.raises(UnknownReferenceError) as info:
        cite(unknown)
    assert isinstance(info.value, AnpoError)
    assert "olson1966" in info.value.one_line()
    assert "\n" not in str(info.value)


def test_bad_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "refs.toml"
    path.write_text(
        '[good2001]\ntype = "book"\nauthors = ["A, B."]\nyear = 2001\ntitle = "T"\n\n'
        '[bad2002]\ntype = "book"\nauthors = ["A, B."]\nyear = 2003\ntitle = "T"\n',
        encoding="utf-8",
    )
    with pytest.raises(BibliographyError) as info:
        load_references(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), 10, "bad2002.year")
    path.write_text('[x2001]\ntype = "poem"\nauthors = ["A"]\nyear = 2001\ntitle = "T"\n')
    with pytest.raises(BibliographyError, match="type must be one of"):
        load_references(path)
    path.write_text('[Smith2001]\ntype = "book"\nauthors = ["A"]\nyear = 2001\ntitle = "T"\n')
    with pytest.raises(BibliographyError, match="citation key"):
        load_references(path)
    path.write_text("[x2001\n")
    with pytest.raises(BibliographyError, match="not valid TOML"):
        load_references(path)


def test_format_handles_each_kind_of_entry() -> None:
    for ref in references().values():
        text = format_reference(ref)
        assert ref.title.rstrip(".") in text
        assert f"({ref.year})" in text or text.startswith(f"{ref.year}.")
        assert "  " not in text and ".." not in text.replace("...", ""), text


_letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
key_strategy = st.builds(
    lambda name, inst, year, letter: name + (f"-{inst}" if inst else "") + str(year) + letter,
    _letters,
    st.one_of(st.just(""), _letters),
    st.integers(1900, 2099),
    st.sampled_from(["", "a", "b"]),
)


@given(
    keys=st.lists(key_strategy, min_size=1, max_size=3),
    locator=st.sampled_from(["", "p. 12", "Table 9"]),
)
def test_keys_in_finds_what_was_written(keys: list[str], locator: str) -> None:
    text = "see [" + "; ".join(keys) + (f", {locator}" if locator else "") + "] and x[a2001]"
    assert keys_in(text) == keys


def test_headers_quotes_and_cite_calls() -> None:
    """A TOML header or a bracket after a single quote is not a citation; cite("key") is one."""
    text = (
        "[rule-2016]\nkind = 'x'\nq = '[x2001]'\nsources = [cite(\"olson1966\")]  # [wilkening1999]"
    )
    assert keys_in(text) == ["wilkening1999"]
    assert cited_keys(text) == ["wilkening1999", "olson1966"]


def _hooks():
    spec = importlib.util.spec_from_file_location(
        "anpo_mkdocs_hooks", ROOT / "tools" / "mkdocs_hooks.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_bibliography_page_lists_every_entry_with_its_anchor() -> None:
    hooks = _hooks()
    page = hooks.bibliography_markdown(ROOT / "docs")
    for key, ref in references().items():
        assert f'id="{key}"' in page, key
        assert f"**{ref.label}**" in page, key


def test_docs_links_citations_outside_code() -> None:
    hooks = _hooks()
    refs = references()
    html = "<p>As [olson1966, Table 1] showed.</p><pre><code>[olson1966]</code></pre>"
    out = hooks.link_citations(html, "explanation/burden/", refs, "test")
    assert '<a class="anpo-cite" href="../../bibliography/#olson1966"' in out
    assert ">Olson &amp; Zeckhauser 1966</a>, Table 1]" in out
    assert "<pre><code>[olson1966]</code></pre>" in out
