"""referral-graph: the anti-trafficking referral network as a graph service."""

__version__ = "0.1.0"
