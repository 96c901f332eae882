"""The upload pipeline's rules at their edges: limits at the byte and the pixel, names cut to length, text cut
mid-character, formats that share a kind, every image mode, tags that resist, an ffmpeg that fails, and no
temporary file left behind. Each is a rule `make mutation` found nothing checking."""

import dataclasses
import hashlib
import io
import os
import random
import struct
import tempfile
import wave

import mutagen.flac
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from mutagen.apev2 import APEv2
from mutagen.id3 import APIC, ID3, TIT2
from PIL import Image, ImageCms, JpegImagePlugin

from memorial.uploads import pipeline

from . import samples

MB = 1024 * 1024
TOKENS = (b"SecretCam", b"Witness Real Name", b"Secret title", b"recorded at home", b"home address")


def run(data, name, kinds=None):
    return pipeline.process(SimpleUploadedFile(name, data), kinds)


def cleaned(data, name, kinds=None):
    """The cleaned copy's bytes and the result (its files already removed)."""
    result = run(data, name, kinds)
    try:
        return result.cleaned_bytes(), result
    finally:
        result.cleanup()


def refusal(data, name, kinds=None):
    with pytest.raises(pipeline.UploadRefused) as refused:
        run(data, name, kinds).cleanup()
    return refused.value.message


def image_bytes(image, fmt, **options):
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    """The pipeline's temporary files go to a folder of this test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


# --- Limits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "limit", "words"),
    [("image", 20 * MB, "20.0 MB"), ("audio", 200 * MB, "200.0 MB"), ("video", 500 * MB, "500.0 MB")]
    + [("document", 20 * MB, "20.0 MB"), ("text", 50 * MB, "50.0 MB")],
)
def test_a_type_whose_limit_is_not_set_gets_the_documented_default(settings, kind, limit, words):
    """Settings that name no limit for a type leave it the README's default, to the byte: a file of exactly
    that size passes, one byte more is refused with the limit in words."""
    settings.MEMORIAL_UPLOAD_LIMITS = {}
    pipeline.check_size(kind, 1, "small")
    pipeline.check_size(kind, limit, "exact")
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.check_size(kind, limit + 1, "over")
    assert f"at most {words}" in refused.value.message.replace("\xa0", " ")


def test_an_upload_declaring_a_size_over_the_limit_is_refused_before_it_is_copied(settings, temp_dir):
    """The declared size is checked before a byte is copied (the count while copying checks it again)."""
    settings.MEMORIAL_UPLOAD_LIMITS = {"image": 10_000}
    upload = SimpleUploadedFile("photo.png", samples.plain_png())
    upload.size = 50_000
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.process(upload)
    assert "too large" in refused.value.message
    assert list(temp_dir.iterdir()) == []


def test_the_pixel_limit_counts_width_times_height(settings):
    """At most the set number of pixels: 30 by 20 passes a limit of 600, 30 by 21 does not."""
    settings.MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS = 600
    data, result = cleaned(image_bytes(Image.new("RGB", (30, 20), "green"), "PNG"), "exact.png")
    assert result.is_clean
    assert "too many pixels" in refusal(image_bytes(Image.new("RGB", (30, 21), "green"), "PNG"), "over.png")
    assert "too many pixels" in refusal(image_bytes(Image.new("RGB", (21, 30), "green"), "PNG"), "tall.png")


def test_the_default_pixel_limit_is_forty_million_and_says_so(settings):
    """Without the setting an image may have 40 million pixels; a larger one is refused, saying so."""
    del settings.MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS
    assert pipeline.max_image_pixels() == 40_000_000
    message = refusal(samples.bomb_png(8000, 5001), "huge.png")
    assert "(at most 40 million)" in message


@pytest.mark.parametrize(("limit", "words"), [(2_500_000, "2.5 million"), (500_000, "0.5 million")])
def test_a_pixel_limit_that_is_not_whole_millions_is_said_as_it_is(settings, limit, words):
    settings.MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS = limit
    assert f"(at most {words})" in refusal(samples.bomb_png(2000, 1300), "wide.png")


@pytest.mark.parametrize("size", [(20_000, 20_000), (10_000, 10_000)])
def test_pillows_own_bomb_guard_also_gives_a_clear_refusal(settings, size):
    """Set above Pillow's own guard, the archive's limit lets it speak: its error (twice its limit) and its
    warning (above it) are both a refusal that says why, never a crash."""
    settings.MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS = 10**12
    assert "too many pixels" in refusal(samples.bomb_png(*size), "bomb.png")


# --- Names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\witness\\photo.jpg", "photo.jpg"),
        ("photo.jpg", "photo.jpg"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("nul\x00byte.jpg", "nulbyte.jpg"),
        ("zero\u200bwidth.jpg", "zerowidth.jpg"),
        ("a" * 96 + ".jpg", "a" * 96 + ".jpg"),  # exactly 100: kept
        ("a" * 500 + ".jpg", "a" * 96 + ".jpg"),  # cut, its extension kept
        ("a" * 500 + ".abcdefgh", "a" * 91 + ".abcdefgh"),  # an extension of 8 is kept
        ("a" * 500 + ".abcdefghi", "a" * 100),  # one of 9 is not
        ("report." + "x" * 200, ("report." + "x" * 200)[:100]),
        ("", "file"),
        (None, "file"),
    ],
)
def test_a_file_name_is_cut_to_its_last_part_and_a_hundred_characters(name, safe):
    assert pipeline.display_name(name) == safe


# --- Types --------------------------------------------------------------------------------


def test_a_name_of_another_format_of_the_same_kind_is_accepted_except_for_images():
    """An MP3 called .ogg or an MP4 called .mov is what it says (a recording, a video) and is accepted; a
    file named as another kind is refused whichever way round; a name without a known extension says nothing."""
    mp3, mp4, png = samples.tagged_mp3(), samples.tagged_mp4(), samples.plain_png()
    assert pipeline.sniff(mp3[: pipeline.SNIFF_BYTES], "voice.ogg").key == "mp3"
    assert pipeline.sniff(mp4[: pipeline.SNIFF_BYTES], "clip.mov").key == "mp4"
    assert pipeline.sniff(png, "scan").key == "png"
    assert pipeline.sniff(png, "SCAN.PNG").key == "png"
    for head, name in [(samples.PDF, "statement.mp3"), (mp3[: pipeline.SNIFF_BYTES], "voice.pdf")]:
        with pytest.raises(pipeline.UploadRefused) as refused:
            pipeline.sniff(head, name)
        assert "not what its name says" in refused.value.message


def test_a_form_accepting_some_kinds_refuses_the_others_and_names_what_it_takes():
    png = samples.plain_png()
    assert pipeline.sniff(png, "scan.png", {pipeline.IMAGE}).key == "png"
    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.sniff(png, "scan.png", {pipeline.DOCUMENT})
    assert refused.value.message.endswith("(document (PDF)).")


def test_the_format_table_cannot_be_changed_by_a_caller():
    with pytest.raises(dataclasses.FrozenInstanceError):
        pipeline.FORMATS["jpeg"].kind = pipeline.TEXT


# --- Text ---------------------------------------------------------------------------------

SAMPLE = pipeline.SNIFF_BYTES


@pytest.mark.parametrize(
    "text",
    [
        "Notes of the interview, شارع الزهور, 1982.\n".encode(),
        b"a" * (SAMPLE - 1) + "é and more".encode(),  # a two-byte character cut by the sample's end
        b"a" * (SAMPLE - 3) + "\U0001f56f and more".encode(),  # a four-byte one, three bytes in the sample
    ],
)
def test_utf8_text_is_accepted_as_it_is(text):
    data, result = cleaned(text, "notes.txt")
    assert result.is_clean and result.kind == pipeline.TEXT and data == text
    result = run(text, "notes.txt", {pipeline.TEXT})
    result.cleanup()
    assert result.format.key == "txt"


@pytest.mark.parametrize(
    "text",
    [
        "café in Latin-1".encode("latin-1"),
        b"a" * (SAMPLE - 4) + b"\xff and more",  # not a cut character: four bytes from the end
        b"a line\x00with a NUL",
    ],
)
def test_text_that_is_not_utf8_is_not_accepted_as_text(text):
    assert "not a file type we accept" in refusal(text, "notes.txt")


def test_text_whose_bad_bytes_come_after_the_sample_is_refused_when_copied():
    assert "not a UTF-8 text file" in refusal(b"a" * (2 * SAMPLE) + b"\xe9t\xe9", "notes.txt")


def test_text_is_not_taken_where_only_images_are():
    message = refusal(b"Just words.", "notes.txt", {pipeline.IMAGE})
    assert message.endswith("(image).")


def test_markup_after_the_first_kilobyte_is_still_refused():
    """A script two kilobytes into a file that begins as text is found: the sample read is large enough."""
    page = b"Dear archive, " * 150 + b"<script>alert(1)</script>"
    assert "markup" in refusal(page, "notes.txt")


# --- Images -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "stored_as"),
    [
        ("JPEG", "p.jpg", "JPEG"),
        ("PNG", "p.png", "PNG"),
        ("GIF", "p.gif", "PNG"),
        ("WEBP", "p.webp", "WEBP"),
        ("TIFF", "p.tif", "PNG"),
        ("BMP", "p.bmp", "PNG"),
    ],
)
def test_each_image_format_is_stored_in_its_cleaned_format(fmt, name, stored_as):
    data, result = cleaned(image_bytes(Image.new("RGB", (12, 8), (0, 128, 0)), fmt), name)
    assert result.is_clean and result.kind == pipeline.IMAGE
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == stored_as and image.size == (12, 8)


def test_a_greyscale_photograph_stays_greyscale():
    data, _result = cleaned(image_bytes(Image.new("L", (10, 10), 77), "JPEG"), "grey.jpg")
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "L"


def test_transparency_is_kept_and_only_where_there_was_some():
    """A translucent PNG (with or without a colour profile) and a GIF's transparent colour keep their
    transparency; a palette image without one becomes plain RGB."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    translucent = Image.new("RGBA", (10, 10), (0, 0, 255, 128))
    for data in (image_bytes(translucent, "PNG"), image_bytes(translucent, "PNG", icc_profile=icc)):
        copy, _result = cleaned(data, "translucent.png")
        with Image.open(io.BytesIO(copy)) as image:
            assert image.mode == "RGBA" and image.getpixel((1, 1)) == (0, 0, 255, 128)

    palette = Image.new("P", (10, 10), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    copy, _result = cleaned(image_bytes(palette, "GIF", transparency=1), "clear.gif")
    with Image.open(io.BytesIO(copy)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1))[3] == 0
    copy, _result = cleaned(image_bytes(palette, "PNG"), "opaque.png")
    with Image.open(io.BytesIO(copy)) as image:
        assert image.mode == "RGB" and image.getpixel((1, 1)) == (255, 0, 0)


def _photo():
    """Sharp coloured detail: what chroma subsampling and a low quality would visibly change."""
    rng = random.Random(1982)  # the same picture at every call and every run
    grain = bytes(min(255, max(0, round(rng.gauss(128, 60)))) for _ in range(48 * 32))
    photo = Image.frombytes("L", (48, 32), grain).convert("RGB")
    photo.paste((200, 20, 20), (0, 0, 24, 16))
    return photo


def _visible_first(monkeypatch):
    """The first encoding measured as visibly different (whatever it is), the next ones as measured."""
    measure = pipeline.image_cleaning.difference
    calls = []

    def difference(original, copy):
        calls.append(copy)
        return pipeline.image_cleaning.Difference(mean=50.0, peak=200) if len(calls) == 1 else measure(original, copy)

    monkeypatch.setattr(pipeline.image_cleaning, "difference", difference)
    return calls


def test_a_jpeg_is_written_at_quality_92_in_full_colour_resolution_when_that_is_not_visible():
    original = image_bytes(_photo(), "JPEG", quality=98, subsampling=0)
    data, result = cleaned(original, "photo.jpg")
    assert result.is_clean
    with Image.open(io.BytesIO(data)) as stored:
        assert JpegImagePlugin.get_sampling(stored) == 0  # 4:4:4, no chroma subsampling
    # The original's pixels at quality 92, with optimised Huffman tables (smaller, the same picture).
    with Image.open(io.BytesIO(original)) as pixels:
        assert data == image_bytes(pixels.convert("RGB"), "JPEG", quality=92, subsampling=0, optimize=True)


def test_a_jpeg_whose_first_encoding_differs_visibly_is_written_at_quality_100(monkeypatch):
    calls = _visible_first(monkeypatch)
    original = image_bytes(_photo(), "JPEG", quality=98, subsampling=0)
    data, result = cleaned(original, "photo.jpg")
    assert result.is_clean and len(calls) == 2  # the second encoding measured, and kept
    with Image.open(io.BytesIO(data)) as stored:
        assert JpegImagePlugin.get_sampling(stored) == 0
        assert all(set(table) == {1} for table in stored.quantization.values())  # quality 100
    with Image.open(io.BytesIO(original)) as pixels:
        assert data == image_bytes(pixels.convert("RGB"), "JPEG", quality=100, subsampling=0, optimize=True)


def test_a_png_is_written_with_its_smallest_compression():
    data, result = cleaned(image_bytes(_photo(), "PNG"), "scan.png")
    assert result.is_clean and data == image_bytes(_photo(), "PNG", optimize=True)


def test_a_webp_is_written_lossy_first_and_lossless_when_that_differs_visibly(monkeypatch):
    smooth = Image.linear_gradient("L").resize((48, 32)).convert("RGB")
    webp = image_bytes(smooth, "WEBP", lossless=True)
    data, result = cleaned(webp, "sky.webp")
    assert result.is_clean and data[12:16] == b"VP8 "  # lossy, at the quality that was not visible
    assert data == image_bytes(smooth, "WEBP", quality=92)
    calls = _visible_first(monkeypatch)
    data, result = cleaned(webp, "sky.webp")
    assert result.is_clean and len(calls) == 2 and data[12:16] == b"VP8L"
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.convert("RGB").tobytes() == smooth.tobytes()


def test_an_image_differing_visibly_in_every_encoding_is_held_with_its_last_copy(monkeypatch):
    monkeypatch.setattr(
        pipeline.image_cleaning, "difference", lambda original, copy: pipeline.image_cleaning.Difference(9.0, 99)
    )
    data, result = cleaned(image_bytes(_photo(), "JPEG", quality=98), "photo.jpg")
    assert not result.is_clean and "differs visibly" in result.hold_reason and "9.0 on average" in result.note
    with Image.open(io.BytesIO(data)) as stored:
        assert all(set(table) == {1} for table in stored.quantization.values())


def test_an_encoder_that_writes_metadata_refuses_the_image_saying_so(temp_dir, monkeypatch):
    """Should an encoding ever write a text chunk, the last check's own message is what the submitter reads."""
    info = samples.PngImagePlugin.PngInfo()
    info.add_text("Author", "Witness Real Name")
    monkeypatch.setitem(pipeline.IMAGE_ENCODINGS, "png", [{"format": "PNG", "pnginfo": info}])
    assert "could not be cleaned of its metadata" in refusal(samples.plain_png(), "scan.png")
    assert list(temp_dir.iterdir()) == []


def test_an_encoder_that_cannot_write_the_pixels_refuses_the_image_leaving_nothing(temp_dir, monkeypatch):
    monkeypatch.setitem(pipeline.IMAGE_ENCODINGS, "png", [{"format": "PNG", "compress_level": "high"}])
    assert "could not be read as an image" in refusal(samples.plain_png(), "scan.png")
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "erased.png"), ("WEBP", "erased.webp"), ("PNG", "grey.png")])
def test_what_was_erased_to_transparency_is_not_kept_under_it(fmt, name):
    """A face "erased" by making it transparent keeps its colours in the file; the cleaned copy does not."""
    picture = Image.new("RGBA", (32, 24), (30, 90, 200, 255))
    picture.paste((222, 111, 55, 0), (8, 6, 24, 18))  # hidden colour, fully transparent
    picture.paste((10, 200, 10, 128), (0, 0, 4, 4))  # translucent: seen, so kept
    if name == "grey.png":
        picture = picture.convert("LA")
    options = {"lossless": True, "exact": True} if fmt == "WEBP" else {}
    original = image_bytes(picture, fmt, **options)
    with Image.open(io.BytesIO(original)) as check:
        assert check.getpixel((10, 10))[:-1] != (0,) * (len(check.mode) - 1)  # the sample hides a colour
    data, result = cleaned(original, name)
    assert result.is_clean
    with Image.open(io.BytesIO(data)) as stored:
        hidden = stored.getpixel((10, 10))
        assert hidden[-1] == 0 and set(hidden[:-1]) == {0}
        assert stored.getpixel((30, 20)) == picture.getpixel((30, 20))
        assert stored.getpixel((1, 1))[-1] == 128


@pytest.mark.parametrize(
    ("fmt", "options", "name"),
    [
        ("JPEG", {"comment": b"taken at my home address"}, "comment.jpg"),
        ("PNG", {"pnginfo": samples.PngImagePlugin.PngInfo()}, "text.png"),
    ],
)
def test_the_last_check_refuses_an_image_still_carrying_metadata(tmp_path, fmt, options, name):
    """Should rebuilding ever keep a comment or a text chunk, the final check refuses the image."""
    if "pnginfo" in options:
        options["pnginfo"].add_text("Author", "Witness Real Name")
    path = tmp_path / name
    path.write_bytes(image_bytes(Image.new("RGB", (8, 8)), fmt, **options))
    with pytest.raises(pipeline.UploadRefused):
        pipeline._verify_image_is_bare(str(path))
    bare = tmp_path / "bare.png"
    bare.write_bytes(samples.plain_png())
    pipeline._verify_image_is_bare(str(bare))


def _bad_checksum_png():
    data = bytearray(samples.plain_png())
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4 : at])[0]
    data[at + 4 + length] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "name"), [(samples.truncated_jpeg(), "cut.jpg"), (_bad_checksum_png(), "checksum.png")]
)
def test_a_damaged_image_is_refused_and_leaves_no_temporary_file(temp_dir, data, name):
    assert "damaged" in refusal(data, name)
    assert list(temp_dir.iterdir()) == []


def test_cleanup_removes_the_original_and_the_cleaned_copy_and_the_size_is_counted(temp_dir):
    data = samples.gps_jpeg()
    result = run(data, "photo.jpg")
    assert result.size == len(data) and result.sha256 == hashlib.sha256(data).hexdigest()
    paths = [result.original_path, result.cleaned_path]
    assert all(os.path.exists(path) for path in paths)
    result.cleanup()
    assert not any(os.path.exists(path) for path in paths)
    assert list(temp_dir.iterdir()) == []


# --- Audio --------------------------------------------------------------------------------


def test_flac_tags_and_cover_art_are_removed(tmp_path):
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(samples.gps_jpeg((16, 16)))
    data = samples._ffmpeg(
        ["-f", "lavfi", "-i", "sine=duration=0.3", "-i", str(cover), "-map", "0", "-map", "1", "-c:v", "copy"]
        + [
            "-disposition:v",
            "attached_pic",
            "-metadata",
            "title=Secret title",
            "-metadata",
            "artist=Witness Real Name",
        ],
        "flac",
    )
    assert b"Secret title" in data and b"SecretCam" in data
    copy, result = cleaned(data, "voice.flac")
    assert result.is_clean and not [token for token in TOKENS if token in copy]
    assert mutagen.flac.FLAC(io.BytesIO(copy)).pictures == []


@pytest.mark.parametrize("cover", [0, 40_000])
def test_a_flac_behind_an_id3_tag_is_a_flac_and_loses_the_tag(tmp_path, cover):
    """Some taggers write an ID3 tag before a FLAC's own header (the tag alone would make it an MP3, and
    mutagen would refuse it as one); however long the tag (a cover larger than the sniffed sample),
    the file is read as the FLAC it is, and the tag goes with the FLAC's own tags."""
    path = tmp_path / "voice.flac"
    path.write_bytes(samples._ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.3"], "flac"))
    tag = ID3()
    tag.add(TIT2(encoding=3, text="Secret title"))
    if cover:
        tag.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="cover", data=os.urandom(cover)))
    tag.save(str(path))
    data = path.read_bytes()
    assert data[:3] == b"ID3" and b"Secret title" in data and data.index(b"fLaC") > (cover and pipeline.SNIFF_BYTES)
    copy, result = cleaned(data, "voice.flac")
    assert result.format.key == "flac" and result.is_clean
    assert copy[:4] == b"fLaC" and b"Secret title" not in copy


@pytest.mark.parametrize(
    ("head", "length"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x02\x01", 10 + 257),
        (b"ID3\x04\x00\x10\x00\x00\x00\x05", 10 + 5 + 10),  # a footer
        (b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f", 10 + (1 << 28) - 1),
        (b"ID3\x04\x00\x00\x00\x00\x00\x80", 0),  # not "syncsafe": not a tag
        (b"ID3\x04\x00\x00\x00", 0),  # cut short
        (b"RIFF\x04\x00\x00\x00\x00\x05", 0),
    ],
)
def test_an_id3_tags_length_is_read_from_its_header(head, length):
    assert pipeline.id3_length(head) == length


def test_an_mp3_whose_tag_is_followed_by_something_else_stays_an_mp3():
    assert pipeline.sniff(samples.tagged_mp3()[: pipeline.SNIFF_BYTES], "voice.mp3", after_tag=b"\xff\xfb").key == "mp3"
    assert pipeline.sniff(samples.tagged_mp3()[: pipeline.SNIFF_BYTES], "voice.mp3", after_tag=b"fLaC").key == "flac"
    assert pipeline.sniff(samples.plain_png(), "scan.png", after_tag=b"fLaC").key == "png"


def test_an_mp3s_ape_tag_is_removed_with_its_id3_tags(tmp_path):
    path = tmp_path / "voice.mp3"
    path.write_bytes(samples.tagged_mp3())
    ape = APEv2()
    ape["Comment"] = "recorded at home"
    ape.save(str(path))
    data = path.read_bytes()
    assert b"APETAGEX" in data
    copy, result = cleaned(data, "voice.mp3")
    assert result.is_clean and b"APETAGEX" not in copy and b"recorded at home" not in copy


def test_a_recording_whose_tags_cannot_be_removed_is_held(monkeypatch):
    """Fail closed: tags that resist removal hold the recording for a moderator; it is never passed as clean."""
    data = samples._ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.3", "-metadata", "title=Secret title"], "flac")
    monkeypatch.setattr(mutagen.flac.FLAC, "delete", lambda self, filething=None: None)
    monkeypatch.setattr(mutagen.flac.FLAC, "save", lambda self, *args, **kwargs: None)
    result = run(data, "voice.flac")
    try:
        assert not result.is_clean and not result.cleaned_path
        assert "tags could not all be removed" in result.hold_reason
    finally:
        result.cleanup()


def _pcm_wav(frames=b"\x00\x01" * 100):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(frames)
    return buf.getvalue()


def test_a_wav_that_cannot_be_rebuilt_is_held_not_refused():
    """A WAV cut in its header is held for a moderator."""
    result = run(_pcm_wav()[:30], "voice.wav")
    try:
        assert not result.is_clean and "cannot be rebuilt without its metadata" in result.hold_reason
    finally:
        result.cleanup()


def test_a_float_wav_is_copied_by_ffmpeg_sample_for_sample():
    """A float WAV (which Python's wave cannot read) has its samples copied by ffmpeg, not re-encoded."""
    float_wav = samples._ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.2", "-c:a", "pcm_f32le"], "wav")
    copy, result = cleaned(float_wav, "voice.wav")
    assert result.is_clean
    assert samples.stream_hashes(copy, "wav") == samples.stream_hashes(float_wav, "wav")
    assert samples.riff_chunks(copy) == ["fmt ", "data"] or samples.riff_chunks(copy) == ["fmt ", "fact", "data"]


def test_a_rebuilt_wav_keeps_every_frame():
    frames = bytes(range(256)) * 40
    copy, result = cleaned(_pcm_wav(frames), "voice.wav")
    with wave.open(io.BytesIO(copy)) as check:
        assert check.readframes(check.getnframes()) == frames


@pytest.mark.parametrize(
    ("name", "container"),
    [("voice.mp3", "mp3"), ("voice.ogg", "ogg"), ("voice.opus", "ogg"), ("voice.flac", "flac"), ("voice.wav", "wav")]
    + [("memo.m4a", "m4a")],
)
def test_a_cleaned_recording_keeps_its_own_container(name, container):
    """Cleaning never moves the sound into another container: an MP3 stays an MP3, an M4A keeps its
    "M4A " brand (an MP4 brand would make it a video)."""
    data = samples.voice_memo() if container == "m4a" else samples.tagged_recording(name.rsplit(".", 1)[1])
    copy, result = cleaned(data, name)
    assert result.is_clean and pipeline.sniff(copy[: pipeline.SNIFF_BYTES], name).key == container
    if container == "m4a":
        assert copy[8:12] == b"M4A "


def test_a_recording_mutagen_cannot_read_again_after_cleaning_is_held(monkeypatch):
    opened = []
    read = pipeline.mutagen.File
    monkeypatch.setattr(
        pipeline.mutagen, "File", lambda path: opened.append(path) or (read(path) if len(opened) == 1 else None)
    )
    result = run(samples.tagged_mp3(), "voice.mp3")
    try:
        assert len(opened) == 2 and not result.is_clean and "tags could not all be removed" in result.hold_reason
    finally:
        result.cleanup()


def test_a_pcm_wav_is_rebuilt_by_python_alone_without_ffmpeg(monkeypatch):
    """A PCM WAV needs no ffmpeg: its LIST chunks go, its frames stay, and it is clean, not held."""
    monkeypatch.setattr(pipeline, "ffmpeg_path", lambda: None)
    data = samples.tagged_wav()
    copy, result = cleaned(data, "voice.wav")
    assert result.is_clean and samples.riff_chunks(copy) == ["fmt ", "data"]
    assert not [token for token in TOKENS if token in copy]
    with wave.open(io.BytesIO(copy)) as check, wave.open(io.BytesIO(data)) as original:
        assert check.readframes(10_000) == original.readframes(10_000)


def test_metadata_left_in_a_recording_is_named_five_kinds_at_most(monkeypatch):
    left = ["title", "artist", "comment", "location", "date", "encoder", "cover"]
    monkeypatch.setattr(pipeline.recording_cleaning, "leftovers", lambda path, key, binary: left)
    result = run(samples.tagged_mp3(), "voice.mp3")
    try:
        assert not result.is_clean
        assert "(title, artist, comment, location, date)" in result.hold_reason
        assert "encoder" not in result.hold_reason
    finally:
        result.cleanup()


@pytest.mark.parametrize("order", [(b"1", b"2"), (b"2", b"1")])
def test_a_copy_whose_packets_differ_either_way_is_held(monkeypatch, order):
    """The comparison is equality: a copy's packets greater or smaller than the original's, held alike."""
    answers = iter([[f"0,a,SHA256={order[0].decode()}"], [f"0,a,SHA256={order[1].decode()}"]])
    monkeypatch.setattr(pipeline.recording_cleaning, "packet_hashes", lambda binary, path, timeout: next(answers))
    result = run(samples.tagged_mp3(), "voice.mp3")
    try:
        assert not result.is_clean and "identical" in result.hold_reason
    finally:
        result.cleanup()


@pytest.mark.parametrize("error", [OSError, ValueError, KeyError, IndexError, mutagen.MutagenError])
def test_whatever_mutagen_raises_on_a_damaged_recording_is_a_refusal(temp_dir, monkeypatch, error):
    """mutagen meets damaged files with any of these (a short read, a bad length, a missing frame):
    each is a clear refusal, never a server error, and nothing is left behind."""

    def damaged(*args, **kwargs):
        raise error("damaged")

    monkeypatch.setattr(pipeline.mutagen, "File", damaged)
    assert "could not be read as an audio recording" in refusal(samples.tagged_mp3(), "voice.mp3")
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize("error", [wave.Error, EOFError, OSError])
def test_a_wav_python_cannot_read_goes_to_ffmpeg_and_without_it_is_held(monkeypatch, error):
    def unreadable(*args, **kwargs):
        raise error("damaged")

    data = samples.tagged_wav()
    monkeypatch.setattr(pipeline.wave, "open", unreadable)
    copy, result = cleaned(data, "voice.wav")  # ffmpeg copies the samples instead
    assert result.is_clean and samples.riff_chunks(copy) == ["fmt ", "data"]
    monkeypatch.setattr(pipeline, "ffmpeg_path", lambda: None)
    result = run(data, "voice.wav")
    try:
        assert not result.is_clean and "cannot be rebuilt without its metadata" in result.hold_reason
    finally:
        result.cleanup()


def test_an_unreadable_recording_is_refused():
    assert "could not be read as an audio recording" in refusal(b"fLaC" + b"\x00" * 200, "voice.flac")


# --- Video --------------------------------------------------------------------------------


def _fake_ffmpeg(tmp_path, monkeypatch, body, wrote="partial"):
    """An ffmpeg that writes ``wrote`` to its output file (nothing when empty) and then does ``body``."""
    script = tmp_path / "ffmpeg"
    write = f'for last; do :; done\nprintf {wrote} > "$last"\n' if wrote else ""
    script.write_text("#!/bin/sh\n" + write + body + "\n")
    script.chmod(0o755)
    monkeypatch.setattr(pipeline, "ffmpeg_path", lambda: str(script))


@pytest.mark.parametrize("body", ["exit 1", "kill -KILL $$"])
def test_an_ffmpeg_that_fails_after_writing_part_of_the_copy_refuses_the_video(tmp_path, monkeypatch, body):
    """ffmpeg failing (or killed, say for memory) with half a copy written: the video is refused."""
    _fake_ffmpeg(tmp_path, monkeypatch, body)
    assert "could not be read as a video" in refusal(samples.tagged_mp4(), "clip.mp4")


@pytest.mark.parametrize(
    ("sample", "name", "words"),
    [
        (samples.tagged_mp4, "clip.mp4", "could not be processed as a video"),
        (samples.voice_memo, "memo.m4a", "could not be read as an audio recording"),
    ],
)
def test_an_ffmpeg_that_cannot_run_or_hangs_refuses_the_file(tmp_path, monkeypatch, settings, sample, name, words):
    data = sample()
    monkeypatch.setattr(pipeline, "ffmpeg_path", lambda: str(tmp_path / "missing-ffmpeg"))
    assert words in refusal(data, name)
    _fake_ffmpeg(tmp_path, monkeypatch, "sleep 5")
    settings.MEMORIAL_FFMPEG_TIMEOUT = 0.2
    assert words in refusal(data, name)


def test_each_ffmpeg_run_is_given_ten_minutes_unless_the_settings_say_otherwise(monkeypatch, settings):
    """Copying and comparing a recording each stop after ten minutes (a hostile file can keep ffmpeg busy)."""
    given = []
    copy, hashes = pipeline.recording_cleaning.copy_streams, pipeline.recording_cleaning.packet_hashes
    monkeypatch.setattr(
        pipeline.recording_cleaning, "copy_streams", lambda *args: given.append(args[-1]) or copy(*args)
    )
    monkeypatch.setattr(
        pipeline.recording_cleaning, "packet_hashes", lambda *args: given.append(args[-1]) or hashes(*args)
    )
    del settings.MEMORIAL_FFMPEG_TIMEOUT  # not set: the default
    assert cleaned(samples.tagged_mp4(), "clip.mp4")[1].is_clean
    assert given == [600, 600, 600]  # the copy, then the original's packets and the copy's
    settings.MEMORIAL_FFMPEG_TIMEOUT = 45
    given.clear()
    assert cleaned(samples.voice_memo(), "memo.m4a")[1].is_clean
    assert given == [45, 45, 45]


@pytest.mark.parametrize(("body", "wrote"), [("exit 1", "partial"), ("kill -KILL $$", "partial"), ("exit 0", "")])
def test_an_m4a_that_ffmpeg_fails_to_copy_or_copies_empty_is_refused(tmp_path, monkeypatch, body, wrote):
    """ffmpeg failing with part of a copy written, or succeeding without writing any: never a copy."""
    _fake_ffmpeg(tmp_path, monkeypatch, body, wrote)
    assert "could not be read as an audio recording" in refusal(samples.voice_memo(), "memo.m4a")
