"""Cleaning of values that visitors put in URLs and forms before they reach a query."""

import unicodedata

# Bidi overrides and isolates can make text display differently from what it is.
BIDI_CONTROLS = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def clean_text(value, max_length=200):
    """Printable text only (no NUL, control or bidi-override characters), single-spaced, bounded."""
    text = "".join(
        ch for ch in str(value or "") if ch not in BIDI_CONTROLS and unicodedata.category(ch) not in {"Cc", "Cs", "Co"}
    )
    return " ".join(text.split())[:max_length]


def clean_param(params, name, max_length=80):
    """One query-string parameter, cleaned; '' when absent."""
    return clean_text(params.get(name, ""), max_length)
