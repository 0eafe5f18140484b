"""Smoke test of every script in ``benchmarks/``: each runs in its quick mode in a subprocess,
exits 0 and prints its ratio line (a line with the word "ratio" and a figure ending in "x", the
pattern every script shares). Speed is never asserted: the figures belong to the benchmarks.

The ``old_*`` modules are the baselines the scripts import, and the ``_*`` modules
(``_record.py``) the helpers they share: not scripts. A new script must be
added to :data:`QUICK` (``test_every_script_has_a_quick_run`` fails otherwise), so none can rot
unnoticed. The scripts that read the shared reference data are skipped, with the reason, when
``ANPO_TEST_DATA`` (default ``../shared/data``) is absent. The runs are in the slow pass (two and
a half minutes one after the other on the 2-core machine, 2026-12-01); the two checks of the
list and the pattern run in the default pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from _support import ROOT, shared_data_dir

BENCHMARKS = ROOT / "benchmarks"

#: The ratio line every script prints: the word "ratio", then on the same line a figure such as
#: "3.12x" or "1,767.2x".
RATIO = re.compile(r"\bratio\b[^\n]*?\d(?:[\d,]*\d)?(?:\.\d+)?x\b")

#: Each script's quickest documented run.
QUICK: dict[str, list[str]] = {
    "align_backtest_bench.py": ["--wars", "6"],
    "align_cold_bench.py": ["--quick"],
    "align_minima_bench.py": ["--n", "12", "--repeat", "1"],
    "align_bench.py": [
        "--quick",
        "--no-calibration",
        "--max-n",
        "20",
        "--numpy-budget",
        "1",
        "--mip-time-limit",
        "2",
    ],
    "bands_bench.py": ["--quick"],
    "beta_quantile.py": [],
    "burden_exact.py": [],
    "catalog_reads_bench.py": ["--repeat", "1"],
    "data_parse_bench.py": ["--repeat", "1"],
    "decoy_bench.py": ["--quick"],
    "deterrence_bench.py": ["--points", "200", "--sample", "3"],
    "explore_bench.py": ["--quick"],
    "footprint_decoys_bench.py": ["--quick"],
    "footprint_bench.py": ["--quick"],
    "law.py": [],
    "pair_decoys_bench.py": ["--quick"],
    "propagate_bench.py": [],
    "reaction_ceiling_bench.py": ["--quick"],
    "reaction_compile_bench.py": [],  # its one run: two cold compiles (about 2-4 minutes)
    "relations_dyads.py": ["--repeat", "1"],
    "relations_roles.py": ["--years", "2010-2016"],
    "relations_similarity.py": ["--quick"],
    "stability_index_bench.py": ["--points", "2000", "--sample", "200"],
    "web_dyad.py": ["--quick", "--repeat", "1"],
    "web_dyad_work.py": ["--quick"],
    "web_engagement_work.py": ["--quick", "--timeout", "3"],
    "web_load.py": ["--requests", "50", "--clients", "5", "--only", "engagement"],
}

#: Scripts that read the shared reference data (through ``--data``).
NEEDS_DATA = {
    "data_parse_bench.py",
    "relations_dyads.py",
    "relations_roles.py",
    "relations_similarity.py",
}
#: Scripts that read a catalog (through ``--home``): the one built from the shared reference
#: data (the ``roles_home`` fixture).
NEEDS_CATALOG = {"catalog_reads_bench.py"}


def test_every_script_has_a_quick_run() -> None:
    """Every benchmark script (not the ``old_*`` baselines nor the ``_*`` helpers it imports)
    is run below."""
    scripts = {p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith(("old_", "_"))}
    assert scripts == set(QUICK)


def test_the_ratio_pattern() -> None:
    """The pattern finds the scripts' ratio lines and not a bare column header."""
    assert RATIO.search("  ratio rule-scan / indexed time: 3.12x")
    assert RATIO.search("n=10  enumeration 2.5  dynamic programme 0.0006  ratio  4,085.9x  ok")
    assert not RATIO.search("   alpha     beta   anpo ms  scipy ms   ratio differ\n 2 3 1.47x")


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(QUICK))
def test_runs_and_reports_its_ratio(script: str, request: pytest.FixtureRequest) -> None:
    """``python benchmarks/SCRIPT QUICK-OPTIONS`` exits 0 and prints a ratio line."""
    args = list(QUICK[script])
    if script in NEEDS_DATA | NEEDS_CATALOG:
        data = shared_data_dir()
        if not data.is_dir():
            pytest.skip(f"shared reference data not found at {data} (set ANPO_TEST_DATA)")
        if script in NEEDS_DATA:
            args += ["--data", str(data)]
        else:
            args += ["--home", str(request.getfixturevalue("roles_home"))]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,  # a hung script (a server that never answers) fails, not the whole pass
    )
    assert proc.returncode == 0, f"{script} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    assert RATIO.search(proc.stdout), f"{script} printed no ratio line:\n{proc.stdout[-3000:]}"
