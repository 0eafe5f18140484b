"""anpo: an alliance-system toolkit with the U.S.-Japan alliance as its built-in case.

Layout (pure models in the middle, input/output at the edges):

- ``anpo.scenario``  validated scenario files (TOML + pydantic) and the built-in scenario book
- ``anpo.deterrence`` deterrence under missile defense: interception [wilkening1999], exchange,
  first-strike stability, arms-race models, the seed's questions per scenario
- ``anpo.relations`` / ``anpo.data``  relations from real data (dyad-years, similarity, roles)
- ``anpo.align``     landscape theory of aggregation
- ``anpo.law``       Japan's legal limits as rules-as-code
- ``anpo.burden``    burden-sharing models
- ``anpo.report``    the self-contained HTML report; ``anpo.cli`` the command line
"""

from anpo._version import __version__

__all__ = ["__version__"]
