"""Compile the models once before serving (numba caches the machine code on disk afterwards)."""

from __future__ import annotations

from anpo._progress import StepFn


def warm_up(progress: StepFn | None = None) -> None:
    """Call each compiled path the API uses once, on small inputs; ``progress(message)`` names
    each (:data:`anpo._progress.StepFn`)."""
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
