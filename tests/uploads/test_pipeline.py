"""The safe-upload pipeline: type from content, limits, metadata removed, fail closed."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers

from memorial.uploads import pipeline
from memorial.uploads.handlers import GuardedUploadHandler, RefusedUpload

from . import samples


def run(data, name, kinds=None):
    return pipeline.process(SimpleUploadedFile(name, data), kinds)


def test_gps_jpeg_is_rebuilt_without_any_metadata():
    """A photo's EXIF (GPS, camera), XMP, ICC profile and comment never survive; its hash is the original's."""
    data = samples.gps_jpeg()
    assert samples.metadata_left(data)  # the sample really carries metadata
    result = run(data, "holiday.jpg")
    try:
        assert result.is_clean and result.format.key == "jpeg"
        assert samples.metadata_left(result.cleaned_bytes()) == set()
        assert result.sha256 == hashlib.sha256(data).hexdigest()
    finally:
        result.cleanup()


def test_png_text_chunks_are_removed():
    """PNG text chunks (author, location) are dropped with everything else that is not pixels."""
    result = run(samples.tagged_png(), "scan.png")
    try:
        assert samples.metadata_left(result.cleaned_bytes()) == set()
        assert b"Witness Real Name" not in result.cleaned_bytes()
    finally:
        result.cleanup()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.SVG_WITH_SCRIPT, "drawing.svg", "SVG"),
        (samples.SVG_WITH_SCRIPT, "photo.jpg", "SVG"),
        (samples.HTML_PAGE, "page.png", "HTML"),
        (samples.plain_png(), "report.pdf", "not what its name says"),
        (samples.gps_jpeg(), "photo.png", "not what its name says"),
        (samples.PDF, "photo.jpg", "not what its name says"),
        (b"MZ\x90\x00" + b"\x00" * 200, "tool.exe", "not a file type we accept"),
        (b"", "empty.jpg", "empty"),
        (samples.truncated_jpeg(), "cut.jpg", "damaged"),
        (samples.corrupt_jpeg(), "broken.jpg", "damaged"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(data, name, message):
    """Markup, lying names, unknown types, empty, truncated and corrupt files are refused, and say why."""
    with pytest.raises(pipeline.UploadRefused) as exc:
        run(data, name, {pipeline.IMAGE, pipeline.DOCUMENT, pipeline.AUDIO, pipeline.VIDEO})
    assert message.lower() in exc.value.message.lower()


def test_decompression_bomb_is_refused():
    """An image that would decode to too many pixels is refused before it is decoded."""
    with pytest.raises(pipeline.UploadRefused) as exc:
        run(samples.bomb_png(), "bomb.png")
    assert "too many pixels" in exc.value.message


def test_size_limit_per_type(settings):
    """Each type has its own configurable limit."""
    settings.MEMORIAL_UPLOAD_LIMITS = {"image": 1000}
    with pytest.raises(pipeline.UploadRefused) as exc:
        run(samples.gps_jpeg((300, 300)), "big.jpg")
    assert "too large" in exc.value.message


def test_pdf_is_held_for_a_moderator():
    """A document whose metadata cannot be removed is held (fail closed), never passed as clean."""
    result = run(samples.PDF, "report.pdf")
    try:
        assert not result.is_clean and result.hold_reason
    finally:
        result.cleanup()


def test_audio_tags_are_removed():
    """MP3 tags (title, artist, comment) are removed; the recording itself is kept."""
    data = samples.tagged_mp3()
    assert b"Witness Real Name" in data
    result = run(data, "voice.mp3")
    try:
        assert result.is_clean
        cleaned = result.cleaned_bytes()
        assert b"Witness Real Name" not in cleaned and b"Secret title" not in cleaned
        assert samples.ffprobe_tags(cleaned, "mp3") == {} or not {
            k for k in samples.ffprobe_tags(cleaned, "mp3") if "title" in k or "artist" in k
        }
    finally:
        result.cleanup()


def test_video_metadata_is_removed_with_ffmpeg():
    """Video container metadata (title, location, artist) is removed by ffmpeg."""
    data = samples.tagged_mp4()
    assert samples.ffprobe_tags(data, "mp4").get("title") == "Secret title"
    result = run(data, "clip.mp4")
    try:
        tags = samples.ffprobe_tags(result.cleaned_bytes(), "mp4")
        assert not {k for k in tags if any(word in k for word in ("title", "location", "artist"))}
        assert b"Witness Real Name" not in result.cleaned_bytes()
    finally:
        result.cleanup()


def test_video_is_refused_without_ffmpeg(settings):
    """Without ffmpeg, video cannot be cleaned, so it is refused with a clear message."""
    video = samples.tagged_mp4()
    settings.MEMORIAL_FFMPEG = ""
    with pytest.raises(pipeline.UploadRefused) as exc:
        run(video, "clip.mp4")
    assert "video" in exc.value.message.lower()


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.jpg", "evil\u202egpj.exe", "nul\x00byte.jpg", "a" * 500 + ".jpg", "..", "CON"]
)
def test_hostile_file_names_are_neutralised(name):
    """No path, no control or bidi characters, bounded; stored names are random anyway."""
    safe = pipeline.display_name(name)
    assert "/" not in safe and "\\" not in safe and "\u202e" not in safe and "\x00" not in safe
    assert 0 < len(safe) <= 100
    assert pipeline.stored_name("jpg").endswith(".jpg") and len(pipeline.stored_name("jpg")) == 36


def test_handler_stops_storing_at_the_limit(settings):
    """The upload handler refuses an oversize file while it arrives, not after writing it whole."""
    settings.MEMORIAL_UPLOAD_LIMITS = {"image": 100_000}
    handler = GuardedUploadHandler(request=None)
    with pytest.raises(StopFutureHandlers):  # how the handler claims the file, as Django's parser expects
        handler.new_file("files", "big.jpg", "image/jpeg", None)
    first = samples.gps_jpeg()
    handler.receive_data_chunk(first + b"\x00" * (65536 - len(first)), 0)
    written_after_first = handler.file.tell()
    handler.receive_data_chunk(b"\x00" * 65536, 65536)
    assert handler.refusal and "too large" in handler.refusal
    handler.receive_data_chunk(b"\x00" * 65536, 131072)
    result = handler.file_complete(3 * 65536)
    assert isinstance(result, RefusedUpload) and result.refusal
    assert written_after_first == 65536
    with pytest.raises(pipeline.UploadRefused):
        pipeline.process(result)


def test_handler_hashes_what_arrives():
    handler = GuardedUploadHandler(request=None)
    with pytest.raises(StopFutureHandlers):
        handler.new_file("files", "p.png", "image/png", None)
    data = samples.plain_png()
    handler.receive_data_chunk(data, 0)
    upload = handler.file_complete(len(data))
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    upload.close()


def test_images_keep_their_pixels():
    """Cleaning keeps the picture: same size, same colour."""
    from PIL import Image

    result = run(samples.plain_png((30, 10)), "p.png")
    try:
        with Image.open(io.BytesIO(result.cleaned_bytes())) as image:
            assert image.size == (30, 10)
            assert image.convert("RGB").getpixel((5, 5)) == (0, 128, 0)
    finally:
        result.cleanup()
