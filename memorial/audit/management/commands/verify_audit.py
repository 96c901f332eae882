"""Check the chain of the record of sensitive reads; a non-zero exit names the first entry that breaks it."""

from django.core.management.base import BaseCommand, CommandError

from memorial.audit.models import AuditEntry
from memorial.audit.services import verify


class Command(BaseCommand):
    help = "Check that no entry of the record of sensitive reads was changed, removed or reordered."

    def handle(self, *args, **options):
        found = verify()
        if found is not None:
            if found.entry_id:
                raise CommandError(f"The record is broken at entry {found.entry_id}: {found.problem}.")
            raise CommandError(f"The record is broken: {found.problem}.")
        self.stdout.write(f"The record holds: {AuditEntry.objects.count()} entries, chain intact.")
