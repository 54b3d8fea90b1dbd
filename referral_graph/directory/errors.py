"""The one error the directory raises for bad input; its message names the field."""

from __future__ import annotations


class DirectoryError(ValueError):
    """Bad input to a directory query, e.g. ``state: 'XYZ' is not a Mexican state``."""
