"""The package's layering: a capability package never imports a layer above it.

The target layout (the design notes' architecture sketch) puts the capability packages (``deterrence``,
``align``, ``relations``, ``burden``, ``law``) below the scenario file that composes their sections
(:mod:`anpo.scenario`), the futures book, ``explore``, the report builder, the web app and the
CLI. A capability may use :mod:`anpo.data`, the report's section, figure, format and country
helpers and the shared plumbing, never an upper layer. This check reads every module under
``src/anpo`` with :mod:`ast` (imports inside functions and ``TYPE_CHECKING`` blocks count too) and
lists each upper-layer import as ``module:line``.

A known exception belongs in :data:`ALLOWED` with the reason; an entry no module needs any more
fails the check, so the list only shrinks.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from _support import ROOT

SRC = ROOT / "src" / "anpo"

#: the capability packages (the lower layer)
CAPABILITIES = ("deterrence", "align", "relations", "burden", "law")

#: what a capability must not import: the layers above it (the report builder is ``build``,
#: ``html`` and ``registry``; ``anpo.report``'s section, figure, format and country helpers are
#: allowed)
UPPER = (
    "anpo.scenario",
    "anpo.cli",
    "anpo.web",
    "anpo.explore",
    "anpo.futures",
    "anpo.report.build",
    "anpo.report.html",
    "anpo.report.registry",
)

#: (importing module, imported upper module) -> why it still does
ALLOWED: dict[tuple[str, str], str] = {
    ("anpo.deterrence.questions", "anpo.scenario"): (
        "run() and outcomes() also take a file's path (public API); only a path is read late"
    ),
}


def module_name(path: Path, src: Path = SRC) -> str:
    """The dotted module name of ``path`` under ``src`` (``src`` is the ``anpo`` package)."""
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(name: str) -> str | None:
    """The upper layer ``name`` is in (``anpo.scenario`` for ``anpo.scenario.schema``), or None."""
    for upper in UPPER:
        if name == upper or name.startswith(upper + "."):
            return upper
    return None


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module ``source`` (the code of ``module``) imports, as ``(line, dotted name)``.

    ``from anpo.scenario.schema import Case`` names ``anpo.scenario.schema``; ``from anpo import
    scenario`` names ``anpo`` and ``anpo.scenario`` (an imported name may be a module). Relative
    imports are resolved against ``module``.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = module.split(".") if is_package else module.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            found.append((node.lineno, base))
            if _layer(base) is None:
                found += [(node.lineno, _builder(f"{base}.{alias.name}")) for alias in node.names]
    return found


def _builder(name: str) -> str:
    """``anpo.report.build_report`` (a builder name :mod:`anpo.report` loads lazily from
    :mod:`anpo.report.build`) as the module it comes from; any other name as it is."""
    from anpo.report import _BUILDER

    head, _, attr = name.rpartition(".")
    return "anpo.report.build" if head == "anpo.report" and attr in _BUILDER else name


def upper_imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """The upper-layer imports of ``module`` as ``(line, imported module)``; none unless
    ``module`` is in a capability package."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "anpo" or parts[1] not in CAPABILITIES:
        return []
    hits = imported_modules(source, module, is_package)
    return sorted({(line, name) for line, name in hits if _layer(name) is not None})


def _violations(src: Path = SRC) -> dict[tuple[str, str], list[int]]:
    """``(module, imported upper module)`` -> the lines, over every module under ``src``."""
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(p for p in src.rglob("*.py") if "__pycache__" not in p.parts):
        mod = module_name(path, src)
        text = path.read_text(encoding="utf-8")
        for line, name in upper_imports(text, mod, path.name == "__init__.py"):
            found.setdefault((mod, name), []).append(line)
    return found


def test_no_capability_imports_an_upper_layer() -> None:
    found = _violations()
    new = sorted(
        (mod, line, name)
        for (mod, name), lines in found.items()
        if (mod, name) not in ALLOWED
        for line in lines
    )
    assert not new, "capability packages import an upper layer:\n" + "\n".join(
        f"{mod}:{line} imports {name}" for mod, line, name in new
    )


def test_the_allow_list_only_shrinks() -> None:
    """Every allowed exception is still needed (remove the entry once the import is gone)."""
    stale = sorted(set(ALLOWED) - set(_violations()))
    assert not stale, f"allowed but no longer imported (remove from ALLOWED): {stale}"


def test_the_check_sees_every_kind_of_upper_import() -> None:
    """A synthetic module of a capability with each form of upper-layer import is caught, with
    its line; the allowed helpers and a module outside the capabilities are not."""
    code = (
        "from __future__ import annotations\n"  # 1
        "from typing import TYPE_CHECKING\n"  # 2
        "from anpo.report.format import fmt_number\n"  # 3: allowed helper
        "from anpo.data import cow\n"  # 4: allowed
        "from anpo.scenario.schema import Scenario\n"  # 5
        "import anpo.web.app\n"  # 6
        "from anpo import futures\n"  # 7
        "if TYPE_CHECKING:\n"  # 8
        "    from anpo.report.build import build_report\n"  # 9
        "def f():\n"  # 10
        "    from ..explore import engine\n"  # 11
        "    from anpo.report import build_report, Figure\n"  # 12: the builder, lazily
        "    return engine\n"
    )
    hits = upper_imports(code, "anpo.deterrence.fake")
    assert hits == [
        (5, "anpo.scenario.schema"),
        (6, "anpo.web.app"),
        (7, "anpo.futures"),
        (9, "anpo.report.build"),
        (11, "anpo.explore"),
        (12, "anpo.report.build"),
    ]
    assert upper_imports(code, "anpo.cli.fake") == []
    assert upper_imports("from anpo.report.sections import Section\n", "anpo.law.x") == []


def test_the_check_fails_on_a_new_violation(tmp_path: Path) -> None:
    """A package tree with one capability module importing the scenario layer: the scan lists it
    (so the test above would fail on it), and only it."""
    pkg = tmp_path / "anpo"
    (pkg / "align").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "align" / "__init__.py").write_text("from .bad import x\n")
    (pkg / "align" / "bad.py").write_text("import os\n\n\ndef g():\n    import anpo.scenario\n")
    assert _violations(pkg) == {("anpo.align.bad", "anpo.scenario"): [5]}


_LOADED = """
import importlib, json, sys
UPPER = {upper!r}
found = {{}}
for mod in {modules!r}:
    importlib.import_module(mod)
    up = sorted(k for k in sys.modules if any(k == u or k.startswith(u + ".") for u in UPPER))
    if up:
        found[mod] = up
        break
print(json.dumps(found))
"""


def test_importing_a_capability_loads_no_upper_layer() -> None:
    """At run time too: a fresh interpreter importing every module of the capability packages
    loads no upper layer (a package ``__init__`` that imports its builder would, though no
    capability names it). Names the first module whose import loads one."""
    modules = sorted(
        module_name(p)
        for cap in CAPABILITIES
        for p in (SRC / cap).rglob("*.py")
        if "__pycache__" not in p.parts
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC.parent), os.environ.get("PYTHONPATH", "")]),
    }
    code = _LOADED.format(upper=UPPER, modules=modules)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}
