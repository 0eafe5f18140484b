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

from anpo.deterrence.bands import DEFAULT_SEED, input_sample
from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS, answer_case, reaction_table
from anpo.scenario import load_book
from anpo.scenario.uncertainty import apply


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=32, help="draws per book year")
    args = parser.parse_args()
    for scen in load_book():
        start = time.perf_counter()
        sample = input_sample(scen, args.draws, DEFAULT_SEED)
        beyond = total = worst = 0
        where: tuple[str, str, int] | None = None
        for d in range(args.draws):
            drawn = apply(scen, {c: sample.at[d, c] for c in sample.columns})
            for case in drawn.cases():
                for ans in answer_case(case, with_lua=False, with_extended=False):
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
        print(
            f"{scen.scenario.id}: {args.draws} draws, {total:,} curve points, {beyond:,} beyond "
            f"{REACTION_MAX_LAUNCHERS:,} launchers; largest reachable need {worst:,} "
            f"(variant, dyad, interceptors: {where}); {time.perf_counter() - start:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
