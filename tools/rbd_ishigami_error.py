"""Measure the error of anpo's RBD-FAST first-order indices on Ishigami's test function.

The figures :data:`anpo.explore.space.RBD_ISHIGAMI_ERROR` holds (and ``anpo explore
sensitivity``'s small-sample note quotes) come from this script: for each sample size, the
largest over the three inputs of the root-mean-square error of S1 against its analytic value
(S1 = 0.3139, 0.4424, 0; Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*,
sec. 4.8), over ``--seeds`` seeds, through anpo's own pipeline: a Latin-hypercube design run by
:func:`anpo.explore.run` and the indices of :func:`anpo.explore.sensitivity.sensitivity`.

Usage::

    python tools/rbd_ishigami_error.py            # 100 seeds, sizes 8 16 32 64 128
    python tools/rbd_ishigami_error.py --seeds 20 --sampler mc
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

import anpo.explore as ex
from anpo.explore.examples import ISHIGAMI_INDICES, ISHIGAMI_SPACE, ishigami
from anpo.explore.sensitivity import sensitivity

SIZES = (8, 16, 32, 64, 128)
INPUTS = ("x1", "x2", "x3")


def largest_rms_error(n: int, seeds: int, sampler: str, folder: Path) -> tuple[float, np.ndarray]:
    """The largest (over inputs) root-mean-square S1 error of ``seeds`` runs of size ``n``, and
    the per-input errors."""
    exact = np.array([ISHIGAMI_INDICES["S1"][k] for k in INPUTS])
    model = ex.FunctionModel(ishigami, ISHIGAMI_SPACE, vectorized=True)
    est = []
    for seed in range(seeds):
        out = ex.run(model, n=n, seed=seed, out=folder / f"{n}-{seed}", sampler=sampler)
        table = sensitivity(out).set_index("input")
        est.append(table.loc[list(INPUTS), "S1"].to_numpy(float))
    rms = np.sqrt(np.mean((np.array(est) - exact) ** 2, axis=0))
    return float(rms.max()), rms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--sampler", choices=("lhs", "mc"), default="lhs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            worst, rms = largest_rms_error(n, args.seeds, args.sampler, Path(tmp))
            per = ", ".join(f"{k} {e:.3f}" for k, e in zip(INPUTS, rms, strict=True))
            print(f"{args.sampler} n={n:4d} seeds={args.seeds}: largest RMS {worst:.3f} ({per})")


if __name__ == "__main__":
    main()
