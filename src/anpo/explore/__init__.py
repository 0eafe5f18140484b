"""Exploratory modelling: experiments over uncertain inputs, on one machine or a Dask cluster.

- :func:`run` samples the inputs (Latin hypercube by default; Monte Carlo, full factorial,
  Saltelli, Morris), runs every sample for every case (scenario variant or future) on a serial,
  process-pool or Dask executor, and writes the results as Parquet shards with a manifest and a
  DuckDB view; a killed run resumes where it stopped; results do not depend on the executor.
- :func:`load` reads a run as a DataFrame; :func:`status` tells what is done.
- :mod:`anpo.explore.discovery`: scenario discovery (PRIM, CART);
  :mod:`anpo.explore.sensitivity`: Sobol' and Morris indices through SALib.
"""

from __future__ import annotations

from anpo.explore.engine import load, run, status
from anpo.explore.model import FunctionModel, Model, experiment_rng, experiment_seeds
from anpo.explore.space import SAMPLERS, Param
from anpo.explore.store import connect

__all__ = [
    "SAMPLERS",
    "FunctionModel",
    "Model",
    "Param",
    "connect",
    "experiment_rng",
    "experiment_seeds",
    "load",
    "run",
    "status",
]
