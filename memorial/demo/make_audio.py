"""How the demo's sample recordings in `audio/` were made (run again only to change them).

No voice is synthesised: each transcript line becomes a stretch of speech-shaped sound (noise in the
voice's band, pulsed at the pace of syllables, with a pitch under it) as long as `cue_times()` gives
it, followed by a pause; the result is a small mono Opus file. The recordings are there to show the
player, the transcripts, the chapters and the redaction, and are labelled as samples.

    DJANGO_SETTINGS_MODULE=memorial.settings.dev .venv/bin/python -m memorial.demo.make_audio
"""

import subprocess
from pathlib import Path

import django
import imageio_ffmpeg

AUDIO = Path(__file__).resolve().parent / "audio"
GAP_SECONDS = 0.6
SECONDS_PER_CHARACTER = 0.055
MIN_SECONDS = 1.5


def cue_times(lines):
    """(start, end) in seconds of each line, spoken in turn with a pause between them."""
    times, position = [], 0.0
    for text in lines:
        seconds = round(max(MIN_SECONDS, len(text) * SECONDS_PER_CHARACTER), 3)
        times.append((round(position, 3), round(position + seconds, 3)))
        position += seconds + GAP_SECONDS
    return times


def _speech_like(seconds, pitch, pace):
    """An ffmpeg source expression: band-limited noise and a low tone, pulsed like syllables."""
    envelope = f"(0.55+0.45*sin(2*PI*{pace}*t))*(0.7+0.3*sin(2*PI*{pace / 3.7:.3f}*t))"
    return (
        f"aevalsrc='{envelope}*(0.5*sin(2*PI*{pitch}*t)+0.25*sin(2*PI*{pitch * 2}*t)"
        f"+0.15*sin(2*PI*{pitch * 3}*t))':s=16000:d={seconds}"
    )


def make(name, lines, pitch, binary):
    times = cue_times(lines)
    inputs, labels = [], []
    for index, (start, end) in enumerate(times):
        seconds = end - start
        inputs += ["-f", "lavfi", "-i", _speech_like(seconds, pitch * (1 + 0.04 * (index % 3)), 4.2 + index % 2)]
        inputs += ["-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.08:d={seconds}:r=16000:seed={index + 1}"]
        inputs += ["-f", "lavfi", "-i", f"anullsrc=r=16000:cl=mono:d={GAP_SECONDS}"]
        base = index * 3
        labels.append(
            f"[{base}:a][{base + 1}:a]amix=inputs=2:normalize=0,bandpass=f=900:width_type=h:w=2400,"
            f"afade=t=in:d=0.05,afade=t=out:st={seconds - 0.08:.3f}:d=0.08[s{index}];"
        )
    concat = "".join(f"[s{i}][{i * 3 + 2}:a]" for i in range(len(times)))
    graph = "".join(labels) + f"{concat}concat=n={len(times) * 2}:v=0:a=1,volume=0.8[out]"
    out = AUDIO / name
    subprocess.run(  # noqa: S603 - fixed arguments, run by hand
        [binary, "-v", "error", "-y", *inputs, "-filter_complex", graph, "-map", "[out]", "-ac", "1"]
        + ["-c:a", "libopus", "-b:a", "12k", "-application", "voip", "-map_metadata", "-1"]
        + ["-fflags", "+bitexact", str(out)],
        check=True,
    )
    return out


def main():
    django.setup()
    # Needs the apps ready (its models), and it imports this module.
    from .recordings import ARABIC_CUES, ARABIC_FILE, ENGLISH_CUES, ENGLISH_FILE

    binary = imageio_ffmpeg.get_ffmpeg_exe()
    AUDIO.mkdir(exist_ok=True)
    for path in (
        make(ENGLISH_FILE, [text for _s, text, _w in ENGLISH_CUES], 120, binary),
        make(ARABIC_FILE, [ar for _s, ar, _en in ARABIC_CUES], 210, binary),
    ):
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
