"""Collection settings for the doctests of ``src/anpo`` (``--doctest-modules``).

The deprecated alias modules ``anpo.defense`` and ``anpo.stability`` hold no code and no
doctests; importing them to look for doctests only raised their ``DeprecationWarning`` into
every run's summary. ``tests/test_deprecated_aliases.py`` imports them on purpose and checks
the warning.
"""

collect_ignore = ["src/anpo/defense.py", "src/anpo/stability.py"]
