"""The ranges of a scenario file (``anpo.deterrence.scenario.check_limits``: most warheads of one
actor, ``MAX_ACTOR_WARHEADS``) hold for what a future's changes make of its base scenario and
for every value an uncertain input can take, in a scenario file and in a future file. A
future's change or draw could give China a million warheads, and the file validated."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from _support import invoke, one_line_error
from anpo.deterrence.scenario import MAX_ACTOR_WARHEADS
from anpo.errors import DataWarning, FutureError, ScenarioError
from anpo.futures import future_files, load_future, parse_future_text
from anpo.scenario import book_files, parse_scenario_text
from anpo.scenario.uncertainty import apply

NIXON = next(p for p in future_files() if p.stem == "nixon-pattern").read_text(encoding="utf-8")
ALIGNMENT = "# ------------------------------------------------------------------ alignment"
assert ALIGNMENT in NIXON
BOOK = book_files()[0].read_text(encoding="utf-8")


def _with_change(value: int) -> str:
    return NIXON.replace(
        ALIGNMENT,
        f'[[changes]]\ntarget = "forces[cn-df5].launchers"\nset = {value}\n'
        f'basis = "anpo assumption: a test"\n\n{ALIGNMENT}',
        1,
    )


def _line_of(text: str, needle: str) -> int:
    (line,) = [i for i, t in enumerate(text.splitlines(), start=1) if needle in t]
    return line


def _refused_everywhere(text: str, tmp_path: Path) -> str:
    """The one line ``anpo validate`` and ``anpo futures compare`` print for the future file
    ``text`` (exit 2), after checking that :func:`load_future` refuses it too."""
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FutureError):
        load_future(path)
    lines = [
        one_line_error(invoke(*cmd, str(path))) for cmd in (["validate"], ["futures", "compare"])
    ]
    assert lines[0] == lines[1]
    return lines[0]


def test_a_futures_change_past_the_warhead_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    """One more launcher than the limit allows (the DF-5 carries one warhead, China's other
    forces 168 in the 2001 scenario) is refused at the change's line, naming the actor and the
    limit; the largest count within it loads."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        base = parse_future_text(_with_change(20), "f.toml", None)[1]
    others = sum(
        f.launchers * f.warheads_per_launcher
        for f in base.scenario.forces
        if f.actor == "CHN" and f.id != "cn-df5"
    )
    df5 = next(f for f in base.scenario.forces if f.id == "cn-df5")
    most = (MAX_ACTOR_WARHEADS - others) // df5.warheads_per_launcher
    text = _with_change(most + 1)
    line = _refused_everywhere(text, tmp_path)
    # the change's line: its [[changes]] header, the line above its target
    assert f":{_line_of(text, 'forces[cn-df5].launchers') - 1}: changes[1]" in line, line
    assert "CHN has" in line and f"at most {MAX_ACTOR_WARHEADS:,}" in line, line
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        ok = parse_future_text(_with_change(most), "f.toml", None)[1]
    assert next(f for f in ok.scenario.forces if f.id == "cn-df5").launchers == most


def test_a_futures_uncertain_range_past_the_warhead_limit_is_refused(tmp_path: Path) -> None:
    """An uncertain input of a future whose range gives China more warheads than the limit is
    refused at its distribution's line (the draws failed one by one at run time)."""
    text = NIXON + (
        '\n[[uncertainties]]\nname = "df5"\ntarget = "scenario.forces[cn-df5].launchers"\n'
        'distribution = { kind = "uniform", low = 20, high = 900000 }\nbasis = "anpo assumption"\n'
    )
    line = _refused_everywhere(text, tmp_path)
    assert "uncertainties[" in line and "distribution" in line, line
    assert f"at most {MAX_ACTOR_WARHEADS:,}" in line, line
    # a range within the limit loads
    ok = text.replace("high = 900000", "high = 40")
    (tmp_path / "ok.toml").write_text(ok, encoding="utf-8")
    r = invoke("validate", str(tmp_path / "ok.toml"))
    assert r.exit_code == 0, r.output


def test_a_scenarios_uncertain_range_past_the_warhead_limit_is_refused() -> None:
    """In a scenario file, a distribution whose values give Russia more warheads than the limit
    is refused when the file is read, at the distribution; :func:`apply` with such a value
    raises :class:`ScenarioError` naming the limit (it built the scenario before)."""
    extra = (
        '\n[[uncertainties]]\nname = "silos"\ntarget = "forces[ru-silo].launchers"\n'
        'distribution = { kind = "uniform", low = 20, high = 900000 }\nbasis = "anpo assumption"\n'
    )
    with pytest.raises(ScenarioError, match=rf"at most {MAX_ACTOR_WARHEADS:,}") as info:
        parse_scenario_text(BOOK + extra, source="s.toml")
    assert "distribution" in str(info.value.field), info.value.field
    scen = parse_scenario_text(BOOK + extra.replace("high = 900000", "high = 400"), source="s.toml")
    values = {u.name: u.distribution.ppf([0.5])[0] for u in scen.uncertainties}
    apply(scen, values)  # within the limits
    values["silos"] = 900000
    with pytest.raises(ScenarioError, match=rf"RUS has .* at most {MAX_ACTOR_WARHEADS:,}"):
        apply(scen, values)


def _two_silo_ranges(high: int, high_mobile: int | None = None) -> str:
    return (
        '\n[[uncertainties]]\nname = "silos"\ntarget = "forces[ru-silo].launchers"\n'
        f'distribution = {{ kind = "uniform", low = 20, high = {high} }}\n'
        'basis = "anpo assumption"\n'
        '\n[[uncertainties]]\nname = "mobiles"\ntarget = "forces[ru-mobile].launchers"\n'
        f'distribution = {{ kind = "uniform", low = 20, high = {high_mobile or high} }}\n'
        'basis = "anpo assumption"\n'
    )


def test_two_ranges_within_the_warhead_limit_alone_but_past_it_together_are_refused() -> None:
    """The most warheads of one actor is a sum over its forces: two launcher ranges on Russia's
    forces, each within it alone, pass it together and each experiment drawing both high
    failed at run time. The corner of every launcher range at its largest is checked (exact:
    warheads only grow with launchers); two ranges that keep it together load."""
    scen = parse_scenario_text(BOOK, source="s.toml")
    per = {f.id: f.warheads_per_launcher for f in scen.forces}
    others = sum(
        f.launchers * f.warheads_per_launcher
        for f in scen.forces
        if f.actor == "RUS" and f.id not in ("ru-silo", "ru-mobile")
    )
    room = MAX_ACTOR_WARHEADS - others

    # each alone within the limit (the other at its file value), both at the top past it
    def ranges(share: float) -> str:
        return _two_silo_ranges(
            int(share * room) // per["ru-silo"], int(share * room) // per["ru-mobile"]
        )

    with pytest.raises(
        ScenarioError, match=rf"together: .*RUS has .* at most {MAX_ACTOR_WARHEADS:,}"
    ):
        parse_scenario_text(BOOK + ranges(0.6), source="s.toml")
    parse_scenario_text(BOOK + ranges(0.45), source="s.toml")


def test_a_files_own_warhead_excess_is_blamed_on_the_file_not_a_range() -> None:
    """A file over the limit itself is refused at its forces, not at an uncertain input whose
    values change the actor's total (it was blamed on the first distribution's line)."""
    over = BOOK.replace('id = "ru-mobile"', 'id = "ru-mobile"\n# over the limit', 1)
    lines = over.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith('id = "ru-mobile"'))
    k = next(i for i in range(start, len(lines)) if lines[i].startswith("launchers ="))
    lines[k] = "launchers = 99999"
    text = (
        "\n".join(lines)
        + "\n"
        + _two_silo_ranges(30).split('\n[[uncertainties]]\nname = "mobiles"')[0]
    )
    with pytest.raises(ScenarioError, match="RUS has") as info:
        parse_scenario_text(text, source="s.toml")
    assert str(info.value.field).startswith("forces["), info.value.field
    assert "uncertainties" not in str(info.value), info.value
