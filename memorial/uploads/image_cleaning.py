"""Images cleaned of their metadata without losing the picture, and the measure that proves it.

``render()`` turns the first frame of an opened image into 8-bit sRGB pixels and an alpha band:
the EXIF orientation is applied, 16-bit and 32-bit greyscale are scaled (never clipped) to 8 bits,
palette and ``tRNS`` transparency become alpha, and the colours are converted from any embedded ICC
profile (CMYK and wide-gamut RGB alike) before the profile is dropped. What could not be done, and
an animation reduced to its first frame, are returned as notes for the moderator.

``difference()`` compares two pictures as a viewer sees them: both in sRGB with premultiplied alpha,
reduced together to at most ``COMPARE_SIZE`` pixels a side, channel by channel on the 0-255 scale.
A cleaned copy whose difference passes ``MAX_MEAN_DIFFERENCE`` or ``MAX_PEAK_DIFFERENCE`` is held.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from PIL import Image, ImageChops, ImageCms, ImageMath, ImageOps, ImageStat

COMPARE_SIZE = 256
# On the 0-255 scale of each channel: the average difference over the picture, and the largest
# difference of one pixel (after the reduction to COMPARE_SIZE, which averages away codec noise).
MAX_MEAN_DIFFERENCE = 3.0
MAX_PEAK_DIFFERENCE = 64

SIXTEEN_BIT_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})
WIDE_MODES = SIXTEEN_BIT_MODES | {"I", "F"}


@dataclass
class Rendering:
    colour: Image.Image  # "L" or "RGB", 8 bits, sRGB
    alpha: Image.Image | None  # "L", or None when every pixel is opaque
    notes: list = field(default_factory=list)
    frames: int = 1

    def rgba(self):
        image = self.colour.convert("RGBA")
        if self.alpha is not None:
            image.putalpha(self.alpha)
        return image

    def cleaned(self):
        """A new image of these pixels only: nothing of the source's info, EXIF or profile, and nothing
        under its fully transparent pixels (a part "erased" to transparency keeps its colours in the file)."""
        if self.alpha is None:
            image = self.colour
        else:
            seen = self.alpha.point(lambda a: 255 if a else 0)
            colour = Image.composite(self.colour, Image.new(self.colour.mode, self.colour.size, 0), seen)
            image = Image.merge("LA" if colour.mode == "L" else "RGBA", [*colour.split(), self.alpha])
        return Image.frombytes(image.mode, image.size, image.tobytes())


@dataclass(frozen=True)
class Difference:
    mean: float  # the largest of the channels' mean differences
    peak: int  # the largest difference of any channel of any pixel

    @property
    def visible(self):
        return self.mean > MAX_MEAN_DIFFERENCE or self.peak > MAX_PEAK_DIFFERENCE

    def describe(self):
        return _(
            "Measured difference between the cleaned copy and the original: %(mean).1f on average, "
            "%(peak)s at most (per colour channel, out of 255)."
        ) % {"mean": self.mean, "peak": self.peak}


def render(source):
    """The first frame of ``source`` (an opened, loaded PIL image) as 8-bit sRGB colour and alpha."""
    notes = []
    frames = max(1, int(getattr(source, "n_frames", 1) or 1))
    if frames > 1:
        notes.append(
            _(
                "The original has %(frames)s frames (an animation or several pages); "
                "only the first was kept. The original is sealed."
            )
            % {"frames": frames}
        )
    icc = source.info.get("icc_profile")
    bits = declared_bits(source)
    image = _oriented(source, notes)
    colour, alpha = _split(image, bits)
    grey = colour.mode == "L"
    colour = _to_srgb(colour, icc, notes)
    if grey:
        colour = keep_grey(colour)
    if alpha is not None and alpha.getextrema() == (255, 255):
        alpha = None
    return Rendering(colour=colour, alpha=alpha, notes=notes, frames=frames)


def _oriented(source, notes):
    try:
        image = ImageOps.exif_transpose(source)
    except Exception:  # a damaged EXIF block of any kind: the pixels are still good
        notes.append(_("The original's orientation tag could not be read; the picture was kept as stored."))
        return source
    return image if image is not None else source


def declared_bits(source):
    """The bits per sample a TIFF declares when fewer than 16 fill its 16-bit samples (12-bit scanners)."""
    try:
        value = getattr(source, "tag_v2", {}).get(258)
    except Exception:  # a damaged tag: the samples' own depth is used
        return None
    if isinstance(value, tuple):
        value = value[0] if value else None
    return value if isinstance(value, int) and 9 <= value <= 15 else None


def _split(image, bits=None):
    """(colour, alpha): colour in "L", "RGB", "CMYK" or "LAB", 8 bits; alpha "L" or None."""
    mode = image.mode
    transparency = image.info.get("transparency")
    if mode in WIDE_MODES:
        return _scaled_to_8_bits(image, transparency, bits)
    if mode == "1":
        image = image.convert("L")
        mode = "L"
    if mode in ("P", "PA"):
        rgba = image.convert("RGBA")
        return rgba.convert("RGB"), rgba.getchannel("A")
    if mode in ("L", "RGB") and transparency is not None:
        with_alpha = image.convert("LA" if mode == "L" else "RGBA")
        return with_alpha.convert(mode), with_alpha.getchannel("A")
    if mode in ("LA", "La"):
        image = image.convert("LA")
        return image.getchannel("L"), image.getchannel("A")
    if mode in ("RGBA", "RGBa"):
        image = image.convert("RGBA")
        return image.convert("RGB"), image.getchannel("A")
    if mode in ("L", "RGB", "CMYK", "LAB"):
        return image, None
    if "A" in image.getbands():
        image = image.convert("RGBA")
        return image.convert("RGB"), image.getchannel("A")
    return image.convert("RGB"), None


def _scaled_to_8_bits(image, transparency, bits=None):
    """16-bit (or 12-bit, 32-bit integer, float) greyscale scaled to 0-255 by its depth, never clipped."""
    if image.mode == "F":
        _low, high = image.getextrema()
        if high <= 1.0:
            scale = 255.0  # the usual range of floating-point samples
        elif high <= 255.0:
            scale = 1.0
        elif high <= 65535.0:
            scale = 1 / 257
        else:
            scale = 255.0 / high
        grey = image.point(lambda v: v * scale + 0.5).convert("L")
        return grey, None
    wide = image.convert("I")
    _low, high = wide.getextrema()
    if bits and high <= 2**bits - 1:
        scale = 255 / (2**bits - 1)  # 12 bits in 16: 4095 is white
    elif image.mode in SIXTEEN_BIT_MODES or high <= 65535:
        scale = 1 / 257
    else:
        scale = 255 / 4294967295 if high > 2**31 - 1 else 255 / (2**31 - 1)
    grey = wide.point(lambda v: v * scale + 0.5).convert("L")  # within 0-255 now: nothing to clip
    alpha = None
    if isinstance(transparency, int):
        alpha = ImageMath.lambda_eval(lambda args: (args["v"] != transparency) * 255, v=wide).convert("L")
    return grey, alpha


def srgb_profile():
    return ImageCms.createProfile("sRGB")


def _to_srgb(colour, icc, notes):
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(colour, profile, srgb_profile(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            notes.append(_("The original's colour profile could not be applied; its colours were kept as stored."))
    if colour.mode == "LAB":
        return ImageCms.profileToProfile(colour, ImageCms.createProfile("LAB"), srgb_profile(), outputMode="RGB")
    if colour.mode not in ("L", "RGB"):
        return colour.convert("RGB")  # CMYK with no profile: the usual naive conversion
    return colour


def keep_grey(colour):
    """An RGB picture whose three bands are equal, as "L" (a greyscale scan with a grey profile)."""
    if colour.mode != "RGB":
        return colour
    red, green, blue = colour.split()
    if ImageChops.difference(red, green).getbbox() is None and ImageChops.difference(red, blue).getbbox() is None:
        return red
    return colour


def difference(reference, other):
    """How far ``other`` is from ``reference`` (both PIL images, any mode without a profile, any size)."""
    width, height = reference.size
    factor = min(1.0, COMPARE_SIZE / max(width, height, 1))
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    # One at a time, each reduced as soon as it is converted: a large picture is never held twice over.
    first = _as_seen(reference, size)
    second = _as_seen(other, size)
    stat = ImageStat.Stat(ImageChops.difference(first, second))
    return Difference(mean=max(stat.mean), peak=max(high for _low, high in stat.extrema))


def _as_seen(image, size):
    """sRGB with premultiplied alpha (a transparent pixel's colour cannot be seen), at ``size``."""
    return image.convert("RGBA").convert("RGBa").resize(size, Image.Resampling.BOX)
