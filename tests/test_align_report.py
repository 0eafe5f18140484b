"""The alignment report provider (anpo.align.report:build) on the built-in instances.

Model: [axelrod1993]; the questions are the seed's [soeya2001]."""

from __future__ import annotations

import json

import numpy as np

from anpo.align import io, whatif
from anpo.align.report import _scenario_section, analyse, build
from anpo.report.model import ReportContext
from conftest import run_anpo


def test_report_sections_answer_the_questions():
    from anpo.scenario import load_book

    # the built-in scenarios have no [align] section: they add nothing

    sections = build(ReportContext(scenarios=load_book()))
    ids = [s.id for s in sections]
    years = sorted(
        int(n.rsplit("_", 1)[1]) for n in io.book_names() if n.startswith("asia_pacific_")
    )
    assert ids == [f"align-{y}" for y in years] + ["align-japan-china"]
    for s in sections:
        assert s.question and s.model and s.assumptions and s.sources
        assert s.figures and all(f.svg.startswith("<svg") for f in s.figures)
        assert s.tables and all(not t.frame.empty for t in s.tables)
        assert s.summary is not None
    first = sections[0]
    changes = first.tables[1].frame
    assert {"state", "L1 change", "changes (p_kj)", "U.S.-Japan side after"} <= set(changes.columns)
    china = sections[-1].tables[0].frame
    assert list(china["year"]) == years


def test_analysis_is_consistent_with_the_engine():
    """Every state listed as needing a change is off the U.S.-Japan side, and applying the
    reported change puts it there (global minimum recomputed by enumeration)."""
    a = analyse(io.read_book("asia_pacific_2001"))
    land, us, jp, gcfg = a["land"], a["us"], a["jp"], a["gcfg"]
    assert gcfg[us] == gcfg[jp]
    for k, ch in a["changes"][:3]:
        assert gcfg[k] != gcfg[us]
        new = whatif.apply_changes(land, ch.delta)
        cfg, _ = new.global_minimum()
        assert cfg[k] == cfg[us] == cfg[jp]
    assert abs(sum(m.basin_share for m in a["minima"]) - 1.0) < 1e-12
    assert np.all(np.isfinite(a["margins"]))


def test_cli_on_book_instance():
    res = run_anpo("align", "book:asia_pacific_2001", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data["actors"]) == 20
    assert data["configurations"] == 2**19
    assert abs(sum(m["basin_share"] for m in data["local_minima"]) - 1.0) < 1e-12


def test_scenario_with_align_section_gets_its_own_section():
    from types import SimpleNamespace

    from anpo.align.scenario import AlignScenario

    inst = io.read_book("asia_pacific_2001")
    t = whatif.pair_threshold(inst.landscape(), inst.index("JPN"), inst.index("CHN"))
    us, jp = inst.index("USA"), inst.index("JPN")
    scen = SimpleNamespace(
        meta=SimpleNamespace(id="coop", title="Japan-China cooperation"),
        align=AlignScenario.model_validate(
            {"changes": [{"a": "JPN", "b": "CHN", "delta": t.threshold + 0.5}]}
        ),
    )
    sec = _scenario_section(scen.meta.id, scen.meta.title, scen.align)
    assert sec.id == "align-scenario-coop" and sec.figures and sec.tables
    frame = sec.tables[0].frame
    assert list(frame[""]) == ["before", "after"]
    # beyond the threshold the best configuration with Japan and China together wins
    expected = "yes" if t.together[us] == t.together[jp] else "no"
    assert list(frame["anchors together"]) == ["yes", expected]
