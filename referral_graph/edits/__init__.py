"""Edits to the directory: validated, all-or-nothing, and kept in an audit trail."""
