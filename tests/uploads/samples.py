"""Files for the upload tests: tagged, hostile or broken, built in memory."""

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, PngImagePlugin

from memorial.core import ffmpeg

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPSLatitude="35.13"/></rdf:RDF></x:xmpmeta>'


def gps_jpeg(size=(64, 48)):
    """A JPEG with a camera make, GPS position, XMP, an ICC profile and a comment."""
    from PIL import ImageCms

    image = Image.new("RGB", size, (120, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x0110] = "Model X"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (35.0, 8.0, 0.0)
    gps[3] = "E"
    gps[4] = (36.0, 45.0, 0.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif, comment=b"taken at my home address", icc_profile=icc, xmp=XMP)
    return buf.getvalue()


def tagged_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Witness Real Name")
    info.add_text("Location", "35.13,36.75")
    buf = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def plain_png(size=(20, 20)):
    buf = io.BytesIO()
    Image.new("RGB", size, "green").save(buf, "PNG")
    return buf.getvalue()


def bomb_png(width=20_000, height=20_000):
    """A small file that decodes to a huge image (1-bit, so it stays small)."""
    buf = io.BytesIO()
    Image.new("1", (width, height)).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def truncated_jpeg():
    return gps_jpeg((200, 200))[:400]


def corrupt_jpeg():
    """The JPEG signature, then markers that make no sense."""
    return b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<</Title (Secret title)/Author (Witness)>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _ffmpeg(args, suffix):
    binary = ffmpeg.required_binary()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out.{suffix}"
        subprocess.run([binary, "-nostdin", "-loglevel", "error", "-y", *args, str(out)], check=True)  # noqa: S603
        return out.read_bytes()


def tagged_mp3():
    return _ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=0.3",
            "-metadata",
            "title=Secret title",
            "-metadata",
            "artist=Witness Real Name",
            "-metadata",
            "comment=recorded at home",
            "-id3v2_version",
            "3",
        ],
        "mp3",
    )


def tagged_mp4():
    return _ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=5:duration=0.4",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=0.4",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-c:a",
            "aac",
            "-metadata",
            "title=Secret title",
            "-metadata",
            "location=+35.13+036.75/",
            "-metadata",
            "artist=Witness Real Name",
        ],
        "mp4",
    )


def ffprobe_tags(data, suffix):
    """The container's and the streams' metadata, as ffmpeg reads them (stream tags prefixed)."""
    with tempfile.NamedTemporaryFile(suffix=f".{suffix}") as fh:
        fh.write(data)
        fh.flush()
        reading = ffmpeg.read(fh.name)
    tags = dict(reading.tags)
    for stream in reading.streams:
        tags.update({f"stream:{k}": v for k, v in stream.tags.items()})
    return tags


def metadata_left(data):
    """What metadata a cleaned image still carries (empty when clean)."""
    with Image.open(io.BytesIO(data)) as image:
        left = {key for key in image.info if key in {"exif", "icc_profile", "xmp", "comment", "photoshop", "iptc"}}
        if len(image.getexif()):
            left.add("exif")
        left.update(getattr(image, "text", {}))
    for marker in (b"Exif", b"SecretCam", b"http://ns.adobe.com/xap", b"adobe:ns:meta", b"taken at my home"):
        if marker in data:
            left.add(marker.decode())
    return left


def files_under(*roots):
    """Every file under the given folders (the media and sealed storages)."""
    return sorted(str(p) for root in roots if Path(root).exists() for p in Path(root).rglob("*") if p.is_file())


class FileSnapshot:
    """The files under some folders at one moment, to tell which files a request added since.

    Other tests in the same process may leave files in the shared media folders; comparing
    with a snapshot taken just before the request proves what this request left, and only that.
    """

    def __init__(self, *roots):
        self.roots = [str(root) for root in roots]
        self.before = {path: Path(path).stat().st_mtime_ns for path in files_under(*self.roots)}

    def new_files(self, *roots):
        """Files added (or rewritten) since the snapshot, under ``roots`` or every snapshotted folder."""
        return [
            path
            for path in files_under(*(roots or self.roots))
            if self.before.get(path) != Path(path).stat().st_mtime_ns
        ]
