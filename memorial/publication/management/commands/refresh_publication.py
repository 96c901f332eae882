from django.core.management.base import BaseCommand

from memorial.core.generation import announce
from memorial.publication import exposures
from memorial.publication.models import Exposure


class Command(BaseCommand):
    help = "Rebuild which images and documents public records show (after an upgrade or a restore)."

    def handle(self, *args, **options):
        exposures.refresh_all()
        announce()
        self.stdout.write(f"{Exposure.objects.count()} public uses of files.")
