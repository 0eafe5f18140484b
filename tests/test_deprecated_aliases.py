"""Issue 2's public names through their old module paths (``anpo.defense``, ``anpo.stability``).

Issue 2 fixed ``anpo.defense.engagement(...)``, ``inventory_engagement``, ``layered_leak``,
``shots_required``, ``shoot_look_shoot`` and ``anpo.stability.kent_thaler_cost``, ``fss_index``,
``deterred``, ``richardson_equilibrium``, ``richardson_discrete`` so that notebooks could rely on
them; issue 9 moved them into :mod:`anpo.deterrence`. The old modules are deprecated aliases:
the same objects, no code of their own (issue 16: one way to do each thing), a
``DeprecationWarning`` naming the new module once, when first imported.
"""

from __future__ import annotations

import ast
import importlib
import sys
import warnings
from pathlib import Path

import pytest

#: old module -> (new module, issue 2's names)
ALIASES = {
    "anpo.defense": (
        "anpo.deterrence.defense",
        ("engagement", "inventory_engagement", "layered_leak", "shots_required",
         "shoot_look_shoot"),
    ),
    "anpo.stability": (
        "anpo.deterrence.stability",
        ("kent_thaler_cost", "fss_index", "deterred", "richardson_equilibrium",
         "richardson_discrete"),
    ),
}  # fmt: skip


def _fresh_import(name: str) -> tuple[object, list[warnings.WarningMessage]]:
    """Import ``name`` as if for the first time, recording its warnings; restore afterwards."""
    saved = sys.modules.pop(name, None)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(name)
            again = importlib.import_module(name)  # cached: no second warning
        assert again is module
        return module, list(caught)
    finally:
        sys.modules.pop(name, None)
        if saved is not None:
            sys.modules[name] = saved


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_issue2_names_through_the_old_paths_are_the_new_objects(old: str) -> None:
    """Every issue-2 name imported through the old path is the object of the new module."""
    new_name, names = ALIASES[old]
    module, caught = _fresh_import(old)
    new = importlib.import_module(new_name)
    for name in names:
        assert getattr(module, name) is getattr(new, name), name
    assert sorted(module.__all__) == sorted(names)  # type: ignore[attr-defined]
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1
    assert new_name in str(deprecations[0].message) and "deprecated" in str(deprecations[0].message)


def test_richardson_discrete_is_exported_by_deterrence_stability() -> None:
    """[richardson1960] discrete form, issue 2's ``richardson_discrete``: exported by
    :mod:`anpo.deterrence.stability` too, the one function of :mod:`anpo.deterrence.classical`;
    one step of X' = X + sx*Y - fx*X + gx, Y' = Y + sy*X - fy*Y + gy from (1, 2) with sx = sy =
    0.5, fx = fy = 0.1, gx = gy = 1 gives (1 + 1 - 0.1 + 1, 2 + 0.5 - 0.2 + 1) = (2.9, 3.3)."""
    from anpo.deterrence import classical, stability

    assert "richardson_discrete" in stability.__all__
    assert stability.richardson_discrete is classical.richardson_discrete
    path = stability.richardson_discrete(1.0, 2.0, 0.5, 0.5, 0.1, 0.1, 1.0, 1.0, 1)
    assert path.shape == (2, 2)
    assert path[1] == pytest.approx([2.9, 3.3])


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_the_aliases_hold_no_code(old: str) -> None:
    """Issue 16, one way to do each thing: an alias module defines no function or class and
    only imports, lists ``__all__`` and warns; its docstring says it is a deprecated alias."""
    import anpo

    path = Path(anpo.__file__).parent / (old.split(".")[-1] + ".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert "deprecated alias" in (ast.get_docstring(tree) or "").lower()
    for node in tree.body:
        assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if isinstance(node, ast.ImportFrom) and node.module == ALIASES[old][0]:
            assert sorted(a.name for a in node.names) == sorted(ALIASES[old][1])
