"""Demo moderation data: a consent record for each sample testimony; idempotent.

The roles and workflows need nothing here: ``memorial.moderation.setup`` gives every new testimony
index its workflow, the demo's included.
"""

from memorial.consent.models import ConsentMethod, ConsentRecord, PublicationLevel
from memorial.testimonies.models import TestimonyPage, WitnessDisplay


def load_moderation(created):
    """Record consent for the sample testimonies that have none."""
    for page in TestimonyPage.objects.filter(is_sample=True, consent_records__isnull=True):
        level = PublicationLevel.PUBLIC if page.witness_display == WitnessDisplay.NAMED else PublicationLevel.ANONYMISED
        ConsentRecord.objects.create(
            testimony=page,
            given_by=f"Sample witness ({page.witness_label})",
            method=ConsentMethod.SIGNED_RELEASE,
            publication_level=level,
            notes="Demonstration record for an invented witness.",
        )
        created["consent record"] += 1
