from django import template

from memorial.core.middleware import signed_in
from memorial.core.params import clean_param

from .. import public, redaction
from ..timecodes import format_clock, format_iso_duration, parse_url_time

register = template.Library()


@register.simple_tag(takes_context=True)
def testimony_recordings(context, page):
    """The page's recordings with public transcripts, and the moment a deep link (?t=1:23) asks for."""
    request = context.get("request")
    params = request.GET if request is not None else {}
    groups = public.for_testimony(page)
    moment = parse_url_time(clean_param(params, "t", 16))
    wanted = clean_param(params, "recording", 12)
    # A visitor without a session is no archivist: asking without loading the session keeps the page
    # the same for every visitor (no ``Vary: Cookie``), so caches may share it.
    archivist = request is not None and signed_in(request) and redaction.can_see_unredacted(request.user)
    # A poster may show the witness: none for a testimony that withholds its witness's photographs.
    posters = not page.withholds_photographs() if groups else False
    target = None
    if moment is not None and groups:
        target = next((g for g in groups if g.recording and str(g.recording.pk) == wanted), groups[0])
    for group in groups:
        group.archivist = archivist
        group.poster = group.recording.poster if posters and group.recording is not None else None
        group.start_at = moment if group is target else None
        group.current = set()
        if group.start_at is not None:
            for item in group.transcripts:
                # Every line playing at that moment: people speaking at once have overlapping lines.
                group.current.update(c.pk for c in item.cues if c.start <= moment < c.end)
    return groups


@register.filter
def clock(seconds):
    return format_clock(seconds or 0)


@register.filter
def iso_duration(seconds):
    return format_iso_duration(seconds or 0)


@register.filter
def seconds(value):
    """Seconds with three decimals and a full stop, whatever the language (for data attributes)."""
    return f"{float(value or 0):.3f}"
