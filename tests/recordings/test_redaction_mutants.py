"""Redaction's rules at their edges: where a withheld range begins and ends, phrases inside phrases, a seal
ending on the date asked about, a public copy that silences a little less than asked, and who reads what is
withheld. Each is a rule `make mutation` found nothing checking."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from memorial.core.groups import ARCHIVISTS, EDITORS
from memorial.recordings import redaction
from memorial.recordings.models import Cue

DAY = datetime.date(2026, 6, 1)


def cue(start, end, text="A line", **marks):
    return Cue(start=start, end=end, text=text, **marks)


WITHHELD = [(4.0, 6.0)]


@pytest.mark.parametrize(
    ("start", "end", "withheld"),
    [
        (0.0, 2.0, False),  # well before
        (2.0, 4.0, False),  # ends as the withheld range begins
        (6.0, 7.0, False),  # begins as the withheld range ends
        (7.0, 9.0, False),  # well after
        (3.0, 5.0, True),  # runs into it
        (5.0, 7.0, True),  # runs out of it
        (4.0, 6.0, True),  # the same moment
        (4.5, 5.0, True),  # inside it
        (3.0, 7.0, True),  # around it
    ],
)
def test_a_translated_line_is_withheld_exactly_when_it_overlaps_a_withheld_range(start, end, withheld):
    """A line of another transcript that touches a withheld range only at its edge stays public; one that
    shares any moment with it is withheld whole, and is marked as withheld."""
    line = cue(start, end, text="Then the informer came")
    assert redaction.overlaps(start, end, WITHHELD) is withheld
    assert redaction.is_withheld(line, WITHHELD, DAY) is withheld
    assert redaction.public_text(line, WITHHELD, DAY) == (redaction.REDACTED if withheld else line.text)


@pytest.mark.parametrize(
    ("moment", "withheld"),
    [(3.9, False), (4.0, True), (5.0, True), (5.999, True), (6.0, False), (7.0, False)],
)
def test_a_chapter_is_withheld_when_it_begins_inside_a_withheld_range(moment, withheld):
    """A chapter beginning at the very start of a withheld range is withheld; one beginning as it ends is not."""
    assert redaction.starts_within(moment, WITHHELD) is withheld


def test_a_line_marked_withheld_is_withheld_whatever_ranges_it_is_given():
    """A line marked redacted is withheld by its own mark, even where no range was computed for it."""
    line = cue(4, 6, text="The informant lived on Zuhour street.", redacted=True)
    assert redaction.public_text(line, [], DAY) == redaction.REDACTED
    assert redaction.is_withheld(line, [], DAY) is True


def test_a_phrase_inside_a_longer_withheld_phrase_does_not_let_the_rest_through():
    """Withheld phrases are replaced longest first: marking both "Abu" and "Abu Secretname" withholds the
    whole name, not "[redacted] Secretname"."""
    line = cue(4, 6, text="Abu Secretname, whom we called Abu, beat my cousin.", redacted_spans="Abu\nAbu Secretname")
    text = redaction.public_text(line, [(4, 6)], DAY)
    assert "Secretname" not in text
    assert text == "[redacted], whom we called [redacted], beat my cousin."
    chapter = redaction.redact_phrases("Abu Secretname and the guards", ["Abu", "Abu Secretname"])
    assert chapter == "[redacted] and the guards"


def test_a_seal_is_judged_on_the_date_asked_about():
    """Ranges and phrases are worked out for the date given: a seal ending on that date releases its line,
    one ending the day after does not."""
    sealed = [
        cue(0, 2, redacted=True, sealed_until=DAY + datetime.timedelta(days=10)),
        cue(4, 6, text="The guard Abu Secretname", redacted_spans="Abu Secretname", sealed_until=DAY),
    ]
    assert redaction.withheld_ranges(sealed, DAY - datetime.timedelta(days=1)) == [(0, 2), (4, 6)]
    assert redaction.withheld_phrases(sealed, DAY - datetime.timedelta(days=1)) == ["Abu Secretname"]
    assert redaction.withheld_ranges(sealed, DAY) == [(0, 2)]
    assert redaction.withheld_phrases(sealed, DAY) == []
    later = DAY + datetime.timedelta(days=10)
    assert redaction.withheld_ranges(sealed, later) == []
    assert redaction.own_withholding(sealed[0], later) == ""
    assert redaction.own_withholding(sealed[0], later - datetime.timedelta(days=1)) == "whole"


@pytest.mark.parametrize(
    ("silenced", "ranges", "covered"),
    [
        ([], [], True),
        ([[4.0, 6.0]], [], True),
        ([[4.0, 6.0]], [(4.0, 6.0)], True),
        ([[4.0, 6.0], [6.0, 8.0]], [(4.0, 6.0), (6.0, 8.0)], True),
        ([[3.0, 9.0]], [(4.0, 6.0), (6.0, 8.0)], True),  # one longer silence over both
        ([[3.9996, 6.0004]], [(4.0, 6.0)], True),  # within half a millisecond
        ([[4.0004, 5.9996]], [(4.0, 6.0)], True),
        ([], [(4.0, 6.0)], False),
        ([[4.0, 6.0]], [(0.0, 2.0)], False),  # another moment
        ([[4.0, 6.0]], [(4.0, 6.0), (6.0, 8.0)], False),  # one of two
        ([[4.0, 6.0]], [(3.0, 6.0)], False),  # begins too late
        ([[4.0, 6.0]], [(4.0, 7.0)], False),  # ends too early
        ([[4.01, 6.0]], [(4.0, 6.0)], False),  # by ten milliseconds
        ([[4.0, 5.99]], [(4.0, 6.0)], False),
    ],
)
def test_a_public_copy_is_served_only_if_it_silences_every_withheld_range(silenced, ranges, covered):
    """A copy whose silence begins or ends even ten milliseconds inside a withheld range lets words be heard:
    it does not cover it (half a millisecond is allowed, for the times' rounding)."""
    assert redaction.covers(silenced, ranges) is covered


@pytest.fixture
def people(django_user_model):
    def make(name, group=None, **fields):
        user = django_user_model.objects.create_user(name, password="x" * 12, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def test_who_reads_what_is_withheld(people):
    """Archivists, superusers and anyone given the permission read the withheld text; an Archivist whose
    account was closed, an Editor and a visitor do not."""
    given = people("given")
    given.user_permissions.add(Permission.objects.get(codename="view_unredacted"))
    given = type(given).objects.get(pk=given.pk)  # permissions are cached on the instance
    assert redaction.can_see_unredacted(given)
    assert redaction.can_see_unredacted(people("arch", ARCHIVISTS))
    assert redaction.can_see_unredacted(people("root", is_superuser=True))
    assert not redaction.can_see_unredacted(people("closed", ARCHIVISTS, is_active=False))
    assert not redaction.can_see_unredacted(people("closed-root", is_superuser=True, is_active=False))
    assert not redaction.can_see_unredacted(people("editor", EDITORS))
    assert not redaction.can_see_unredacted(AnonymousUser())
