"""The proportions a synthetic national network is drawn from.

Nothing here is a fact about a real organization: these are weights for a generator.
Where a weight follows the PROTEJA data set (`seeds/proteja`), the comment says which
count it follows; the rest are choices made so that the network has the shape a national
directory would (many local organizations, a few national bodies, rare services).
"""

from __future__ import annotations

# Organizations per state follow the population (INEGI census 2020, millions, rounded):
# large states hold many organizations, small ones few, which makes some cells thin.
STATE_WEIGHTS: dict[str, float] = {
    "MX-AGU": 1.4, "MX-BCN": 3.8, "MX-BCS": 0.8, "MX-CAM": 0.9, "MX-CHP": 5.5, "MX-CHH": 3.7,
    "MX-CMX": 9.2, "MX-COA": 3.1, "MX-COL": 0.7, "MX-DUR": 1.8, "MX-GUA": 6.2, "MX-GRO": 3.5,
    "MX-HID": 3.1, "MX-JAL": 8.3, "MX-MEX": 17.0, "MX-MIC": 4.7, "MX-MOR": 2.0, "MX-NAY": 1.2,
    "MX-NLE": 5.8, "MX-OAX": 4.1, "MX-PUE": 6.6, "MX-QUE": 2.4, "MX-ROO": 1.9, "MX-SLP": 2.8,
    "MX-SIN": 3.0, "MX-SON": 2.9, "MX-TAB": 2.4, "MX-TAM": 3.5, "MX-TLA": 1.3, "MX-VER": 8.1,
    "MX-YUC": 2.3, "MX-ZAC": 1.6,
}

# Kinds: PROTEJA's 41 organizations are 14 government agencies, 5 shelters, 4 media,
# 4 foreign governments, 4 not stated, 3 human-rights commissions, 2 academic, and one each
# of NGO, international, union, consultancy, project. A national directory holds far more
# local NGOs than a project's partner list, so NGOs are weighted up; the rest keep
# PROTEJA's order.
KIND_WEIGHTS: dict[str, float] = {
    "government_agency": 30, "ngo": 24, "shelter": 12, "human_rights_commission": 4,
    "academic": 5, "media": 5, "not_stated": 8, "international": 3, "foreign_government": 2,
    "union": 3, "consultancy": 2, "project": 2,
}

# Sector by kind: (sector, weight) choices.
SECTORS: dict[str, tuple[tuple[str, float], ...]] = {
    "government_agency": (("state", 6), ("municipal", 3), ("federal", 1)),
    "ngo": (("civil_society", 1),),
    "shelter": (("civil_society", 8), ("state", 2)),
    "human_rights_commission": (("state", 1),),
    "academic": (("academic", 1),),
    "media": (("private", 1),),
    "not_stated": (("not_stated", 1),),
    "international": (("international", 1),),
    "foreign_government": (("foreign", 1),),
    "union": (("civil_society", 1),),
    "consultancy": (("private", 1),),
    "project": (("international", 1),),
}

# Services each kind may offer, with weights. PROTEJA's capabilities count 6 social
# protection, 6 legal aid, 5 each shelter, mental health and medical, 4 education, 3 each
# rescue, prosecution and human-rights complaints, 1 each repatriation, hotline and
# consular assistance; interpretation, vocational training and victim identification none.
STATED: dict[str, tuple[tuple[str, float], ...]] = {
    "shelter": (("medical", 5), ("mental_health", 5), ("legal_aid", 4), ("social_protection", 4),
                ("education", 4), ("vocational", 1)),
    "ngo": (("legal_aid", 6), ("mental_health", 5), ("social_protection", 5), ("education", 3),
            ("vocational", 1), ("hotline", 1), ("interpretation", 0.5), ("medical", 2)),
    "academic": (("education", 3), ("mental_health", 1), ("legal_aid", 1)),
    "international": (("repatriation", 2), ("social_protection", 2), ("legal_aid", 1)),
    "union": (("vocational", 1), ("legal_aid", 1)),
    "project": (("social_protection", 1), ("mental_health", 1)),
    "media": (("hotline", 1),),
    "consultancy": (("victim_identification", 1),),
    "not_stated": (("social_protection", 1), ("legal_aid", 1)),
}
# How many stated services an organization of a kind offers: (count, weight) choices.
STATED_COUNT: dict[str, tuple[tuple[int, float], ...]] = {
    "shelter": ((1, 3), (2, 4), (3, 2)),
    "ngo": ((1, 3), (2, 4), (3, 2)),
    "academic": ((0, 1), (1, 2)),
    "international": ((1, 2), (2, 1)),
    "union": ((0, 3), (1, 1)),
    "project": ((0, 1), (1, 1)),
    "media": ((0, 9), (1, 1)),
    "consultancy": ((0, 3), (1, 1)),
    "not_stated": ((0, 2), (1, 1)),
}
# Public bodies provide by mandate: which mandates a body of a kind and sector may hold.
MANDATES: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {
    ("government_agency", "state"): (("prosecution", 3), ("rescue", 3), ("social_protection", 3),
                                     ("medical", 2), ("victim_identification", 1)),
    ("government_agency", "municipal"): (("social_protection", 2), ("rescue", 1),
                                         ("medical", 1)),
    ("government_agency", "federal"): (("prosecution", 2), ("repatriation", 1),
                                       ("victim_identification", 1), ("hotline", 1)),
    ("human_rights_commission", "state"): (("human_rights_complaint", 1),),
    ("foreign_government", "foreign"): (("consular_assistance", 1),),
    ("shelter", "state"): (("social_protection", 1),),
}

# Services that national bodies provide everywhere; deliberate gaps are drawn among the
# others, so that a gap cell has no provider at all ("no provider recorded").
NATIONAL_SERVICES = frozenset({"prosecution", "repatriation", "victim_identification", "hotline",
                               "consular_assistance", "human_rights_complaint"})
GAP_SHARE = 0.08  # of (state, service) cells among the other services
NATIONAL_SHARE = 0.006  # of organizations: federal and international bodies with national reach
COVERS_SHARE = 0.15  # of capabilities: the service also covers one or two neighbouring states

ACTIVITY_KINDS: tuple[tuple[str, float], ...] = (
    ("meeting", 8), ("training", 5), ("workshop", 5), ("seminar", 3), ("screening", 2),
    ("technical_assistance", 2), ("ceremony", 1),
)
AGREEMENT_KINDS: tuple[tuple[str, float], ...] = (("mou", 3), ("agreement", 5), ("grant", 7))
OUTCOMES: tuple[tuple[str, float], ...] = (("accepted", 5), ("completed", 4), ("declined", 2))

# Per organization (the counts scale linearly with the size of the network).
AGREEMENTS_PER_ORG = 0.5
ACTIVITIES_PER_ORG = 0.5
REFERRALS_PER_ORG = 4.0
ORGS_PER_NETWORK = 150  # a state holds a task force or a network per this many organizations
COLLABORATION_SIZE = (8, 30)  # members of a state task force or network
FEDERAL_TASK_FORCES = 3

# Spoken languages, where a state has a large indigenous population (ISO 639 codes);
# most organizations leave languages unset ("not stated"), as PROTEJA's rows all do.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "MX-OAX": ("zap", "mix"), "MX-CHP": ("tzo", "tzh"), "MX-YUC": ("yua",), "MX-GRO": ("nah",),
    "MX-PUE": ("nah",), "MX-VER": ("nah",),
}
POPULATIONS = ("minor", "adult_woman", "adult_man", "foreign_national", "indigenous")
