"""Futures as an explorable model: the futures are the cases, their uncertainties the inputs,
the scorecard's indicators the outcomes (:mod:`anpo.explore` runs it like any model)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from anpo.errors import ExploreError
from anpo.explore.model import Model
from anpo.explore.space import Param

OUTCOMES_VERSION = "futures-scorecard-1"


class FuturesModel(Model):
    """Future files as a model: one case per future; an input declared by several futures must
    have the same distribution (and basis) in each."""

    stochastic = False
    vectorized = False

    def __init__(self, texts: Sequence[str], sources: Sequence[str]) -> None:
        self.texts = list(texts)
        self.sources = list(sources)
        self._worlds: list[Any] | None = None
        self.prepare()
        assert self._worlds is not None
        self.cases = [w.future.id for w in self._worlds]
        if len(set(self.cases)) != len(self.cases):
            raise ExploreError(f"a future is given twice: {self.cases}")
        self.name = "anpo.futures:" + ",".join(self.cases)
        self.params = self._union_params()
        # part of the fingerprint: a book scenario may change between versions
        self._bases: list[str] = [w.scenario.model_dump_json() for w in self._worlds]

    @classmethod
    def from_files(cls, files: Sequence[str | Path]) -> FuturesModel:
        from anpo.scenario.load import read_text

        return cls([read_text(f) for f in files], [str(f) for f in files])

    def _union_params(self) -> list[Param]:
        params: dict[str, Param] = {}
        origin: dict[str, str] = {}
        assert self._worlds is not None
        for w, src in zip(self._worlds, self.sources, strict=True):
            for u in w.uncertainties:
                if u.name in params and params[u.name].distribution != u.distribution:
                    raise ExploreError(
                        f"uncertainty {u.name!r} has one distribution in {origin[u.name]} and "
                        f"another in {src}; give it the same one, or another name"
                    )
                params.setdefault(u.name, Param(u.name, u.distribution))
                origin.setdefault(u.name, src)
        return list(params.values())

    def fingerprint(self) -> str:
        h = hashlib.sha256(OUTCOMES_VERSION.encode())
        for t in [*self.texts, *self._bases]:
            h.update(hashlib.sha256(t.encode()).digest())
        return h.hexdigest()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_worlds"] = None  # re-read in the worker (prepare)
        state.pop("_anpo_prepared", None)
        return state

    def prepare(self) -> None:
        if self._worlds is None:
            from anpo.futures.load import parse_future_text

            self._worlds = [
                parse_future_text(t, source=s, base_dir=Path(s).parent)[1]
                for t, s in zip(self.texts, self.sources, strict=True)
            ]

    def world_for(self, case: int, values: Mapping[str, Any]) -> Any:
        """The case's world with the sampled values applied (re-validated)."""
        from anpo.scenario.uncertainty import apply

        self.prepare()
        assert self._worlds is not None
        world = self._worlds[case]
        if world.uncertainties:
            world = apply(world, {u.name: values[u.name] for u in world.uncertainties})
        return world

    def evaluate(
        self, case: int, values: Mapping[str, Any], rng: np.random.Generator | None
    ) -> Mapping[str, float]:
        from anpo.futures.scorecard import indicators

        return indicators(self.world_for(case, values))
