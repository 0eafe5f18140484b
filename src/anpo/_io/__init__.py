"""anpo's one way of doing each input/output chore (internal; the public API re-exports what users
need):

- :mod:`anpo._io.files`: writing a file atomically (temporary file beside it, then a rename),
  with the permissions the user's umask gives a new file;
- :mod:`anpo._io.csvlines`: the file line of each data row of a CSV (the line an error about
  the row names), counting the blank lines the reader skips and quoted cells spanning lines;
- :mod:`anpo._io.years`: reading years and year ranges (``2001``, ``1990-2001``,
  ``1816,1914,2001``);
- :mod:`anpo._io.citations`: what an input's ``source`` or ``basis`` must be (a public
  citation or an ``anpo assumption``, never a placeholder such as ``TBD``);
- :mod:`anpo._io.inputs`: reading a TOML or CSV input into a validated pydantic model, every
  problem an :class:`anpo.errors.AnpoError` naming file, line, column and field.
"""
