"""Spanish and English labels for the documented records: kinds of activity and agreement,
roles in a collaboration, what a figure or statement is about, and each figure's metric.

`lang.LABELS` takes these groups in; `lang.label(group, code, lang)` reads them. A test
checks that every code the seeds use has both labels.
"""

from __future__ import annotations

RECORD_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "activity_kind": {
        "training": ("Capacitación", "Training"),
        "workshop": ("Taller", "Workshop"),
        "meeting": ("Reunión", "Meeting"),
        "seminar": ("Seminario", "Seminar"),
        "ceremony": ("Ceremonia", "Ceremony"),
        "screening": ("Proyección", "Screening"),
        "technical_assistance": ("Asistencia técnica", "Technical assistance"),
        "interview": ("Entrevista", "Interview"),
    },
    "agreement_kind": {
        "mou": ("Memorándum de entendimiento", "Memorandum of understanding"),
        "agreement": ("Convenio", "Agreement"),
        "grant": ("Donativo", "Grant"),
    },
    "collaboration_kind": {
        "task_force": ("Grupo de trabajo", "Task force"),
        "network": ("Red", "Network"),
    },
    # The same words as the web app's population filter (web/static/js/common.js).
    "population": {
        "minor": ("Niñas, niños y adolescentes", "Children and adolescents"),
        "adult_woman": ("Mujeres adultas", "Adult women"),
        "adult_man": ("Hombres adultos", "Adult men"),
        "foreign_national": ("Personas extranjeras", "Foreign nationals"),
        "indigenous": ("Personas indígenas", "Indigenous people"),
    },
    "level": {
        "local": ("Local", "Local"),
        "state": ("Estatal", "State"),
        "federal": ("Federal", "Federal"),
    },
    "role": {
        "member": ("integrante", "member"),
        "convenor": ("convocante", "convenor"),
        "technical assistance": ("asistencia técnica", "technical assistance"),
    },
    "words": {
        "source": ("Fuente", "Source"),
        "figures": ("cifra(s)", "figure(s)"),
        "conflicts": ("discrepancia(s) entre documentos", "conflict(s) between documents"),
        "unresolved": ("sin resolver", "unresolved"),
        "activities": ("actividad(es)", "activity(ies)"),
        "agreements": ("acuerdo(s)", "agreement(s)"),
        "organizations": ("Organizaciones", "Organizations"),
        "participants": ("Participantes", "Participants"),
        "parties": ("Partes", "Parties"),
        "ends": ("termina el", "ends"),
        "no_tie": ("una sola organización: no crea vínculo",
                   "one organization only: makes no tie"),
    },
    "answer": {
        "basis": ("Fecha de referencia", "Date basis"),
        "all_dates": ("ninguna: cuentan todos los registros, sin importar sus fechas",
                      "none: every record counts, whatever its dates"),
        "today": ("hoy", "today"),
        "in_force": ("cuentan los registros vigentes en esa fecha",
                     "records in force on that date count"),
        "newest": ("El registro más reciente es de", "The newest record is from"),
        "undated": ("Ningún registro de esta respuesta tiene fecha: confirme antes de canalizar.",
                    "No record behind this answer is dated: confirm before referring."),
        "more_than": ("más de", "more than"),
        "year": ("año", "year"), "years": ("años", "years"), "days": ("días", "days"),
        "before_basis": ("antes de la fecha de referencia", "before the date basis"),
        "confirm": ("confirme antes de canalizar", "confirm before referring"),
        "last_record": ("Último registro", "Last record"),
        "ended": ("terminó el", "ended"),
        "none_active": ("Ningún registro vigente en esa fecha",
                        "No record in force on that date"),
    },
    "month": {
        "1": ("enero", "January"), "2": ("febrero", "February"), "3": ("marzo", "March"),
        "4": ("abril", "April"), "5": ("mayo", "May"), "6": ("junio", "June"),
        "7": ("julio", "July"), "8": ("agosto", "August"), "9": ("septiembre", "September"),
        "10": ("octubre", "October"), "11": ("noviembre", "November"),
        "12": ("diciembre", "December"),
    },
    "outcome": {
        "accepted": ("aceptada", "accepted"),
        "declined": ("rechazada", "declined"),
        "completed": ("completada", "completed"),
    },
    "placeholder": {
        "confidential_shelter": ("Refugio confidencial", "Confidential shelter"),
    },
    "subject_kind": {
        "organization": ("Organización", "Organization"),
        "activity": ("Actividad", "Activity"),
        "agreement": ("Acuerdo", "Agreement"),
        "collaboration": ("Grupo de trabajo o red", "Task force or network"),
        "legislation": ("Legislación", "Legislation"),
        "capability": ("Servicio", "Service"),
    },
    "metric": {
        "attendees_more_than": ("Asistentes (más de)", "Attendees (more than)"),
        "beneficiaries_served": ("Beneficiarios que recibieron servicios",
                                 "Beneficiaries who received services"),
        "budget_usd": ("Presupuesto (USD)", "Budget (USD)"),
        "civil_society_organizations_worked_with": (
            "Organizaciones de la sociedad civil con las que trabajó",
            "Civil-society organizations worked with"),
        "closing_ceremony_attendees_approx": ("Asistentes a la ceremonia de clausura "
                                              "(aproximado)",
                                              "Closing-ceremony attendees (approximate)"),
        "detection_workshop_max_participants": ("Máximo de participantes por taller de "
                                                "detección",
                                                "Most participants in one detection workshop"),
        "detection_workshop_min_participants": ("Mínimo de participantes por taller de "
                                                "detección",
                                                "Fewest participants in one detection "
                                                "workshop"),
        "detection_workshops_hosted": ("Talleres y seminarios de detección realizados",
                                       "Detection workshops and seminars hosted"),
        "government_bodies_worked_with": ("Dependencias y organismos de gobierno con los que "
                                          "trabajó", "Government departments and agencies "
                                          "worked with"),
        "hotline_victims_assisted": ("Víctimas atendidas por la línea de ayuda",
                                     "Victims assisted by the hotline"),
        "hotline_victims_supported": ("Víctimas de la línea de ayuda que recibieron apoyo",
                                      "Hotline victims who received support"),
        "individuals_trained": ("Personas capacitadas", "Individuals trained"),
        "media_interviews": ("Entrevistas en medios", "Media interviews"),
        "network_skills_workshops": ("Talleres para grupos de trabajo y redes",
                                     "Workshops for task forces and networks"),
        "ngos_participating": ("Organizaciones de la sociedad civil participantes",
                               "Non-governmental organizations taking part"),
        "oaxaca_educational_activities": ("Actividades educativas en Oaxaca",
                                          "Educational activities in Oaxaca"),
        "seminar_participants": ("Participantes en los seminarios", "Seminar participants"),
        "shelter_grants": ("Donativos a refugios", "Grants to shelters"),
        "shelter_grants_value_usd": ("Monto de los donativos a refugios (USD)",
                                     "Value of the grants to shelters (USD)"),
        "shelter_legal_advice_instances": ("Asesorías jurídicas en los refugios",
                                           "Instances of legal advice in the shelters"),
        "shelter_medical_services": ("Servicios médicos en los refugios",
                                     "Medical services in the shelters"),
        "shelter_mental_health_services": ("Servicios de salud mental en los refugios",
                                           "Mental health services in the shelters"),
        "shelter_social_protection_services": ("Servicios de protección social en los "
                                               "refugios",
                                               "Social protection services in the shelters"),
        "shelter_victims_assisted": ("Víctimas atendidas en los refugios",
                                     "Victims assisted in the shelters"),
        "shelter_victims_sexual_or_labour_exploitation_share": (
            "Proporción de víctimas explotadas sexual o laboralmente",
            "Share of victims exploited sexually or for labour"),
        "state_legislatures_assisted": ("Congresos estatales asistidos",
                                        "State legislatures assisted"),
        "technical_assistance_episodes": ("Asistencias técnicas y visitas de monitoreo",
                                          "Technical assistance episodes and monitoring "
                                          "visits"),
        "technical_assistance_occasions": ("Asistencias técnicas", "Technical assistance "
                                           "occasions"),
        "victims_bringing_formal_legal_action": ("Víctimas que emprendieron acción legal",
                                                 "Victims who brought formal legal action"),
        "victims_cared_for": ("Víctimas atendidas", "Victims cared for"),
    },
}
