"""Synthetic national referral networks in the seed format (`referral-graph synth`)."""
