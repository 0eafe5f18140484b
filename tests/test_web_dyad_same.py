"""The dyad page's answer for an edited book preset is the library's, to the float.

``compute_dyad`` (``POST /api/deterrence/dyad`` without its memo) shares work the exchange
used to repeat: the strikes with and without launch under attack share their attack plans
and each side's arrivals at the other by warheads spent
(:class:`anpo.deterrence.exchange.StrikeWork`), the cost's damage terms are kept by length,
and the reaction table takes the rival's survivors from the answer instead of recomputing
them. None of it may change a number: the strikes are compared field by field with strikes
computed each on its own (nothing shared, as before the change: the test of the sharing), and
every number of the page's answer with the public functions' results (``compute_dyad`` calls
them, so that test checks the page against the library, not the sharing; Kent & Thaler 1989
exchange, Wilkening 1999 interception, the report's reaction table). The edits are those of ``benchmarks/web_dyad.py``
(one more interceptor, else one more launcher).
"""

from __future__ import annotations

import sys
from dataclasses import fields, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

pytest.importorskip("fastapi")

from anpo.deterrence.exchange import (  # noqa: E402
    StrikeResult,
    StrikeWork,
    first_strike,
    side_from_case,
)
from anpo.deterrence.questions import (  # noqa: E402
    _rival_survivors,
    answer_case,
    exchange_settings,
    reaction_table,
)
from anpo.deterrence.stability import dyad  # noqa: E402
from anpo.errors import InputError  # noqa: E402
from anpo.web import api_deterrence as ad  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: Both sides with launch-under-attack forces and defenses (both strikes recomputed under the
#: second convention), an ally with a regional defense, a rival without deliverable warheads.
PRESETS = [
    ("us-japan-2001", "gmd-global", "USA-RUS"),
    ("us-japan-2025", "tmd-japan", "USA-CHN"),
    ("us-japan-2001", "mad", "USA-PRK"),
]


def _bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import web_dyad
    finally:
        sys.path.pop(0)
    return web_dyad


def _same_strike(got: StrikeResult, want: StrikeResult) -> None:
    for f in fields(StrikeResult):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if isinstance(b, np.ndarray):
            assert np.array_equal(a, b), f.name
        else:
            assert a == b, f.name


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "variant", "dyad_id"), PRESETS)
def test_shared_exchange_work_changes_no_strike(scenario: str, variant: str, dyad_id: str) -> None:
    """Both conventions' strikes of the edited case are those computed each on its own."""
    req = _bench().edited_request(scenario, variant, dyad_id)
    case, d = ad.changed_case(req)
    ans = answer_case(case)[0]
    a, b = d.defender, d.rival
    side_a, side_b = side_from_case(case, a, b), side_from_case(case, b, a)
    when = f"in {case.scenario.scenario.year}"
    stab = dyad(side_a, side_b, exchange_settings(case, False), when)
    lua = dyad(side_a, side_b, exchange_settings(case, True), when, reuse=stab)
    for got, want in ((ans.stability, stab), (ans.stability_lua, lua)):
        _same_strike(got.a_first, want.a_first)
        _same_strike(got.b_first, want.b_first)
        assert got.fss == want.fss and got.fss_reason == want.fss_reason
    if scenario == "us-japan-2001" and dyad_id == "USA-RUS":
        # the case the sharing is for: both strikes recomputed with launch under attack, the
        # second convention's starting from the first's attack plans and countervalue pmfs
        assert ans.stability_lua.a_first is not ans.stability.a_first
        assert ans.stability_lua.b_first is not ans.stability.b_first
        work = (StrikeWork(), StrikeWork())
        dyad(side_a, side_b, exchange_settings(case, False), when, work=work)
        plans = [w.plans for w in work]
        first = [dict(w.countervalue) for w in work]
        assert all(p is not None for p in plans) and min(len(x) for x in first) > 0
        dyad(side_a, side_b, exchange_settings(case, True), when, reuse=stab, work=work)
        assert [w.plans for w in work] == plans
        for before, w in zip(first, work, strict=True):
            assert all(w.countervalue[spent] is pmf for spent, pmf in before.items())
        with pytest.raises(InputError, match="another striker"):  # B's work for A's strike
            first_strike(side_a, side_b, exchange_settings(case, False), work=work[1])
        other = replace(exchange_settings(case, False), lua_fraction=0.5)
        with pytest.raises(InputError, match="other settings than allow_lua"):
            first_strike(side_a, side_b, other, work=work[0])
        forged = StrikeWork()  # filled by hand, owned by no strike: refused, not trusted
        forged.countervalue[1] = np.ones(1)
        with pytest.raises(InputError, match="another striker"):
            first_strike(side_a, side_b, exchange_settings(case, False), work=forged)
    again = _rival_survivors(case, a, b, ans.allocation)[2]
    assert ans.component_survivors.keys() == again.keys()
    for key, pmf in again.items():
        assert np.array_equal(ans.component_survivors[key], pmf), key


def _value(x: Any) -> float | None:
    return None if x is None else ad.finite(x)


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "variant", "dyad_id"), PRESETS)
def test_edited_preset_answer_is_the_librarys(scenario: str, variant: str, dyad_id: str) -> None:
    """Every number of the page's answer for the edited preset equals the public functions'
    (``answer_case`` and ``reaction_table`` on the same changed case), exactly."""
    req = _bench().edited_request(scenario, variant, dyad_id)
    assert req.interceptors or req.launchers  # an edited case, not the book's
    got = ad.compute_dyad(req)
    case, d = ad.changed_case(req)
    ans = answer_case(case)[0]
    st, lua = ans.stability, ans.stability_lua
    defined, defined_lua = st.defined(), lua.defined()
    want: dict[str, float | None] = {
        "survivors": ans.expected_survivors,
        "fss": st.fss,
        "fss_lua": lua.fss,
        "incentive_defender": defined["incentive_a"],
        "incentive_rival": defined["incentive_b"],
        "incentive_defender_lua": defined_lua["incentive_a"],
        "incentive_rival_lua": defined_lua["incentive_b"],
    }
    if ans.extended is not None and d.ally:
        ext = ans.extended
        # no attack on the ally (ext.undefined): the page sends null, the library NaN
        want |= {
            k: None if ext.undefined else v
            for k, v in {
                "patron_price": ext.price[1],
                "patron_price_undefended": ext.price_undefended[1],
                "ally_exposure": ext.ally_exposure[1],
                "ally_exposure_undefended": ext.ally_exposure_undefended[1],
            }.items()
        }
    assert {m.key: m.value for m in got.measures} == {k: _value(v) for k, v in want.items()}
    assert [e.territory for e in got.exposure] == list(ans.exposure)
    for e in got.exposure:
        assert [(p.m, p.p) for p in e.p_at_least] == [
            (m, ad.finite(p)) for m, p in ans.exposure[e.territory].items()
        ]
    assert got.survivors_pmf == [ad.finite(x) for x in np.clip(ans.survivors, 0.0, 1.0)]
    table = reaction_table(ans)
    if table.empty:
        assert got.reaction == []
    else:
        assert [(p.interceptors, p.launchers_needed) for p in got.reaction] == [
            (int(i), int(n) if n >= 0 else None)
            for i, n in zip(table["interceptors"], table["launchers_needed"], strict=True)
        ]
