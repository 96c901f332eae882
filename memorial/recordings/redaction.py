"""What the public may read and hear of a transcript, decided in one place.

Rules:

- A cue is withheld when it is marked redacted (the whole cue) or lists redacted spans
  (phrases inside it), unless it was sealed until a date that has passed: then it is
  released, automatically, on that date.
- Withheld text is replaced by ``[redacted]``: the whole cue, or each listed phrase. Phrases
  match whatever their capitals and spacing (line breaks and double spaces included); a listed
  phrase no longer found in its cue withholds the whole cue rather than nothing.
- A moment withheld in one language is withheld in every language of the same recording: a
  cue in the translation that overlaps a withheld cue's time range is withheld whole, unless
  an editor has marked phrases in that cue themselves.
- The public recording is silent over every withheld time range (the whole cue's range, as
  the words' exact timing is not known).
- A chapter of the index that begins inside a withheld range shows only its time, and a
  withheld phrase is withheld in every chapter's words too.
- The unredacted text, and the original recording, are for Archivists only.
"""

import re

from memorial.core.groups import ARCHIVISTS
from memorial.publication import gate

REDACTED = "[redacted]"


def today():
    """The archive's date for seals: the publication gate's, so pages cached on one day are not served the next."""
    return gate.today()


def span_list(spans):
    return [" ".join(line.split()) for line in (spans or "").splitlines() if line.strip()]


def phrase_pattern(phrase):
    """A phrase matched case-insensitively, any run of whitespace standing for any other."""
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)


def span_found(text, span):
    return bool(span.split()) and phrase_pattern(span).search(text or "") is not None


def redact_phrases(text, phrases):
    """Every occurrence of each phrase replaced by [redacted], the longest phrases first."""
    for phrase in sorted({p for p in phrases if p.split()}, key=len, reverse=True):
        text = phrase_pattern(phrase).sub(REDACTED, text)
    return text


def own_withholding(cue, on=None):
    """'whole', 'spans' or '' for a cue by its own marks."""
    spans = span_list(cue.redacted_spans)
    if not cue.redacted and not spans:
        return ""
    if cue.sealed_until and cue.sealed_until <= (on or today()):
        return ""
    return "whole" if cue.redacted else "spans"


def withheld_ranges(cues, on=None):
    on = on or today()
    return sorted((cue.start, cue.end) for cue in cues if own_withholding(cue, on))


def withheld_phrases(cues, on=None):
    """The phrases withheld today in these cues (to withhold them wherever else they are written)."""
    on = on or today()
    return sorted({span for cue in cues if own_withholding(cue, on) for span in span_list(cue.redacted_spans)})


def overlaps(start, end, ranges):
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


def starts_within(moment, ranges):
    return any(r_start <= moment < r_end for r_start, r_end in ranges)


def redact_spans(text, spans):
    return redact_phrases(text, span_list(spans))


def public_text(cue, ranges, on=None):
    """The cue's text as the public may read it, given the withheld ranges of its recording."""
    mark = own_withholding(cue, on)
    if mark == "whole":
        return REDACTED
    if mark == "spans":
        if not all(span_found(cue.text, span) for span in span_list(cue.redacted_spans)):
            return REDACTED  # the text changed since the phrase was marked: withhold all rather than nothing
        return redact_spans(cue.text, cue.redacted_spans)
    if overlaps(cue.start, cue.end, ranges):
        return REDACTED
    return cue.text


def is_withheld(cue, ranges, on=None):
    return bool(own_withholding(cue, on)) or overlaps(cue.start, cue.end, ranges)


def covers(silenced, ranges):
    """True if every withheld range lies inside a silenced one (the public copy says nothing withheld)."""
    return all(any(s <= start + 0.0005 and end <= e + 0.0005 for s, e in silenced) for start, end in ranges)


def can_see_unredacted(user):
    """Archivists (and superusers, or anyone given the permission) may read and hear what is withheld."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("recordings.view_unredacted"):
        return True
    return user.groups.filter(name=ARCHIVISTS).exists()
