"""The safe-upload pipeline: decide a file's type from its content, clean it, or refuse it.

Every upload, public or from the admin, goes through ``process()`` before any page, image,
document or media object exists. Images are rebuilt from their pixels (so no EXIF, GPS, XMP,
IPTC, ICC profile or comment survives), audio loses its tags, video its container metadata
(with ffmpeg). A file whose type is accepted but that cannot be cleaned is *held*: kept
sealed for a moderator, never published. Everything here works on temporary files; callers
decide what to store, and call ``ProcessedUpload.cleanup()`` whatever happens.
"""

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import uuid
import warnings
import wave
from dataclasses import dataclass, field

import filetype
import mutagen
import mutagen.flac
from django.conf import settings
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.translation import gettext as _
from mutagen.apev2 import APENoHeaderError
from mutagen.apev2 import delete as delete_ape
from mutagen.id3 import delete as delete_id3
from PIL import Image

from memorial.core import ffmpeg
from memorial.core.params import BIDI_CONTROLS

from . import image_cleaning, recording_cleaning

IMAGE, AUDIO, VIDEO, DOCUMENT, TEXT = "image", "audio", "video", "document", "text"
KIND_LABELS = {
    IMAGE: "image",
    AUDIO: "audio recording",
    VIDEO: "video",
    DOCUMENT: "document (PDF)",
    TEXT: "text file",
}

DEFAULT_LIMITS = {
    IMAGE: 20 * 1024 * 1024,
    AUDIO: 200 * 1024 * 1024,
    VIDEO: 500 * 1024 * 1024,
    DOCUMENT: 20 * 1024 * 1024,
    TEXT: 50 * 1024 * 1024,
}
CHUNK = 64 * 1024
# Enough of a file's start to tell its type: refusals of unknown types read no further.
SNIFF_BYTES = 8 * 1024


class UploadRefused(Exception):
    """The file is not accepted; the message says why, in words the submitter understands."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Format:
    key: str
    kind: str
    mime: str
    extensions: frozenset
    clean_extension: str


FORMATS = {
    f.key: f
    for f in [
        Format("jpeg", IMAGE, "image/jpeg", frozenset({"jpg", "jpeg", "jpe", "jfif"}), "jpg"),
        Format("png", IMAGE, "image/png", frozenset({"png"}), "png"),
        Format("gif", IMAGE, "image/gif", frozenset({"gif"}), "png"),
        Format("webp", IMAGE, "image/webp", frozenset({"webp"}), "webp"),
        Format("tiff", IMAGE, "image/tiff", frozenset({"tif", "tiff"}), "png"),
        Format("bmp", IMAGE, "image/bmp", frozenset({"bmp"}), "png"),
        Format("mp3", AUDIO, "audio/mpeg", frozenset({"mp3"}), "mp3"),
        Format("ogg", AUDIO, "audio/ogg", frozenset({"ogg", "oga", "opus"}), "ogg"),
        Format("flac", AUDIO, "audio/flac", frozenset({"flac"}), "flac"),
        Format("m4a", AUDIO, "audio/mp4", frozenset({"m4a", "aac"}), "m4a"),
        Format("wav", AUDIO, "audio/wav", frozenset({"wav", "wave"}), "wav"),
        Format("mp4", VIDEO, "video/mp4", frozenset({"mp4", "m4v"}), "mp4"),
        Format("mov", VIDEO, "video/quicktime", frozenset({"mov", "qt"}), "mov"),
        Format("webm", VIDEO, "video/webm", frozenset({"webm"}), "webm"),
        Format("mkv", VIDEO, "video/x-matroska", frozenset({"mkv"}), "mkv"),
        Format("pdf", DOCUMENT, "application/pdf", frozenset({"pdf"}), "pdf"),
        Format("docx", DOCUMENT, "application/vnd.openxmlformats-officedocument", frozenset({"docx"}), "docx"),
        Format("xlsx", DOCUMENT, "application/vnd.openxmlformats-officedocument", frozenset({"xlsx"}), "xlsx"),
        Format("odt", DOCUMENT, "application/vnd.oasis.opendocument.text", frozenset({"odt"}), "odt"),
        Format("txt", TEXT, "text/plain", frozenset({"txt", "csv"}), "txt"),
    ]
}
FILETYPE_TO_FORMAT = {
    "jpg": "jpeg",
    "png": "png",
    "apng": "png",
    "gif": "gif",
    "webp": "webp",
    "tif": "tiff",
    "bmp": "bmp",
    "mp3": "mp3",
    "ogg": "ogg",
    "flac": "flac",
    "m4a": "m4a",
    "wav": "wav",
    "mp4": "mp4",
    "mov": "mov",
    "webm": "webm",
    "mkv": "mkv",
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "odt": "odt",
}
KNOWN_EXTENSIONS = {ext: f for f in FORMATS.values() for ext in f.extensions}
# Markup that a browser could run: refused whatever the file is called.
MARKUP_SIGNS = (b"<svg", b"<html", b"<!doctype", b"<script", b"<?xml", b"<body", b"<head", b"<iframe", b"<object")
FFMPEG_MUXERS = {"mp4": "mp4", "mov": "mov", "webm": "webm", "mkv": "matroska"}


def limits():
    return {**DEFAULT_LIMITS, **getattr(settings, "MEMORIAL_UPLOAD_LIMITS", {})}


def unknown_limit():
    """For a type the pipeline does not know but an admin form judges itself: the smallest limit."""
    return min(limits().values())


def max_image_pixels():
    return getattr(settings, "MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)


def ffmpeg_path():
    return ffmpeg.binary()


def display_name(name, max_length=100):
    """A file name safe to show and store: no path, no control or bidi characters, bounded."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if ch not in BIDI_CONTROLS and unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"}
    )
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: max_length - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else name[:max_length]
    return name or "file"


def stored_name(extension):
    """A random name for storage: nothing of what the submitter called the file."""
    return f"{uuid.uuid4().hex}.{extension}"


def _extension(name):
    _stem, dot, ext = display_name(name).rpartition(".")
    return ext.lower() if dot else ""


def _looks_like_markup(head):
    probe = head[:4096].lstrip(b"\xef\xbb\xbf\x00 \t\r\n").lower()
    if probe.startswith(b"<"):
        return True
    text = head[:4096].lower()
    return any(sign in text for sign in (b"<svg", b"<html", b"<!doctype html", b"<script"))


def id3_length(head):
    """The length of an ID3v2 tag at the start of ``head``, footer included; 0 when there is none."""
    if len(head) < 10 or head[:3] != b"ID3" or any(byte & 0x80 for byte in head[6:10]):
        return 0
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]  # "syncsafe": 7 bits a byte
    return 10 + size + (10 if head[5] & 0x10 else 0)


def sniff(head, name, accepted_kinds=None, after_tag=b""):
    """The file's format, from its first bytes; refuses markup, unknown types and lying names.

    ``after_tag``: the first bytes after a leading ID3 tag, which some taggers put before a FLAC's own
    header too (the tag alone would make it an MP3)."""
    if not head:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": display_name(name)})
    if _looks_like_markup(head):
        raise UploadRefused(
            _("“%(name)s” is an SVG, HTML or other markup file; these are not accepted.") % {"name": display_name(name)}
        )
    guess = filetype.guess(head)
    fmt = FORMATS.get(FILETYPE_TO_FORMAT.get(guess.extension, "")) if guess else None
    if fmt is FORMATS["mp3"] and after_tag.startswith(b"fLaC"):
        fmt = FORMATS["flac"]
    if fmt is None and (accepted_kinds is None or TEXT in accepted_kinds) and _is_plain_text(head):
        fmt = FORMATS["txt"]
    if fmt is None or (accepted_kinds is not None and fmt.kind not in accepted_kinds):
        raise UploadRefused(
            _("“%(name)s” is not a file type we accept (%(kinds)s).")
            % {
                "name": display_name(name),
                "kinds": ", ".join(KIND_LABELS[k] for k in (accepted_kinds or KIND_LABELS)),
            }
        )
    claimed = KNOWN_EXTENSIONS.get(_extension(name))
    if claimed is not None and (claimed.kind != fmt.kind or (fmt.kind == IMAGE and claimed != fmt)):
        raise UploadRefused(
            _("“%(name)s” is not what its name says: its content is a %(kind)s (%(mime)s).")
            % {"name": display_name(name), "kind": KIND_LABELS[fmt.kind], "mime": fmt.mime}
        )
    return fmt


def _is_plain_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check_size(kind, size, name):
    limit = limits()[kind]
    if size > limit:
        raise UploadRefused(
            _("“%(name)s” is too large: a %(kind)s may be at most %(limit)s.")
            % {"name": display_name(name), "kind": KIND_LABELS[kind], "limit": filesizeformat(limit)}
        )


@dataclass
class ProcessedUpload:
    """One upload after the pipeline: the original (hashed) and its cleaned copy, or why it is held."""

    name: str
    format: Format
    original_path: str
    sha256: str
    size: int
    cleaned_path: str = ""
    hold_reason: str = ""
    # What the moderator should know of the cleaning (a frame dropped, the measured difference...).
    notes: list = field(default_factory=list)
    _paths: list = field(default_factory=list)

    @property
    def kind(self):
        return self.format.kind

    @property
    def note(self):
        return " ".join(self.notes)

    @property
    def is_clean(self):
        return bool(self.cleaned_path) and not self.hold_reason

    def cleaned_bytes(self):
        with open(self.cleaned_path, "rb") as fh:
            return fh.read()

    def cleaned_sha256(self):
        return _sha256_path(self.cleaned_path) if self.cleaned_path else ""

    def cleanup(self):
        for path in self._paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._paths.clear()


def _sha256_path(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _temp_path(suffix, paths):
    fd, path = tempfile.mkstemp(prefix="memorial-upload-", suffix=f".{suffix}")
    os.close(fd)
    paths.append(path)
    return path


def process(upload, accepted_kinds=None):
    """Sniff, size-check, hash and clean one uploaded file; raises UploadRefused with a clear message.

    ``upload`` is a Django UploadedFile. The caller must call ``cleanup()`` on the result.
    """
    refusal = getattr(upload, "refusal", "")
    if refusal:
        raise UploadRefused(refusal)
    name = getattr(upload, "name", "") or "file"
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    after_tag = b""
    if tagged := id3_length(head):
        upload.seek(tagged)
        after_tag = upload.read(4)
    fmt = sniff(head, name, accepted_kinds, after_tag)
    check_size(fmt.kind, upload.size or 0, name)
    paths = []
    try:
        original_path = _temp_path(fmt.clean_extension, paths)
        digest = hashlib.sha256()
        size = 0
        upload.seek(0)
        with open(original_path, "wb") as out:
            for chunk in upload.chunks(CHUNK):
                size += len(chunk)
                check_size(fmt.kind, size, name)
                digest.update(chunk)
                out.write(chunk)
        result = ProcessedUpload(
            name=display_name(name),
            format=fmt,
            original_path=original_path,
            sha256=digest.hexdigest(),
            size=size,
            _paths=paths,
        )
        CLEANERS[fmt.kind](result)
        return result
    except BaseException:
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        raise


# --- Cleaners -----------------------------------------------------------------------------


def _clean_image(result):
    name = result.name
    unreadable = _("“%(name)s” could not be read as an image: it may be damaged or incomplete.") % {"name": name}
    with warnings.catch_warnings():
        # A damaged file's complaints (bad EXIF, odd TIFF tags) decide nothing; what can be read does.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(result.original_path) as probe:
                width, height = probe.size
                if width * height > max_image_pixels():
                    raise UploadRefused(_bomb_message(name))
                probe.verify()
            with Image.open(result.original_path) as source:
                source.seek(0)
                source.load()
                rendering = image_cleaning.render(source)
            rebuilt = rendering.cleaned()
        except UploadRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UploadRefused(_bomb_message(name)) from exc
        except MemoryError as exc:
            raise UploadRefused(_bomb_message(name)) from exc
        except Exception as exc:  # any decoder's error on a damaged or exotic file is a refusal, never a crash
            raise UploadRefused(unreadable) from exc
    if result.format.clean_extension == "jpg" and rebuilt.mode not in ("L", "RGB"):
        rebuilt = rebuilt.convert("RGB")  # JPEG has no alpha; never expected of a JPEG, and measured below
    path = _temp_path(result.format.clean_extension, result._paths)
    try:
        for save_options in IMAGE_ENCODINGS[result.format.clean_extension]:
            rebuilt.save(path, **save_options)
            _verify_image_is_bare(path)
            with Image.open(path) as cleaned:
                cleaned.load()
                measured = image_cleaning.difference(rendering.rgba(), cleaned)
            if not measured.visible:
                break  # else the next, less lossy, encoding is tried
    except UploadRefused:
        raise
    except Exception as exc:  # an encoder that cannot write these pixels: refused, as undecodable files are
        raise UploadRefused(unreadable) from exc
    result.notes.extend(rendering.notes)
    result.notes.append(measured.describe())
    result.cleaned_path = path  # kept when held too, for the moderator to compare with the original
    if measured.visible:
        result.hold_reason = " ".join(
            [
                _("The cleaned copy differs visibly from the original; a moderator must compare them."),
                measured.describe(),
            ]
        )


# How each cleaned image is written, in order: the first whose measured difference from the original
# is not visible is kept. Full-resolution colour in JPEG (no chroma subsampling) keeps coloured edges.
IMAGE_ENCODINGS = {
    "jpg": [
        {"format": "JPEG", "quality": 92, "subsampling": 0, "optimize": True},
        {"format": "JPEG", "quality": 100, "subsampling": 0, "optimize": True},
    ],
    "webp": [{"format": "WEBP", "quality": 92}, {"format": "WEBP", "lossless": True}],
    "png": [{"format": "PNG", "optimize": True}],
}


def _bomb_message(name):
    return _("“%(name)s” has too many pixels to be processed safely (at most %(limit)s million).") % {
        "name": name,
        "limit": floatformat(max_image_pixels() / 1_000_000, -1),  # 40, or 0.5: never "0 million"
    }


METADATA_KEYS = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "adobe"}


def _verify_image_is_bare(path):
    with Image.open(path) as check:
        left = METADATA_KEYS.intersection(check.info) or (len(check.getexif()) and {"exif"})
        text_chunks = getattr(check, "text", {})
    if left or text_chunks:
        raise UploadRefused(_("An image could not be cleaned of its metadata, so it was not accepted."))


def _ffmpeg_timeout():
    return getattr(settings, "MEMORIAL_FFMPEG_TIMEOUT", 600)


def _clean_audio(result):
    path = _temp_path(result.format.clean_extension, result._paths)
    unreadable = _("“%(name)s” could not be read as an audio recording.") % {"name": result.name}
    key = result.format.key
    if key == "wav":
        if not _rebuild_wav(result.original_path, path) and not _copy_streams(result, path, "wav", ["0:a"]):
            result.hold_reason = _("This WAV file is in a form that cannot be rebuilt without its metadata.")
            return
        _verify_recording(result, path)
        return
    if key == "m4a":
        # MP4 audio keeps locations and Apple's keys where mutagen does not look: ffmpeg copies the sound.
        if not ffmpeg_path():
            result.hold_reason = _("This server cannot remove an M4A recording's metadata; a moderator must check it.")
            return
        if not (_copy_streams(result, path, "ipod", ["0:a"]) or _copy_streams(result, path, "mp4", ["0:a"])):
            raise UploadRefused(unreadable)
        _verify_recording(result, path)
        return
    shutil.copyfile(result.original_path, path)
    try:
        audio = mutagen.File(path)
        if audio is None:
            raise UploadRefused(unreadable)
        if audio.tags is not None:
            audio.delete()
        if hasattr(audio, "clear_pictures"):
            audio.clear_pictures()
            audio.save()
        if key == "flac":
            _keep_only_sound_blocks(path)
        if key == "mp3":
            delete_id3(path)
            with contextlib.suppress(APENoHeaderError):
                delete_ape(path)
        check = mutagen.File(path)
    except UploadRefused:
        raise
    except (mutagen.MutagenError, OSError, ValueError, KeyError, IndexError) as exc:
        raise UploadRefused(unreadable) from exc
    if check is None or check.tags or getattr(check, "pictures", None):
        result.hold_reason = _("The recording's tags could not all be removed.")
        return
    _verify_recording(result, path)


def _rebuild_wav(source_path, path):
    """A WAV of the ``fmt`` and ``data`` chunks only (PCM); False when Python cannot read it."""
    try:
        with wave.open(source_path, "rb") as source, wave.open(path, "wb") as target:
            target.setparams(source.getparams())
            while frames := source.readframes(65536):
                target.writeframes(frames)
    except (wave.Error, EOFError, OSError):
        return False
    return True


def _keep_only_sound_blocks(path):
    """A FLAC keeps its stream information, seek table and padding; no application or cue sheet block."""
    audio = mutagen.flac.FLAC(path)
    kept = [block for block in audio.metadata_blocks if block.code in (0, 1, 3)]  # STREAMINFO, PADDING, SEEKTABLE
    if len(kept) != len(audio.metadata_blocks):
        audio.metadata_blocks = kept
    audio.save(deleteid3=True)


def _copy_streams(result, path, muxer, maps):
    """ffmpeg copies the streams without metadata; False when it cannot (missing, failed, too slow)."""
    binary = ffmpeg_path()
    if not binary:
        return False
    try:
        completed = recording_cleaning.copy_streams(binary, result.original_path, path, muxer, maps, _ffmpeg_timeout())
    except (OSError, subprocess.TimeoutExpired):
        return False
    return completed.returncode == 0 and os.path.getsize(path) > 0


def _verify_recording(result, path):
    """Look again at a cleaned recording: no metadata left, and its streams the original's bit for bit."""
    binary = ffmpeg_path()
    left = recording_cleaning.leftovers(path, result.format.key, binary)
    if left:
        result.hold_reason = _("Some metadata could not be removed (%(what)s); a moderator must check it.") % {
            "what": ", ".join(left[:5])
        }
        return
    if binary:
        before = recording_cleaning.packet_hashes(binary, result.original_path, _ffmpeg_timeout())
        after = recording_cleaning.packet_hashes(binary, path, _ffmpeg_timeout())
        if before is None or before != after:
            result.hold_reason = _(
                "The cleaned copy's sound or pictures could not be shown identical to the original's; "
                "a moderator must check it."
            )
            return
        result.notes.append(
            _("Metadata removed without re-encoding: the sound and pictures are the original's, bit for bit.")
        )
    result.cleaned_path = path


def _clean_video(result):
    binary = ffmpeg_path()
    if not binary:
        raise UploadRefused(
            _(
                "Videos cannot be accepted at the moment: this server cannot remove their metadata. "
                "Please send the video another way, or try again later."
            )
        )
    path = _temp_path(result.format.clean_extension, result._paths)
    try:
        # Video streams, but not attached pictures (cover art keeps its EXIF); no data or subtitle streams.
        completed = recording_cleaning.copy_streams(
            binary, result.original_path, path, FFMPEG_MUXERS[result.format.key], ["0:V", "0:a?"], _ffmpeg_timeout()
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UploadRefused(_("“%(name)s” could not be processed as a video.") % {"name": result.name}) from exc
    if completed.returncode != 0 or not os.path.getsize(path):
        raise UploadRefused(
            _("“%(name)s” could not be read as a video: it may be damaged or incomplete.") % {"name": result.name}
        )
    _verify_recording(result, path)


def _hold_document(result):
    # No PDF or office-document cleaner is installed: the document waits, sealed, for a moderator.
    result.hold_reason = _("A document's metadata cannot be removed automatically; a moderator must check it.")


def _clean_text(result):
    try:
        with open(result.original_path, "rb") as fh:
            fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UploadRefused(_("“%(name)s” is not a UTF-8 text file.") % {"name": result.name}) from exc
    path = _temp_path("txt", result._paths)
    shutil.copyfile(result.original_path, path)
    result.cleaned_path = path


CLEANERS = {IMAGE: _clean_image, AUDIO: _clean_audio, VIDEO: _clean_video, DOCUMENT: _hold_document, TEXT: _clean_text}
