"""Images cleaned of their metadata keep their picture: depth, transparency, colours, orientation.

Every case is built here with Pillow, and each cleaned copy is measured against what the original
shows, worked out without the cleaning code (16-bit values divided by 257, colours converted by hand
from the profile's primaries), not against the pipeline's own idea of the picture.
"""

import glob
import io
import os
import struct
import tempfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from memorial.uploads import image_cleaning, pipeline
from memorial.uploads.models import SealedOriginal
from tests.utils import login_verified

from . import samples


def run(data, name):
    return pipeline.process(SimpleUploadedFile(name, data), {pipeline.IMAGE})


def cleaned_image(result):
    image = Image.open(io.BytesIO(result.cleaned_bytes()))
    image.load()
    return image


@pytest.fixture
def result_of():
    results = []

    def process(data, name):
        result = run(data, name)
        results.append(result)
        return result

    yield process
    for result in results:
        result.cleanup()


@pytest.mark.parametrize(
    ("mode", "fmt", "name"),
    [
        ("I;16", "PNG", "scan.png"),
        ("I;16", "TIFF", "scan.tif"),
        ("I;16B", "TIFF", "scan.tiff"),
        ("I", "TIFF", "scan.tif"),
    ],
)
def test_16_bit_scan_is_scaled_not_clipped(result_of, mode, fmt, name):
    """A 16-bit greyscale scan keeps its gradient: each value divided by 257, never a white page."""
    original = samples.gradient_16bit(mode)
    data = samples.encoded(original, fmt)
    assert Image.open(io.BytesIO(data)).mode in pipeline.image_cleaning.WIDE_MODES  # really 16 or 32 bits
    result = result_of(data, name)
    assert result.is_clean
    cleaned = cleaned_image(result)
    assert cleaned.mode == "L"
    width = original.width
    for x in range(width):
        expected = original.getpixel((x, 0)) / 257
        assert abs(cleaned.getpixel((x, 0)) - expected) <= 1, x
    # The clipping this replaces made everything above 255 white: most of the row.
    assert sum(cleaned.getpixel((x, 0)) == 255 for x in range(width)) <= 2
    assert samples.metadata_left(result.cleaned_bytes()) == set()


def test_12_bit_tiff_is_scaled_by_its_declared_depth(result_of):
    """A 12-bit scan's white (4095) is white, not a sixteenth of it."""
    values = [0, 1365, 2730, 4095]
    data = samples.tiff_12_bit(values)
    assert Image.open(io.BytesIO(data)).tag_v2.get(258) == (12,)
    cleaned = cleaned_image(result_of(data, "scan.tif"))
    assert [cleaned.getpixel((x, 0)) for x in range(4)] == [0, 85, 170, 255]


def test_16_bit_png_transparent_grey_stays_transparent(result_of):
    original = samples.gradient_16bit("I;16", (64, 4))
    original.putpixel((0, 0), 1234)
    result = result_of(samples.encoded(original, "PNG", transparency=1234), "scan.png")
    cleaned = cleaned_image(result).convert("LA")
    assert cleaned.getpixel((0, 0))[1] == 0
    assert cleaned.getpixel((63, 3)) == (255, 255)


def test_palette_png_with_trns_stays_transparent(result_of):
    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    image.paste(1, (0, 0, 5, 10))
    result = result_of(samples.encoded(image, "PNG", transparency=1), "logo.png")
    cleaned = cleaned_image(result).convert("RGBA")
    assert cleaned.getpixel((0, 0))[3] == 0
    assert cleaned.getpixel((9, 9)) == (255, 0, 0, 255)


def test_palette_png_with_partial_alpha_keeps_every_level(result_of):
    image = Image.new("P", (4, 1))
    image.putpalette([10, 20, 30] * 4 + [0] * 756)
    image.putdata([0, 1, 2, 3])
    data = samples.encoded(image, "PNG", transparency=bytes([0, 85, 170, 255]))
    cleaned = cleaned_image(result_of(data, "fade.png")).convert("RGBA")
    assert [cleaned.getpixel((x, 0))[3] for x in range(4)] == [0, 85, 170, 255]


@pytest.mark.parametrize(("mode", "colour", "key"), [("L", 200, 7), ("RGB", (9, 9, 9), (1, 2, 3))])
def test_transparent_colour_of_grey_and_rgb_png_is_kept(result_of, mode, colour, key):
    """A PNG ``tRNS`` colour in a greyscale or RGB image becomes transparency, not an opaque colour."""
    image = Image.new(mode, (10, 10), key)
    image.paste(colour, (0, 0, 5, 10))
    cleaned = cleaned_image(result_of(samples.encoded(image, "PNG", transparency=key), "mark.png")).convert("RGBA")
    assert cleaned.getpixel((9, 0))[3] == 0
    assert cleaned.getpixel((0, 0))[3] == 255


def test_gif_transparency_and_rgba_alpha_are_kept(result_of):
    gif = Image.new("P", (8, 8), 0)
    gif.putpalette([0, 0, 0, 255, 255, 0] + [0] * 762)
    gif.paste(1, (0, 0, 4, 8))
    cleaned = cleaned_image(result_of(samples.encoded(gif, "GIF", transparency=0), "mark.gif")).convert("RGBA")
    assert cleaned.getpixel((7, 0))[3] == 0 and cleaned.getpixel((0, 0)) == (255, 255, 0, 255)
    rgba = Image.new("RGBA", (8, 8), (0, 0, 255, 100))
    cleaned = cleaned_image(result_of(samples.encoded(rgba, "WEBP", lossless=True), "glass.webp")).convert("RGBA")
    assert cleaned.getpixel((3, 3)) == (0, 0, 255, 100)


@pytest.mark.parametrize(
    ("fmt", "name"), [("PNG", "wide.png"), ("JPEG", "wide.jpg"), ("WEBP", "wide.webp"), ("TIFF", "wide.tif")]
)
def test_wide_gamut_profile_is_converted_to_srgb_before_it_is_dropped(result_of, fmt, name):
    """A Display P3 photograph's colours are converted to sRGB; the profile itself is gone."""
    colour = (200, 100, 50)
    options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
    data = samples.encoded(Image.new("RGB", (16, 16), colour), fmt, icc_profile=samples.matrix_profile(), **options)
    assert Image.open(io.BytesIO(data)).info.get("icc_profile")
    result = result_of(data, name)
    cleaned = cleaned_image(result)
    assert "icc_profile" not in cleaned.info
    expected = samples.expected_srgb(colour)
    assert expected != colour  # the profile really changes the colours
    got = cleaned.convert("RGB").getpixel((8, 8))
    assert all(abs(a - b) <= 4 for a, b in zip(got, expected, strict=True)), (got, expected)
    assert samples.metadata_left(result.cleaned_bytes()) == set()


def test_adobe_rgb_like_profile_on_an_rgba_png_keeps_the_alpha(result_of):
    adobe_rgb = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))
    profile = samples.matrix_profile(adobe_rgb, gamma=563 / 256, description=b"Adobe RGB like")
    image = Image.new("RGBA", (8, 8), (40, 160, 90, 128))
    cleaned = cleaned_image(result_of(samples.encoded(image, "PNG", icc_profile=profile), "a.png")).convert("RGBA")
    expected = samples.expected_srgb((40, 160, 90), adobe_rgb, 563 / 256)
    got = cleaned.getpixel((2, 2))
    assert got[3] == 128
    assert all(abs(a - b) <= 4 for a, b in zip(got[:3], expected, strict=True)), (got, expected)


def test_broken_profile_is_dropped_with_a_note(result_of):
    data = samples.encoded(Image.new("RGB", (8, 8), "teal"), "PNG", icc_profile=b"not a profile at all" * 8)
    result = result_of(data, "odd.png")
    assert result.is_clean
    assert "colour profile could not be applied" in result.note
    assert "icc_profile" not in cleaned_image(result).info


@pytest.mark.parametrize("cmyk", [(255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 0, 128)])
def test_cmyk_jpeg_is_converted_not_inverted(result_of, cmyk):
    """Pillow writes Adobe's inverted CMYK JPEGs; cyan comes out cyan, magenta magenta, grey grey."""
    data = samples.encoded(Image.new("CMYK", (16, 16), cmyk), "JPEG", quality=95)
    assert b"Adobe" in data  # the Adobe APP14 marker: the inverted kind
    cleaned = cleaned_image(result_of(data, "print.jpg"))
    assert cleaned.mode in ("RGB", "L")
    expected = Image.new("CMYK", (1, 1), cmyk).convert("RGB").getpixel((0, 0))
    got = cleaned.convert("RGB").getpixel((8, 8))
    assert all(abs(a - b) <= 4 for a, b in zip(got, expected, strict=True)), (got, expected)


@pytest.mark.parametrize(
    ("orientation", "size", "red_at"), [(6, (20, 40), (10, 5)), (8, (20, 40), (10, 35)), (3, (40, 20), (35, 10))]
)
def test_exif_orientation_is_applied_before_exif_is_removed(result_of, orientation, size, red_at):
    result = result_of(samples.oriented_jpeg(orientation), "phone.jpg")
    cleaned = cleaned_image(result)
    assert cleaned.size == size
    red = cleaned.getpixel(red_at)
    assert red[0] > 200 and red[1] < 60, red
    assert samples.metadata_left(result.cleaned_bytes()) == set()


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "wave.gif"), ("WEBP", "wave.webp"), ("PNG", "wave.png")])
def test_animation_keeps_its_first_frame_and_tells_the_moderator(result_of, fmt, name):
    """Animated GIF, WebP and APNG: the first frame, still; the note says how many frames were dropped."""
    result = result_of(samples.animated(fmt), name)
    assert result.is_clean
    cleaned = cleaned_image(result)
    assert getattr(cleaned, "n_frames", 1) == 1
    red = cleaned.convert("RGB").getpixel((5, 5))
    assert red[0] > 240 and red[1] < 20 and red[2] < 20
    assert "3 frames" in result.note and "only the first was kept" in result.note


def test_every_cleaned_image_carries_its_measure(result_of):
    result = result_of(samples.gps_jpeg(), "photo.jpg")
    assert "Measured difference" in result.note and "out of 255" in result.note


def test_difference_measures_what_a_viewer_sees():
    grey = Image.new("RGB", (300, 300), (100, 100, 100))
    assert image_cleaning.difference(grey, grey.copy()) == image_cleaning.Difference(0.0, 0)
    lighter = Image.new("RGB", (300, 300), (110, 100, 100))
    shift = image_cleaning.difference(grey, lighter)
    assert shift.peak == 10 and shift.mean == pytest.approx(10)
    assert shift.visible
    # Under full transparency the colour cannot be seen.
    clear = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
    assert not image_cleaning.difference(clear, Image.new("RGBA", (10, 10), (0, 0, 255, 0))).visible
    # Different sizes are compared at a common size.
    assert not image_cleaning.difference(grey, grey.resize((150, 150))).visible


def test_a_visibly_different_cleaned_copy_is_held_with_its_measure(result_of, monkeypatch):
    """When even the best encoding changes the picture visibly, the copy is held, not published."""
    monkeypatch.setitem(pipeline.IMAGE_ENCODINGS, "jpg", [{"format": "JPEG", "quality": 1, "subsampling": 2}])
    photo = Image.effect_noise((64, 64), 90).convert("RGB")
    result = result_of(samples.encoded(photo, "JPEG", quality=95), "noise.jpg")
    assert not result.is_clean
    assert "differs visibly" in result.hold_reason and "out of 255" in result.hold_reason
    assert result.cleaned_path  # kept, for the moderator to compare


def test_a_lossless_webp_is_not_degraded(result_of):
    """Lossy WebP that would blur sharp lines is replaced by lossless WebP rather than held."""
    image = Image.new("RGB", (64, 48), "white")
    for x in range(0, 64, 2):
        image.paste("red", (x, 0, x + 1, 48))
    result = result_of(samples.encoded(image, "WEBP", lossless=True), "lines.webp")
    assert result.is_clean
    assert image_cleaning.difference(image, cleaned_image(result)).peak <= 2


def _png(width, height, chunks=()):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunk(k, d) for k, d in chunks) + chunk(b"IEND", b"")


def _temp_files():
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "memorial-upload-*")))


@pytest.fixture
def own_temp_dir(tmp_path, monkeypatch):
    """The pipeline's working files go to a folder of this test's own: another test process making
    its own working files at the same moment (the suite runs in parallel) is not counted as a leftover."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.encoded(Image.new("RGB", (200, 200), "blue"), "PNG")[:300], "cut.png", "damaged"),
        (samples.encoded(samples.gradient_16bit(), "PNG")[:-40], "cut16.png", "damaged"),
        (samples.animated("GIF")[:60], "cut.gif", "damaged"),
        (samples.animated("WEBP")[:50], "cut.webp", "damaged"),
        (samples.encoded(Image.new("RGB", (50, 50)), "TIFF")[:120], "cut.tif", "damaged"),
        (samples.encoded(Image.new("RGB", (50, 50)), "BMP")[:80], "cut.bmp", "damaged"),
        (_png(10, 10, [(b"IDAT", zlib.compress(b"\x00" * 5))]), "short.png", "damaged"),
        (_png(10, 10, [(b"IDAT", b"not zlib at all")]), "bad.png", "damaged"),
        (_png(100_000, 100_000), "huge.png", "too many pixels"),
        (_png(1, 50_000_000), "tall.png", "too many pixels"),
        (
            b"GIF89a"
            + struct.pack("<HHBBB", 65535, 65535, 0, 0, 0)
            + b","
            + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0)
            + b"\x02\x02\x4c\x01\x00;",
            "huge.gif",
            "too many pixels",
        ),
    ],
)
def test_damaged_and_huge_images_are_refused_leaving_nothing(data, name, message, own_temp_dir):
    before = _temp_files()
    with pytest.raises(pipeline.UploadRefused) as exc:
        run(data, name)
    assert message in exc.value.message
    assert _temp_files() - before == set()


@pytest.mark.django_db
def test_public_form_seals_notes_and_holds_what_differs(client, site_tree, monkeypatch):
    """Through the public testimony form: the moderator sees each file's note; a held copy is not clean."""
    from tests.submissions.test_public_submission import form_data  # the form's fields, shared

    files = [
        SimpleUploadedFile("scan.png", samples.encoded(samples.gradient_16bit(), "PNG"), "image/png"),
        SimpleUploadedFile("wave.gif", samples.animated("GIF"), "image/gif"),
    ]
    response = client.post(reverse("submissions:testimony"), {**form_data(client), "files": files})
    assert response.status_code == 302
    records = {record.original_name: record for record in SealedOriginal.objects.all()}
    assert records["scan.png"].status == "clean" and "Measured difference" in records["scan.png"].cleaning_note
    assert "3 frames" in records["wave.gif"].cleaning_note
    with records["scan.png"].cleaned.open("rb") as fh:
        scan = Image.open(io.BytesIO(fh.read()))
        assert scan.getpixel((256, 0)) == round(samples.gradient_16bit().getpixel((256, 0)) / 257)

    monkeypatch.setitem(pipeline.IMAGE_ENCODINGS, "jpg", [{"format": "JPEG", "quality": 1, "subsampling": 2}])
    noise = samples.encoded(Image.effect_noise((64, 64), 90).convert("RGB"), "JPEG", quality=95)
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("noise.jpg", noise, "image/jpeg")},
    )
    assert response.status_code == 302
    held = SealedOriginal.objects.get(original_name="noise.jpg")
    assert held.status == "held" and "differs visibly" in held.hold_reason and "out of 255" in held.hold_reason
    assert held.cleaned, "the cleaned copy is sealed beside the original for the moderator to compare"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.encoded(samples.gradient_16bit(), "PNG")[:-40], "cut16.png", "damaged"),
        (_png(100_000, 100_000), "huge.png", "too many pixels"),
    ],
)
def test_public_form_refuses_a_damaged_or_huge_image_leaving_nothing(
    client, site_tree, file_snapshot, data, name, message, own_temp_dir
):
    from memorial.submissions.models import Submission
    from tests.submissions.test_public_submission import form_data  # the form's fields, shared

    files = file_snapshot()
    temp_before = _temp_files()
    response = client.post(
        reverse("submissions:testimony"), {**form_data(client), "files": SimpleUploadedFile(name, data, "image/png")}
    )
    assert response.status_code == 400  # the form again, with the reason
    assert message in response.content.decode()
    assert not Submission.objects.exists() and not SealedOriginal.objects.exists()
    assert files.new_files() == []
    assert _temp_files() - temp_before == set()


@pytest.mark.parametrize(
    "exif",
    [
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x02\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06",  # cut mid-entry
        b"Exif\x00\x00II*\x00\xff\xff\xff\x7f" + b"\x00" * 20,  # the first directory far outside the block
        b"Exif\x00\x00" + bytes(range(256)),  # no TIFF header at all
    ],
)
def test_a_damaged_exif_block_never_breaks_cleaning(exif):
    """Broken EXIF (as in Pillow's own corrupt-EXIF samples): cleaned without it, or refused; never a crash."""
    data = samples.encoded(Image.new("RGB", (24, 16), "navy"), "JPEG", exif=exif, quality=95)
    try:
        result = run(data, "odd.jpg")
    except pipeline.UploadRefused as exc:
        assert "could not be read" in exc.message
        return
    try:
        assert result.is_clean
        assert samples.metadata_left(result.cleaned_bytes()) == set()
    finally:
        result.cleanup()


@pytest.mark.django_db
def test_moderator_reads_what_the_cleaning_did_and_the_admin_form_shows_the_measure(
    client, django_user_model, monkeypatch
):
    """The sealed original's inspect view tells a moderator of the dropped frames and the measure; the
    admin's image form, which publishes at once, refuses a visibly changed copy and says by how much."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from tests.moderation.helpers import user_in

    def add_image(name, data):
        root = Collection.get_first_root_node()
        return client.post(
            reverse("wagtailimages:add"),
            {"title": "Upload", "collection": str(root.pk), "file": SimpleUploadedFile(name, data)},
        )

    login_verified(client, django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16))
    assert add_image("wave.gif", samples.animated("GIF")).status_code == 302
    sealed = SealedOriginal.objects.get()
    assert "3 frames" in sealed.cleaning_note

    monkeypatch.setitem(pipeline.IMAGE_ENCODINGS, "png", [{"format": "JPEG", "quality": 1, "subsampling": 2}])
    noise = samples.encoded(Image.effect_noise((64, 64), 90).convert("RGB"), "PNG")
    response = add_image("noise.png", noise)
    assert response.status_code == 200
    assert "differs visibly" in response.content.decode() and "out of 255" in response.content.decode()
    assert get_image_model().objects.count() == 1 and SealedOriginal.objects.count() == 1

    login_verified(client, user_in(django_user_model, "Moderators"))
    page = client.get(reverse("wagtailsnippets_uploads_sealedoriginal:inspect", args=[sealed.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 frames" in html and "only the first was kept" in html and "out of 255" in html


@pytest.mark.parametrize(("deep", "shallow"), [("rgb48be", "rgb24"), ("rgba64be", "rgba"), ("ya16be", "ya8")])
def test_16_bit_colour_and_grey_alpha_pngs_keep_their_colours_and_alpha(result_of, deep, shallow):
    """48-bit and 64-bit PNGs (made by ffmpeg, as Pillow cannot write them) match ffmpeg's own 8-bit rendering."""

    def gradient(pix_fmt):
        pattern = "testsrc2=size=64x32,format=rgba,colorchannelmixer=aa=0.6"  # with half-transparent alpha
        source = ["-f", "lavfi", "-i", pattern, "-frames:v", "1"]
        return samples._ffmpeg([*source, "-pix_fmt", pix_fmt], "png")

    cleaned = cleaned_image(result_of(gradient(deep), "deep.png")).convert("RGBA")
    expected = Image.open(io.BytesIO(gradient(shallow))).convert("RGBA")
    assert image_cleaning.difference(expected, cleaned).peak <= 2
    if deep != "rgb48be":
        assert 100 < cleaned.getpixel((5, 5))[3] < 200  # the alpha is there
