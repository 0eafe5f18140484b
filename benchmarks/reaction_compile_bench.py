"""Benchmark of ``anpo stability`` with reaction curves on a cold numba cache (perf30), against
the old search kernels measured in the same run.

audit29 timed ``anpo stability`` on its ``ally5`` world (:data:`SCENARIO`: three actors, an
ally, one missile defense) at about 2.5 min wall (58 s CPU) with reaction curves and 6 s
without. The time was numba compiling the deterrence kernels into its cache: a process that
finds them cached takes the same few seconds with or without the curves. The wall time beyond
the CPU time was the machine's load (two cores shared by several sessions): the command
starts no process pool, takes no lock and does not sleep. A first run after an install, an
edit of ``_engine.py`` (numba keys its cache by the source file) or in a new checkout pays the
compile.

Each figure is one fresh Python process running ``anpo stability FILE --json`` in-process,
with ``NUMBA_CACHE_DIR`` set to a new empty folder (cold: every kernel compiled), then a second
process on the same folder (warm: loaded from the cache):

- *new*: the package as it is;
- *old*: the reaction curve's search kernels as they were (``old_reaction_compile_kernel.py``:
  the searches called their predicate with the literals 0 and 1, so ``_p_at_least`` and
  ``_p_at_least_g`` were compiled three times each, and the serial loop over points was a
  compiled kernel of its own), put in place of ``_engine.min_launchers_serial``.

Printed: CPU (user + system of the process, ``time.process_time``) and wall seconds of each,
the ratio old / new of the cold CPU time, and whether all four outputs are the same bytes (they
must be). Wall times depend on the load, printed beside them. Run:
``python benchmarks/reaction_compile_bench.py`` (about 2-4 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

#: audit29's ``ally5`` world: the United States, Japan (its ally) and China, the U.S. with a
#: national missile defense in one variant.
SCENARIO = """\
schema_version = 1

[scenario]
id = "mini"
title = "Minimal"
year = 2001
date = 2001-07-10

[[actors]]
id = "USA"
name = "United States"
ccode = 2

[[actors]]
id = "JPN"
name = "Japan"
ccode = 740

[[actors]]
id = "CHN"
name = "China"
ccode = 710

[[forces]]
id = "cn-df5"
actor = "CHN"
name = "DF-5A"
basing = "silo"
missile_class = "ICBM"
launchers = 20
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["USA", "JPN"]
source = "Glaser & Fetter 2001"

[[forces]]
id = "us-mm3"
actor = "USA"
name = "MM3"
basing = "silo"
missile_class = "ICBM"
launchers = 0
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
posture = "launch-under-attack"
source = "anpo assumption: test"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "anpo assumption: test"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.5
source = "anpo assumption: test"

[[defenses]]
id = "nmd"
owner = "USA"
name = "NMD"
source = "2000 plan"

[[defenses.layers]]
name = "GBI"
engages = ["ICBM"]
interceptors = 20
sspk = 0.6
covers = ["USA"]
source = "2000 plan"

[[damage]]
actor = "USA"
w80 = 400
source = "anpo default curve"

[[damage]]
actor = "CHN"
w80 = 400
source = "anpo default curve"


[[damage]]
actor = "JPN"
w80 = 100
source = "anpo assumption: test"

[[alliances]]
id = "us-japan"
name = "Treaty of Mutual Cooperation and Security"
patron = "USA"
members = ["JPN"]
since = 1960
source = "Treaty signed 19 January 1960, in force 23 June 1960"

[[dyads]]
defender = "USA"
rival = "CHN"
ally = "JPN"
ally_strike_share = 0.5

[[variants]]
id="mad"
title="MAD"
defenses=[]

[[variants]]
id="nmd"
title="NMD"
defenses=["nmd"]
"""

#: The child process: one ``anpo stability FILE --json``, timed from before anpo's import.
CHILD = """
import contextlib, hashlib, io, json, sys, time
cpu0, wall0 = time.process_time(), time.perf_counter()
mode, path, here = sys.argv[1], sys.argv[2], sys.argv[3]
from anpo.deterrence import _engine
if mode == "old":
    sys.path.insert(0, here)
    import old_reaction_compile_kernel as old
    _engine.min_launchers_serial = old.min_launchers_serial
from anpo.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(["stability", path, "--json"])
    except SystemExit as exc:
        if exc.code:
            raise
print(json.dumps({
    "cpu": time.process_time() - cpu0,
    "wall": time.perf_counter() - wall0,
    "sha256": hashlib.sha256(out.getvalue().encode()).hexdigest(),
}))
"""


def run(mode: str, scenario: Path, cache: Path) -> dict[str, float | str]:
    """One fresh process with numba's cache in ``cache``; its JSON line."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "NUMBA_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(scenario), str(HERE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anpo-reaction-compile-") as tmp:
        scenario = Path(tmp) / "ally5.toml"
        scenario.write_text(SCENARIO, encoding="utf-8")
        rows: dict[str, dict[str, dict[str, float | str]]] = {}
        for mode in ("new", "old"):
            cache = Path(tmp) / f"numba-{mode}"
            cache.mkdir()
            rows[mode] = {"cold": run(mode, scenario, cache), "warm": run(mode, scenario, cache)}
            load = os.getloadavg()[0]
            for kind in ("cold", "warm"):
                r = rows[mode][kind]
                print(
                    f"{mode} {kind:4s}: CPU {float(r['cpu']):6.1f} s, wall {float(r['wall']):6.1f} s "
                    f"(load {load:.1f} on {os.cpu_count()} cores)"
                )
    new, old = float(rows["new"]["cold"]["cpu"]), float(rows["old"]["cold"]["cpu"])
    print(f"cold CPU ratio old / new: {old / new:.2f}x ({old - new:.1f} s less compiling)")
    digests = {str(r["sha256"]) for m in rows.values() for r in m.values()}
    print(f"same output in all four processes: {'yes' if len(digests) == 1 else 'NO'}")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
