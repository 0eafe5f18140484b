"""Does any draw of the built-in book need more launchers than the reaction curve's search limit?

For each book scenario, every variant and dyad, the reaction curve of every Latin-hypercube draw
(the bands' own draws: :func:`anpo.deterrence.bands.input_sample`, master seed): how many curve
points are beyond :data:`anpo.deterrence.questions.REACTION_MAX_LAUNCHERS`, and the largest
reachable need. Slow (every variant's curve in every draw: about ten minutes of one core for 32
draws of the 2030 book).

    python tools/reaction_limit_check.py [--draws 32]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Collection
from dataclasses import dataclass

from anpo.deterrence.bands import DEFAULT_SEED, input_sample
from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS, answer_case, reaction_table
from anpo.scenario import Scenario, load_book
from anpo.scenario.uncertainty import apply


@dataclass
class Measured:
    """What :func:`measure` finds in one book scenario's draws."""

    points: int  # curve points (draws x variants x dyads with a curve x interceptor grid points)
    beyond: int  # points beyond REACTION_MAX_LAUNCHERS (``launchers_needed`` -1)
    worst: int  # the largest reachable need (launchers); 0 when there is no curve
    where: tuple[str, str, int] | None  # its variant, dyad and interceptor count


def measure(
    scen: Scenario, draws: int, seed: int = DEFAULT_SEED, dyads: Collection[str] | None = None
) -> Measured:
    """The reaction curve of every variant and dyad (``dyads``: only these labels) in each of
    ``draws`` Latin-hypercube draws of ``scen`` (the bands' own draws,
    :func:`anpo.deterrence.bands.input_sample`; without launch under attack or extended
    deterrence, as the bands' reaction curves): how many points, how many beyond the search
    limit, and the largest reachable need with where it is (the first found on ties)."""
    sample = input_sample(scen, draws, seed)
    beyond = total = worst = 0
    where: tuple[str, str, int] | None = None
    for d in range(draws):
        drawn = apply(scen, {c: sample.at[d, c] for c in sample.columns})
        for case in drawn.cases():
            for ans in answer_case(case, with_lua=False, with_extended=False, dyads=dyads):
                table = reaction_table(ans)
                if table.empty:
                    continue
                need = table["launchers_needed"].to_numpy()
                total += need.size
                beyond += int((need < 0).sum())
                if need.max() > worst:
                    i = int(need.argmax())
                    worst = int(need[i])
                    where = (case.variant.id, ans.label, int(table["interceptors"].iloc[i]))
    return Measured(total, beyond, worst, where)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=32, help="draws per book year")
    args = parser.parse_args()
    for scen in load_book():
        start = time.perf_counter()
        m = measure(scen, args.draws)
        print(
            f"{scen.scenario.id}: {args.draws} draws, {m.points:,} curve points, {m.beyond:,} "
            f"beyond {REACTION_MAX_LAUNCHERS:,} launchers; largest reachable need {m.worst:,} "
            f"(variant, dyad, interceptors: {m.where}); {time.perf_counter() - start:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
