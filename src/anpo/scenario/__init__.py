"""Scenario files: the pydantic model, loading with one-line errors, and the built-in book."""

from anpo.scenario.load import book_files, load_book, load_scenario, parse_scenario_text
from anpo.scenario.model import Case, Scenario

__all__ = ["Case", "Scenario", "book_files", "load_book", "load_scenario", "parse_scenario_text"]
