"""Japan's legal limits as code (issue 5): what the Self-Defense Forces may do for U.S. (and other)
forces, by date, situation, activity and location, with the statute cited and quoted.

Public API::

    from anpo.law import ask, diff, activities
    ans = ask("2001-07-10", "surrounding-area", "transport-weapons-ammunition", location="japan")
    ans.status          # 'conditional'
    ans.conditions      # every condition, with its article
    ans.legal_basis     # citations: law, article, Japanese quote
    ans.diet_approval   # 'prior-with-emergency-exception'
    ans.rationale       # government interpretation / court rulings, kept apart from the basis

Rules are package data (``anpo/law/rules/*.toml``), one file per law and version; see
:mod:`anpo.law.model` for the schema and :mod:`anpo.law.engine` for the model.
"""

from anpo.errors import LawError
from anpo.law.engine import (
    COVERAGE_START_KEY,
    SUCCESSORS,
    Answer,
    Change,
    Citation,
    RationaleItem,
    activities,
    ask,
    contradictions,
    coverage_start,
    diff,
    regimes,
    situations,
)
from anpo.law.scenario import Contribution, answer_contributions, default_contributions
from anpo.law.vocab import ACTIVITIES, DIET_APPROVAL, LOCATIONS, SITUATIONS, STATUSES

__all__ = [
    "ACTIVITIES",
    "COVERAGE_START_KEY",
    "DIET_APPROVAL",
    "LOCATIONS",
    "SITUATIONS",
    "STATUSES",
    "SUCCESSORS",
    "Answer",
    "Change",
    "Citation",
    "Contribution",
    "LawError",
    "RationaleItem",
    "activities",
    "answer_contributions",
    "ask",
    "contradictions",
    "coverage_start",
    "default_contributions",
    "diff",
    "regimes",
    "situations",
]
