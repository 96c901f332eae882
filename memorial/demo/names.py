"""Many generated sample people for the demo's names memorial (`load_demo --names N`).

The people come from the benchmark's generator (`memorial.demo.synthetic`): invented Arabic
and Latin names with real spelling variety. They go through the real bulk import path (checked, then
imported and published in one transaction) and are marked as samples like every demo person. The
count is a total: running again with the same number adds nothing, with a larger one adds the rest.
"""

from wagtail.models import Locale

from memorial.core.models import Place
from memorial.remembrance.importer import check, read_table, run_import
from memorial.remembrance.models import Remembrance

from . import synthetic

SOURCE = "Demo: generated sample names (invented people, not victims)"


def load_generated_names(count, progress=False):
    """Make sure `count` generated sample people exist; returns how many were added."""
    existing = Remembrance.objects.filter(is_sample=True, sources__title=SOURCE).count()
    if count <= existing:
        return 0
    locale = Locale.get_default()
    for name in synthetic.PLACES:
        if not Place.objects.filter(name=name).exists():
            Place.objects.create(name=name, locale=locale)
    _people, rows = synthetic.rows(count)
    rows = [{**row, "source": SOURCE} for row in rows[existing:]]
    header, body = read_table(synthetic.csv_bytes(rows), "generated-names.csv")
    report = check(header, body)
    if not report.ok:
        raise ValueError(f"Generated names did not pass the import check: {[str(e) for e in report.errors[:5]]}")
    for row in report.rows:
        row.person.is_sample = True
    run_import(report, publish=True, progress=progress)
    return report.created
