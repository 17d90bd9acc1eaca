"""Official statements in, claims out.

- :mod:`frontline.statements.parse`: :func:`claims_from_text` and its result
  :class:`StatementClaims`; how statement styles map onto the claims schema.
- :mod:`frontline.statements.files`: :func:`claims_from_statements`, a statements file (one
  statement per paragraph, or a CSV with date, claimant and text columns) read into claims.
- :mod:`frontline.statements.rules`: :func:`load_rules`, the patterns and vocabularies (TOML
  files under ``frontline/statements/rules/``) that the reading follows.
- ``_text``, ``_lemma``, ``_resolve``: sentences and names, nominative forms of inflected names
  (pymorphy3), and resolution through the gazetteer.
"""

from frontline.statements.files import claims_from_statements
from frontline.statements.parse import EXTRA_COLUMNS, StatementClaims, claims_from_text
from frontline.statements.rules import (
    LANGUAGES,
    STYLES,
    LanguageRules,
    RegionRule,
    StatementRules,
    load_rules,
)

__all__ = [
    "EXTRA_COLUMNS",
    "LANGUAGES",
    "STYLES",
    "LanguageRules",
    "RegionRule",
    "StatementClaims",
    "StatementRules",
    "claims_from_statements",
    "claims_from_text",
    "load_rules",
]
