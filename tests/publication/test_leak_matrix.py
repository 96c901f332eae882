"""Nothing hidden reaches the public, whatever surface shows it: the leak matrix.

Every hidden state is planted as an editor would plant it, each with a token of its own. An
anonymous visitor then walks the whole public site: every link and file from the home pages
in both languages, the sitemap, the site search and the name search for every token, the
known address of every hidden thing and of every file it uses. No response (body or headers)
may carry a token. Each token is then shown to an Archivist, or found where staff keep it, so
an empty walk cannot pass for a clean one; and a public token planted the same way must be
met by the walk, so a walk that sees nothing cannot pass either.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlencode, urlsplit

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection, Locale, PageViewRestriction

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record, withdraw_consent
from memorial.core.groups import ARCHIVISTS
from memorial.recordings.models import Cue, Segment, Transcript
from memorial.testimonies.models import WitnessDisplay
from tests import factories
from tests.moderation.helpers import user_in
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|src|content|action)=["']([^"']+)["']|<loc>([^<]+)</loc>|srcset=["']([^"']+)["']""")
MAX_REQUESTS = 600
SEARCHES = ["account", "Hamwi", "told them", "officer came at night", "lived by the mill", "named", "old city"]


@dataclass
class Planted:
    """One hidden thing: its token, the addresses it could be reached at, and how staff see it."""

    state: str
    token: str
    addresses: list = field(default_factory=list)
    control: object = None  # function(archivist_client) -> text that must hold the token
    gone: list = field(default_factory=list)  # its own addresses, which must answer 404


def _edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def _person_edit_url(person):
    return f"/admin/snippets/remembrance/remembrance/edit/{person.pk}/"


def _image_addresses(image):
    rendition = image.get_rendition("width-400")
    return [image.file.url, rendition.url]


def _body_with_image(image, text):
    return [
        {"type": "paragraph", "value": f"<p>{text}</p>"},
        {"type": "image", "value": {"image": image.pk, "alt_text": image.title, "decorative": False}},
    ]


def _document(token):
    return wagtail_factories.DocumentFactory(
        title=f"{token} notes",
        file=ContentFile(f"{token} is written in this file.".encode(), name="notes.txt"),
        collection=Collection.get_first_root_node(),  # where the admin puts uploads, and staff rights apply
    )


def _body_with_document(document, text):
    link = f'<a linktype="document" id="{document.pk}">the notes</a>'
    return [{"type": "paragraph", "value": f"<p>{text} See {link}.</p>"}]


def _testimony(site_tree, title, **fields):
    """A testimony whose witness is named, so that only the hidden state can withhold its photographs."""
    fields.setdefault("witness_display", WitnessDisplay.NAMED)
    return factories.TestimonyPageFactory(parent=site_tree.testimony_index, title=title, **fields)


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _get(url):
    def text(client):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code} to staff"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return body.decode()

    return text


def _consent(page, level, **extra):
    consent = ConsentRecord.objects.create(testimony=page, given_by="the witness", publication_level=level, **extra)
    apply_record(consent)
    return consent


def plant_everything(site_tree, editor):
    """Every hidden state the archive knows, each with its own token; returns (hidden, public)."""
    planted = []

    draft = _testimony(site_tree, "Qzdraftpage account", live=False)
    planted.append(Planted("draft", "Qzdraftpage", [draft.url], _get(_edit_url(draft)), gone=[draft.url]))

    live = _published(_testimony(site_tree, "An account already public"))
    live.title = "Qzdraftedit account"
    live.summary = "Qzdraftedit summary."
    live.save_revision(user=editor)
    planted.append(Planted("draft edit of a live page", "Qzdraftedit", [live.url], _get(_edit_url(live))))

    login = _published(_testimony(site_tree, "Qzloginonly account"))
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    planted.append(Planted("login restriction", "Qzloginonly", [login.url], _get(login.url), gone=[login.url]))

    grouped = _published(_testimony(site_tree, "Qzgrouponly account"))
    restriction = PageViewRestriction.objects.create(page=grouped, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=ARCHIVISTS))
    planted.append(Planted("group restriction", "Qzgrouponly", [grouped.url], _get(grouped.url), gone=[grouped.url]))

    archive = _published(_testimony(site_tree, "Qzarchiveonly account"))
    _consent(archive, PublicationLevel.ARCHIVE_ONLY)
    planted.append(Planted("archive only", "Qzarchiveonly", [archive.url], _get(archive.url), gone=[archive.url]))

    embargoed = _published(_testimony(site_tree, "Qzembargoed account"))
    _consent(
        embargoed,
        PublicationLevel.EMBARGOED,
        embargo_until=timezone.localdate() + datetime.timedelta(days=60),
    )
    planted.append(Planted("embargo", "Qzembargoed", [embargoed.url], _get(_edit_url(embargoed)), gone=[embargoed.url]))

    withdrawn_image = factories.ImageFactory(title="Qzwithdrawnphoto")
    withdrawn = _published(
        _testimony(site_tree, "Qzwithdrawn account", body=_body_with_image(withdrawn_image, "A public paragraph."))
    )
    addresses = [withdrawn.url, *_image_addresses(withdrawn_image)]
    withdraw_consent(withdrawn, reason="The family asked.")
    planted.append(Planted("withdrawal", "Qzwithdrawn", addresses, _get(_edit_url(withdrawn)), gone=addresses))

    face = factories.ImageFactory(title="Qzanonphoto")
    anonymised = _published(
        _testimony(
            site_tree,
            "An anonymised account",
            witness_name="Qzwitnessname Hamwi",
            body=_body_with_image(face, "We hid in the cellar."),
        )
    )
    transcript = Transcript.objects.create(testimony=anonymised, language="en", kind="original")
    Cue.objects.create(transcript=transcript, start=0, end=2, speaker="Interviewer", text="Where were you?")
    Cue.objects.create(transcript=transcript, start=2, end=4, speaker="Qzwitnessname Hamwi", text="In the old city.")
    anonymised_addresses = [anonymised.url, *_image_addresses(face)]
    _consent(anonymised, PublicationLevel.ANONYMISED)
    planted.append(
        Planted(
            "anonymised (name)",
            "Qzwitnessname",
            anonymised_addresses,
            lambda client: "".join(r.content["witness_name"] for r in anonymised.revisions.all()),
        )
    )
    planted.append(
        Planted(
            "anonymised (photograph)",
            "Qzanonphoto",
            anonymised_addresses,
            _get(_edit_url(anonymised)),
            gone=_image_addresses(face),
        )
    )

    hidden_image = factories.ImageFactory(title="Qzdraftphoto")
    draft_with_image = _testimony(
        site_tree, "A draft with a photograph", live=False, body=_body_with_image(hidden_image, "Draft words.")
    )
    planted.append(
        Planted(
            "image of a draft",
            "Qzdraftphoto",
            [draft_with_image.url, *_image_addresses(hidden_image)],
            _get(_edit_url(draft_with_image)),
            gone=[draft_with_image.url, *_image_addresses(hidden_image)],
        )
    )

    document = _document("Qzdraftdoc")
    draft_with_document = _testimony(
        site_tree, "A draft citing a document", live=False, body=_body_with_document(document, "Draft words.")
    )
    planted.append(
        Planted(
            "document of a draft",
            "Qzdraftdoc",
            [draft_with_document.url, document.url, document.file.url],
            _get(document.url),
            gone=[document.url, document.file.url],
        )
    )

    redacted_page = _published(_testimony(site_tree, "An account with withheld words"))
    words = Transcript.objects.create(testimony=redacted_page, language="en", kind="original")
    Cue.objects.create(transcript=words, start=0, end=2, speaker="Witness", text="We walked to the river.")
    Cue.objects.create(transcript=words, start=2, end=4, speaker="Witness", text="Qzwholecue told them.", redacted=True)
    Cue.objects.create(
        transcript=words,
        start=4,
        end=6,
        speaker="Witness",
        text="The officer qzphrase came at night.",
        redacted_spans="QZPHRASE",
    )
    Cue.objects.create(
        transcript=words,
        start=6,
        end=8,
        speaker="Witness",
        text="Qzsealed lived by the mill.",
        redacted=True,
        sealed_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    Segment.objects.create(transcript=words, start=2.5, title="Qzchapter named", keywords="Qzchapterkeyword")
    full = f"/recordings/transcripts/{words.pk}/full.vtt"
    track_addresses = [
        redacted_page.url,
        *(f"/recordings/transcripts/{words.pk}/{name}" for name in ("captions.vtt", "chapters.vtt")),
        *(f"/recordings/transcripts/{words.pk}/transcript.{ext}" for ext in ("vtt", "txt")),
        full,
    ]
    for state, token in (("redacted cue", "Qzwholecue"), ("redacted phrase", "Qzphrase"), ("sealed range", "Qzsealed")):
        planted.append(Planted(state, token, track_addresses, _get(full)))
    planted.append(
        Planted(
            "chapter in a withheld range",
            "Qzchapter",
            track_addresses,
            lambda client: " ".join(segment.title for segment in words.segments.all()),
        )
    )

    english = _published(_testimony(site_tree, "An account in two languages"))
    ar_index = site_tree.testimony_index.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    _published(ar_index)
    arabic = english.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title = "Qztranslation account"
    arabic.slug = "qztranslation-account"
    arabic.save()
    arabic = _published(arabic)
    PageViewRestriction.objects.create(page=arabic, restriction_type=PageViewRestriction.LOGIN)
    planted.append(
        Planted(
            "translation restricted", "Qztranslation", [english.url, arabic.url], _get(arabic.url), gone=[arabic.url]
        )
    )

    names = site_tree.names_index
    person = factories.RemembranceFactory(live=False, name_latin="Qzdraftperson Hamwi", name_ar="")
    planted.append(
        Planted(
            "draft person",
            "Qzdraftperson",
            [person.get_url_under(names), names.url + "?" + urlencode({"letter": "Q"})],
            _get(_person_edit_url(person)),
            gone=[person.get_url_under(names)],
        )
    )

    edited = factories.RemembranceFactory(name_latin="Published Person", name_ar="")
    edited.name_latin = "Qzpersonedit Hamwi"
    edited.circumstances = "Qzpersonedit circumstances."
    edited.save_revision(user=editor)
    planted.append(
        Planted(
            "draft edit of a live person",
            "Qzpersonedit",
            [names.url + f"{edited.pk}/", names.url + "?" + urlencode({"letter": "Q"})],
            _get(_person_edit_url(edited)),
        )
    )

    gone = factories.RemembranceFactory(name_latin="Qzwithdrawnperson Hamwi", name_ar="")
    gone_url = gone.get_url_under(names)
    withdraw_consent(gone, reason="The family asked.")
    planted.append(
        Planted("withdrawn person", "Qzwithdrawnperson", [gone_url], _get(_person_edit_url(gone)), gone=[gone_url])
    )

    public_image = factories.ImageFactory(title="Qzpublicphoto")
    public = _published(
        _testimony(site_tree, "Qzpublicmarker account", body=_body_with_image(public_image, "Public words."))
    )
    public_document = _document("Qzpublicdoc")
    _published(
        _testimony(site_tree, "An account citing a document", body=_body_with_document(public_document, "Words."))
    )
    public_person = factories.RemembranceFactory(name_latin="Qzpublicperson Hamwi", name_ar="")
    public_person.save_revision().publish()
    control = Planted(
        "public",
        "Qzpublicmarker",
        [
            public.url,
            *_image_addresses(public_image),
            public_person.get_url_under(names),
            public_document.url,
            public_document.file.url,
        ],
    )
    return planted, control, public_image


def _links(text):
    for match in LINK.finditer(text):
        href, loc, srcset = match.groups()
        if srcset:
            yield from (part.strip().split(" ")[0] for part in srcset.split(","))
        else:
            yield href or loc


def _local(url):
    url = urldefrag(url.strip())[0]
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname not in ("testserver", "localhost", "127.0.0.1"):
        return None
    if parts.scheme not in ("", "http", "https") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/admin", "/django-admin")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _without_reflection(text, url):
    """The response without the request's own address, which a 404 page or a link may repeat."""
    from urllib.parse import quote, unquote

    for form in {url, unquote(url), quote(unquote(url), safe="/?=&")}:
        text = text.replace(form, "")
    return text


def walk(client, seeds):
    """Every public response reachable from the seeds: {url: (status, body and headers)}."""
    seen, queue, found = set(), list(seeds), {}
    while queue and len(seen) < MAX_REQUESTS:
        url = _local(queue.pop(0))
        if url is None or url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        found[url] = (response.status_code, text + "\n" + headers)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and ("html" in content_type or "xml" in content_type):
            queue.extend(_links(text))
    return found


def test_no_hidden_token_reaches_an_anonymous_visitor_and_every_one_reaches_an_archivist(
    client, site_tree, django_user_model
):
    """No hidden state shows its token on any public surface; an Archivist sees every one of them."""
    editor = user_in(django_user_model, "Editors")
    planted, public, public_image = plant_everything(site_tree, editor)
    names = site_tree.names_index
    seeds = ["/en/", "/ar/", "/sitemap.xml", site_tree.testimony_index.url, names.url]
    for item in [*planted, public]:
        seeds += item.addresses
    # Searches for words the hidden things share with public ones, never for a token itself,
    # so that a results page repeating the query cannot pass for a leak.
    for words in SEARCHES:
        for language in ("en", "ar"):
            seeds.append(f"/{language}/search/?" + urlencode({"q": words}))
        seeds.append(names.url + "?" + urlencode({"q": words}))
    responses = walk(client, seeds)

    leaks = [
        f"{item.state}: {item.token} at {url}"
        for item in planted
        for url, (_status, text) in responses.items()
        if item.token.lower() in _without_reflection(text, url).lower()
    ]
    not_gone = [
        f"{item.state}: {address} answered {responses[_local(address)][0]}"
        for item in planted
        for address in item.gone
        if responses[_local(address)][0] != 404
    ]
    assert not (leaks or not_gone), "reached an anonymous visitor:\n" + "\n".join(leaks + not_gone)

    # The walk is not blind: the public token and the public photograph are met, the file is served.
    for shown in (public.token, "We walked to the river", "In the old city", "Qzpublicperson", "Qzpublicdoc"):
        assert any(shown.lower() in text.lower() for _s, text in responses.values()), f"{shown!r} never met"
    for address in public.addresses:
        assert responses[_local(address)][0] == 200, f"public address {address} did not answer"
    assert len(responses) > 40

    archivist = user_in(django_user_model, ARCHIVISTS)
    login_verified(client, archivist)
    for item in planted:
        assert item.token.lower() in item.control(client).lower(), f"{item.state}: token was never planted"


def test_every_hidden_file_address_is_a_404(client, site_tree, django_user_model):
    """A file used only by hidden things answers 404 at its own address, like a file that never existed."""
    editor = user_in(django_user_model, "Editors")
    planted, public, _public_image = plant_everything(site_tree, editor)
    files = [(item.state, a) for item in planted for a in item.gone if a.startswith(("/media/", "/documents/"))]
    assert len(files) >= 8
    for state, address in files:
        assert client.get(address).status_code == 404, f"{state}: {address} answered"
    for address in public.addresses:
        if address.startswith(("/media/", "/documents/")):
            assert client.get(address).status_code == 200, f"public file {address} was refused"
