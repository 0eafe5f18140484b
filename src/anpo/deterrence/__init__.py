"""Deterrence under missile defense: interception, exchange, stability, the seed's questions.

- :mod:`anpo.deterrence.defense`    ballistic-missile-defense interception [wilkening1999]
- :mod:`anpo.deterrence.stability`  exchange model, first-strike stability, arms-race models
- :mod:`anpo.deterrence.questions`  the seed's questions computed for each scenario
- :mod:`anpo.deterrence.report`     the report's deterrence sections
- :mod:`anpo.deterrence.scenario`   the section of the scenario file it reads (and :class:`Case`)

The compiled kernels (``_engine``) are private to this package.
"""
