"""Recordings cleaned of their metadata without re-encoding, and checked afterwards.

Tag-only formats (MP3, Ogg Vorbis and Opus, FLAC) lose their tags with mutagen: the sound itself is
not touched. MP4, M4A and QuickTime keep metadata in atoms mutagen does not remove (the phones'
location, ``©xyz`` and the 3GPP ``loci``; Apple's ``meta/keys`` such as
``com.apple.quicktime.location.ISO6709``), so they are copied stream by stream with ffmpeg
(``-c copy -map_metadata -1 -map_chapters -1``), leaving out attached pictures and data streams.
WAV files are rebuilt from their ``fmt`` and ``data`` chunks (ffmpeg copies the samples of the
kinds Python's ``wave`` cannot read).

After cleaning, ``leftovers()`` looks again, three ways: mutagen's tags and pictures, ffmpeg's report
of the container's and streams' metadata, and the file's own structure (RIFF chunks, MP4 atoms);
``packet_hashes()`` proves the sound and pictures were copied bit for bit.
"""

import struct
import subprocess

import mutagen

from memorial.core import ffmpeg

# What ffmpeg reports of a cleaned file that says nothing about anyone.
# (Matroska's muxer writes each stream's DURATION.)
HARMLESS_TAGS = frozenset({"major_brand", "minor_version", "compatible_brands", "language", "vendor_id", "duration"})
FFMPEG_HANDLERS = frozenset({"SoundHandler", "VideoHandler", "DataHandler", "SubtitleHandler", "TextHandler"})
# MP4/QuickTime atoms that hold metadata wherever they are: the location atoms, Apple's keys, XMP.
METADATA_ATOMS = frozenset({b"meta", b"keys", b"ilst", b"\xa9xyz", b"loci", b"uuid", b"XMP_"})
# Atoms whose content is more atoms (the metadata atoms are reported, not entered).
CONTAINER_ATOMS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"moof", b"traf"})
WAV_CHUNKS = frozenset({"fmt ", "data", "fact"})


def copy_streams(binary, source, target, muxer, maps, timeout):
    """ffmpeg copies ``maps`` of ``source`` to ``target`` without any metadata; the CompletedProcess."""
    command = [binary, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source)]
    for selector in maps:
        command += ["-map", selector]
    command += [
        "-dn",
        "-sn",
        "-map_metadata",
        "-1",
        "-map_chapters",
        "-1",
        "-c",
        "copy",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        "-f",
        muxer,
        str(target),
    ]
    return subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603 - no shell


def packet_hashes(binary, path, timeout):
    """One SHA-256 per audio and video stream (attached pictures aside) of its packets; None if unreadable."""
    command = [binary, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path)]
    command += ["-map", "0:a?", "-map", "0:V?", "-c", "copy", "-f", "streamhash", "-hash", "sha256", "-"]
    try:
        completed = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return None
    hashes = completed.stdout.decode("ascii", errors="replace").split()
    return hashes if completed.returncode == 0 and hashes else None


def leftovers(path, key, binary):
    """The names of the metadata still found in a cleaned recording: empty when there is none."""
    found = []
    if key == "wav":
        found.extend(f"chunk {name.strip()}" for name in riff_chunks(path) if name not in WAV_CHUNKS)
    if key in ("m4a", "mp4", "mov"):
        found.extend(f"atom {name}" for name in mp4_metadata_atoms(path))
    if binary:
        try:
            reading = ffmpeg.read(path)
        except (ffmpeg.Unreadable, OSError, subprocess.TimeoutExpired):
            found.append("unreadable by ffmpeg")
        else:
            found.extend(f"tag {name}" for name, value in reading.tags.items() if not _harmless(name, value))
            for stream in reading.streams:
                if stream.attached_pic:
                    found.append("attached picture")
                found.extend(f"stream tag {name}" for name, value in stream.tags.items() if not _harmless(name, value))
    try:
        audio = mutagen.File(path)
    except Exception:  # mutagen's errors on a file it cannot parse: ffmpeg and the structure have looked
        audio = None
    if audio is not None:
        if audio.tags:
            found.extend(f"tag {name}" for name in list(audio.tags.keys())[:10] or ["(unnamed)"])
        if getattr(audio, "pictures", None):
            found.append("picture")
    printable = ("".join(ch if ch.isprintable() else "?" for ch in name) for name in found)
    return list(dict.fromkeys(printable))


def _harmless(name, value):
    if name.lower() in HARMLESS_TAGS:
        return True
    if name == "handler_name":
        return value in FFMPEG_HANDLERS
    return name.lower() == "encoder" and value.startswith("Lavf")  # ffmpeg's own name, written by Matroska


def riff_chunks(path):
    """The names of a RIFF file's top-level chunks."""
    names = []
    with open(path, "rb") as fh:
        header = fh.read(12)
        if len(header) < 12 or header[:4] not in (b"RIFF", b"RF64"):
            return ["(not RIFF)"]
        while len(head := fh.read(8)) == 8:
            name, size = head[:4], struct.unpack("<I", head[4:])[0]
            names.append(name.decode("latin-1"))
            fh.seek(size + (size & 1), 1)
    return names


def mp4_metadata_atoms(path):
    """The metadata atoms of an MP4/QuickTime file, by path: empty when it has none.

    ffmpeg's MP4 muxer always writes an empty ``udta/meta/hdlr/ilst`` frame and an empty ``free``
    atom; those are not metadata. Anything in ``ilst``, any other atom under ``udta`` or ``meta``
    (``keys``, ``©xyz``, ``loci``...), a ``uuid`` atom (XMP) and a ``free`` or ``skip`` atom that
    holds bytes are.
    """
    found = []
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        _walk(fh, 0, fh.tell(), "", found)
    return found


def _walk(fh, start, end, parent, found):
    offset = start
    while offset + 8 <= end and parent.count("/") < 8:
        fh.seek(offset)
        size, kind = struct.unpack(">I4s", fh.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", fh.read(8))[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            found.append(f"{parent}/(damaged atom)")
            return
        name = f"{parent}/{kind.decode('latin-1')}"
        if kind in CONTAINER_ATOMS or kind == b"udta":
            _walk(fh, offset + header, offset + size, name, found)
        elif kind == b"meta" and parent.endswith("udta"):
            _walk(fh, offset + header + 4, offset + size, name, found)  # a full atom: version and flags first
        elif kind in (b"free", b"skip", b"wide"):
            if size > header:
                found.append(name)
        elif kind == b"hdlr" and parent.endswith("meta"):
            pass
        elif kind == b"ilst":
            if size > header:
                found.append(name)
        elif parent.endswith(("udta", "meta")) or kind in METADATA_ATOMS:
            found.append(name)
        offset += size
