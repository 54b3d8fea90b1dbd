"""Rules that keep victims safe whatever path a write takes (edit, import, later ones)."""
