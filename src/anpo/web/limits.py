"""Caps on the work one API request may ask for.

Every cap is enforced by the request models (pydantic ``Field`` bounds or validators), so a
request beyond it is a 422 naming the field, before any computation starts. The caps were chosen
so that the slowest request they allow finishes in about a second on a 2-core machine
(``benchmarks/web_load.py`` measures the usual ones; the exact engagement, up to about 2 s, is
measured by ``benchmarks/web_engagement_work.py``; the stability page's exchange, up to about
3 s, by ``benchmarks/web_dyad_work.py``: :data:`MAX_DYAD_WORK`; the reaction curve, up to
about 2.5 s, by ``benchmarks/web_engagement_work.py --reaction``: :data:`MAX_REACTION_WORK`). The wall-clock limit
(:data:`DEFAULT_TIME_LIMIT`) is only the second line of defence: past it the client gets a 503
answer, but the computation's thread cannot be stopped and runs to its end (abandoned, not
cancelled), so the caps are what bound the work. An abandoned computation keeps its slot
(:data:`MAX_CONCURRENT`) until it really returns, so at most that many computations run at any
time, abandoned ones included; while every slot is held by abandoned work a request gets a 503
"busy" answer at once (:class:`anpo.web.compute.ServerBusy`) instead of waiting in the queue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from anpo.deterrence import bounds
from anpo.deterrence.layer import MAX_SHOTS

if TYPE_CHECKING:
    from anpo.deterrence.layer import Layer

#: Largest request body accepted (bytes); uploads included.
MAX_BODY_BYTES = 1_000_000

#: Longest request target (path and query string, bytes) accepted; a longer one gets a JSON
#: 414 (:mod:`anpo.web.security`; beyond what the HTTP parser reads, from the server's protocol:
#: :mod:`anpo.web.serving`). Every URL the pages build is well under a kilobyte; 8 kB is the
#: request-line limit of common servers (Apache's ``LimitRequestLine``, nginx's header buffers).
MAX_URL_BYTES = 8_192

#: Wall-clock limit of one computation (seconds); ``anpo serve --time-limit`` changes it.
DEFAULT_TIME_LIMIT = 10.0

#: Computations running at once, those abandoned past the time limit included (a slot is given
#: back when the call returns, not when its request gives up); others wait, their wait counting
#: towards the time limit, or get a 503 "busy" at once when every slot is held by abandoned
#: work (:class:`anpo.web.compute.Runner`). Calls answered on the event loop (``run_small``,
#: about a millisecond each) and the background precomputation of the built-in dyads (one
#: thread, one dyad at a time) do not take a slot.
MAX_CONCURRENT = 4

# ----------------------------------------------------------------- deterrence
MAX_RVS = 2_000
MAX_LAYERS = 4
MAX_INTERCEPTORS = 20_000
MAX_DECOYS_PER_RV = 10
#: Shots per object of a salvo layer: 1 to 1,000,000, the bound of ``anpo defense --shots``
#: (the request models' one bound per quantity with the command). The engine fires at most a
#: layer's inventory (:data:`MAX_INTERCEPTORS`), so shots beyond the inventory per object change
#: neither the answer nor the work (:func:`engagement_work` counts ``min(I, shots x objects)``):
#: 10 RVs at SSPK 0.01 under 20,000 interceptors take about a millisecond at 64 shots and at
#: 1,000,000, and give the salvo's closed form (Wilkening 1999, eq. 2). A shoot-look-shoot
#: layer's looks keep the library layer's bound (:data:`MAX_LOOK_SHOTS`), as ``--sls`` does.
MAX_SALVO_SHOTS = 1_000_000
#: Shots of each look of a shoot-look-shoot layer: the library's
#: :data:`~anpo.deterrence.layer.MAX_SHOTS`, the :class:`~anpo.deterrence.layer.Layer` bound of
#: scenario files and ``anpo defense --sls`` (defined there once).
MAX_LOOK_SHOTS = MAX_SHOTS
#: rvs x decoys_per_rv (the decoy model's cost grows with the objects in flight)
MAX_DECOY_OBJECTS = 1_000
#: Seconds the slowest admitted engagement may take (the target of
#: :data:`MAX_ENGAGEMENT_WORK`).
ENGAGEMENT_TARGET_SECONDS = 2.0
#: Work units of the exact engagement (:func:`engagement_work`): at most 2.7 ns a unit was
#: measured over the benchmark's grid (``benchmarks/web_engagement_work.py``), so an admitted
#: engagement takes at most about 2 s on the 2-core machine it was measured on.
MAX_ENGAGEMENT_WORK = 700_000_000
#: Engagements up to this estimate (about a millisecond) are answered on the event loop.
SMALL_ENGAGEMENT_WORK = 500_000
#: Values of m one engagement reports (``m``): the bound of ``anpo defense``'s ``-m`` values too
#: (:data:`anpo.deterrence.bounds.MAX_M_VALUES`, defined there once).
MAX_M_VALUES = bounds.MAX_M_VALUES
#: Interceptor counts of one reaction curve (``interceptors``): the bound of a scenario file's
#: ``[settings] interceptor_grid`` too (:data:`anpo.deterrence.bounds.MAX_GRID_POINTS`, defined
#: there once).
MAX_GRID_POINTS = bounds.MAX_GRID_POINTS
MAX_LAUNCHERS = 20_000
#: warheads the reaction-curve search may consider: warheads per launcher x max_launchers + the
#: other warheads (the search runs over launcher counts up to max_launchers)
MAX_REACTION_WARHEADS = 2_000
#: Warheads per launcher of the reaction curve's growing force (``Growth.warheads_per_launcher``):
#: a scenario file's force component's bound
#: (:data:`anpo.deterrence.bounds.MAX_WARHEADS_PER_LAUNCHER`, defined there once)
MAX_WARHEADS_PER_LAUNCHER = bounds.MAX_WARHEADS_PER_LAUNCHER
#: The m of the reaction curve's goal, P(at least m warheads arrive) >= q (``ReactionRequest.m``;
#: the page's m slider reaches 20, its number box this bound)
MAX_REACTION_M = 100
#: The defender's warheads per vulnerable launcher of the growing force (``Growth.allocation``)
MAX_ALLOCATION = 16
#: Seconds the slowest admitted reaction curve may take (the target of
#: :data:`MAX_REACTION_WORK`).
REACTION_TARGET_SECONDS = 2.5
#: Work units of the reaction curve (:func:`reaction_work`). Measured by
#: ``benchmarks/web_engagement_work.py --reaction`` (2026-12-01, x86-64, 2 cores shared, niced;
#: the book's reaction presets and the same with the page's new layer added, with 0-10 decoys
#: per warhead): the rate is 3.6-4.9e-12 s a unit on the heavy cases (2001 NMD C2 against China
#: plus one page layer: 2.8e11 units, 1.0 s; 2001 GMD against China plus one page layer, three
#: layers: 4.7e11 units, 2.0-2.3 s; with a fourth layer, 6.1e13 units, it had not finished
#: after 280 s: the fault this cap closes) and at most 1.2e-11 over cases of 20 ms or more
#: (2001 GMD or NMD C3 against the modernised China as the book states it: 1.8e10 units,
#: 0.22 s, the slowest book preset and the baseline; 0.15 s against the 2001 China); every case
#: of 1.1e13 units or more whose decoys a layer sees took over 20 s. The cap admits the
#: three-layer case above (about 2.5 s, the target) and at the worst rate measured about 6 s,
#: under the 10 s time limit (a loaded machine runs slower: the same cases took 5-11 times
#: longer while another computation held both cores). The book presets are 2.2e5-1.7e11
#: units (the largest, 2030's GMD + underlay against China, 2 ms), all admitted. The estimate
#: is conservative where the search stops early (a force of few launchers suffices, or none
#: is needed: 9.6e-15 s a unit for that preset).
MAX_REACTION_WORK = 5.0e11
#: The dyad page's launcher and interceptor sliders reach this multiple of the book's figure
#: (at least 50 launchers and 200 interceptors; at most MAX_LAUNCHERS and MAX_INTERCEPTORS)
SLIDER_SCALE = 3
#: The stability page's changed case (``POST /api/deterrence/dyad``): the largest
#: :func:`engagement_work` of the rival's whole raid on the defender's homeland
#: (:func:`anpo.web.api_deterrence.dyad_work`). The page's cost is the exact exchange's search
#: (the defender's first strike tries hundreds of plans, each followed by the rival's
#: retaliation through the defenses), and its sliders go up to 3 x the book's forces: measured
#: by ``benchmarks/web_dyad_work.py`` (2026-12-01, x86-64, 2 cores shared, niced, BLAS on one
#: thread as ``anpo serve`` runs it) every book case and every case at the sliders' maxima took
#: at most 2.8 s, except 2030's GMD + underlay against China (two exo-atmospheric layers seeing
#: decoys), which took 2.2-2.7 s as the book states it (1.7e10 units) and up to 20-23 s at the
#: maxima (4.1e11 units; 2.8 s at 2.4e10, 4.4-7.5 s at 2.9e10-9e10, 18 s at 1.4e11), and the
#: one-layer cases against the low-growth China at the maxima (3.1-5.1 s: its
#: launch-under-attack forces make the defender's first strike searched twice). The cap admits
#: every book case and refuses the GMD + underlay family above about 2 s; the estimate bounds
#: the engagement, not the first strike's exact search (whose cost, where a layer sees decoys,
#: is the (warheads, decoys) states of the survivors met along the search: 5.4e7 units for
#: 2030 NMD-64 at the maxima, 2.2-5.1 s), so it does not rank cases of one layer against cases
#: of two, and 5 s is the worst the page admits.
MAX_DYAD_WORK = 2.0e10

# ----------------------------------------------------------------- alignment
#: actors of an uploaded or posted instance (local minima and basins enumerate 2^(n-1) splits)
MAX_ACTORS = 22
#: actors with three coalitions (local minima and basins enumerate 3^(n-1) / 2 configurations:
#: 12 actors, 88,574 of them; 20 actors, 581 million, minutes of work)
MAX_ACTORS_THREE = 12
#: "what would bring state X in" (exact MIP over every configuration)
MAX_ACTORS_WHATIF = 20
MAX_UPLOAD_BYTES = 200_000
#: characters of an actor's name (a posted or uploaded instance's, the what-if's state and
#: anchors): a name the landscape accepted was refused by the what-if's cap of 64
MAX_NAME_CHARS = 200

# ----------------------------------------------------------------- law
MAX_DIFF_ROWS = 500

# ----------------------------------------------------------------- exploration results
MAX_RESULT_ROWS = 5_000
MAX_FILTERS = 20


#: Half-width, in standard deviations, of the joint states the engine keeps (mass >= 1e-16
#: of a unit peak: sqrt(2 ln 1e16)) and of the pmf terms it forms (>= 1e-20: sqrt(2 ln 1e20)).
_Z_STATE = math.sqrt(2.0 * math.log(1e16))
_Z_TERM = math.sqrt(2.0 * math.log(1e20))
#: Weight of a survivor-table term against a joint-state term (calibrated, see
#: :func:`engagement_work`).
_TABLE_WEIGHT = 1.0 / 200.0


def _width(n: float, var: float, z: float) -> float:
    """Points of a count's support in ``[0, n]`` kept at ``z`` standard deviations either side."""
    return min(n + 1.0, 1.0 + 2.0 * z * math.sqrt(max(var, 0.0)))


def decoys_seen(layers: Sequence[Layer], missile_class: str | None, decoys: float) -> bool:
    """True when ``decoys`` (> 0) reach a layer that engages ``missile_class`` (any class for
    None) and may miss one (:attr:`anpo.deterrence.layer.Layer.sees_decoys`): the estimates'
    costly two-dimensional case, and the cause a refusal names."""
    return decoys > 0 and any(
        ly.sees_decoys for ly in layers if missile_class is None or missile_class in ly.engages
    )


def engagement_is_small(
    rvs: int,
    decoys_per_rv: int,
    layers: Sequence[Layer],
    missile_class: str | None = None,
    *,
    work: float | None = None,
) -> bool:
    """True when the engagement is cheap enough to answer on the event loop (no thread hop):
    an estimate of at most :data:`SMALL_ENGAGEMENT_WORK`, or ten times that when no engaged
    layer sees decoys (the one-dimensional engine, whose estimate is looser); measured at most
    a few milliseconds by ``benchmarks/web_engagement_work.py``. ``work``: the engagement's
    :func:`engagement_work` when the caller has it already (it is not estimated again)."""
    seen = decoys_seen(layers, missile_class, decoys_per_rv)
    cap = SMALL_ENGAGEMENT_WORK * (1 if seen else 10)
    if work is None:
        work = engagement_work(rvs, decoys_per_rv, layers, missile_class)
    return work <= cap


def engagement_work(
    rvs: int, decoys_per_rv: int, layers: Sequence[Layer], missile_class: str | None = None
) -> float:
    """Estimated work units of the exact engagement the API runs
    (:func:`anpo.deterrence.defense.layered_engagement`: ``rvs`` warheads with
    ``decoys_per_rv`` decoys each of ``missile_class`` through ``layers``). One unit is about
    one term the compiled kernels form; the estimate is derived from the algorithm of
    :mod:`anpo.deterrence._engine` (Wilkening 1999's even spreading made exact for finite
    inventories and decoys) and bounds each count by a quantity that never decreases with the
    inputs, so it is monotone in the warheads, the decoys per RV, each layer's interceptors,
    shots and second shots, and in adding a layer (the refusal's "use fewer ..." always helps).

    The model. The engine carries a joint pmf of (RVs, decoys) still flying through the engaged
    layers (exo-atmospheric first); only exo-atmospheric layers that may miss a decoy
    (discrimination < 1) see decoys. A layer expands each joint state it receives (mass
    >= 1e-16) over the unrecognised decoys ``u`` (binomial), the objects surviving among the
    ``t = m + u`` engaged (a convolution of two binomials: the inventory spread evenly), and
    the RVs among the survivors (hypergeometric), each pmf kept to its terms >= 1e-20, i.e.
    about ``2 x 9.6`` standard deviations (``2 x 8.6`` for the states). With ``N`` warheads,
    ``D`` decoys and ``T = N + D`` objects, a layer fires at most ``F = min(I, (shots +
    second shots) T)`` interceptors and each kills at most one object, so the variance of
    every count it changes is at most ``F / 4``. Hence, per engaged layer:

    - states entering it: ``w(N, V_m) x w(D, V_k)``, ``V`` the sum of the earlier layers'
      ``F / 4`` (decoys tracked only while a later layer sees them), ``w(n, v)`` the window
      ``min(n + 1, 1 + 2 z sqrt(v))``;
    - terms per state: ``w_u x w_s x w_j`` with ``w_u = w(D, D p (1 - p))`` (``p`` = 1 -
      discrimination), ``w_s = w(T, F / 4)``, ``w_j = min(N + 1, w_s)``; a partial footprint
      multiplies by the binomial windows of the RVs and decoys inside it; when more RVs than
      interceptors reach a layer that keeps decoys, the shot-objects branch
      (``w_u w_s + w_s w(T, F / 8)^2``) if larger; the last layer seeing decoys first sums the
      states into (RVs, unrecognised decoys) pairs, ``states x w_u + pairs x w_s x w_j`` if
      smaller;
    - the survivor pmfs, cached per object count: ``counts x w_s^2`` (``x w_s`` for
      shoot-look-shoot: one second salvo per first-salvo survivor count), weighted 1/200 (the
      engine fills them only for the counts that occur, with trimmed tails: calibrated so that
      the table-bound cases, long shoot-look-shoot salvos without decoys, show the same worst
      seconds per unit as the rest);
    - the dense ``(N + 1) x (D + 1)`` arrays a layer allocates and scans;

    times ``2^g`` for ``g`` common-mode groups (each pattern of working groups is a separate
    propagation).

    Calibration (``benchmarks/web_engagement_work.py``, x86-64, 2 cores shared with other jobs,
    480 grid cases and the 72 book presets, numba warmed; three runs on 2026-12-01): at most
    2.7e-9 s a unit over cases of 20 ms or more (the worst run; 1.1-2.1e-9 in the others), the
    heavy multi-layer cases at 0.4-1.7e-9 (100 warheads with 10 decoys each through two layers
    of 600: 1.0e9 units, 0.6-1.6 s); :data:`MAX_ENGAGEMENT_WORK` (7e8) therefore admits about
    2 s at most (the slowest admitted case measured 0.15-0.53 s). Every book preset is
    admitted: the largest, 2030's GMD + underlay against China (848 warheads and 848 decoys
    through layers of 64 and 40 interceptors), is 1.8e8 units and 6-12 ms. The estimate is
    conservative where the defense kills most objects (survivors few, windows narrow): it
    ignores the means, which fall as inventories grow, to stay monotone.
    """
    return _objects_work(float(rvs), float(rvs) * float(decoys_per_rv), layers, missile_class)


def _objects_work(
    n: float, d: float, layers: Sequence[Layer], missile_class: str | None = None
) -> float:
    """:func:`engagement_work` of ``n`` warheads and ``d`` decoys in all (not necessarily a
    whole number per warhead): the same model and bounds, monotone in both."""
    if n <= 0 or not layers:
        return 0.0
    engaged = [ly for ly in layers if missile_class is None or missile_class in ly.engages]
    engaged = [ly for ly in engaged if not ly.endo_atmospheric] + [
        ly for ly in engaged if ly.endo_atmospheric
    ]
    groups = {
        ly.common_mode
        for ly in engaged
        if ly.common_mode is not None and 0.0 < ly.common_mode_reliability < 1.0
    }
    t = n + d
    sees = [d > 0 and ly.sees_decoys for ly in engaged]
    var_m = 0.0  # variance bound of the RVs entering the layer
    var_k = 0.0  # of the decoys entering it (0 once no later layer sees decoys)
    work = 0.0
    for i, ly in enumerate(engaged):
        frac = ly.protected_fraction if isinstance(ly.protected_fraction, float) else 1.0
        states = _width(n, var_m, _Z_STATE) * _width(d, var_k, _Z_STATE)
        fired = min(float(ly.interceptors), float(ly.shots + ly.second) * t)
        w_s = _width(t, fired / 4.0, _Z_TERM)  # survivors among the engaged objects
        w_u = w_j = w_f = 1.0
        if sees[i]:
            miss = 1.0 - ly.discrimination
            w_u = _width(d, d * miss * (1.0 - miss), _Z_TERM)  # unrecognised decoys
            w_j = min(n + 1.0, w_s)  # RVs among the survivors (hypergeometric)
        if frac < 1.0:
            spread = frac * (1.0 - frac)
            w_f = _width(n, n * spread, _Z_TERM)
            if sees[i]:
                w_f *= _width(d, d * spread, _Z_TERM)
        # the survivor pmf of each object count t (cached by count): a convolution of two
        # binomials, and for shoot-look-shoot one more per first-salvo survivor count
        rows = _width(n, var_m, _Z_STATE)
        counts = min(t + 1.0, rows * w_f * w_u)
        table = counts * w_s * w_s * (w_s if ly.second > 0 else 1.0)
        later = any(sees[i + 1 :])
        terms = states * w_f * w_u * w_s * w_j
        if later and sees[i] and frac >= 1.0:
            # more RVs than interceptors: the RVs among the shot objects (hypergeometric, per
            # unrecognised-decoy count), then RVs and decoys killed among them (two binomials
            # whose variances add up to at most fired / 4)
            w_xy = _width(t, fired / 8.0, _Z_TERM) ** 2
            terms = max(terms, states * (w_u * w_s + w_s * w_xy))
        if frac >= 1.0 and not later:
            # the last layer that sees decoys (or none does): states are first summed into
            # (RVs, unrecognised decoys) pairs, each pair then expanded once
            pairs = rows * min(d + 1.0, w_u + (1.0 - ly.discrimination) * (states / rows))
            terms = min(terms, states * w_u + pairs * w_s * w_j)
        # the dense (RVs x decoys) arrays a layer allocates and scans
        dense = (n + 1.0) * ((d + 1.0) if later or sees[i] else 1.0)
        work += terms + _TABLE_WEIGHT * table + dense
        var_m += fired / 4.0 + n * frac * (1.0 - frac)
        if later:
            if sees[i]:
                var_k += fired / 4.0 + d * frac * (1.0 - frac)
        else:
            var_k = 0.0
    return work * 2.0 ** len(groups)


def reaction_evaluations(max_launchers: int) -> int:
    """Most launcher counts the reaction curve's search tries at one point
    (:func:`anpo.deterrence._engine._min_launchers_one`): none, then doubling up to
    ``max_launchers`` (``ceil(log2 L) + 1``), then bisection (``ceil(log2 L)``)."""
    steps = math.ceil(math.log2(max(max_launchers, 1)))
    return 2 * steps + 2


def reaction_work(
    layers: Sequence[Layer],
    sweep: int,
    interceptors: Sequence[int],
    warheads_per_launcher: int,
    decoys_per_rv: int,
    missile_class: str | None,
    base_warheads: int,
    m: int,
    max_launchers: int,
) -> float:
    """Estimated work units of the reaction curve the API computes
    (:func:`anpo.deterrence.reaction.reaction_curve`, in the units of
    :func:`engagement_work`): for each interceptor count of the grid (put into layer
    ``sweep``), the search for the fewest launchers evaluates P(at least ``m`` arrive) for up
    to :func:`reaction_evaluations` launcher counts, each an exact engagement truncated to the
    states that can still end below ``m``: at most ``m`` + the interceptors of the layers
    engaging the growing force's class warheads in flight (of ``warheads_per_launcher x
    max_launchers + base_warheads``), with every decoy of the largest force
    (``decoys_per_rv x warheads_per_launcher x max_launchers``). Hence, per grid point:

    - when a layer engaging the class sees decoys (exo-atmospheric, discrimination < 1) and
      the force has decoys: evaluations x the engagement's estimate of those warheads and
      decoys (each launcher count is a new propagation);
    - always (the whole cost on the fast path, where no decoy is seen: one table per
      common-mode pattern, then each launcher count a dot product over its survivors): the
      engagement's estimate without decoys, plus evaluations x the surviving launchers'
      binomial window x the other warheads' rows.

    Every term grows with each input (grid points, interceptors, layers, warheads per launcher,
    decoys, the other warheads, m and max_launchers), so the refusal's "use fewer ..." always
    helps. Calibrated by ``benchmarks/web_engagement_work.py --reaction`` against
    :data:`MAX_REACTION_WORK`.
    """
    evals = float(reaction_evaluations(max_launchers))
    top = float(warheads_per_launcher) * float(max_launchers) + float(base_warheads)
    decoys = float(decoys_per_rv) * float(warheads_per_launcher) * float(max_launchers)
    sees = decoys_seen(layers, missile_class, decoys)
    window = _width(float(max_launchers), max_launchers / 4.0, _Z_TERM)
    work = 0.0
    for point in interceptors:
        here = [
            ly.model_copy(update={"interceptors": int(point)}) if j == sweep else ly
            for j, ly in enumerate(layers)
        ]
        cap = float(m) + sum(
            float(ly.interceptors)
            for ly in here
            if missile_class is None or missile_class in ly.engages
        )
        rows = min(top, cap)
        # the fast path's terms, counted in either case (so that turning decoys on, or adding
        # a layer that sees them, never lowers the estimate)
        work += _objects_work(rows, 0.0, here, missile_class)
        work += evals * window * (float(base_warheads) + 1.0)
        if sees:
            work += evals * _objects_work(rows, decoys, here, missile_class)
    return work
