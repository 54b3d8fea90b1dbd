"""Spanish and English words of the HSDS export, API and import report.

A sibling of `referral_graph/directory/lang.py` (kinds, sectors and bases come from there).
"""

from __future__ import annotations

from referral_graph import i18n
from referral_graph.directory.lang import Lang

# The words: group "hsds" of the message catalogue (docs/i18n.md), as
# (Spanish, English) pairs.
TEXT: dict[str, tuple[str, str]] = {
    key: (i18n.text("hsds", key, "es"), i18n.text("hsds", key, "en"))
    for key in i18n.group("hsds", "es")}

# Codes of the extension attributes (taxonomy "referral-graph attributes"): name, description.
ATTRIBUTE_TERMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "id": (("Identificador en referral-graph", "referral-graph id"),
           ("Identificador del registro en referral-graph.", "The record's referral-graph id.")),
    "kind": (("Tipo de organización", "Organization kind"),
             ("Tipo de organización (refugio, OSC, dependencia ...).",
              "Kind of organization (shelter, NGO, agency ...).")),
    "sector": (("Sector", "Sector"), ("Sector de la organización.", "The organization's sector.")),
    "national": (("Alcance nacional", "National reach"),
                 ("La organización trabaja en todo el país.", "Works across the country.")),
    "confidential": (("Confidencial", "Confidential"),
                     ("Su nombre, ubicación y contacto no se publican.",
                      "Its name, location and contact are not published.")),
    "named_by_role": (("Nombrada por su cargo", "Named by role"),
                      ("Las fuentes nombran solo el cargo, no la institución.",
                       "The sources name only the role, not the institution.")),
    "active_from": (("Activa desde", "Active from"), ("Fecha de inicio.", "Start date.")),
    "active_to": (("Activa hasta", "Active to"), ("Fecha de término.", "End date.")),
    "note": (("Nota", "Note"), ("Nota del registro.", "The record's note.")),
    "synthetic": (("Sintético", "Synthetic"),
                  ("Dato generado, no de una fuente.", "Generated data, not from a source.")),
    "population": (("Población atendida", "Population served"),
                   ("Población que la organización atiende.", "A population it serves.")),
    "city": (("Ciudad", "City"), ("Ciudad que indican las fuentes.", "City the sources state.")),
    "alternate_name": (("Otro nombre", "Other name"),
                       ("Otro nombre con que las fuentes la nombran.",
                        "Another name the sources give it.")),
    "state": (("Estado donde trabaja", "State it works in"),
              ("Código ISO 3166-2 de un estado donde trabaja.",
               "ISO 3166-2 code of a state it works in.")),
    "website": (("Sitio web (como lo escribe la fuente)", "Website (as the source writes it)"),
                ("El sitio web tal como lo escribe la fuente citada.",
                 "The website exactly as the cited source writes it.")),
    "address": (("Dirección", "Address"),
                ("Dirección tal como la escribe la fuente (HSDS 3.0 pide calle, ciudad, código "
                 "postal y país por separado).", "Address as the source writes it (HSDS 3.0 "
                 "wants street, city, postal code and country apart).")),
    "public_source": (("Fuente de que su ubicación es pública", "Source that its location is "
                                                                "public"),
                      ("El pasaje que dice que la ubicación de un refugio es pública (JSON).",
                       "The passage that says a shelter's location is public (JSON).")),
    "contact_source": (("Fuente del contacto", "Contact source"),
                       ("Pasaje que da el teléfono, sitio, correo o dirección (JSON).",
                        "The passage that states the phone, website, e-mail or address "
                        "(JSON).")),
    "scope": (("Alcance de la fuente", "Scope of the source"),
              ("group: la fuente lo dice de un grupo, no de la organización sola.",
               "group: the source states it for a group, not for the organization alone.")),
    "group": (("Grupo", "Group"), ("El grupo del que la fuente lo dice.",
                                   "The group the source states it for.")),
    "basis": (("Base", "Basis"),
              ("stated: una fuente lo dice; mandate: se sigue de un mandato legal.",
               "stated: a source says so; mandate: follows from a legal mandate.")),
    "mandate": (("Mandato", "Mandate"), ("El mandato legal que lo funda.",
                                         "The legal mandate it follows from.")),
    "source": (("Fuente", "Source"),
               ("Pasaje textual de un documento (JSON: id, document, section, table, passage).",
                "A verbatim passage of a document (JSON: id, document, section, table, "
                "passage).")),
    "agreement": (("Convenio", "Agreement"),
                  ("Convenio, MOU o donativo del que la organización es parte (JSON).",
                   "An MOU, agreement or grant the organization is party to (JSON).")),
    "collaboration": (("Grupo de trabajo o red", "Task force or network"),
                      ("Grupo de trabajo o red del que es miembro (JSON, con su papel).",
                       "A task force or network it is a member of (JSON, with its role).")),
    "activity": (("Actividad", "Activity"),
                 ("Capacitación, taller o reunión en que participó (JSON).",
                  "A training, workshop or meeting it took part in (JSON).")),
    "referral": (("Canalización", "Referral"),
                 ("Canalización registrada entre dos organizaciones, sin datos de la persona "
                  "(JSON).", "A recorded referral between two organizations, with no data "
                  "about the person (JSON).")),
    "capacity_status": (("Disponibilidad", "Capacity"),
                        ("has_capacity, full o unknown.", "has_capacity, full or unknown.")),
}


def text(key: str, lang: Lang, **kw: str) -> str:
    """
    >>> text("mexico", Lang.EN), text("state_area", Lang.ES, code="MX-OAX")
    ('Mexico', 'ISO 3166-2: MX-OAX')
    """
    pair = TEXT[key]
    return (pair[0] if lang is Lang.ES else pair[1]).format(**kw)


def term_name(code: str, lang: Lang) -> str:
    pair = ATTRIBUTE_TERMS[code][0]
    return pair[0] if lang is Lang.ES else pair[1]


def term_description(code: str, lang: Lang) -> str:
    pair = ATTRIBUTE_TERMS[code][1]
    return pair[0] if lang is Lang.ES else pair[1]
