"""Japan's legal limits as code (issues 5 and 13): what the Self-Defense Forces may do for U.S. (and
other) forces, by date, situation, activity and the facts of the place, with the statute cited and
quoted as worded on that date.

Public API::

    from anpo.law import ask, diff, activities, provisions, provision_changes
    ans = ask("2001-07-10", "surrounding-area", "transport-weapons-ammunition", location="japan")
    ans.status          # 'conditional'
    ans.conditions      # every condition, with its article
    ans.checks          # each condition evaluated against the facts (met / not met / open)
    ans.legal_basis     # citations: law, article, Japanese quote, role
    ans.diet_approval   # 'prior-with-emergency-exception'
    ans.decided_by      # the facts the answer turned on
    ans.rationale       # government interpretation / court rulings, kept apart from the basis

    ask("2017-06-01", "important-influence", "transport-weapons-ammunition",
        facts={"where": "foreign-territory", "consent": True,
               "combat_now": False, "combat_expected": True})      # conditional (IISA Art. 2(3))
    ask("2017-06-01", "important-influence", "transport-weapons-ammunition",
        facts={"where": "foreign-territory", "consent": True})     # depends-on: combat_now

Every function answers from a rule set passed as ``rules=`` (a :class:`Ruleset`, e.g.
``load_ruleset_from(texts)`` on edited copies of :func:`packaged_rule_texts`), by default the
packaged one (:func:`ruleset`)::

    texts = packaged_rule_texts()   # {file name: TOML text}; edit, then
    mine = load_ruleset_from(texts)
    ask("2001-07-10", "surrounding-area", "medical", rules=mine)

Rules are package data (``anpo/law/rules/*.toml``), one file per Act with dated provisions; see
:mod:`anpo.law.schema` for the schema, :mod:`anpo.law.facts` for the facts of a question and
:mod:`anpo.law.engine` for the model.
"""

from anpo.errors import LawError
from anpo.law.engine import (
    COVERAGE_START_KEY,
    INTERIM_SUCCESSORS,
    SUCCESSORS,
    Answer,
    AnswerChange,
    Citation,
    ConditionCheck,
    ProvisionChange,
    ProvisionInForce,
    RationaleItem,
    activities,
    ask,
    contradictions,
    coverage_note,
    coverage_notes,
    coverage_start,
    diff,
    later_label,
    latest_change,
    provision_changes,
    provisions,
    regimes,
    situations,
    successor_on,
)
from anpo.law.facts import parse_assignments
from anpo.law.loader import Ruleset, load_ruleset_from, packaged_rule_texts, ruleset
from anpo.law.scenario import Contribution, answer_contributions, default_contributions
from anpo.law.vocab import (
    # dup-ok: import block: the package re-exports the vocabularies the engine also imports.
    ACTIVITIES,
    DECIDING_FACTS,
    DIET_APPROVAL,
    FACTS,
    LOCATIONS,
    PRESETS,
    SITUATIONS,
    STATUSES,
    WHERE,
)

__all__ = [
    "ACTIVITIES",
    "COVERAGE_START_KEY",
    "DECIDING_FACTS",
    "DIET_APPROVAL",
    "FACTS",
    "INTERIM_SUCCESSORS",
    "LOCATIONS",
    "PRESETS",
    "SITUATIONS",
    "STATUSES",
    "SUCCESSORS",
    "WHERE",
    "Answer",
    "AnswerChange",
    "Citation",
    "ConditionCheck",
    "Contribution",
    "LawError",
    "ProvisionChange",
    "ProvisionInForce",
    "RationaleItem",
    "Ruleset",
    "activities",
    "answer_contributions",
    "ask",
    "contradictions",
    "coverage_note",
    "coverage_notes",
    "coverage_start",
    "default_contributions",
    "diff",
    "latest_change",
    "later_label",
    "load_ruleset_from",
    "packaged_rule_texts",
    "parse_assignments",
    "provision_changes",
    "provisions",
    "regimes",
    "ruleset",
    "situations",
    "successor_on",
]


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.law import schema as _schema  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _schema)
