"""Compile the models once before serving (numba caches the machine code on disk afterwards)."""

from __future__ import annotations

from pathlib import Path

from anpo._progress import StepFn


def warm_up(progress: StepFn | None = None, explore_dir: Path | None = None) -> None:
    """Call each compiled path the API uses once, on small inputs; ``progress(message)`` names
    each (:data:`anpo._progress.StepFn`). With ``explore_dir`` (``anpo serve --explore``), the
    run's summary is read too (:func:`warm_explore`)."""
    import numpy as np

    from anpo.align import landscape
    from anpo.web import api_deterrence
    from anpo.web.common import book as book_of_scenarios

    say = progress or (lambda message: None)
    say("compiling the deterrence models")
    book = book_of_scenarios()
    first = next(iter(book.values()))
    case = first.cases()[0]
    if first.dyads:
        d = first.dyads[0]
        preset = api_deterrence.preset(
            first.scenario.id, case.variant.id, f"{d.defender}-{d.rival}"
        )
        api_deterrence.engagement(preset.engagement)
        if preset.reaction is not None:
            api_deterrence.reaction(preset.reaction)
    say("compiling the alignment models")
    rng = np.random.default_rng(0)
    p = rng.normal(size=(6, 6))
    p = (p + p.T) / 2
    landscape(np.ones(6), p).local_minima()
    # names out of sorted order: the minima are mapped back from the tie order (a kernel too)
    landscape(np.ones(6), p, list("fedcba"), coalitions=3).local_minima()
    from anpo.align import exact, heuristics

    say("compiling the alignment searches (tabu, annealing)")
    heuristics.warm_up()
    say("compiling the exact alignment solver")
    exact.warm_up()
    from anpo.web import api_futures

    say("the futures' scorecard")
    api_futures.scorecard()  # computed once (the futures book is immutable), cached
    if explore_dir is not None:
        say("reading the exploration run")
        warm_explore(explore_dir)


def warm_explore(folder: Path) -> None:
    """Read the exploration run in ``folder`` as ``GET /api/explore/summary`` does, filling its
    caches (the run's results, the books' names for its columns and cases, whether it is a run
    of the books as shipped), so that the first request is answered from them.

    review20 F3: on a cold server that request spent its wall-clock limit on imports, reading
    the run and parsing the books, and answered 503 where the same request a moment later
    answered 200: the answer depended on the machine's load and on what came before.
    """
    from anpo.web import api_futures

    api_futures.explore_summary(Path(folder))
