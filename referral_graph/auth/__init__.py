"""Roles and bearer tokens: public (no token) < staff < editor < admin."""
