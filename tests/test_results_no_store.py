"""`anpo roles validate` and `anpo align backtest` keep their scores under the catalog's home
(``results/``, :mod:`anpo._io.results`) for `anpo roles` and `anpo align FILE`; their help says
so, where, and how to remove them, and ``--no-store`` keeps nothing (issue 15's acceptance
walk: a walk with a shared catalog wrote into it)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from _support import cli


@pytest.fixture
def home(roles_home: Path) -> dict[str, str]:
    """The session's roles catalog (only read here: the stand-ins below store nothing)."""
    return {"ANPO_HOME": str(roles_home)}


@pytest.mark.parametrize(
    ("command", "name"),
    [(("roles", "validate"), "roles-accuracy"), (("align", "backtest"), "align-accuracy")],
)
def test_help_says_where_the_scores_go_and_how_to_remove_them(
    command: tuple[str, ...], name: str
) -> None:
    """The help names the folder, the file, what the scores are for, how to remove them and
    the option that keeps nothing."""
    r = cli(*command, "--help", env={"COLUMNS": "300"})
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert f"results/{name}-KEY.json" in text
    assert "--no-store" in text and "keeps nothing" in text
    assert "deleting the file (or results/) removes the scores" in text


def test_roles_validate_no_store_keeps_nothing(
    home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo roles validate --no-store` does not store its scores; without the option it does
    (the reading and the validation replaced by stand-ins that answer at once, the storing by a
    recorder: what is tested is whether the command stores)."""
    import pandas as pd

    import anpo.cli.relations as cli_relations
    import anpo.relations.taxonomy as taxonomy
    import anpo.relations.validate as validate

    res = SimpleNamespace(disagreements=pd.DataFrame({"role": []}), notes=[], focal=2, years=[1990])
    stored: list[Any] = []
    monkeypatch.setattr(taxonomy, "roles_inputs", lambda cat: {})
    monkeypatch.setattr(validate, "validate_from_catalog", lambda *a, **k: res)
    monkeypatch.setattr(
        cli_relations, "_store_accuracy", lambda home, sources, th, r: stored.append(r)
    )
    r = cli("roles", "validate", "--years", "1990", "--no-store", "--csv", env=home)
    assert r.returncode == 0, r.stderr
    assert stored == []
    r = cli("roles", "validate", "--years", "1990", "--csv", env=home)
    assert r.returncode == 0, r.stderr
    assert stored == [res]


def test_align_backtest_no_store_keeps_nothing(
    home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A default-protocol `anpo align backtest --no-store` does not store its scores; without
    the option it does (the back-test itself replaced by a stand-in that answers at once: what
    is tested is whether the command stores, not the back-test)."""
    import anpo.cli.align as cli_align
    from anpo.align import backtest as bt

    def run(get: object, **kwargs: object) -> Any:
        return SimpleNamespace(to_json=lambda: {"stand-in": True})

    stored: list[dict[str, Any]] = []
    monkeypatch.setattr(bt, "run", run)
    monkeypatch.setattr(bt, "read_datasets", lambda read: {})
    monkeypatch.setattr(
        cli_align, "_store_backtest", lambda home, sources, result: stored.append(result)
    )
    r = cli("align", "backtest", "--no-store", "--json", env=home)
    assert r.returncode == 0, r.stderr
    assert stored == []
    r = cli("align", "backtest", "--json", env=home)
    assert r.returncode == 0, r.stderr
    assert stored == [{"stand-in": True}]


def test_the_notes_do_not_promise_a_duration_they_cannot_keep() -> None:
    """The notes said the back-test takes "about half a minute" and the validation "about a
    minute"; measured on 2026-12-02 on the 2 cores at load 9-10: the back-test 2 minutes of CPU
    and 8 minutes wall, the validation 24 s of CPU and 2 minutes wall. They now give ranges."""
    from anpo.cli.align import _recipe_accuracy_note
    from anpo.cli.relations import _accuracy_note

    align = _recipe_accuracy_note("anpo-align-recipe/2", None)
    roles = _accuracy_note(2, None, [2001])
    for text in (align, roles):
        assert "half a minute)" not in text and "about a minute" not in text
    assert "two minutes of computing, longer on a busy machine" in align
    assert "from half a minute to a few minutes with the machine's load" in " ".join(roles.split())


def test_a_summary_of_other_package_code_or_data_has_another_key(monkeypatch):
    """prov35 noticed: the cached accuracy summaries (roles, alignment back-tests) were keyed by
    their inputs and anpo's version only, which changes only at a release, so a summary
    computed by other code (a changed rule or recipe) or other package data was read back as
    this one's; the key now covers the package's digests, as an explore run's resume does."""
    from anpo import _package
    from anpo._io import results

    now = dict(_package.package_digests())
    key = results.result_key(focal=2, sources={"atop": "ab"})
    assert key == results.result_key(sources={"atop": "ab"}, focal=2)
    for part in ("code", "data"):
        other = {**now, part: "0" * 64}
        monkeypatch.setattr(_package, "package_digests", lambda other=other: other)
        assert results.result_key(focal=2, sources={"atop": "ab"}) != key
    monkeypatch.setattr(_package, "package_digests", lambda: now)
    assert results.result_key(focal=2, sources={"atop": "ab"}) == key
