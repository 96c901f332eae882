"""Public submission views: the two forms, the receipt/status page and withdrawal.

Nothing here records or logs the sender's address or browser; errors are shown as messages,
never as server errors, and a refused submission leaves nothing behind.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from memorial.core.params import clean_param
from memorial.publication import page_cache

from . import ratelimit, services
from .forms import RemembranceSubmissionForm, TestimonySubmissionForm, about_person, new_nonce, read_nonce
from .models import Submission, SubmissionKind, token_for

FORMS = {SubmissionKind.TESTIMONY: TestimonySubmissionForm, SubmissionKind.REMEMBRANCE: RemembranceSubmissionForm}
TEMPLATES = {
    SubmissionKind.TESTIMONY: "submissions/testimony_form.html",
    SubmissionKind.REMEMBRANCE: "submissions/remembrance_form.html",
}

_BUSY = _(
    "The archive is very busy at this moment and could not keep your submission. Nothing was saved: "
    "please send the form again (attach any files again)."
)


def _status_url(token, new=False):
    url = reverse("submissions:status", kwargs={"token": token})
    return f"{url}?new=1" if new else url


def _submission_view(request, kind):
    if request.method != "POST":
        return _blank_form(request, kind)
    if _closed(kind):
        return render(request, "submissions/closed.html", status=503)

    form = FORMS[kind](request.POST, request.FILES)
    if form.is_spam:
        return render(request, "submissions/thanks.html")
    nonce = read_nonce(request.POST.get("nonce", ""))
    if nonce and services.existing_for_nonce(nonce) is not None:
        # A repeated submit of the same form (a double click): the same receipt, nothing new.
        return redirect(_status_url(token_for(nonce), new=True))
    if not ratelimit.hit(request):
        return render(request, "submissions/rate_limited.html", status=429)
    if not form.is_valid():
        context = {"form": _with_fresh_nonce(form), "about_person": form.cleaned_data.get("about")}
        return render(request, TEMPLATES[kind], context, status=400)
    try:
        services.create(kind, form.cleaned_data, form.processed, get_language())
    except services.DuplicateSubmission:
        pass
    except services.SubmissionsClosed:
        return render(request, "submissions/closed.html", status=503)
    except services.ArchiveBusy:
        # Nothing was written and the nonce is unused: the same form can be sent again as it is.
        form.add_error(None, _BUSY)
        context = {"form": form, "about_person": form.cleaned_data.get("about")}
        return render(request, TEMPLATES[kind], context, status=503)
    finally:
        form.discard_files()
    return redirect(_status_url(token_for(form.cleaned_data["nonce"]), new=True))


def _closed(kind):
    return kind == SubmissionKind.TESTIMONY and services.testimony_index(get_language()) is None


def _blank_form(request, kind):
    """The empty form, from the page cache's shell when it has one: only the token and the nonce are new."""
    person = about_person(clean_param(request.GET, "about", max_length=20))

    def render_form(slots):
        if _closed(kind):
            return render(request, "submissions/closed.html", status=503)
        form = FORMS[kind](initial={**_initial_about(kind, person), "nonce": slots["nonce"]})
        context = {"form": form, "about_person": person, page_cache.CSRF_SLOT: slots[page_cache.CSRF_SLOT]}
        return render(request, TEMPLATES[kind], context)

    # Any other query string (a hostile "about" among them) is the plain form, kept once.
    variant = f"about={person.pk}" if person is not None else ""
    return page_cache.with_slots(request, render_form, {"nonce": new_nonce}, variant=variant)


def _initial_about(kind, person):
    """A form begun from a person's page starts with that person."""
    if person is None:
        return {}
    if kind == SubmissionKind.REMEMBRANCE:
        return {"about": person.pk, "name_ar": person.name_ar, "name_latin": person.name_latin}
    return {"about": person.pk, "people_mentioned": person.display_name()}


def _with_fresh_nonce(form):
    if "nonce" in form.errors:
        data = form.data.copy()
        data["nonce"] = new_nonce()
        form.data = data
    return form


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def testimony(request):
    return _submission_view(request, SubmissionKind.TESTIMONY)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def remembrance(request):
    return _submission_view(request, SubmissionKind.REMEMBRANCE)


def _submission_for(token):
    if not token or len(token) > 128:
        raise Http404
    submission = Submission.for_token(token)
    if submission is None:
        raise Http404
    return submission


@never_cache
@require_http_methods(["GET", "HEAD"])
def status(request, token):
    submission = _submission_for(token)
    return render(
        request,
        "submissions/status.html",
        {"submission": submission, "token": token, "is_new": request.GET.get("new") == "1"},
    )


@never_cache
@require_POST
def withdraw(request, token):
    submission = _submission_for(token)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "submissions/status.html",
            {"submission": submission, "token": token, "confirm_error": True},
            status=400,
        )
    services.withdraw(submission)
    return redirect(_status_url(token))
