"""OAI-PMH responses written with lxml: the envelope, each verb's answer, and errors."""

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from lxml import etree

from memorial.publication import states
from memorial.publication.models import PublicState

from . import records
from .protocol import (
    METADATA_PREFIX,
    PAGE_SIZE,
    OAIError,
    datestamp,
    oai_identifier,
    repository_identifier,
    token_expiry,
)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
SCHEMAS = {
    OAI: "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    OAI_DC: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    OAI_IDENTIFIER: "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
}


def _sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _xml_text(value):
    """Text XML 1.0 can carry: characters it forbids (most control characters) are dropped."""
    return "".join(
        ch
        for ch in str(value)
        if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd") or ch >= "\U00010000"
    )


def envelope(base_url, arguments=None):
    """The OAI-PMH element with responseDate and request; ``arguments`` None for badVerb/badArgument."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {SCHEMAS[OAI]}")
    _sub(root, f"{{{OAI}}}responseDate", datestamp(timezone.now()))
    request = _sub(root, f"{{{OAI}}}request", base_url)
    for name, value in sorted((arguments or {}).items()):
        request.set(name, _xml_text(value))
    return root


def serialise(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def error(base_url, exc, arguments):
    """An error answer; the request's arguments are echoed only when they were valid (not badVerb/badArgument)."""
    echo = None if exc.code in ("badVerb", "badArgument") else arguments
    root = envelope(base_url, echo)
    _sub(root, f"{{{OAI}}}error", exc.message, code=exc.code)
    return root


def identify(base_url):
    root = envelope(base_url, {"verb": "Identify"})
    node = _sub(root, f"{{{OAI}}}Identify")
    earliest = PublicState.objects.aggregate(first=Min("changed_at"))["first"] or timezone.now()
    _sub(node, f"{{{OAI}}}repositoryName", settings.WAGTAIL_SITE_NAME)
    _sub(node, f"{{{OAI}}}baseURL", base_url)
    _sub(node, f"{{{OAI}}}protocolVersion", "2.0")
    _sub(node, f"{{{OAI}}}adminEmail", settings.DEFAULT_FROM_EMAIL)
    _sub(node, f"{{{OAI}}}earliestDatestamp", datestamp(earliest))
    # A record that leaves the public stays listed as deleted, with no time limit.
    _sub(node, f"{{{OAI}}}deletedRecord", "persistent")
    _sub(node, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = _sub(node, f"{{{OAI}}}description")
    oai_id = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER})
    oai_id.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {SCHEMAS[OAI_IDENTIFIER]}")
    _sub(oai_id, f"{{{OAI_IDENTIFIER}}}scheme", "oai")
    _sub(oai_id, f"{{{OAI_IDENTIFIER}}}repositoryIdentifier", repository_identifier())
    _sub(oai_id, f"{{{OAI_IDENTIFIER}}}delimiter", ":")
    _sub(oai_id, f"{{{OAI_IDENTIFIER}}}sampleIdentifier", oai_identifier("0b7e4a4e-8a51-4c38-9d3f-3f0e1b2c4d5e"))
    return root


def list_metadata_formats(base_url, query):
    if query.identifier is not None and not PublicState.objects.filter(identifier=query.identifier).exists():
        raise OAIError("idDoesNotExist", "No record has this identifier in this repository.")
    root = envelope(base_url, query.arguments)
    node = _sub(root, f"{{{OAI}}}ListMetadataFormats")
    fmt = _sub(node, f"{{{OAI}}}metadataFormat")
    _sub(fmt, f"{{{OAI}}}metadataPrefix", METADATA_PREFIX)
    _sub(fmt, f"{{{OAI}}}schema", SCHEMAS[OAI_DC])
    _sub(fmt, f"{{{OAI}}}metadataNamespace", OAI_DC)
    return root


def list_sets(base_url, query):
    if query.after is not None:  # every set fits on one page: no token was ever given
        raise OAIError("badResumptionToken", "The resumptionToken is not valid, or has expired.")
    root = envelope(base_url, query.arguments)
    node = _sub(root, f"{{{OAI}}}ListSets")
    for spec, name in records.sets():
        item = _sub(node, f"{{{OAI}}}set")
        _sub(item, f"{{{OAI}}}setSpec", spec)
        _sub(item, f"{{{OAI}}}setName", name)
    return root


def _header(parent, record):
    header = _sub(parent, f"{{{OAI}}}header", status="deleted" if record.deleted else None)
    _sub(header, f"{{{OAI}}}identifier", oai_identifier(record.state.identifier))
    _sub(header, f"{{{OAI}}}datestamp", datestamp(record.state.changed_at))
    for spec in record.set_specs:
        _sub(header, f"{{{OAI}}}setSpec", spec)
    return header


def _record(parent, record):
    node = _sub(parent, f"{{{OAI}}}record")
    _header(node, record)
    if record.deleted:
        return node
    metadata = _sub(node, f"{{{OAI}}}metadata")
    dc = etree.SubElement(metadata, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {SCHEMAS[OAI_DC]}")
    for element in record.elements:
        if element.value:
            item = _sub(dc, f"{{{DC}}}{element.name}", element.value)
            if element.language:
                item.set(XML_LANG, element.language)
    return node


def get_record(base_url, query):
    states.refresh([query.identifier])
    state = PublicState.objects.filter(identifier=query.identifier).first()
    if state is None or state.family not in states.families():
        raise OAIError("idDoesNotExist", "No record has this identifier in this repository.")
    root = envelope(base_url, query.arguments)
    node = _sub(root, f"{{{OAI}}}GetRecord")
    _record(node, records.records_for([state])[0])
    return root


def list_records(base_url, query, with_metadata=True):
    if query.after is None:
        # A new harvest: what the clock or a bulk import changed since the last one is recorded first.
        states.refresh()
    page, total, more = records.page_of(query)
    if not page:
        if query.after is None:
            raise OAIError("noRecordsMatch", "No record matches these arguments.")
        raise OAIError("badResumptionToken", "The resumptionToken is not valid, or has expired.")
    root = envelope(base_url, query.arguments)
    node = _sub(root, f"{{{OAI}}}{query.verb}")
    for record in records.records_for(page, with_metadata=with_metadata):
        if with_metadata:
            _record(node, record)
        else:
            _header(node, record)
    if more or query.after is not None:
        last = page[-1]
        token = _sub(node, f"{{{OAI}}}resumptionToken", completeListSize=str(total), cursor=str(query.cursor))
        if more:
            token.text = query.next_token(last.changed_at, last.identifier, len(page))
            token.set("expirationDate", token_expiry(timezone.now()))
    return root


def answer(base_url, query):
    """The response element for a checked query (raises OAIError for the protocol's errors)."""
    if query.verb == "Identify":
        return identify(base_url)
    if query.verb == "ListMetadataFormats":
        return list_metadata_formats(base_url, query)
    if query.verb == "ListSets":
        return list_sets(base_url, query)
    if query.verb == "GetRecord":
        return get_record(base_url, query)
    return list_records(base_url, query, with_metadata=query.verb == "ListRecords")


__all__ = ["PAGE_SIZE", "answer", "error", "serialise"]
