"""The built-in scenario book (TOML files shipped as package data)."""
