"""The networkx projection of the referral network, shared by referral plans and gap reports."""
