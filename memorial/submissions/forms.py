"""The public submission forms: plain language, strict validation, no account needed."""

import datetime
import secrets
import unicodedata

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from memorial.consent.models import PublicationLevel
from memorial.core.params import BIDI_CONTROLS, clean_text
from memorial.remembrance import rules
from memorial.remembrance.models import Fate, Remembrance
from memorial.testimonies.models import TestimonyLanguage, WitnessRelation
from memorial.uploads import pipeline

NONCE_SALT = "memorial.submissions.nonce"
NONCE_MAX_AGE = 60 * 60 * 24
EARLIEST_DATE = datetime.date(1850, 1, 1)


def new_nonce():
    return signing.dumps(secrets.token_urlsafe(32), salt=NONCE_SALT)


def clean_multiline(value, max_length):
    """Printable text with its line breaks kept: no control, bidi-override or private-use characters."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch
        for ch in text
        if ch == "\n" or (ch not in BIDI_CONTROLS and unicodedata.category(ch) not in {"Cc", "Cs", "Co"})
    )
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()[:max_length]


def read_nonce(signed):
    """The nonce inside a signed form value, or '' if it is missing, forged or expired."""
    try:
        return signing.loads(str(signed)[:500], salt=NONCE_SALT, max_age=NONCE_MAX_AGE)
    except signing.BadSignature:
        return ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, max_files=10, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > self.max_files:
            raise ValidationError(_("Send at most %(count)s files at once.") % {"count": self.max_files})
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [single(f, initial) for f in files]


def visible(text):
    """The text, or '' when nothing in it can be seen (only spaces and invisible format characters)."""
    return text if any(unicodedata.category(ch)[0] in "LMNPS" for ch in text) else ""


class PlainCharField(forms.CharField):
    """One line of text: control and bidi-override characters removed, spaces collapsed."""

    def to_python(self, value):
        value = super().to_python(value)
        return visible(clean_text(value, max_length=10_000)) if value else value


class PlainTextField(forms.CharField):
    """Several lines of text, cleaned like PlainCharField but keeping line breaks."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return visible(clean_multiline(value, 100_000)) if value else value


class PastDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value):
        super().validate(value)
        if value and not (EARLIEST_DATE <= value <= timezone.localdate()):
            raise ValidationError(_("Give a date between 1850 and today."))


def about_person(value):
    """The published person whose id is ``value``, or None for anything else."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return Remembrance.objects.public().filter(pk=int(value)).first()


class SubmissionForm(forms.Form):
    """What both forms share: the files, the consent, the contact details and the guards."""

    accepted_kinds = {pipeline.IMAGE, pipeline.AUDIO, pipeline.VIDEO, pipeline.DOCUMENT}

    files = MultipleFileField(
        label=_("Photographs, recordings or documents (optional)"),
        required=False,
        help_text=_(
            "Images, audio, video or PDF, up to 10 files. We remove hidden information such as location "
            "from them; a moderator looks at them before anything is shown."
        ),
    )
    publication_level = forms.ChoiceField(
        label=_("How may we publish this?"),
        choices=PublicationLevel.choices,
        widget=forms.RadioSelect,
        initial=PublicationLevel.ANONYMISED,
    )
    embargo_until = forms.DateField(
        label=_("If it must wait: publish no earlier than"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for “embargoed until a date”."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the archive keeps what I send and publishes it only as I chose above, "
            "after review. I can withdraw with the private link I will receive."
        )
    )
    consent_given_by = PlainCharField(
        label=_("Who gives this consent? (optional)"),
        max_length=200,
        required=False,
        help_text=_("Your name or the witness's; kept private, never published."),
    )
    contact_name = PlainCharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("E-mail (optional)"), max_length=254, required=False)
    contact_phone = PlainCharField(label=_("Phone (optional)"), max_length=40, required=False)
    contact_preference = PlainCharField(
        label=_("How and when may we contact you? (optional)"), max_length=500, required=False
    )
    # A field people never see; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)
    # The public record the sender came from ("add to this remembrance"), if any.
    about = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed = []
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound and "nonce" not in self.initial:
            self.initial["nonce"] = new_nonce()

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_nonce(self):
        nonce = read_nonce(self.cleaned_data["nonce"])
        if not nonce:
            raise ValidationError(_("This form has expired. Please send it again."))
        return nonce

    def clean_about(self):
        """The public person the sender is adding to; anything else (tampered, unpublished) is ignored."""
        return about_person(self.cleaned_data.get("about"))

    def clean_embargo_until(self):
        value = self.cleaned_data.get("embargo_until")
        if value and not (timezone.localdate() < value <= timezone.localdate() + datetime.timedelta(days=365 * 100)):
            raise ValidationError(_("Give a date after today and within a hundred years."))
        return value

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("publication_level")
        if (
            level == PublicationLevel.EMBARGOED
            and not cleaned.get("embargo_until")
            and "embargo_until" not in self.errors
        ):
            self.add_error("embargo_until", _("Give the date the embargo ends."))
        elif level and level != PublicationLevel.EMBARGOED:
            cleaned["embargo_until"] = None
        if not self.errors:
            self._process_files(cleaned.get("files") or [])
        return cleaned

    def _process_files(self, files):
        errors = []
        for upload in files:
            try:
                self.processed.append(pipeline.process(upload, self.accepted_kinds))
            except pipeline.UploadRefused as exc:
                errors.append(exc.message)
        if errors:
            self.discard_files()
            self.add_error("files", errors)

    def discard_files(self):
        for processed in self.processed:
            processed.cleanup()
        self.processed = []


class TestimonySubmissionForm(SubmissionForm):
    title = PlainCharField(
        label=_("A title for your testimony"),
        max_length=150,
        help_text=_("A few words, e.g. “The night they came to our street”."),
    )
    story = PlainTextField(
        label=_("Your testimony"),
        max_length=50_000,
        help_text=_("In your own words and your own language. Leave out anything that could put someone at risk."),
    )
    witness_name = PlainCharField(
        label=_("The witness's name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Shown only if you choose “public, with the witness's name”."),
    )
    witness_pseudonym = PlainCharField(
        label=_("A pseudonym to show instead (optional)"), max_length=200, required=False
    )
    witness_relation = forms.ChoiceField(
        label=_("The witness's relation to the events"), choices=WitnessRelation.choices
    )
    language = forms.ChoiceField(label=_("Language of the testimony"), choices=TestimonyLanguage.choices)
    people_mentioned = PlainTextField(label=_("People you remember in it (optional)"), max_length=2000, required=False)
    places_mentioned = PlainTextField(
        label=_("Places and dates it concerns (optional)"), max_length=2000, required=False
    )
    events_date = PastDateField(label=_("When did it happen? (optional)"), required=False)

    field_order = [
        "title",
        "story",
        "witness_name",
        "witness_pseudonym",
        "witness_relation",
        "language",
        "people_mentioned",
        "places_mentioned",
        "events_date",
        "files",
        "publication_level",
        "embargo_until",
        "consent",
        "consent_given_by",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_preference",
        "website",
        "nonce",
        "about",
    ]


class RemembranceSubmissionForm(SubmissionForm):
    accepted_kinds = {pipeline.IMAGE, pipeline.DOCUMENT}

    name_ar = PlainCharField(label=_("Name in Arabic letters"), max_length=200, required=False)
    name_latin = PlainCharField(label=_("Name in Latin letters"), max_length=200, required=False)
    name_variants = PlainTextField(
        label=_("Other spellings (optional)"), max_length=2000, required=False, help_text=_("One per line.")
    )
    birth_date = PastDateField(label=_("Date of birth (optional)"), required=False)
    death_date = PastDateField(label=_("Date of death or disappearance (optional)"), required=False)
    age = forms.IntegerField(label=_("Age (optional)"), min_value=0, max_value=120, required=False)
    fate = forms.ChoiceField(label=_("What happened to them"), choices=Fate.choices)
    place = PlainCharField(label=_("Where (optional)"), max_length=300, required=False)
    circumstances = PlainTextField(
        label=_("What you know of them and of what happened"), max_length=20_000, required=False
    )
    relation = PlainCharField(
        label=_("Your relation to them (optional)"), max_length=200, required=False, help_text=_("e.g. “his niece”.")
    )

    field_order = [
        "name_ar",
        "name_latin",
        "name_variants",
        "birth_date",
        "death_date",
        "age",
        "fate",
        "place",
        "circumstances",
        "relation",
        "files",
        "publication_level",
        "embargo_until",
        "consent",
        "consent_given_by",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_preference",
        "website",
        "nonce",
        "about",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication_level"].choices = [
            (value, label) for value, label in PublicationLevel.choices if value != PublicationLevel.ANONYMISED
        ]
        self.fields["publication_level"].initial = PublicationLevel.PUBLIC
        self.fields["files"].label = _("Photographs or documents (optional)")

    def clean(self):
        cleaned = self.cleaned_data
        if "name_latin" not in self.errors:
            self._follow(rules.require_name, cleaned.get("name_ar"), cleaned.get("name_latin"))
        self._follow(rules.require_birth_not_after_death, cleaned.get("birth_date"), cleaned.get("death_date"))
        return super().clean()

    def _follow(self, rule, *values):
        """A rule of the person's record, its refusal shown beside the field it blames."""
        try:
            rule(*values)
        except ValidationError as error:
            self.add_error(None, error)
