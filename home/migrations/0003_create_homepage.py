"""Replace Wagtail's welcome page with the memorial's home page, in English and Arabic."""

import uuid

from django.db import migrations


def create_homepages(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    locale_model = apps.get_model("wagtailcore", "Locale")
    home_model = apps.get_model("home", "HomePage")

    if home_model.objects.exists():
        return
    page_model.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    content_type, _ = content_type_model.objects.get_or_create(model="homepage", app_label="home")
    root = page_model.objects.get(depth=1)
    translation_key = uuid.uuid4()
    homes = []
    for position, (code, title, slug, statement) in enumerate(
        [
            ("en", "Hama 1982 Memorial Archive", "home", "<p>In memory of the people of Hama, February 1982.</p>"),
            ("ar", "أرشيف ذاكرة حماة ١٩٨٢", "home-ar", "<p>في ذكرى أهل حماة، شباط ١٩٨٢.</p>"),
        ],
        start=1,
    ):
        locale, _ = locale_model.objects.get_or_create(language_code=code)
        homes.append(
            home_model.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=f"{root.path}{position:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=translation_key,
                statement=statement,
            )
        )
    root.numchild = page_model.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site_model.objects.all().delete()
    site_model.objects.create(
        hostname="localhost", root_page=homes[0], is_default_site=True, site_name="Hama 1982 Memorial"
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0002_initial"), ("core", "0002_locales")]

    operations = [migrations.RunPython(create_homepages, migrations.RunPython.noop)]
