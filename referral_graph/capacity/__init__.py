"""Service capacity: beds or places, how many are free, when staff last said so.

Beyond HSDS 3.0 (the 3.1 ``service_capacity``): staff set it (GraphQL ``setCapacity``, CLI
``referral-graph capacity``), the audit trail keeps who and when, plans prefer a provider
with room when all else is equal, and a public caller learns only "has capacity", "full"
or "unknown", and nothing at all about a confidential shelter. No capacity is invented:
the seeds carry none, because no document states one.
"""
