"""Values listed twice in one list of an input file (review19 F2): ``[settings] m_values`` and
``interceptor_grid`` of a scenario, a pair in one ``[[alignment.changes]]`` of a future (in
either order). Each was counted once without a word; a user who meant two different values
was not told. They are refused where the file lists them (file:line: field: ...). The
order of ``interceptor_grid`` and ``m_values`` means nothing (each is shown in increasing
order), so an unsorted list is accepted and sorted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _support import invoke, one_line_error
from anpo.futures.load import future_files
from anpo.scenario.load import book_files, load_scenario


def _edit(src: Path, key: str, value: str, dest: Path) -> int:
    """Copy ``src`` to ``dest`` with the first line ``key = ...`` set to ``key = value``; that
    line's number (1-based)."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if re.match(rf"{key}\s*=", line))
    lines[k] = f"{key} = {value}\n"
    dest.write_text("".join(lines), encoding="utf-8")
    return k + 1


def _scenario() -> Path:
    return next(p for p in book_files() if p.stem == "us-japan-2001")


@pytest.mark.parametrize(
    ("key", "value", "twice"),
    [("m_values", "[5, 1, 5]", "5"), ("interceptor_grid", "[0, 20, 600, 20]", "20")],
)
def test_a_settings_value_listed_twice_is_refused_at_its_line(
    tmp_path: Path, key: str, value: str, twice: str
) -> None:
    """``m_values = [5, 1, 5]`` read as [1, 5]: refused at its line, naming the value."""
    f = tmp_path / "s.toml"
    line = _edit(_scenario(), key, value, f)
    err = one_line_error(invoke("validate", str(f)))
    assert f"s.toml:{line}: settings.{key}: {twice} is listed twice" in err, err


def test_an_unsorted_interceptor_grid_is_read_sorted(tmp_path: Path) -> None:
    """The grid's order means nothing (a reaction-curve point per inventory): an unsorted grid
    is read in increasing order, not refused."""
    f = tmp_path / "s.toml"
    grid = [600, 5, 0, 150]
    _edit(_scenario(), "interceptor_grid", str(grid), f)
    assert invoke("validate", str(f)).exit_code == 0
    assert load_scenario(f).settings.interceptor_grid == sorted(grid)


@pytest.mark.parametrize("again", ['["JPN", "CHN"]', '["CHN", "JPN"]'])
def test_a_pair_listed_twice_in_one_alignment_change_is_refused(tmp_path: Path, again: str) -> None:
    """A pair given twice in one change (either order) changes its propensity once: refused at
    the change's ``pairs``, naming the earlier entry."""
    src = next(p for p in future_files() if p.stem == "japan-china-cooperation")
    f = tmp_path / "f.toml"
    line = _edit(src, "pairs", f'[["JPN", "CHN"], {again}]', f)
    err = one_line_error(invoke("validate", str(f)))
    assert re.search(
        rf"f\.toml:{line}: alignment\.changes\[\d+\]\.pairs: the pair .* is listed twice "
        r"\(pairs\[0\] has it",
        err,
    ), err


def _alignment_with(tmp_path: Path, *entries: str) -> dict[str, float]:
    """The Status quo's alignment result (its Japan and U.S. margins, the side's share) with
    ``entries`` (each ``'pairs = ...\\ndelta = ...'`` or ``value = ...``) appended as further
    ``[[alignment.changes]]``, in that order."""
    from anpo.futures import load_future
    from anpo.futures.scorecard import alignment_result

    src = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
    more = "".join(
        f'\n[[alignment.changes]]\n{e}\nbasis = "anpo assumption: a test"\n' for e in entries
    )
    at = src.index("[law]")
    f = tmp_path / f"f{len(list(tmp_path.iterdir()))}.toml"
    f.write_text(src[:at] + more + "\n" + src[at:], encoding="utf-8")
    res = alignment_result(load_future(f)[1])
    return {"japan": res["japan_margin"], "us": res["us_margin"], "share": res["share"]}


# a value after a delta replaces it, which reading the file now warns about (explore22; tested
# in test_futures): expected here, where that order is the case under test
@pytest.mark.filterwarnings("ignore:.*has no effect:anpo.errors.DataWarning")
def test_a_pair_in_two_alignment_changes_takes_both_in_file_order(tmp_path: Path) -> None:
    """mend20: unlike a pair listed twice in one change, the same pair in two
    ``[[alignment.changes]]`` is taken, both changes applied in file order (anpo.futures.schema,
    AlignChange; anpo.futures.scorecard.alignment_result): deltas add up, in either order of
    the pair; a ``value`` sets the propensity as it stands, so a delta after it adds to the
    value and a value after a delta replaces it (anpo.futures.scorecard._alignment_overridden
    names an uncertain input so replaced inert)."""

    def same(a: dict[str, float], b: dict[str, float]) -> bool:
        return all(a[k] == pytest.approx(b[k], abs=1e-9) for k in a)

    jc, cj = 'pairs = [["JPN", "CHN"]]', 'pairs = [["CHN", "JPN"]]'
    none = _alignment_with(tmp_path)
    summed = _alignment_with(tmp_path, f"{jc}\ndelta = 0.5")
    assert not same(none, summed)  # the pair moves the margins: the test can tell
    assert same(_alignment_with(tmp_path, f"{jc}\ndelta = 0.3", f"{cj}\ndelta = 0.2"), summed)
    assert not same(_alignment_with(tmp_path, f"{jc}\ndelta = 0.3"), summed)
    # a value then a delta: the delta adds to the value; a delta then a value: the value stands
    assert same(
        _alignment_with(tmp_path, f"{jc}\nvalue = 1.0", f"{cj}\ndelta = 0.5"),
        _alignment_with(tmp_path, f"{jc}\nvalue = 1.5"),
    )
    value = _alignment_with(tmp_path, f"{jc}\nvalue = 1.0")
    assert same(_alignment_with(tmp_path, f"{jc}\ndelta = 0.5", f"{cj}\nvalue = 1.0"), value)
    assert not same(value, _alignment_with(tmp_path, f"{jc}\nvalue = 1.5"))
