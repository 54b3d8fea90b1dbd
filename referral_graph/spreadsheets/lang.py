"""Spanish and English words of the spreadsheets (the template's readme sheet, the gap
report workbook). A sibling of `referral_graph/directory/lang.py`."""

from __future__ import annotations

from referral_graph import i18n

README: dict[str, tuple[str, ...]] = {
    "es": (
        "Plantilla de referral-graph. Llene una hoja por tipo de registro; una fila por registro.",
        "Hojas: sources (pasajes de documentos), organizations, capabilities (servicios), "
        "collaborations (grupos de trabajo y redes), memberships, agreements.",
        "Cada hecho cita al menos una fuente: la columna sources lleva ids de la hoja sources "
        "(o de fuentes ya guardadas), separados por punto y coma (;).",
        "Listas (estados, fuentes, partes ...) en una celda, separadas por ';'. Fechas "
        "AAAA-MM-DD. Sí/no: true o false (sí/no también vale).",
        "Estados: códigos ISO 3166-2 como MX-OAX. Un refugio es confidencial salvo que una "
        "fuente diga lo contrario (deje confidential vacío).",
        "Importar: referral-graph import --format xlsx ARCHIVO.xlsx (o --format csv CARPETA). "
        "Todo se revisa antes de escribir; un error dice hoja, fila y columna.",
    ),
    "en": (
        "referral-graph template. Fill one sheet per kind of record; one row per record.",
        "Sheets: sources (passages of documents), organizations, capabilities (services), "
        "collaborations (task forces and networks), memberships, agreements.",
        "Every fact cites at least one source: the sources column holds ids from the sources "
        "sheet (or of sources already stored), separated by semicolons (;).",
        "Lists (states, sources, parties ...) in one cell, separated by ';'. Dates YYYY-MM-DD. "
        "Yes/no: true or false (sí/no works too).",
        "States: ISO 3166-2 codes such as MX-OAX. A shelter is confidential unless a source "
        "says otherwise (leave confidential empty).",
        "Import: referral-graph import --format xlsx FILE.xlsx (or --format csv FOLDER). "
        "Everything is checked before anything is written; an error names sheet, row and "
        "column.",
    ),
}

# The words: group "spreadsheets.gaps" of the message catalogue (docs/i18n.md).
GAPS: dict[str, dict[str, str]] = {lang: i18n.group("spreadsheets.gaps", lang)
                                   for lang in ("es", "en")}


def instructions(lang: str) -> tuple[str, ...]:
    return README["en" if lang == "en" else "es"]
