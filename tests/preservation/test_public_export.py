"""A public export holds only what the publication gate lets anyone see: no hidden token is in it."""

import json

import bagit
import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from memorial.audit.models import Action, AuditEntry
from memorial.audit.services import verify
from memorial.preservation.bag import BagRefused
from memorial.preservation.restore import import_archive
from tests.moderation.helpers import user_in
from tests.preservation.test_fixity import make_sealed
from tests.publication.test_leak_matrix import plant_everything

pytestmark = pytest.mark.django_db

REASON = "A copy for a partner archive"

SEALED_TOKEN = b"Qzsealedfile"


def bag_text(path):
    """Every byte of a bag (records, pages, transcripts, files, tag files), as one lower-case text."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace").lower() for p in sorted(path.rglob("*")) if p.is_file())


def bag_files(path):
    with open(path / "data" / "archive.json", encoding="utf-8") as stream:
        return {item["name"] for item in json.load(stream)["files"]}


def test_no_hidden_token_is_in_a_public_export_and_every_one_is_in_the_full_export(
    tmp_path, site_tree, django_user_model
):
    """Draft, draft edit, restricted, archive only, embargoed, withdrawn, anonymised and redacted: none of
    their tokens is in the public export, each is in the full one, and the public twin is in both."""
    planted, public, _public_image = plant_everything(site_tree, user_in(django_user_model, "Editors"))
    make_sealed(b"%PDF " + SEALED_TOKEN + b" the sealed original" * 10)

    call_command("export_archive", str(tmp_path / "public"), "--public-only", "--reason", REASON, verbosity=0)
    call_command("export_archive", str(tmp_path / "full"), "--reason", REASON, verbosity=0)
    for name in ("public", "full"):
        bagit.Bag(str(tmp_path / name)).validate()
    public_text, full_text = bag_text(tmp_path / "public"), bag_text(tmp_path / "full")

    leaks = [f"{item.state}: {item.token}" for item in planted if item.token.lower() in public_text]
    assert not leaks, "in the public export:\n" + "\n".join(leaks)
    assert SEALED_TOKEN.decode().lower() not in public_text
    # The tokens were planted (the full export has every one) and the public export is not empty.
    missing = [f"{item.state}: {item.token}" for item in planted if item.token.lower() not in full_text]
    assert not missing, "never planted:\n" + "\n".join(missing)
    assert SEALED_TOKEN.decode().lower() in full_text
    for shown in (public.token, "we walked to the river", "in the old city", "qzpublicperson"):
        assert shown.lower() in public_text, shown

    # Files: the public photograph and document are there, no hidden one, and nothing from sealed storage.
    files = bag_files(tmp_path / "public")
    images, documents = get_image_model().objects, get_document_model().objects
    assert images.get(title__startswith="Qzpublicphoto").file.name in files
    assert documents.get(title__startswith="Qzpublicdoc").file.name in files
    hidden = [i.file.name for i in images.filter(title__startswith="Qz").exclude(title__startswith="Qzpublicphoto")]
    hidden += [d.file.name for d in documents.filter(title__startswith="Qz").exclude(title__startswith="Qzpublicdoc")]
    assert hidden and not set(hidden) & files
    assert not (tmp_path / "public" / "data" / "files" / "sealed").exists()
    assert not (tmp_path / "public" / "data" / "records").exists()


def test_a_public_export_says_what_it_is_and_cannot_be_restored(tmp_path, site_tree):
    """The public bag is readable by all and says it holds no private data; restoring it is refused."""
    call_command("export_archive", str(tmp_path / "public"), "--public-only", "--reason", REASON, verbosity=0)
    bag = bagit.Bag(str(tmp_path / "public"))
    assert bag.info["Export-Scope"] == "public" and bag.info["Private-Data"] == "no"
    assert bag.info["Source-Organization"]
    with pytest.raises(BagRefused, match="public export"):
        import_archive(tmp_path / "public")
    with pytest.raises(CommandError, match="public export"):
        call_command("import_archive", str(tmp_path / "public"))


def test_every_export_is_recorded_with_its_reason_and_none_without_one(tmp_path, site_tree):
    """An export hands over part of the archive: it asks why, and the record of reads keeps who, what and why."""
    with pytest.raises(CommandError, match="Say why"):
        call_command("export_archive", str(tmp_path / "none"), "--reason", "   ", verbosity=0)
    assert not (tmp_path / "none").exists() and not AuditEntry.objects.exists()

    call_command("export_archive", str(tmp_path / "full"), "--reason", REASON, verbosity=0)
    call_command("export_archive", str(tmp_path / "public"), "--public-only", "--reason", "For a harvest", verbosity=0)
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.reason) for e in entries] == [(Action.EXPORT, REASON), (Action.EXPORT, "For a harvest")]
    assert "full" in entries[0].object_repr and str(tmp_path / "full") in entries[0].object_repr
    assert "public" in entries[1].object_repr
    assert entries[0].actor.startswith("export_archive (")
    assert verify() is None
