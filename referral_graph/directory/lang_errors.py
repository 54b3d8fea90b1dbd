"""Spanish and English templates of the API's error messages, one per kind of error.

`referral_graph.api.graphql.errors` picks the template for each error (by its kind, or by
recognising the English message GraphQL or the domain wrote: `PATTERNS`) and fills it with
what the error names: the argument, the value given, the type expected. Values are the
caller's own input, quoted and clipped; nothing else of the request is echoed.
"""

from __future__ import annotations

ERRORS: dict[str, tuple[str, str]] = {
    # --- the request itself ------------------------------------------------------------
    "parse_failed": ("La consulta no es GraphQL válido: {detail}",
                     "The query is not valid GraphQL: {detail}"),
    "validation_failed": ("La consulta no es válida para este esquema: {detail}",
                          "The query does not fit this schema: {detail}"),
    "unknown_field": ("El tipo {type} no tiene el campo «{field}».",
                      "Type {type} has no field '{field}'."),
    "unknown_argument": ("El campo «{field}» no tiene el argumento «{argument}».",
                         "Field '{field}' has no argument '{argument}'."),
    "unknown_type": ("El esquema no tiene el tipo «{type}».",
                     "The schema has no type '{type}'."),
    "needs_subfields": ("El campo «{field}» es de tipo {type}: elija sus campos entre llaves.",
                        "Field '{field}' is of type {type}: select its fields in braces."),
    "no_subfields": ("El campo «{field}» es de tipo {type} y no tiene campos que elegir.",
                     "Field '{field}' is of type {type} and has no fields to select."),
    "required_argument": ("{argument}: falta este argumento obligatorio (de tipo {type}).",
                          "{argument}: this argument is required (of type {type})."),
    "variable_missing": ("La variable ${variable} (de tipo {type}) es obligatoria y no se envió.",
                         "Variable ${variable} (of type {type}) is required and was not sent."),
    "bad_value": ("{argument}: {reason}", "{argument}: {reason}"),
    "bad_type": ("{argument}: «{value}» no es un valor de tipo {type}.",
                 "{argument}: {value} is not a value of type {type}."),
    "bad_enum": ("{argument}: «{value}» no es un valor de {type}; valores posibles: {values}.",
                 "{argument}: {value} is not a value of {type}; the values are: {values}."),
    "suggestion": ("¿Quiso decir {names}?", "Did you mean {names}?"),
    "unknown_operation": ("La solicitud no contiene la operación «{operation}».",
                          "The request has no operation named '{operation}'."),
    # --- values the domain refuses -----------------------------------------------------
    "not_a_state": ("{argument}: «{value}» no es un estado de México; indique su nombre o "
                    "clave, p. ej. Oaxaca, OAX o MX-OAX",
                    "{argument}: '{value}' is not a Mexican state; give its name or code, "
                    "e.g. Oaxaca, OAX or MX-OAX"),
    "not_a_service": ("{argument}: «{value}» no es un tipo de servicio; indique su clave, su "
                      "nombre o una palabra usual, p. ej. legal_aid, asesoría jurídica o "
                      "abogado",
                      "{argument}: '{value}' is not a service type; give its id, name or a "
                      "usual word for it, e.g. legal_aid, asesoría jurídica or abogado"),
    "not_a_language": ("«{value}» no es una clave de lengua ISO 639-3 (tres letras, p. ej. "
                       "spa, zap)",
                       "'{value}' is not an ISO 639-3 language code (three letters, e.g. "
                       "spa, zap)"),
    "not_a_date": ("«{value}» no es una fecha (AAAA-MM-DD)",
                   "'{value}' is not a date (YYYY-MM-DD)"),
    "not_a_datetime": ("«{value}» no es una fecha u hora ISO 8601 (AAAA-MM-DD o "
                       "AAAA-MM-DDTHH:MM:SSZ)",
                       "'{value}' is not an ISO 8601 date or date-time (YYYY-MM-DD or "
                       "YYYY-MM-DDTHH:MM:SSZ)"),
    "not_an_id": ("«{value}» no es el id de un registro de tipo {type}",
                  "'{value}' is not the id of a {type} record"),
    "unknown_record": ("{argument}: no hay registro «{value}» de tipo {type}",
                       "{argument}: no {type} record '{value}'"),
    "wrong_id_type": ("{argument}: «{value}» es el id de un registro de tipo {found}, "
                      "no {type}",
                      "{argument}: '{value}' is the id of a {found}, not a {type}"),
    "unknown_organization": ("{argument}: organización desconocida «{value}»",
                             "{argument}: unknown organization '{value}'"),
    "unknown_collaboration": ("{argument}: grupo de trabajo o red desconocido «{value}»",
                              "{argument}: unknown task force or network '{value}'"),
    "unknown_services": ("{argument}: tipo(s) de servicio desconocido(s): {value}",
                         "{argument}: unknown service type(s): {value}"),
    "unknown_states": ("{argument}: estado(s) desconocido(s): {value}",
                       "{argument}: unknown state(s): {value}"),
    "unknown_organizations": ("{argument}: organización(es) desconocida(s) {value}",
                              "{argument}: unknown organization(s) {value}"),
    "between": ("{argument}: debe estar entre {low} y {high}",
                "{argument}: must be between {low} and {high}"),
    "at_most": ("{argument}: como máximo {high}", "{argument}: at most {high}"),
    "at_least_one": ("{argument}: indique al menos uno", "{argument}: give at least one"),
    "one_of": ("indique {arguments}, uno solo", "give one of {arguments}, only one"),
    "not_a_cursor": ("{argument}: no es un cursor emitido por este servicio",
                     "{argument}: not a cursor this service issued"),
    "before_start": ("{argument}: es anterior a {other}", "{argument}: is before {other}"),
    "too_many_to_draw": ("{argument}: más de {high} organizaciones que dibujar; agregue un "
                         "filtro o parta de una organización",
                         "{argument}: more than {high} organizations to draw; add a filter or "
                         "start from one organization"),
    "start_needed": ("{argument}: indique una organización, un grupo de trabajo o un estado",
                     "{argument}: give an organization, a collaboration or a state"),
    "filter_too_deep": ("{argument}: los filtros anidan más de {high} relaciones",
                        "{argument}: the filters nest more than {high} relationships"),
    # --- edits (userErrors) ------------------------------------------------------------
    "required_field": ("{argument}: campo obligatorio", "{argument}: field required"),
    "too_long": ("{argument}: como máximo {high} caracteres",
                 "{argument}: at most {high} characters"),
    "in_future": ("{argument}: es una fecha futura", "{argument}: is in the future"),
    "id_taken": ("{argument}: «{value}» ya está en uso; indique otro id o actualice ese "
                 "registro", "{argument}: '{value}' is already used; give another id or "
                 "update it"),
    "not_a_member": ("{argument}: «{value}» no es integrante de «{other}»",
                     "{argument}: '{value}' is not a member of '{other}'"),
    "must_differ": ("{argument}: debe ser distinta de {other}",
                    "{argument}: must differ from {other}"),
    # --- who may ask, and limits -------------------------------------------------------
    "unauthenticated": ("El token no es válido o fue revocado.",
                        "The token is invalid or has been revoked."),
    "forbidden": ("{action}: requiere el rol {role} (usted tiene el rol {current})",
                  "{action}: needs the {role} role (you are {current})"),
    "not_found": ("{argument}: no existe «{value}»", "{argument}: no such record '{value}'"),
    "conflict": ("{argument}: {detail}", "{argument}: {detail}"),
    "too_complex": ("Consulta demasiado costosa: podría resolver unos {cost} objetos y el "
                    "límite es {limit}; las listas anidadas se multiplican: pida menos listas "
                    "anidadas o páginas más pequeñas",
                    "Query too costly: it may resolve about {cost} objects, the limit is "
                    "{limit}; nested lists multiply: ask for fewer nested lists or smaller "
                    "pages"),
    "too_large": ("Respuesta demasiado grande: {size} bytes, el límite es {limit}; pida menos "
                  "campos o páginas más pequeñas",
                  "Answer too large: {size} bytes, the limit is {limit}; ask for fewer "
                  "fields or smaller pages"),
    "rate_limited": ("Demasiadas solicitudes costosas desde este cliente: intente de nuevo en "
                     "{seconds} s",
                     "Too many costly requests from this client: try again in {seconds} s"),
    "internal": ("Error interno; quedó registrado.", "Internal error; it has been logged."),
    # --- a mutation's userErrors (by UserErrorCode; INVALID keeps the domain's words) ---
    "user_not_found": ("No existe {label} con id «{value}».", "No {label} with id '{value}'."),
    "user_taken": ("El id «{value}» ya está en uso; elija otro o actualice ese registro.",
                   "The id '{value}' is already used; give another one or update that "
                   "record."),
    "user_required": ("Falta este dato obligatorio.", "This field is required."),
    "user_conflict": ("{label} «{value}» fue modificado por {by} el {at}, después de que usted "
                      "lo cargó (su versión {expected}, ahora {current}); cárguelo de nuevo y "
                      "repita su cambio.",
                      "{label} '{value}' was changed by {by} at {at}, after you loaded it "
                      "(your version {expected}, now {current}); load it again and redo your "
                      "change."),
    "user_not_member": ("«{value}» no es integrante de «{other}».",
                        "'{value}' is not a member of '{other}'."),
    "user_too_long": ("Como máximo {limit} caracteres.", "At most {limit} characters."),
    "user_too_short": ("Al menos {limit} caracteres.", "At least {limit} characters."),
    "user_at_most": ("Como máximo {limit}.", "At most {limit}."),
    "user_at_least_one": ("Indique al menos uno.", "Give at least one."),
    "user_future": ("La fecha está en el futuro.", "The date is in the future."),
    "user_one_of": ("Debe ser uno de estos valores: {values}.",
                    "Must be one of these values: {values}."),
    "user_must_differ": ("Debe ser distinta de {other}.", "Must differ from {other}."),
    "user_between": ("Debe estar entre {low} y {high}.", "Must be between {low} and {high}."),
    "user_capacity_total": ("Debe ser al menos 1, como máximo {limit}, y no menor que las "
                            "plazas libres.",
                            "Must be at least 1, at most {limit}, and not below available."),
    "user_other_owner": ("«{value}» pertenece a otra organización.",
                         "'{value}' belongs to another organization."),
    "user_bad_key": ("De 1 a {limit} caracteres imprimibles.",
                     "1 to {limit} printable characters."),
}
