"""Answer the law engine's full grid and compare two runs (old engine against new).

The grid is every date in a date list x every situation x every activity x every location preset
of :mod:`anpo.law.vocab`, asked through the public API ``anpo.law.ask(date, situation, activity,
location)`` only, so the same script runs against any version of the engine (e.g. an older
checkout put first on ``PYTHONPATH``).

Between two consecutive boundary dates (a law, a provision or a rule entering into force or
lapsing) every answer is constant, so the default date list is each boundary date and the day
before it, for both engines' boundaries (``--dates`` adds more).

Usage::

    python tools/law_grid.py dates > dates.txt                 # boundary dates of this engine
    python tools/law_grid.py dump OUT.json --dates dates.txt   # answer the grid (--force:
                                                               # overwrite OUT.json)
    python tools/law_grid.py compare OLD.json NEW.json         # list every difference, grouped

``compare`` prints the differences grouped by the field that changed (status, Diet approval,
conditions, cited provisions, quotes, roles), each group with the questions it covers, so that
every difference can be explained.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from _output import add_force, refuse_existing  # noqa: E402


def _boundaries() -> list[dt.date]:
    from anpo.law import loader

    rs = loader.ruleset()
    out: set[dt.date] = set()
    for lf, rule in rs.rules():
        metas = [v.law for v in getattr(lf, "versions", [])] or [lf.law]
        for m in metas:
            for d in (m.in_force_from, m.in_force_to):
                if d is not None:
                    out |= {d, d + dt.timedelta(days=1), d - dt.timedelta(days=1)}
        for d in (rule.valid_from, rule.valid_to):
            if d is not None:
                out |= {d, d + dt.timedelta(days=1), d - dt.timedelta(days=1)}
    for lf in getattr(rs, "acts", rs.laws).values():
        for p in getattr(lf, "provisions", {}).values():
            for t in getattr(p, "texts", []) or []:
                for d in (t.valid_from, t.valid_to):
                    if d is not None:
                        out |= {d, d + dt.timedelta(days=1), d - dt.timedelta(days=1)}
    first = dt.date(1997, 9, 23)
    return sorted(d for d in out if d >= first)


# dup-ok: a JSON row built field by field, alike only in shape to burden.reading.as_dict.
def _answer_row(ans: Any) -> dict[str, Any]:
    return {
        "status": ans.status,
        "diet": ans.diet_approval,
        "diet_detail": ans.diet_approval_detail,
        "conditions": list(ans.conditions),
        "cites": [[c.law_key, c.ref, c.role, c.quote, bool(c.verified)] for c in ans.legal_basis],
        "laws": list(ans.laws),
        "supported": ans.supported,
        "rules": list(ans.rules),
        "notes": list(ans.notes),
        "rationale": [r.key for r in ans.rationale_items],
    }


def dump(out: Path, dates: list[dt.date]) -> None:
    from anpo.law import ACTIVITIES, LOCATIONS, SITUATIONS, ask

    rows: dict[str, Any] = {}
    for d in dates:
        for s in SITUATIONS:
            for a in ACTIVITIES:
                for loc in LOCATIONS:
                    rows[f"{d.isoformat()}|{s}|{a}|{loc}"] = _answer_row(ask(d, s, a, loc))
    out.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(rows)} answers on {len(dates)} dates -> {out}", file=sys.stderr)


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, before, after) for each compared field that differs."""
    out = []
    for f in ("status", "diet", "diet_detail", "supported"):
        if old[f] != new[f]:
            out.append((f, str(old[f]), str(new[f])))
    if old["conditions"] != new["conditions"]:
        gone = [c for c in old["conditions"] if c not in new["conditions"]]
        added = [c for c in new["conditions"] if c not in old["conditions"]]
        out.append(("conditions", " | ".join(gone) or "(order)", " | ".join(added) or "(order)"))
    oc = {(c[0], c[1]): c for c in old["cites"]}
    nc = {(c[0], c[1]): c for c in new["cites"]}
    for k in sorted(oc.keys() - nc.keys()):
        out.append(("citation removed", f"{k[0]} {k[1]} [{oc[k][2]}]", ""))
    for k in sorted(nc.keys() - oc.keys()):
        out.append(("citation added", "", f"{k[0]} {k[1]} [{nc[k][2]}]"))
    for k in sorted(oc.keys() & nc.keys()):
        if oc[k][2] != nc[k][2]:
            out.append(("role", f"{k[0]} {k[1]} {oc[k][2]}", f"{nc[k][2]}"))
        if oc[k][3] != nc[k][3]:
            out.append(("quote", f"{k[0]} {k[1]}: {oc[k][3]}", nc[k][3]))
    return out


def compare(old_path: Path, new_path: Path, limit: int) -> int:
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    common = sorted(old.keys() & new.keys())
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key in common:
        for diff in _fields(old[key], new[key]):
            groups[diff].append(key)
    print(f"{len(common)} questions compared; {len(groups)} distinct differences")
    by_field: dict[str, list[tuple[tuple[str, str, str], list[str]]]] = defaultdict(list)
    for diff, keys in groups.items():
        by_field[diff[0]].append((diff, keys))
    for field in sorted(by_field):
        items = sorted(by_field[field], key=lambda x: -len(x[1]))
        print(f"\n## {field} ({sum(len(k) for _, k in items)} questions)")
        for (_, before, after), keys in items[:limit]:
            dates = sorted({k.split("|")[0] for k in keys})
            qs = sorted({"|".join(k.split("|")[1:]) for k in keys})
            print(f"- {before!r} -> {after!r}: {len(keys)} answers, dates {dates[0]}..{dates[-1]}")
            for q in qs[:6]:
                print(f"    {q}")
            if len(qs) > 6:
                print(f"    ... {len(qs) - 6} more questions")
        if len(items) > limit:
            print(f"  ... {len(items) - limit} more kinds")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dates")
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    add_force(d)
    d.add_argument("--dates", type=Path, action="append", default=[])
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--limit", type=int, default=40)
    args = p.parse_args()
    if args.cmd == "dates":
        for day in _boundaries():
            print(day.isoformat())
        return 0
    if args.cmd == "dump":
        refuse_existing([args.out], args.force)
        dates = set(_boundaries())
        for f in args.dates:
            dates |= {dt.date.fromisoformat(x) for x in f.read_text().split()}
        dump(args.out, sorted(dates))
        return 0
    return compare(args.old, args.new, args.limit)


if __name__ == "__main__":
    raise SystemExit(main())
