"""Images for the demo, drawn locally with Pillow: nothing is downloaded.

The hero is a calm abstract pattern; the portraits are grey silhouettes stamped
"SAMPLE" so no one can mistake them for a photograph of a real person.
"""

import math
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = (600, 750)


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: a small bitmap font, still legible
        return ImageFont.load_default()


def _encode(image, fmt="JPEG"):
    buffer = BytesIO()
    image.save(buffer, format=fmt, quality=86, optimize=True)
    return buffer.getvalue()


def _vertical_gradient(size, top, bottom):
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def hero_image():
    """A dusk gradient with a faint lattice of eight-pointed stars and a low horizon of arcs."""
    width, height = HERO_SIZE
    base = _vertical_gradient(HERO_SIZE, (34, 46, 64), (196, 170, 132))
    overlay = Image.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    step = 120
    for row, y in enumerate(range(-step, height + step, step)):
        offset = step // 2 if row % 2 else 0
        for x in range(-step + offset, width + step, step):
            r = step * 0.34
            for angle in (0, 45):
                points = [
                    (x + r * math.cos(math.radians(angle + 90 * k)), y + r * math.sin(math.radians(angle + 90 * k)))
                    for k in range(4)
                ]
                draw.polygon(points, outline=(255, 255, 255, 22))
    for i in range(7):
        radius = 380 + i * 90
        box = (width * 0.62 - radius, height * 1.05 - radius, width * 0.62 + radius, height * 1.05 + radius)
        draw.arc(box, start=180, end=360, fill=(255, 244, 225, 40 - i * 4), width=3)
    overlay = overlay.filter(ImageFilter.GaussianBlur(0.6))
    image = Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")
    return _encode(image)


def sample_portrait(number, hue=0):
    """A neutral silhouette labelled SAMPLE, numbered to match the sample record."""
    width, height = PORTRAIT_SIZE
    tones = [(205, 205, 200), (200, 204, 210), (210, 204, 198), (202, 208, 202)]
    background = tones[hue % len(tones)]
    image = _vertical_gradient(PORTRAIT_SIZE, tuple(c + 20 for c in background), background)
    draw = ImageDraw.Draw(image)
    figure = (150, 152, 156)
    cx = width // 2
    draw.ellipse((cx - 105, 170, cx + 105, 400), fill=figure)
    draw.rounded_rectangle((cx - 210, 420, cx + 210, height + 80), radius=150, fill=figure)
    band = (0, height - 210, width, height - 70)
    draw.rectangle(band, fill=(40, 40, 44))
    draw.text((cx, band[1] + 50), "SAMPLE", font=_font(72), fill=(255, 255, 255), anchor="mm")
    draw.text(
        (cx, band[1] + 112),
        f"Sample portrait {number:02d} - not a real person",
        font=_font(24),
        fill=(230, 230, 230),
        anchor="mm",
    )
    draw.rectangle((0, 0, width - 1, height - 1), outline=(120, 120, 124), width=4)
    return _encode(image)
