"""No module of anpo uses another module's private (underscore) names.

A helper that another module needs is public in the module that owns it (a name without the
leading underscore, a docstring saying what it is), or it lives in a private-named engine module
(``anpo.deterrence._engine``, ``anpo._checks``, ``anpo._io.inputs``: a module or package whose
name starts with ``_``), whose names its package's modules may share. A private name imported
across modules is an interface nobody promised to keep: renaming it in its module breaks a
caller the module does not know of.

The check reads the source with :mod:`ast` (nothing is imported): ``from anpo.x import _name``
(absolute or relative, at module level or inside a function) and ``module._name`` where
``module`` was imported from anpo (``import anpo.x as m``, ``from anpo import x``).

The scripts outside the package (``tools/``, ``benchmarks/``) are read the same way, more
strictly: no module of anpo is theirs, so a private name is private to them even in a
private-named engine module (they may import the engine module and use its public names). The
few a benchmark of an engine kernel needs are in :data:`ALLOWED`, each with its reason.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "anpo"
#: the directories of scripts outside the package, read with the stricter rule
SCRIPTS = ("tools", "benchmarks")

_OLD_KERNEL = (
    "the engine's kernel as it was before a change, kept to measure and test the engine against "
    "(tests/test_engine_truncation.py, test_reaction_decoys.py), is built from the engine's own "
    "private pieces: it must use the ones the engine uses now"
)

#: (importing module, "owner.name") pairs allowed, each with its reason.
ALLOWED: dict[tuple[str, str], str] = {
    ("benchmarks.decoy_bench", "anpo.deterrence._engine._p_at_least"): (
        "the benchmark measures this kernel of the engine against its old copy"
    ),
    ("benchmarks.footprint_decoys_bench", "anpo.deterrence._engine._p_at_least"): (
        "the benchmark measures this kernel of the engine against its old copy"
    ),
    **{
        ("benchmarks.old_footprint_kernel", f"anpo.deterrence._engine.{name}"): _OLD_KERNEL
        for name in (
            "_SKIP",
            "_TINY",
            "_ensure_survivors",
            "_hyper_mode",
            "_hyper_upto",
            "_layer_collapsed",
            "_new_caches",
            "_support_bounds",
        )
    },
    ("benchmarks.footprint_bench", "anpo.deterrence._engine._p_at_least"): (
        "the benchmark measures this kernel of the engine against its old copy"
    ),
    **{
        ("benchmarks.old_footprint_perf16_kernel", f"anpo.deterrence._engine.{name}"): _OLD_KERNEL
        for name in (
            "_SKIP",
            "_TINY",
            "_add_compensated",
            "_ensure_survivors",
            "_hyper_mode",
            "_hyper_upto",
            "_layer_collapsed",
            "_new_caches",
            "_support_bounds",
        )
    },
    **{
        ("benchmarks.old_decoy_kernel", f"anpo.deterrence._engine.{name}"): _OLD_KERNEL
        for name in ("_SKIP", "_TINY")
    },
    **{
        ("benchmarks.old_propagate_kernel", f"anpo.deterrence._engine.{name}"): _OLD_KERNEL
        for name in (
            "_SKIP",
            "_TINY",
            "_ensure_survivors",
            "_g_tables",
            "_new_caches",
            "_p_at_least_g",
            "_support_bounds",
        )
    },
    **{
        ("benchmarks.old_reaction_compile_kernel", f"anpo.deterrence._engine.{name}"): _OLD_KERNEL
        for name in ("_g_tables", "_p_at_least", "_p_at_least_g")
    },
    ("benchmarks.align_bench", "anpo.align.whatif._mip_solve"): (
        "section 7 wraps the what-if's MIP to count the nodes of HiGHS's branch and bound a "
        "call spends (the budget's unit), which its answer does not report"
    ),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_private(name: str) -> bool:
    """``_name`` but not a dunder (``__version__``, ``__all__``)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_module(module: str) -> bool:
    """True when the module or one of its packages is private-named (``anpo._io.inputs``)."""
    return any(_is_private(part) for part in module.split("."))


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _scripts(root: Path | None = None) -> dict[str, Path]:
    """The scripts of :data:`SCRIPTS` under ``root`` (the repository) by dotted name
    (``tools.align_variants``)."""
    base = SRC.parent if root is None else root
    return {
        ".".join(p.relative_to(base).with_suffix("").parts): p
        for d in SCRIPTS
        for p in sorted((base / d).rglob("*.py"))
    }


def private_uses(
    modules: dict[str, Path], scripts: dict[str, Path] | None = None
) -> list[tuple[str, int, str, str]]:
    """Every ``(file, line, importing module, "owner.name")`` where a module uses a private name
    of another anpo module that is not private-named, or a script of ``scripts`` (outside the
    package) any private name of an anpo module."""
    found: list[tuple[str, int, str, str]] = []
    for name, path in {**modules, **(scripts or {})}.items():
        outside = scripts is not None and name in scripts
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        aliases: dict[str, str] = {}  # local name -> anpo module it stands for
        where = str(path.relative_to(SRC.parent))

        def report(
            line: int,
            owner: str,
            attr: str,
            name: str = name,
            where: str = where,
            outside: bool = outside,
        ) -> None:
            if owner != name and (outside or not _private_module(owner)):
                found.append((where, line, name, f"{owner}.{attr}"))

        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                if source != "anpo" and not source.startswith("anpo."):
                    continue
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    if full in modules:  # a module imported from its package
                        aliases[alias.asname or alias.name] = full
                    elif _is_private(alias.name):
                        report(node.lineno, source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "anpo" or alias.name.startswith("anpo."):
                        if alias.asname:
                            aliases[alias.asname] = alias.name
                        else:
                            aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
                continue
            chain: list[str] = []
            value: ast.expr = node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                owner = ".".join([aliases[value.id], *reversed(chain)])
                if owner in modules and f"{owner}.{node.attr}" not in modules:
                    report(node.lineno, owner, node.attr)
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    modules, scripts = _modules(), _scripts()
    assert "anpo.relations.dyads" in modules  # the walk found the package
    assert {"tools.align_variants", "benchmarks.data_parse_bench"} <= set(scripts)  # the scripts
    uses = [u for u in private_uses(modules, scripts) if (u[2], u[3]) not in ALLOWED]
    assert not uses, "private names used across modules (make them public in their owner):\n" + (
        "\n".join(f"{f}:{line}: {mod} uses {what}" for f, line, mod, what in uses)
    )


def test_allow_list_entries_are_still_needed() -> None:
    """An allow-list entry whose use is gone is removed (the list does not outlive its reason)."""
    used = {(u[2], u[3]) for u in private_uses(_modules(), _scripts())}
    assert not set(ALLOWED) - used


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # an absolute import of a private function of another module
        ({"anpo/a.py": "def _f(): pass\n", "anpo/b.py": "from anpo.a import _f\n"}, ["anpo.a._f"]),
        # a relative one inside a function
        (
            {"anpo/p/__init__.py": "", "anpo/p/a.py": "def _f(): pass\n",
             "anpo/p/b.py": "def g():\n    from .a import _f\n"},
            ["anpo.p.a._f"],
        ),
        # attribute access through an imported module
        (
            {"anpo/p/__init__.py": "", "anpo/p/a.py": "def _f(): pass\n",
             "anpo/p/b.py": "from anpo.p import a as m\nm._f()\n"},
            ["anpo.p.a._f"],
        ),
        ({"anpo/a.py": "def _f(): pass\n", "anpo/b.py": "import anpo.a\nanpo.a._f()\n"},
         ["anpo.a._f"]),
        # a private-named engine module's names, the module itself, dunders, public names: fine
        (
            {"anpo/p/__init__.py": "", "anpo/p/_engine.py": "def _k(): pass\n",
             "anpo/p/b.py": "from anpo.p._engine import _k\nfrom anpo.p import _engine\n"
                            "_engine._k()\nfrom anpo import __version__\n"
                            "from anpo.p.b import public\n"},
            [],
        ),
    ],
)  # fmt: skip
def test_the_check_finds_what_it_should(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: list[str]
) -> None:
    """The walk itself: each way of reaching a private name is seen, the allowed ones are not."""
    for rel, text in {"anpo/__init__.py": "", **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    modules = {_module_name(p): p for p in sorted((tmp_path / "anpo").rglob("*.py"))}
    assert [u[3] for u in private_uses(modules)] == expected


def test_the_check_reads_the_scripts_more_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tool or benchmark may import a private-named engine module and use its public names,
    never a private name of any anpo module (not even one of the engine module's, which the
    package's own modules may share)."""
    files = {
        "anpo/__init__.py": "",
        "anpo/a.py": "def _f(): pass\n",
        "anpo/p/__init__.py": "",
        "anpo/p/_engine.py": "def _k(): pass\ndef public(): pass\n",
        "anpo/p/b.py": "from anpo.p._engine import _k\n",  # inside the package: fine
        "tools/t.py": "from anpo.p import _engine\n_engine.public()\n_engine._k()\n",
        "benchmarks/b.py": "import anpo.a as m\nfrom anpo.p._engine import _k\nm._f()\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "src")
    modules = {
        ".".join(p.relative_to(tmp_path).with_suffix("").parts).removesuffix(".__init__"): p
        for p in sorted((tmp_path / "anpo").rglob("*.py"))
    }
    scripts = _scripts(tmp_path)
    assert set(scripts) == {"tools.t", "benchmarks.b"}
    got = sorted((where, line, what) for where, line, _, what in private_uses(modules, scripts))
    assert got == [
        ("benchmarks/b.py", 2, "anpo.p._engine._k"),
        ("benchmarks/b.py", 3, "anpo.a._f"),
        ("tools/t.py", 3, "anpo.p._engine._k"),
    ]
