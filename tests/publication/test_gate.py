"""The gate's answers, one rule at a time: each hidden state against its public twin."""

import datetime
import io

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.publication import gate
from memorial.publication.models import ExposedKind, Exposure
from memorial.recordings.models import Recording, RecordingDerivative
from memorial.remembrance.models import Remembrance
from memorial.testimonies.models import WitnessDisplay
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _named(site_tree, **fields):
    fields.setdefault("witness_display", WitnessDisplay.NAMED)
    return factories.TestimonyPageFactory(parent=site_tree.testimony_index, **fields)


def _public_ids(*pages, on=None):
    return set(gate.public_pages(Page.objects.filter(pk__in=[p.pk for p in pages]), on=on).values_list("pk", flat=True))


def test_a_live_page_under_no_restriction_is_public(site_tree):
    """The control: a live, unrestricted page with no consent record is public."""
    page = _named(site_tree)
    assert _public_ids(page) == {page.pk}
    assert gate.page_is_public(page) and gate.page_is_public(page.pk)
    assert gate.is_public(page)


def test_a_page_never_published_is_not_public(site_tree):
    """A draft is not public."""
    page = _named(site_tree, live=False)
    assert _public_ids(page) == set()
    assert not gate.page_is_public(page)


@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.GROUPS, PageViewRestriction.PASSWORD])
def test_a_page_under_its_own_or_an_ancestors_restriction_is_not_public(site_tree, kind):
    """A view restriction on a page or on any page above it hides the page."""
    page, sibling = _named(site_tree), _named(site_tree)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x" * 20)
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Archivists"))
    assert _public_ids(page, sibling) == {sibling.pk}
    restriction.delete()
    PageViewRestriction.objects.create(page=site_tree.testimony_index, restriction_type=kind, password="x" * 20)
    assert _public_ids(page, sibling, site_tree.home) == {site_tree.home.pk}


@pytest.mark.parametrize(
    ("level", "extra", "public"),
    [
        (PublicationLevel.PUBLIC, {}, True),
        (PublicationLevel.ANONYMISED, {}, True),
        (PublicationLevel.ARCHIVE_ONLY, {}, False),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY + datetime.timedelta(days=1)}, False),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY}, True),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY - datetime.timedelta(days=1)}, True),
    ],
)
def test_the_governing_consent_holds_a_page_back(site_tree, level, extra, public):
    """Archive-only consent and an embargo that has not ended keep a live page from the public."""
    page, other = _named(site_tree), _named(site_tree)
    ConsentRecord.objects.bulk_create([ConsentRecord(testimony=page, given_by="w", publication_level=level, **extra)])
    assert _public_ids(page, other, on=TODAY) == ({page.pk, other.pk} if public else {other.pk})


def test_only_the_latest_consent_governs_and_a_withdrawal_always_hides(site_tree):
    """The latest consent record of any language version governs; a withdrawn one hides the page."""
    page = _named(site_tree)
    ConsentRecord.objects.bulk_create(
        [ConsentRecord(testimony=page, given_by="w", publication_level=PublicationLevel.ARCHIVE_ONLY)]
    )
    ConsentRecord.objects.bulk_create([ConsentRecord(testimony=page, given_by="w", publication_level="public")])
    assert _public_ids(page) == {page.pk}
    ConsentRecord.objects.bulk_create(
        [ConsentRecord(testimony=page, given_by="w", publication_level="public", withdrawn_at=timezone.now())]
    )
    assert _public_ids(page) == set()


def test_only_public_translations_are_offered(site_tree):
    """Language links list a translation only while it is public."""
    from wagtail.models import Locale

    page = _named(site_tree)
    ar_index = site_tree.testimony_index.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    ar_index.save_revision().publish()
    arabic = page.copy_for_translation(Locale.objects.get(language_code="ar"))
    assert list(gate.public_translations(page)) == []
    arabic.save_revision().publish()
    assert [p.pk for p in gate.public_translations(page)] == [arabic.pk]
    PageViewRestriction.objects.create(page=arabic, restriction_type=PageViewRestriction.LOGIN)
    assert list(gate.public_translations(page)) == []


def test_people_are_public_while_live_and_unregistered_models_never(site_tree):
    """A person's record is public while live; a model nobody registered shows nothing."""
    live, draft = factories.RemembranceFactory(), factories.RemembranceFactory(live=False)
    assert set(Remembrance.objects.public()) == {live}
    assert gate.is_public(live) and not gate.is_public(draft)
    assert not gate.is_public(None) and not gate.is_public(Remembrance())
    assert gate.is_registered(Remembrance) and not gate.is_registered(ConsentRecord)
    ConsentRecord.objects.create(remembrance=live, given_by="w")
    assert gate.public_records(ConsentRecord.objects.all()).count() == 0
    assert {model for model, _pk in gate.public_holders([(Remembrance, live.pk), (Remembrance, draft.pk)])} == {
        Remembrance
    }
    assert gate.public_holders([(Remembrance, live.pk), (Remembrance, draft.pk)]) == {(Remembrance, live.pk)}


def _image_body(image):
    return [{"type": "image", "value": {"image": image.pk, "alt_text": "a", "decorative": False}}]


def test_an_image_is_public_only_while_a_public_page_shows_it_in_live_content(site_tree):
    """An image file is public while a public page's live content shows it, and not a moment longer."""
    image, unused = factories.ImageFactory(), factories.ImageFactory()
    page = _named(site_tree, body=_image_body(image))
    assert gate.image_is_public(image) and not gate.image_is_public(unused) and not gate.image_is_public(None)
    assert gate.file_is_public(image.file.name) and not gate.file_is_public(unused.file.name)
    rendition = image.get_rendition("width-100")
    assert gate.file_is_public(rendition.file.name)
    page.unpublish()
    assert not gate.image_is_public(image) and not gate.file_is_public(rendition.file.name)


def test_an_image_in_a_draft_of_a_public_page_is_not_public(site_tree):
    """A draft revision adding an image to a public page exposes nothing until it is published."""
    image = factories.ImageFactory()
    page = _named(site_tree)
    page.body = _image_body(image)
    revision = page.save_revision()
    assert not gate.image_is_public(image)
    revision.publish()
    assert gate.image_is_public(image)


def test_an_exposure_whose_holder_left_is_not_trusted(site_tree):
    """An exposure row alone does not make a file public: its holder must still be public."""
    image = factories.ImageFactory()
    page = _named(site_tree, body=_image_body(image))
    Page.objects.filter(pk=page.pk).update(live=False)  # as a failure part-way could leave it
    assert Exposure.objects.filter(kind=ExposedKind.IMAGE, object_id=image.pk).exists()
    assert not gate.image_is_public(image)


def test_a_pseudonymous_testimony_exposes_no_photograph(site_tree):
    """A testimony that withholds its witness's identity exposes none of its images."""
    image = factories.ImageFactory()
    factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, witness_display=WitnessDisplay.PSEUDONYM, body=_image_body(image)
    )
    assert not gate.image_is_public(image)


def test_an_image_in_a_restricted_collection_is_never_public(site_tree):
    """A file in a restricted collection stays hidden even if a public page shows it."""
    root = Collection.get_first_root_node()
    private = root.add_child(name="Private")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    image = factories.ImageFactory(collection=private)
    _named(site_tree, body=_image_body(image))
    assert not gate.image_is_public(image)


def test_documents_follow_the_same_rule(site_tree):
    """A document is public only while a public page links it in live content."""
    document = wagtail_factories.DocumentFactory(file=ContentFile(b"text", name="notes.txt"))
    body = [{"type": "paragraph", "value": f'<p><a linktype="document" id="{document.pk}">notes</a></p>'}]
    page = _named(site_tree, body=body)
    assert gate.document_is_public(document) and gate.file_is_public(document.file.name)
    page.unpublish()
    assert not gate.document_is_public(document) and not gate.document_is_public(None)


@pytest.mark.parametrize(
    "name",
    ["", "/", "../settings.py", "images/../../etc/passwd", "images/x\x00.jpg", "other/file.jpg", "sealed/x"],
)
def test_a_file_no_rule_claims_is_never_public(site_tree, name):
    """Unknown folders, traversal and NUL bytes are never public."""
    assert gate.file_is_public(name) is False


def test_recording_copies_are_public_only_while_current_and_their_page_public(site_tree, monkeypatch):
    """A public copy of a recording answers while it is the current copy of a public page's recording."""
    from memorial.recordings.models import MediaFile

    page = _named(site_tree)
    media = MediaFile(title="s", type="audio")
    media.file.save("s.wav", ContentFile(b"RIFF"), save=False)
    media.save()
    recording = Recording.objects.create(page=page, media=media, language="en", title="s")
    copy = RecordingDerivative.objects.create(
        recording=recording, file="recordings/public/1-a.mp3", source=RecordingDerivative.signature_for(media)
    )
    assert gate.file_is_public(copy.file.name)
    assert not gate.file_is_public("recordings/public/other.mp3")
    RecordingDerivative.objects.filter(pk=copy.pk).update(source="stale")
    assert not gate.file_is_public(copy.file.name)
    RecordingDerivative.objects.filter(pk=copy.pk).update(source=RecordingDerivative.signature_for(media))
    page.unpublish()
    assert not gate.file_is_public(copy.file.name)


def test_rebuilding_every_exposure_gives_the_same_rows(site_tree):
    """Exposures rebuilt from scratch (refresh_publication) equal those the lifecycle kept."""
    image = factories.ImageFactory()
    _named(site_tree, body=_image_body(image))
    before = set(Exposure.objects.values_list("kind", "object_id", "holder_type", "holder_id"))
    assert before
    Exposure.objects.all().delete()
    call_command("refresh_publication", stdout=io.StringIO())
    assert set(Exposure.objects.values_list("kind", "object_id", "holder_type", "holder_id")) == before


@pytest.mark.parametrize(
    "extra",
    [
        {"publication_level": PublicationLevel.ARCHIVE_ONLY},
        {"publication_level": PublicationLevel.EMBARGOED, "embargo_until": TODAY + datetime.timedelta(days=5)},
        {"publication_level": PublicationLevel.PUBLIC},
    ],
)
def test_a_withdrawal_hides_whatever_level_was_recorded_with_it(site_tree, extra):
    """A withdrawn record hides its page even when its level would hide it too (reasons add up, never cancel)."""
    page = _named(site_tree)
    ConsentRecord.objects.bulk_create(
        [ConsentRecord(testimony=page, given_by="w", withdrawn_at=timezone.now(), **extra)]
    )
    assert _public_ids(page, on=TODAY) == set()


def test_public_holders_names_exactly_the_public_pages(site_tree):
    """The holders the gate finds public are the very (model, id) pairs asked about, and only the public ones."""
    public, draft = _named(site_tree), _named(site_tree, live=False)
    assert gate.public_holders([(Page, public.pk), (Page, draft.pk)]) == {(Page, public.pk)}


def test_an_exposure_of_a_vanished_model_does_not_hide_the_others(site_tree):
    """An exposure whose holder type no longer exists is skipped, and the remaining holders still count."""
    from django.contrib.contenttypes.models import ContentType

    image = factories.ImageFactory()
    gone = ContentType.objects.create(app_label="retired", model="oldholder")
    Exposure.objects.create(kind=ExposedKind.IMAGE, object_id=image.pk, holder_type=gone, holder_id="1")  # read first
    _named(site_tree, body=_image_body(image))
    assert Exposure.objects.filter(object_id=image.pk).count() == 2
    assert gate.image_is_public(image)


def _exposed_rows():
    return set(Exposure.objects.values_list("kind", "object_id"))


def test_a_persons_photograph_is_public_while_the_person_is(site_tree):
    """A photograph on a person's record is served while the record is public, and not once it is unpublished."""
    photo = factories.ImageFactory()
    person = factories.RemembranceFactory(photo=photo)
    assert gate.image_is_public(photo)
    draft = factories.RemembranceFactory(photo=factories.ImageFactory(), live=False)
    assert not gate.image_is_public(draft.photo)
    Exposure.objects.all().delete()
    call_command("refresh_publication", stdout=io.StringIO())  # records are rebuilt too, not only pages
    assert gate.image_is_public(photo) and not gate.image_is_public(draft.photo)
    person.unpublish()
    assert not gate.image_is_public(photo)


def test_a_deleted_record_leaves_no_exposure_and_the_next_is_still_read(site_tree):
    """Refreshing a record that no longer exists removes its rows and goes on to the next record."""
    from django.contrib.contenttypes.models import ContentType

    from memorial.publication import exposures

    kept, gone_id = factories.RemembranceFactory(), 999_999
    # A row left by a record deleted behind the lifecycle's back (a raw delete, a restore).
    Exposure.objects.create(
        kind=ExposedKind.IMAGE,
        object_id=factories.ImageFactory().pk,
        holder_type=ContentType.objects.get_for_model(Remembrance),
        holder_id=str(gone_id),
    )
    kept.photo = factories.ImageFactory()
    Remembrance.objects.filter(pk=kept.pk).update(photo=kept.photo)
    exposures.refresh(records=[Remembrance(pk=gone_id), kept])
    assert not Exposure.objects.filter(holder_id=str(gone_id)).exists()
    assert gate.image_is_public(kept.photo)


def test_a_recording_poster_is_exposed_through_its_child_row(site_tree):
    """An image on a page's child row (a recording's poster) is public while the page is."""
    from memorial.recordings.models import MediaFile

    poster = factories.ImageFactory()
    page = _named(site_tree)
    media = MediaFile(title="s", type="video")
    media.file.save("s.mp4", ContentFile(b"\0"), save=False)
    media.save()
    Recording.objects.create(page=page, media=media, language="en", title="s", poster=poster)
    assert gate.image_is_public(poster)
    page.unpublish()
    assert not gate.image_is_public(poster)


def test_only_images_and_documents_are_exposed_and_a_pseudonym_keeps_documents(site_tree):
    """Exposures hold the images and documents a page shows and nothing else; withholding a witness's
    identity withholds the photographs, never the documents."""
    image = factories.ImageFactory()
    document = wagtail_factories.DocumentFactory(file=ContentFile(b"text", name="notes.txt"))
    source = factories.SourceFactory()
    body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "a", "decorative": False}},
        {"type": "paragraph", "value": f'<p><a linktype="document" id="{document.pk}">notes</a></p>'},
    ]
    page = _named(site_tree, body=body, sources=[source])
    page.save_revision().publish()
    assert _exposed_rows() == {(ExposedKind.IMAGE, image.pk), (ExposedKind.DOCUMENT, document.pk)}
    page.witness_display = WitnessDisplay.PSEUDONYM
    page.save_revision().publish()
    assert _exposed_rows() == {(ExposedKind.DOCUMENT, document.pk)}
    assert gate.document_is_public(document) and not gate.image_is_public(image)


def test_a_body_citing_a_source_and_linking_a_page_exposes_only_its_image(site_tree):
    """References to things that are not files (a cited source, a linked page) are no exposures."""
    from memorial.publication import exposures

    image, source, other = factories.ImageFactory(), factories.SourceFactory(), _named(site_tree)
    body = [
        *_image_body(image),
        {"type": "quote", "value": {"quote": "q", "attribution": "", "source": source.pk}},
        {"type": "paragraph", "value": f'<p><a linktype="page" id="{other.pk}">the first days</a></p>'},
    ]
    page = _named(site_tree, body=body)
    assert exposures.references(page) == {(ExposedKind.IMAGE, image.pk)}
    assert (ExposedKind.IMAGE, image.pk) in _exposed_rows()
