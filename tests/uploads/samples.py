"""Files for the upload tests: tagged, hostile or broken, built in memory."""

import io
import struct
import subprocess
import tempfile
import wave
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


# --- Images that lose their picture when cleaned carelessly -------------------------------------

# Display P3's primaries, adapted to the D50 white of the profile connection space (as Apple's profile has them).
DISPLAY_P3_D50 = ((0.51512, 0.24119, -0.00105), (0.29198, 0.69225, 0.04189), (0.15710, 0.06657, 0.78407))
# XYZ (D50) to linear sRGB, Bradford-adapted: to work out the expected colours without the colour library.
XYZ_D50_TO_LINEAR_SRGB = (
    (3.1338561, -1.6168667, -0.4906146),
    (-0.9787684, 1.9161415, 0.0334540),
    (0.0719453, -0.2289914, 1.4052427),
)


def _s15f16(value):
    import struct

    return struct.pack(">i", round(value * 65536))


def matrix_profile(colorants=DISPLAY_P3_D50, gamma=2.2, description=b"Wide gamut test profile"):
    """An ICC v2 RGB display profile (primaries and a gamma curve), written byte by byte."""
    import struct

    def xyz(values):
        return b"XYZ \0\0\0\0" + b"".join(_s15f16(v) for v in values)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description + b"\0" + b"\0" * 8 + b"\0" * 70
    desc += b"\0" * (-len(desc) % 4)
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(colorants[0])),
        (b"gXYZ", xyz(colorants[1])),
        (b"bXYZ", xyz(colorants[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0No copyright\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + _s15f16(0.9642)
        + _s15f16(1.0)
        + _s15f16(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def expected_srgb(rgb, colorants=DISPLAY_P3_D50, gamma=2.2):
    """What an RGB colour in a matrix profile is in sRGB, worked out by hand (no colour library)."""
    linear = [(c / 255) ** gamma for c in rgb]
    xyz = [sum(colorants[j][i] * linear[j] for j in range(3)) for i in range(3)]
    out = []
    for row in XYZ_D50_TO_LINEAR_SRGB:
        value = min(1.0, max(0.0, sum(row[i] * xyz[i] for i in range(3))))
        value = 12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
        out.append(round(value * 255))
    return tuple(out)


def encoded(image, fmt, **options):
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def gradient_16bit(mode="I;16", size=(512, 64)):
    """A 16-bit greyscale scan: left to right from black to full white, most values above 255."""
    width, height = size
    image = Image.new(mode, size)
    image.putdata([round(x * 65535 / (width - 1)) for _y in range(height) for x in range(width)])
    return image


def animated(fmt, colours=("red", "lime", "blue"), size=(32, 24)):
    frames = [Image.new("RGB", size, colour) for colour in colours]
    options = {"save_all": True, "append_images": frames[1:], "duration": 100, "loop": 0}
    if fmt == "GIF":
        frames = [frame.convert("P") for frame in frames]
        options["append_images"] = frames[1:]
    return encoded(frames[0], fmt, **options)


def oriented_jpeg(orientation=6, size=(40, 20)):
    """A landscape picture, red on its left half, stored with an EXIF orientation tag."""
    image = Image.new("RGB", size, "white")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SecretCam"
    return encoded(image, "JPEG", exif=exif, quality=95)


# --- Recordings with what phones and tagging programs write --------------------------------------

# Planted in every tag of the recordings below; none may be found in a cleaned copy.
TOKENS = ("Qzwitness-name", "Qzhome-address", "Qzcomment", "+35.1313+036.7575", "Qzcover-art", "Qzapple-key")


def _cover_png():
    """A small cover picture that carries a token of its own (in a PNG text chunk)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Qzcover-art")
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "orange").save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def _with_cover(args):
    """ffmpeg arguments that add the cover picture as an attached picture (a second input)."""
    tmp = tempfile.NamedTemporaryFile(suffix=".png", delete=False)  # noqa: SIM115 - removed by the caller
    tmp.write(_cover_png())
    tmp.close()
    return tmp.name, ["-i", tmp.name]


def _planted_metadata():
    return [
        "-metadata",
        "title=Qzhome-address",
        "-metadata",
        "artist=Qzwitness-name",
        "-metadata",
        "comment=Qzcomment",
    ]


def phone_video(container="mp4"):
    """A phone-style video: location atom (udta ©xyz), Apple's ISO 6709 key (meta/keys), title, artist."""
    return _ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=5:duration=0.6",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=0.6",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-c:a",
            "aac",
            *_planted_metadata(),
            "-metadata",
            "location=+35.1313+036.7575/",
            "-metadata",
            "com.apple.quicktime.location.ISO6709=+35.1313+036.7575+012.000/",
            "-metadata",
            "com.apple.quicktime.make=Qzapple-key",
            "-metadata:s:v",
            "handler_name=Qzwitness-name",
            "-movflags",
            "+use_metadata_tags",
        ],
        container,
    )


def voice_memo():
    """An iPhone-style voice memo (M4A): the location and Apple keys as in phone_video, and cover art."""
    cover, inputs = _with_cover([])
    try:
        return _ffmpeg(
            [
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=330:duration=0.6",
                *inputs,
                "-map",
                "0:a",
                "-map",
                "1:v",
                "-c:a",
                "aac",
                "-c:v",
                "png",
                "-disposition:v",
                "attached_pic",
                *_planted_metadata(),
                "-metadata",
                "location=+35.1313+036.7575/",
                "-metadata",
                "com.apple.quicktime.location.ISO6709=+35.1313+036.7575+012.000/",
                "-metadata",
                "com.apple.quicktime.make=Qzapple-key",
                "-movflags",
                "+use_metadata_tags",
                "-f",
                "ipod",
            ],
            "m4a",
        )
    finally:
        Path(cover).unlink()


def tagged_recording(container):
    """Audio in ``container`` (mp3, ogg, opus, flac, wav) with every planted tag its format can carry."""
    from mutagen.flac import Picture  # the tag writer, only for building these samples

    codec = {"mp3": "libmp3lame", "ogg": "libvorbis", "opus": "libopus", "flac": "flac", "wav": "pcm_s16le"}
    data = _ffmpeg(
        ["-f", "lavfi", "-i", "sine=frequency=440:duration=0.6", "-c:a", codec[container], *_planted_metadata()],
        container,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in.{container}"
        path.write_bytes(data)
        picture = Picture()
        picture.type = 3
        picture.mime = "image/png"
        picture.desc = "Qzcover-art"
        picture.data = _cover_png()
        if container == "mp3":
            _plant_id3(path)
        elif container in ("ogg", "opus"):
            import base64

            import mutagen

            audio = mutagen.File(path)
            audio["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture.write()).decode()]
            audio["LOCATION"] = ["+35.1313+036.7575"]
            audio.save()
        elif container == "flac":
            from mutagen.flac import FLAC

            audio = FLAC(path)
            audio.add_picture(picture)
            audio["LOCATION"] = ["+35.1313+036.7575"]
            audio.save()
        elif container == "wav":
            from mutagen.wave import WAVE

            audio = WAVE(path)
            audio.add_tags()
            _plant_id3_frames(audio.tags)
            audio.save()
        return path.read_bytes()


def _plant_id3(path):
    from mutagen.id3 import ID3

    tags = ID3(path)
    _plant_id3_frames(tags)
    tags.save(path)


def _plant_id3_frames(tags):
    from mutagen.id3 import APIC, COMM, GEOB, TXXX, USLT

    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="Qzcover-art", data=_cover_png()))
    tags.add(COMM(encoding=3, lang="eng", desc="", text="Qzcomment"))
    tags.add(USLT(encoding=3, lang="eng", desc="", text="Qzhome-address"))
    tags.add(TXXX(encoding=3, desc="location", text="+35.1313+036.7575"))
    tags.add(GEOB(encoding=3, mime="text/plain", filename="a.txt", desc="Qzwitness-name", data=b"Qzapple-key"))


def tokens_in(data):
    """The planted tokens found in a file's bytes (in the plain, or as UTF-16 the way ID3 may write them)."""
    found = set()
    for token in TOKENS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if token.encode(encoding) in data:
                found.add(token)
    return found


def riff_chunks(data):
    """The chunk names at the top level of a RIFF/WAVE file."""
    names, offset = [], 12
    while offset + 8 <= len(data):
        name, size = data[offset : offset + 4], struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        names.append(name.decode("latin-1"))
        offset += 8 + size + (size & 1)
    return names


def stream_hashes(data, suffix):
    """A hash of every audio and video stream's packets (not attached pictures): equal when copied bit for bit."""
    binary = ffmpeg.required_binary()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in.{suffix}"
        path.write_bytes(data)
        out = subprocess.run(  # noqa: S603
            [
                binary,
                "-nostdin",
                "-loglevel",
                "error",
                "-i",
                str(path),
                "-map",
                "0:a?",
                "-map",
                "0:V?",
                "-c",
                "copy",
                "-f",
                "streamhash",
                "-hash",
                "sha256",
                "-",
            ],
            capture_output=True,
            check=True,
        )
    return out.stdout.decode().split()


def tiff_12_bit(values):
    """A one-row greyscale TIFF of 12-bit samples (as scanners write them), written byte by byte."""
    import struct

    bits = "".join(format(value, "012b") for value in values)
    bits += "0" * (-len(bits) % 8)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big")
    # Width, height, BitsPerSample, Compression, Photometric, FillOrder, StripOffsets, SamplesPerPixel,
    # RowsPerStrip, StripByteCounts.
    entries = [(256, len(values)), (257, 1), (258, 12), (259, 1), (262, 1), (266, 1), (273, None), (277, 1)]
    entries += [(278, 1), (279, len(data))]
    data_offset = 8 + 2 + 12 * len(entries) + 4
    out = b"II" + struct.pack("<HIH", 42, 8, len(entries))
    for tag, value in entries:
        if tag in (273, 279):
            out += struct.pack("<HHII", tag, 4, 1, data_offset if value is None else value)
        else:
            out += struct.pack("<HHIHH", tag, 3, 1, value, 0)
    return out + struct.pack("<I", 0) + data


def _chunk(kind, payload):
    padded = payload + (b"\x00" if len(payload) % 2 else b"")
    return kind + struct.pack("<I", len(payload)) + padded


def tagged_wav():
    """A WAV whose RIFF holds LIST/INFO chunks (title, artist, comment) before and after its samples."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x01\x00\xff\xff" * 800)
    riff = buf.getvalue()
    assert riff[:4] == b"RIFF" and riff[8:12] == b"WAVE"
    fmt_end = 12 + 8 + struct.unpack("<I", riff[16:20])[0]
    info = _chunk(
        b"LIST",
        b"INFO" + _chunk(b"INAM", b"Secret title\x00") + _chunk(b"IART", b"Witness Real Name\x00"),
    )
    trailer = _chunk(b"LIST", b"INFO" + _chunk(b"ICMT", b"recorded at home\x00"))
    body = riff[12:fmt_end] + info + riff[fmt_end:] + trailer
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body
