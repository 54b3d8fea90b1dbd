"""The data-set format: the records a seed directory holds, and their validation."""
