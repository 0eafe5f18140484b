"""A griffe extension for the anpo API reference (``mkdocs.yml``: mkdocstrings ``extensions``).

anpo's docstrings are written for ``help()`` and pytest's doctests as much as for the site: they
hold ``>>>`` examples in running text and reStructuredText literal blocks (``Public API::``).
Before mkdocstrings renders a docstring as Markdown, this extension

- fences each run of ``>>>`` lines and their output (outside an indented block) as Python code,
  so that ``['2001', '0']`` in an output line is not read as a Markdown link;
- turns a paragraph ending in ``::`` into one ending in ``:`` (the indented block that follows
  is a Markdown code block already).

Only the rendering changes; the docstrings themselves are not edited.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap unindented ``>>>`` examples (with their output lines) in fenced code blocks."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    fenced = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith(">>>"):
            if out and out[-1].strip():
                out.append("")
            out.append("```python")
            while i < len(lines) and lines[i].strip() and not lines[i].startswith((" ", "\t")):
                out.append(lines[i])
                i += 1
            out.append("```")
            if i < len(lines) and lines[i].strip():
                out.append("")
            continue
        if not fenced and line.rstrip().endswith("::") and not line.startswith((" ", "\t")):
            line = line.rstrip()[:-1]
        out.append(line)
        i += 1
    return "\n".join(out)


class DocstringFixes(griffe.Extension):
    """Fence doctest examples and rST literal markers in every docstring (see the module)."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        doc = getattr(obj, "docstring", None)
        if doc is not None and (">>>" in doc.value or "::" in doc.value):
            doc.value = fence_doctests(doc.value)
