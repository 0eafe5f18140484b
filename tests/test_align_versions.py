"""The dataset versions of the alignment back-test and of the built-in instances, said beside
their results (issue 15's acceptance walk): the versions a back-test ran on, the held-out rule's
pick against the shipped default (chosen on :data:`anpo.align.recipe.DEFAULT_CHOSEN_ON`), and
the seed's Southeast Asia premise tested on the built-in instances."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from anpo.align import backtest as bt
from anpo.align import io
from anpo.align import recipe as rc
from anpo.align import report as ar

OLD = {
    **rc.DEFAULT_CHOSEN_ON,
    "nmc": ("COW National Material Capabilities", "6.0"),
    "mid": ("Dyadic MID (Maoz et al.)", "4.02"),
}


def _run(
    choice: tuple[str, int] | None,
    sources: dict[str, tuple[str, str]],
    recipe2: tuple[int, int, float] = (160, 200, 0.8),
    sizes: str = "cinc",
    lags: tuple[int, ...] = (),
) -> bt.Backtest:
    """A back-test result with only what the version sentences read (``lags``: the data years
    of ``by_lag``; none, as a run without the lag comparison)."""
    correct, n, bal = recipe2
    summ = {
        "recipe2_held_out": {
            "correct": correct,
            "participants": n,
            "pooled": correct / n,
            "mean_balanced": bal,
        }
    }
    war: Any = SimpleNamespace(summary=lambda: summ, sizes=sizes)
    return bt.Backtest(
        war=war,
        cases=[],
        axelrod_bennett=None,
        peacetime=None,
        vintage=[],
        choice=None if choice is None else (*choice, pd.DataFrame()),
        sources=sources,
        by_lag=dict.fromkeys(lags, war),
    )


def test_the_pick_against_the_default_is_said_only_when_it_differs() -> None:
    """The rule's pick on other versions is said in one generated sentence naming the default,
    the versions it was chosen on and the versions that differ here; the default's own pick,
    or no pick, says nothing."""
    same = _run((rc.RECIPE_ID, bt.DEFAULT_LAG), dict(rc.DEFAULT_CHOSEN_ON))
    assert same.choice_matches_default() is True and ar.choice_sentence(same) is None
    assert same.versions_differing() == []
    assert _run(None, OLD).choice_matches_default() is None
    assert ar.choice_sentence(_run(None, OLD)) is None
    other = _run((rc.RECIPE_V3, 3), OLD)
    assert other.choice_matches_default() is False
    assert other.versions_differing() == ["nmc", "mid"]
    text = ar.choice_sentence(other)
    assert text is not None
    assert "The shipped default, recipe 2 with data of the year before onset, was chosen" in text
    assert "on COW National Material Capabilities 7.0; COW MID dyadic dispute-years" in text
    assert "(COW National Material Capabilities 6.0; Dyadic MID (Maoz et al.) 4.02 instead)" in text
    assert text.endswith(
        "the rule picks recipe 3 with data of 3 years before onset. The default is kept, not "
        "re-chosen for each catalog's data."
    )
    assert ar.versions_sentence(other).startswith(
        "Computed on COW National Material Capabilities 6.0; ATOP alliance dyad-years 5.1"
    )


def test_a_pick_under_another_protocol_is_not_blamed_on_the_versions() -> None:
    """A run with other sizes or data years than the default was chosen with (CINC, 1 and 3
    years before onset) answers another question: the sentence names the protocol's
    difference, and the versions only where they differ too (review of the acceptance walk:
    a `--sizes milex` pick read "on the same versions the rule picks recipe 3")."""
    same = dict(rc.DEFAULT_CHOSEN_ON)
    assert _run((rc.RECIPE_ID, 1), same, lags=bt.LAGS).protocol_differing() == []
    milex = _run((rc.RECIPE_V3, 3), same, sizes="milex", lags=bt.LAGS)
    assert milex.protocol_differing() == ["milex sizes instead of CINC"]
    text = ar.choice_sentence(milex)
    assert text is not None and "on the same versions" not in text
    assert "; with milex sizes instead of CINC the rule picks recipe 3" in text
    lags = _run((rc.RECIPE_V3, 3), OLD, lags=(3, 5))
    assert lags.protocol_differing() == ["data 3 and 5 years before onset instead of 1 and 3"]
    text = ar.choice_sentence(lags)
    assert text is not None
    assert "; with data 3 and 5 years before onset instead of 1 and 3 and on these data (" in text


def test_the_versions_table_names_each_run_and_whether_the_pick_depends_on_them() -> None:
    base = _run((rc.RECIPE_ID, bt.DEFAULT_LAG), dict(rc.DEFAULT_CHOSEN_ON), (164, 200, 0.84))
    old = _run((rc.RECIPE_V3, 3), OLD, (163, 200, 0.82))
    lines = ar.versions_markdown(base, [old])
    rows = [ln for ln in lines if ln.startswith("| ")]
    assert rows[1].startswith("| the versions above | 164 of 200 (82%), 0.84 | - |")
    assert rows[2].startswith(
        "| COW National Material Capabilities 6.0; Dyadic MID (Maoz et al.) 4.02 | 163 of 200"
    )
    assert "recipe 3 with data of 3 years before onset" in rows[2]
    verdict = lines[-1]
    assert verdict.startswith("The held-out rule's pick depends on the data versions: recipe 2")
    assert "The shipped default stays recipe 2 with data of the year before onset" in verdict
    same = ar.versions_markdown(base, [_run((rc.RECIPE_ID, 1), OLD)])
    assert same[-1] == (
        "On every version tried the held-out rule picks recipe 2 with data of the year before "
        "onset."
    )
    assert ar.versions_markdown(base, []) == []


def test_the_instance_s_versions_are_named_beside_the_back_test_s() -> None:
    """The alignment section names the built-in instance's dataset versions (its provenance)
    and, when the back-test ran on other versions, both."""
    inst = io.read_book("asia_pacific_2001")
    prov = [str(v) for k, v in inst.provenance.items() if str(k).startswith("dataset_")]
    alone = ar.instance_versions_note(inst, None)
    assert alone == f"The instance was built from {', '.join(prov)} (its provenance)."
    assert "COW National Material Capabilities 7.0" in alone
    same = ar.instance_versions_note(inst, dict(rc.DEFAULT_CHOSEN_ON))
    assert same.endswith("The back-test section ran on the same versions of these datasets.")
    both = ar.instance_versions_note(inst, OLD)
    assert (
        "which differ: COW National Material Capabilities 6.0 instead of COW National Material "
        "Capabilities 7.0 and Dyadic MID (Maoz et al.) 4.02 instead of COW MID dyadic "
        "dispute-years (peacesciencer) 5.0;" in both
    )
    assert ar.instance_versions_note(SimpleNamespace(provenance={}), OLD) == ""
    # a dataset the back-test did not read is not said to match (review20)
    nmc_only = {"nmc": rc.DEFAULT_CHOSEN_ON["nmc"]}
    part = ar.instance_versions_note(inst, nmc_only)
    assert "the same versions of these datasets" not in part
    assert part.endswith(
        "The back-test section ran on the same versions of the others; it did not read "
        + "; ".join(v for v in prov if not v.startswith("COW National Material"))
        + "."
    )
    other = {"wars": rc.DEFAULT_CHOSEN_ON["wars"]}
    assert ar.instance_versions_note(inst, other).endswith("read none of these datasets.")


@pytest.fixture(scope="module")
def analyses() -> dict[int, dict[str, Any]]:
    return {y: ar.analyse(io.read_book(f"asia_pacific_{y}")) for y in (2001, 2018)}


@pytest.mark.slow
@pytest.mark.parametrize("year", [2001, 2018])
def test_the_seed_s_southeast_asia_premise_is_tested(
    analyses: dict[int, dict[str, Any]], year: int
) -> None:
    """[Soeya 2001, the seed]: 'Southeast Asian countries ... all need the U.S. presence'. The
    alignment section names the ASEAN members the lowest configuration puts on each side (as the
    landscape's global minimum puts them, recomputed here) and, for those on the other side,
    the factor holding each there most (its side reasons)."""
    a = analyses[year]
    inst, gcfg, us = a["inst"], a["gcfg"], a["us"]
    codes = ar._codes(inst)
    members = [i for i, c in enumerate(codes) if c in ar.ASEAN_MEMBERS]
    assert len(members) >= 9  # the instances hold Southeast Asia
    with_us = [ar._the(ar._name(inst, i)) for i in members if gcfg[i] == gcfg[us]]
    off = [ar._the(ar._name(inst, i)) for i in members if gcfg[i] != gcfg[us]]
    text = ar._asean_premise(a)
    assert text in ar._alignment_section(a).notes
    on_us = f"the lowest configuration puts {ar.join_words(with_us)} on the U.S.-Japan side"
    assert on_us in text
    assert f"and {ar.join_words(off)} with China." in text
    # 'factor for A, B and C; factor for D.': each state under the factor holding it most
    groups = text.split("move alone to the U.S.-Japan side): ", 1)[1].split(".", 1)[0]
    held = {}
    for group in groups.split("; "):
        factor, names = group.split(" for ", 1)
        for name in names.replace(" and ", ", ").split(", "):
            held[name] = factor
    for i in members:
        if gcfg[i] == gcfg[us]:
            continue
        by = a["reasons"][i].groupby("factor")["change"].sum()
        top = ar.FACTOR_WORDS.get(str(by.idxmax()), str(by.idxmax()))
        assert held[ar._the(ar._name(inst, i))] == top, ar._name(inst, i)
    assert len(held) == len(off)
    if with_us and off:
        assert text.endswith(f"the premise holds for {ar.join_words(with_us)} only.")
    assert "with the weight of none" not in text
