"""The OAI-PMH 2.0 request: verbs, their arguments, dates, sets and resumption tokens.

Every check the protocol asks for is here, before anything is read: a request either becomes a
``Query`` or raises ``OAIError`` with the protocol's error code, which the view answers with HTTP
200 and an ``<error>`` element, as the protocol says.

Resumption tokens hold the query and the last (datestamp, identifier) sent, signed so that they
cannot be forged or altered. The next page continues after that pair in (datestamp, identifier)
order, so a record added, changed or withdrawn between two pages is neither skipped nor sent
twice under the same datestamp: a record changed after it was sent comes again later, with its
new datestamp (or as deleted).
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

PAGE_SIZE = 100
TOKEN_MAX_AGE = datetime.timedelta(days=1)
TOKEN_SALT = "memorial.oai.resumption"  # noqa: S105 (the signature's namespace; the secret is SECRET_KEY)
METADATA_PREFIX = "oai_dc"

VERBS = {
    # verb -> (required arguments, optional arguments); a resumptionToken excludes every other argument
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListIdentifiers", "ListRecords", "ListSets"}

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
MAX_ARGUMENT = 400  # no legitimate argument is longer (a token is about 200 characters)


class OAIError(Exception):
    """A protocol error: ``code`` is one of the protocol's error codes."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def repository_identifier():
    """The repository's part of every OAI identifier: the site's host name."""
    return (urlsplit(settings.SITE_BASE_URL).hostname or "localhost").lower()


def oai_identifier(value):
    return f"oai:{repository_identifier()}:{value}"


def parse_oai_identifier(text):
    """The UUID of ``oai:<this repository>:<uuid>``, or None for any other text."""
    prefix = f"oai:{repository_identifier()}:"
    if not text.startswith(prefix):
        return None
    rest = text[len(prefix) :]
    if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", rest):
        return None
    return uuid.UUID(rest)


def datestamp(moment):
    """A datestamp at the seconds granularity, in UTC."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(text, name, end=False):
    """(moment, granularity) from a ``from`` or ``until`` argument; the end of its second or day with ``end``."""
    try:
        if DAY.match(text):
            day = datetime.date.fromisoformat(text)
            moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
            return (moment + datetime.timedelta(days=1) if end else moment), "day"
        if SECONDS.match(text):
            moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            return (moment + datetime.timedelta(seconds=1) if end else moment), "seconds"
    except ValueError:
        pass
    raise OAIError("badArgument", f"'{name}' must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ).")


@dataclass(frozen=True)
class Query:
    """A checked request: the verb, its arguments, and where a resumed list goes on from."""

    verb: str
    identifier: uuid.UUID | None = None
    metadata_prefix: str = ""
    from_: str = ""
    until: str = ""
    set_spec: str = ""
    after: tuple | None = None  # (datestamp ISO with microseconds, identifier) of the last record sent
    cursor: int = 0
    arguments: dict = field(default_factory=dict)  # as received, for the <request> element

    @property
    def lower(self):
        return parse_date(self.from_, "from")[0] if self.from_ else None

    @property
    def upper(self):
        """The first moment after the ``until`` argument (exclusive), or None."""
        return parse_date(self.until, "until", end=True)[0] if self.until else None

    def next_token(self, last_changed_at, last_identifier, sent):
        payload = {
            "verb": self.verb,
            "prefix": self.metadata_prefix,
            "from": self.from_,
            "until": self.until,
            "set": self.set_spec,
            "after": [last_changed_at.isoformat(), str(last_identifier)],
            "cursor": self.cursor + sent,
        }
        return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def _single(params):
    """The arguments as {name: value}, refusing repeated ones."""
    arguments = {}
    for name in params:
        values = params.getlist(name)
        if len(values) != 1:
            raise OAIError("badArgument" if name != "verb" else "badVerb", f"The argument '{name}' is repeated.")
        arguments[name] = values[0]
    return arguments


def parse(params, sets):
    """A checked ``Query`` from the request's arguments (a QueryDict of GET or POST); ``sets``: known setSpecs."""
    arguments = _single(params)
    verb = arguments.pop("verb", None)
    if verb is None:
        raise OAIError("badVerb", "The 'verb' argument is missing.")
    if verb not in VERBS:
        raise OAIError("badVerb", "The 'verb' argument is not an OAI-PMH verb.")
    for name, value in arguments.items():
        if len(value) > MAX_ARGUMENT or "\x00" in value:
            raise OAIError("badArgument", f"The argument '{name}' is not valid.")
    required, optional = VERBS[verb]
    if "resumptionToken" in arguments:
        if verb not in RESUMABLE:
            raise OAIError("badArgument", f"{verb} takes no resumptionToken.")
        if len(arguments) != 1:
            raise OAIError("badArgument", "A resumptionToken is the only argument allowed with it.")
        return _resume(verb, arguments)
    unknown = set(arguments) - required - optional
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take: {', '.join(sorted(unknown))}.")
    missing = required - set(arguments)
    if missing:
        raise OAIError("badArgument", f"{verb} needs: {', '.join(sorted(missing))}.")
    query = Query(verb=verb, arguments=dict(arguments, verb=verb))
    if "identifier" in arguments:
        query = replace(query, identifier=parse_oai_identifier(arguments["identifier"]))
        if query.identifier is None:
            raise OAIError("idDoesNotExist", "No record has this identifier in this repository.")
    if "metadataPrefix" in arguments:
        if arguments["metadataPrefix"] != METADATA_PREFIX:
            raise OAIError("cannotDisseminateFormat", f"Records are available as '{METADATA_PREFIX}' only.")
        query = replace(query, metadata_prefix=METADATA_PREFIX)
    return _with_range(query, arguments.get("from", ""), arguments.get("until", ""), arguments.get("set", ""), sets)


def _with_range(query, from_, until, set_spec, sets):
    granularities = set()
    if from_:
        granularities.add(parse_date(from_, "from")[1])
    if until:
        granularities.add(parse_date(until, "until")[1])
    if len(granularities) > 1:
        raise OAIError("badArgument", "'from' and 'until' must have the same granularity.")
    if from_ and until and parse_date(from_, "from")[0] >= parse_date(until, "until", end=True)[0]:
        raise OAIError("badArgument", "'from' is later than 'until'.")
    if set_spec and set_spec not in sets:
        raise OAIError("badArgument", "No set has this setSpec.")
    return replace(query, from_=from_, until=until, set_spec=set_spec)


def _resume(verb, arguments):
    token = arguments["resumptionToken"]
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        if payload["verb"] != verb:
            raise ValueError("a token of another verb")
        moment = datetime.datetime.fromisoformat(payload["after"][0])
        last = uuid.UUID(payload["after"][1])
        cursor = int(payload["cursor"])
        query = Query(
            verb=verb,
            metadata_prefix=payload["prefix"],
            from_=payload["from"],
            until=payload["until"],
            set_spec=payload["set"],
            after=(moment, last),
            cursor=cursor,
            arguments={"verb": verb, "resumptionToken": token},
        )
    except (signing.BadSignature, ValueError, KeyError, TypeError, IndexError):
        raise OAIError("badResumptionToken", "The resumptionToken is not valid, or has expired.") from None
    return query


def token_expiry(now):
    return datestamp(now + TOKEN_MAX_AGE)
