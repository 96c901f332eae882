"""OAI-PMH at /oai/: an independent harvester collects every public record, and only those."""

import datetime
import uuid

import pytest
from django.core import signing
from django.utils import timezone
from oaipmh_scythe import BadArgument, BadResumptionToken, BadVerb, CannotDisseminateFormat, IdDoesNotExist
from wagtail.models import Locale

from memorial.consent.services import withdraw_consent
from memorial.demo.synthetic import csv_bytes, rows
from memorial.oai import protocol
from memorial.publication import identifiers, states
from memorial.publication.models import PublicState
from memorial.remembrance.importer import import_file
from memorial.remembrance.models import Remembrance
from tests import factories

from .helpers import DC, OAI, error_code, harvester, oai

pytestmark = pytest.mark.django_db


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _import_people(count):
    people = [dict(row, place="") for row in rows(count)[1]]  # the synthetic places are not in this database
    report = import_file(csv_bytes(people), "people.csv", publish=True)
    assert report.ok, report.errors[:3]
    return Remembrance.objects.filter(live=True).count()


@pytest.fixture
def archive(site_tree):
    """A testimony in two languages, an article, and a draft testimony."""
    english = _published(
        factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="The cellar", summary="Nine days.")
    )
    ar_index = site_tree.testimony_index.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    _published(ar_index)
    arabic = english.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title, arabic.slug, arabic.summary = "القبو", "alqabw", "تسعة أيام."
    arabic.save()
    _published(arabic)
    factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="A draft", live=False)
    return english


def test_a_harvester_takes_every_record_through_resumption_tokens_with_1000_imported_people(client, archive, site_tree):
    """Every public person, testimony and article is harvested once, page by page (100 a page)."""
    people = _import_people(1000)
    assert people == 1000
    scythe = harvester(client)
    harvested = list(scythe.list_records(metadata_prefix="oai_dc"))
    identifiers_seen = [record.header.identifier for record in harvested]
    assert len(identifiers_seen) == len(set(identifiers_seen)) == 1000 + 1 + 1  # people, the testimony, the article
    assert scythe.transport.requests == 11  # ten full pages of 100, then the last two
    assert not any(record.header.deleted for record in harvested)

    testimony = next(r for r in harvested if r.header.identifier.endswith(str(archive.translation_key)))
    metadata = testimony.get_metadata()
    assert {"The cellar", "القبو"} <= set(metadata["title"])
    assert identifiers.url_of(archive.translation_key) in metadata["identifier"]
    assert "family:testimony" in testimony.header.setSpecs
    assert {"language:en", "language:ar"} <= set(testimony.header.setSpecs)
    assert "A draft" not in str(harvested)


def test_every_dc_identifier_answers_publicly(client, archive, site_tree):
    factories.RemembranceFactory(name_latin="Khaled Hamwi")
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    addresses = [element.text for element in root.iter(f"{DC}identifier")]
    assert addresses
    for address in addresses:
        path = address.split("://", 1)[1].split("/", 1)[1]
        response = client.get("/" + path, follow=True)
        assert response.status_code == 200, address


def test_titles_carry_their_language(client, archive):
    factories.RemembranceFactory(name_latin="Khaled Hamwi", name_ar="خالد الحموي")
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    languages = {
        element.text: element.get("{http://www.w3.org/XML/1998/namespace}lang") for element in root.iter(f"{DC}title")
    }
    assert languages["The cellar"] == "en"
    assert languages["القبو"] == "ar"
    assert languages["خالد الحموي"] == "ar"
    assert languages["Khaled Hamwi"] == "ar-Latn"


def test_sets_by_family_and_by_language(client, archive, site_tree):
    factories.RemembranceFactory()
    specs = {element.text for element in oai(client, verb="ListSets").iter(f"{OAI}setSpec")}
    assert {"family:testimony", "family:person", "family:article", "language:en", "language:ar"} <= specs

    def listed(set_spec):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
        if error_code(root):
            return error_code(root)
        return {h.find(f"{OAI}identifier").text.rsplit(":", 1)[1] for h in root.iter(f"{OAI}header")}

    assert listed("family:testimony") == {str(archive.translation_key)}
    assert listed("family:article") == {str(site_tree.article.translation_key)}
    assert len(listed("family:person")) == 1
    assert str(archive.translation_key) in listed("language:ar")
    assert str(site_tree.article.translation_key) not in listed("language:ar")  # in English only
    assert len(listed("family")) == 3
    assert listed("nonsense") == "badArgument"


def test_from_and_until_at_the_day_and_the_second(client, archive, site_tree):
    """from/until select on the last public change, inclusive, in UTC, at either granularity."""
    states.refresh()
    old = datetime.datetime(2020, 5, 4, 10, 30, 15, 500000, tzinfo=datetime.UTC)
    PublicState.objects.filter(identifier=archive.translation_key).update(changed_at=old)

    def count(**params):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return error_code(root) or len(list(root.iter(f"{OAI}header")))

    assert count(until="2020-05-04") == 1
    assert count(**{"from": "2020-05-04", "until": "2020-05-04"}) == 1
    assert count(**{"from": "2020-05-05"}) == 1 + 0 + 1 - 1  # the article, changed today
    assert count(until="2020-05-03") == "noRecordsMatch"
    assert count(**{"from": "2020-05-04T10:30:15Z", "until": "2020-05-04T10:30:15Z"}) == 1
    assert count(until="2020-05-04T10:30:14Z") == "noRecordsMatch"
    assert count(**{"from": "2020-05-04T10:30:16Z", "until": "2020-05-04T23:00:00Z"}) == "noRecordsMatch"
    datestamp = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=protocol.oai_identifier(archive.translation_key)
    )
    assert datestamp.find(f".//{OAI}datestamp").text == "2020-05-04T10:30:15Z"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Explode"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-02-30"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2020-01-01T00:00:00Z"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1900-01-01"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "family:nothing"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:1"}, "idDoesNotExist"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "x" * 5000}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:127.0.0.1:\x00"}, "badArgument"),
        ({"verb": "ListMetadataFormats", "identifier": f"oai:127.0.0.1:{uuid.uuid4()}"}, "idDoesNotExist"),
        ({"verb": "Identify", "verb ": "x"}, "badArgument"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_protocol_error_has_its_code(client, db, params, code, method):
    root = oai(client, method=method, **params)
    assert error_code(root) == code
    request = root.find(f"{OAI}request")
    assert request.text == "http://127.0.0.1:8000/oai/"
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}


def test_the_harvester_meets_the_errors_it_expects(client, archive):
    scythe = harvester(client)
    with pytest.raises(BadVerb):
        scythe.harvest({"verb": "Nonsense"})
    with pytest.raises(CannotDisseminateFormat):
        list(scythe.list_records(metadata_prefix="mods"))
    with pytest.raises(IdDoesNotExist):
        scythe.get_record(identifier=protocol.oai_identifier(uuid.uuid4()), metadata_prefix="oai_dc")
    with pytest.raises(BadResumptionToken):
        list(scythe.list_records(resumption_token="nonsense"))
    with pytest.raises(BadArgument):
        scythe.harvest({"verb": "ListRecords"})


def test_post_harvests_like_get(client, archive):
    factories.RemembranceFactory()
    by_get = [h.identifier for h in harvester(client).list_identifiers(metadata_prefix="oai_dc")]
    by_post = [h.identifier for h in harvester(client, "POST").list_identifiers(metadata_prefix="oai_dc")]
    assert by_get == by_post and len(by_get) == 3


def test_identify_says_deleted_records_are_persistent(client, archive):
    scythe = harvester(client)
    identify = scythe.identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.protocolVersion == "2.0"
    formats = list(scythe.list_metadata_formats())
    assert [f.metadataPrefix for f in formats] == ["oai_dc"]


def test_a_withdrawn_or_unpublished_record_is_a_deleted_record(client, archive, site_tree):
    person = factories.RemembranceFactory()
    states.refresh()
    withdraw_consent(archive, reason="The witness asked.")
    withdraw_consent(person, reason="The family asked.")
    site_tree.article.unpublish()
    harvested = {r.header.identifier: r for r in harvester(client).list_records(metadata_prefix="oai_dc")}
    for key in (archive.translation_key, person.identifier, site_tree.article.translation_key):
        record = harvested[protocol.oai_identifier(key)]
        assert record.header.deleted
        assert record.xml.find(".//{http://www.openarchives.org/OAI/2.0/}metadata") is None
    record = harvester(client).get_record(
        identifier=protocol.oai_identifier(archive.translation_key), metadata_prefix="oai_dc"
    )
    assert record.header.deleted


def test_a_draft_never_public_is_unknown(client, site_tree):
    draft = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False)
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=protocol.oai_identifier(draft.translation_key)
    )
    assert error_code(root) == "idDoesNotExist"


def test_a_resumption_token_survives_changes_between_pages(client, archive, site_tree):
    """Records published, withdrawn or edited between two pages are neither lost nor hidden."""
    _import_people(250)
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(f".//{OAI}resumptionToken")
    assert token.get("completeListSize") == "252"
    seen = [h.find(f"{OAI}identifier").text for h in first.iter(f"{OAI}header")]
    assert len(seen) == 100

    # Between pages: one already sent is withdrawn, a new one is published.
    sent_ids = {identifier.rsplit(":", 1)[1] for identifier in seen}
    sent = Remembrance.objects.filter(identifier__in=sent_ids).first()
    withdraw_consent(sent, reason="The family asked.")
    newcomer = factories.RemembranceFactory(name_latin="Newly Published")
    newcomer.save_revision().publish()

    deleted = set()
    while token is not None and token.text:
        page = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
        for header in page.iter(f"{OAI}header"):
            identifier = header.find(f"{OAI}identifier").text
            seen.append(identifier)
            if header.get("status") == "deleted":
                deleted.add(identifier)
        token = page.find(f".//{OAI}resumptionToken")
    assert protocol.oai_identifier(newcomer.identifier) in seen
    # The withdrawal comes again, as a deletion, after the rest.
    assert deleted == {protocol.oai_identifier(sent.identifier)}
    assert len(set(seen)) == 253


def test_tokens_cannot_be_forged_or_altered(client, archive):
    _import_people(150)
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = first.find(f".//{OAI}resumptionToken").text
    payload = signing.loads(token, salt=protocol.TOKEN_SALT)
    payload["set"] = "family:testimony"
    forged = signing.dumps(payload, salt="another salt", compress=True)
    for bad in (token[:-2], token + "x", forged, token.upper()):
        assert error_code(oai(client, verb="ListRecords", resumptionToken=bad)) == "badResumptionToken"
    # A token of ListRecords is no token of ListIdentifiers.
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) is None


def test_queries_per_page_do_not_grow_with_the_page(client, archive, django_assert_max_num_queries):
    """A page of 100 costs a fixed number of queries, the first page as the fifth."""
    _import_people(600)
    states.refresh()
    with django_assert_max_num_queries(20):
        first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = first.find(f".//{OAI}resumptionToken").text
    for _ in range(4):
        with django_assert_max_num_queries(16):
            page = oai(client, verb="ListRecords", resumptionToken=token)
        token = page.find(f".//{OAI}resumptionToken").text


def test_a_timestamped_token_expires(client, archive, monkeypatch):
    _import_people(150)
    token = oai(client, verb="ListRecords", metadataPrefix="oai_dc").find(f".//{OAI}resumptionToken").text
    later = timezone.now() + protocol.TOKEN_MAX_AGE + datetime.timedelta(minutes=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
