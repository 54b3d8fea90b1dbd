"""`referral-graph import PATH`: validate a whole data set, then write it in one transaction."""
