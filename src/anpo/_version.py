"""The version of anpo, in one place (read by ``pyproject.toml`` and ``anpo --version``)."""

__version__ = "0.1.0"
