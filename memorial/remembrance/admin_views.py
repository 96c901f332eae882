"""Admin views of the names memorial: import a list, export the public names, find and merge duplicates."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from memorial.audit import services as audit
from memorial.audit.forms import ask_reason
from memorial.core.params import clean_text

from . import importer
from .export import csv_lines
from .matching import likely_matches, merge, undo_merge
from .models import MergeRecord, Remembrance

ADD_PERMISSION = "remembrance.add_remembrance"
CHANGE_PERMISSION = "remembrance.change_remembrance"
PUBLISH_PERMISSION = "remembrance.publish_remembrance"
PREVIEW_ROWS = 50


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class ImportForm(forms.Form):
    file = forms.FileField(label=_("List of names (CSV or XLSX)"))
    source = forms.CharField(
        label=_("Source of the list"),
        max_length=300,
        required=False,
        help_text=_("Recorded on every person whose row has no source column of its own."),
    )
    mapping = forms.CharField(
        label=_("Column mapping"),
        max_length=2000,
        required=False,
        help_text=_(
            "Only when the columns are named differently, e.g. name_ar=الاسم,death_date=Died. Without it the "
            "columns name_ar, name_latin, name_variants, birth_date, death_date, place, fate and source are used."
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding of a CSV"),
        choices=[("", _("UTF-8 (recommended)")), ("cp1256", "Windows-1256"), ("utf-16", "UTF-16")],
        required=False,
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the list and show what would be created, import nothing"),
        required=False,
        initial=True,
    )
    skip_duplicates = forms.BooleanField(label=_("Leave out rows flagged as possible duplicates"), required=False)
    publish = forms.BooleanField(
        label=_("Publish directly (otherwise the people enter the remembrance review)"), required=False
    )

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": importer.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_source(self):
        return clean_text(self.cleaned_data["source"], 300)


def import_view(request):
    """Upload a list, see its errors and possible duplicates, and import it all or not at all."""
    _require(request, ADD_PERMISSION)
    can_publish = request.user.has_perm(PUBLISH_PERMISSION)
    form = ImportForm(request.POST or None, request.FILES or None, can_publish=can_publish)
    report, problem = None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mapping = importer.parse_mapping(data["mapping"])
            header, body = importer.read_table(data["file"].read(), data["file"].name, data["encoding"] or None)
            report = importer.check(header, body, mapping=mapping, default_source=data["source"])
            if report.ok and not data["dry_run"]:
                importer.run_import(
                    report,
                    user=request.user,
                    publish=can_publish and data.get("publish", False),
                    skip_duplicates=data["skip_duplicates"],
                )
                done = {"count": report.created, "file": data["file"].name}
                messages.success(request, _("%(count)s people imported from “%(file)s”.") % done)
        except importer.ImportFileError as exc:
            problem = str(exc)
    context = {
        "form": form,
        "report": report,
        "problem": problem,
        "preview": [row.person for row in report.rows[:PREVIEW_ROWS]] if report else [],
        "export_url": reverse("remembrance_export"),
    }
    return TemplateResponse(request, "remembrance/admin/import.html", context)


def export_view(request):
    """The CSV of every public name, streamed (the same file as ``manage.py export_names``), once a reason is given."""
    _require(request, CHANGE_PERMISSION)
    reason, question = ask_reason(
        request, title=_("Export the public names"), subject=_("names CSV"), action_label=_("Download the CSV")
    )
    if question is not None:
        return question
    audit.record_export(request.user, "names CSV", reason=reason)
    response = StreamingHttpResponse(csv_lines(), content_type="text/csv; charset=utf-8")
    filename = f"names-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def matches_view(request, pk):
    """The records that may be the same person, with the reasons, and the merges made so far."""
    _require(request, CHANGE_PERMISSION)
    person = get_object_or_404(Remembrance, pk=pk)
    context = {
        "person": person,
        "matches": likely_matches(person),
        "merges": MergeRecord.objects.filter(target=person).select_related("merged", "merged_by", "undone_by"),
        "can_merge": request.user.has_perm(PUBLISH_PERMISSION),
    }
    return TemplateResponse(request, "remembrance/admin/matches.html", context)


@require_POST
def merge_view(request, pk, other_pk):
    """Fold the other record into this one; it can be undone from the same page."""
    _require(request, PUBLISH_PERMISSION)
    target = get_object_or_404(Remembrance, pk=pk, merged_into__isnull=True)
    other = get_object_or_404(Remembrance, pk=other_pk, merged_into__isnull=True)
    if target.pk == other.pk:
        raise PermissionDenied
    reasons = clean_text(request.POST.get("reasons", ""), 2000)
    merge(target, other, user=request.user, reasons=reasons)
    messages.success(request, _("“%(other)s” was merged into “%(person)s”.") % {"other": other, "person": target})
    return redirect("remembrance_matches", pk=target.pk)


@require_POST
def undo_merge_view(request, record_pk):
    _require(request, PUBLISH_PERMISSION)
    record = get_object_or_404(MergeRecord, pk=record_pk)
    undo_merge(record, user=request.user)
    messages.success(request, _("The merge of “%(other)s” was undone.") % {"other": record.merged})
    return redirect("remembrance_matches", pk=record.target_id)
