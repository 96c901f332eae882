"""The Arabic message catalogue: complete, consistent with its placeholders, and compiled.

The compiled catalogue (django.mo) is kept in the repository so that neither the server nor CI
needs GNU gettext; these tests fail when it falls out of step with the source (django.po).
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# %(name)s, %(n)d, %(end).3f …, and a literal %% (which is not a placeholder).
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def _active(po):
    return [entry for entry in po if not entry.obsolete]


def _label(entry):
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid[:80]!r}"


def _placeholders(text):
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def test_no_entry_is_untranslated(po):
    """Every interface string has an Arabic translation: an empty msgstr would show English on Arabic pages."""
    missing = [_label(e) for e in _active(po) if not e.translated() and "fuzzy" not in e.flags]
    assert not missing, f"{len(missing)} untranslated entries:\n" + "\n".join(missing)


def test_no_entry_is_fuzzy(po):
    """A fuzzy entry is a guess by msgmerge that gettext ignores at run time: it must be reviewed."""
    fuzzy = [_label(e) for e in _active(po) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries:\n" + "\n".join(fuzzy)


def test_plural_entries_have_all_six_arabic_forms(po):
    """Arabic has six plural forms (zero, one, two, few, many, other); each needs its own text."""
    assert po.metadata["Plural-Forms"].startswith("nplurals=6;")
    incomplete = [
        _label(e)
        for e in _active(po)
        if e.msgid_plural and sorted(k for k, v in e.msgstr_plural.items() if v) != list(range(6))
    ]
    assert not incomplete, "\n".join(incomplete)


def test_translations_keep_the_placeholders_of_the_original(po):
    """A lost or misspelt %(name)s raises a KeyError, or silently drops a value, when the page renders."""
    wrong = []
    for entry in _active(po):
        expected = _placeholders(entry.msgid)
        if entry.msgid_plural:
            expected_plural = _placeholders(entry.msgid_plural)
            for form, text in entry.msgstr_plural.items():
                found = _placeholders(text)
                # The forms for zero, one and two may spell the number out instead of printing it.
                allowed = {p for p in expected_plural if form > 2 or "counter" not in p and "count" not in p}
                if not set(found) <= set(expected_plural) or not allowed <= set(found):
                    wrong.append(f"{_label(entry)} [{form}]: {found} (expected {expected_plural})")
        elif entry.msgstr and _placeholders(entry.msgstr) != expected:
            wrong.append(f"{_label(entry)}: {_placeholders(entry.msgstr)} (expected {expected})")
    assert not wrong, "\n".join(wrong)


def test_translations_are_written_in_arabic(po):
    """Copying the English text into msgstr would pass the completeness test; the text must be Arabic.

    Product names, file formats and code words (WebVTT, SRT, OHMS XML) are the only exceptions.
    """
    latin_only = []
    for entry in _active(po):
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if any(text and not ARABIC_LETTER.search(text) for text in texts):
            latin_only.append(entry.msgid)
    assert set(latin_only) <= {"WebVTT", "SRT", "OHMS XML"}, latin_only


def test_compiled_catalogue_matches_its_source(po):
    """django.mo holds exactly the translations of django.po: run compilemessages after editing the .po."""
    mo = polib.mofile(str(MO_PATH))

    def table(catalogue, skip_fuzzy):
        rows = {}
        for entry in catalogue:
            if not entry.msgid or entry.obsolete or (skip_fuzzy and "fuzzy" in entry.flags):
                continue
            if entry.msgid_plural:
                value = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            else:
                value = entry.msgstr
            if value and value != ("",) * len(value or ()):
                rows[(entry.msgctxt or "", entry.msgid)] = value
        return rows

    source, compiled = table(po, skip_fuzzy=True), table(mo, skip_fuzzy=False)
    stale = sorted(k[1][:60] for k in source.keys() ^ compiled.keys())
    changed = sorted(k[1][:60] for k in source.keys() & compiled.keys() if source[k] != compiled[k])
    assert not stale and not changed, f"missing or extra: {stale}; different: {changed}"


def test_the_running_site_reads_the_project_catalogue():
    """Django finds the compiled catalogue through LOCALE_PATHS and uses it for Arabic."""
    with translation.override("ar"):
        assert translation.gettext("Skip to content") != "Skip to content"
        assert ARABIC_LETTER.search(translation.gettext("Skip to content"))
