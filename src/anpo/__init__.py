"""anpo: an alliance-system toolkit with the U.S.-Japan alliance as its built-in case.

Layout (pure models in the middle, input/output at the edges):

- ``anpo.scenario``  validated scenario files (TOML + pydantic) and the built-in scenario book
- ``anpo.defense``   ballistic-missile-defense interception model (Wilkening 1999)
- ``anpo.stability`` exchange model, first-strike stability, arms-race models
- ``anpo.questions`` the seed's questions computed for each scenario
- ``anpo.relations`` / ``anpo.data``  relations from real data (dyad-years, similarity, roles)
- ``anpo.align``     landscape theory of aggregation
- ``anpo.law``       Japan's legal limits as rules-as-code
- ``anpo.burden``    burden-sharing models
- ``anpo.report``    the self-contained HTML report; ``anpo.cli`` the command line
"""

__version__ = "0.1.0"
