"""A quiet HiGHS instance (its banner is printed by C++ on file descriptor 1 and would otherwise
corrupt ``--json`` output)."""

from __future__ import annotations

import os
import sys
from typing import Any


def new_highs(threads: int = 1) -> Any:
    """A ``highspy.Highs`` with logging off, one thread and a fixed random seed (reproducible)."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", 0)
    return h
