"""The directory: who provides what, where, and how organizations are tied together."""
