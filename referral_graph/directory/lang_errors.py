"""Spanish and English templates of the API's error messages, one per kind of error.

`referral_graph.api.graphql.errors` picks the template for each error (by its kind, or by
recognising the English message GraphQL or the domain wrote: `PATTERNS`) and fills it with
what the error names: the argument, the value given, the type expected. Values are the
caller's own input, quoted and clipped; nothing else of the request is echoed.
"""

from __future__ import annotations

from referral_graph import i18n

# The templates: group "errors" of the message catalogue (docs/i18n.md), one per kind of
# error, as (Spanish, English) pairs; a new kind of error is a new entry there.
ERRORS: dict[str, tuple[str, str]] = {
    key: (i18n.text("errors", key, "es"), i18n.text("errors", key, "en"))
    for key in i18n.group("errors", "es")}
