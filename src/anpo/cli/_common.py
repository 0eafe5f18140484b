"""Helpers shared by the CLI modules: JSON output and rich tables."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer


def to_jsonable(obj: Any) -> Any:
    """Convert numpy / pandas objects, dates (ISO text) and NaN (null) into plain JSON values."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "isoformat"):  # datetime.date, datetime.datetime, pandas.Timestamp
        return obj.isoformat()
    return obj


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (and nothing else)."""
    typer.echo(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False))


def print_frame(frame: Any, title: str | None = None, digits: int = 4) -> None:
    """Print a DataFrame as a rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "iuf" else "left")
    for rec in frame.itertuples(index=False):
        cells = []
        for v in rec:
            if isinstance(v, float):
                cells.append("–" if math.isnan(v) else f"{v:.{digits}g}")
            else:
                cells.append(str(v))
        table.add_row(*cells)
    Console(width=200).print(table)


@contextmanager
def echo_data_warnings() -> Iterator[None]:
    """Print every :class:`anpo.errors.DataWarning` raised inside the block as one line
    ``warning: ...`` on standard error (once each, after the block); other warnings go on as
    Python would show them."""
    from anpo.errors import DataWarning

    records: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            try:
                yield
            finally:
                records = list(caught)
    finally:
        seen: set[str] = set()
        for w in records:
            if issubclass(w.category, DataWarning):
                msg = str(w.message)
                if msg not in seen:
                    seen.add(msg)
                    typer.echo(f"warning: {msg}", err=True)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
