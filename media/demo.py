"""The demo's pictures and leaflet, drawn here so the project ships no binary files.

``load_demo`` adds them to the library the same way an upload would be (checked,
metadata removed, renditions made). They are simple drawings, described by their
alt text; they illustrate the software, not medicine.
"""

from __future__ import annotations

import io
import zlib

from PIL import Image as PILImage
from PIL import ImageDraw

BACKGROUND = (236, 244, 246)
NERVE = (214, 150, 40)
MUSCLE = (196, 78, 78)
MUSCLE_DARK = (150, 52, 58)
INK = (32, 48, 56)


def _png(picture: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def nerve_and_muscle_diagram(width: int = 1600, height: int = 1000) -> bytes:
    """A nerve fibre running in from the left and branching onto a bundle of muscle fibres."""
    picture = PILImage.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(picture)
    # The muscle: a rounded bundle of fibres on the right.
    left, top, right, bottom = int(width * 0.52), int(height * 0.16), int(width * 0.94), int(height * 0.84)
    draw.rounded_rectangle((left, top, right, bottom), radius=int(height * 0.12), fill=MUSCLE)
    fibres = 7
    for i in range(1, fibres):
        y = top + (bottom - top) * i // fibres
        draw.line((left + 40, y, right - 40, y), fill=MUSCLE_DARK, width=6)
    # The nerve: a thick fibre from the left edge, splitting into branches that end on the fibres.
    trunk_end = (int(width * 0.42), height // 2)
    draw.line((0, height // 2, *trunk_end), fill=NERVE, width=26)
    for i in range(1, fibres):
        y = top + (bottom - top) * i // fibres
        end = (left + 90 + 60 * (i % 3), y)
        draw.line((*trunk_end, *end), fill=NERVE, width=12)
        r = 22
        draw.ellipse((end[0] - r, end[1] - r, end[0] + r, end[1] + r), fill=NERVE, outline=INK, width=4)
    # A ring around one junction, where the unwanted signals start.
    x, y = left + 150, top + (bottom - top) * 3 // fibres
    draw.ellipse((x - 110, y - 110, x + 110, y + 110), outline=INK, width=8)
    return _png(picture)


def stretching_illustration(width: int = 1600, height: int = 900) -> bytes:
    """A simple figure stretching a calf against a wall, drawn in flat shapes."""
    picture = PILImage.new("RGB", (width, height), (244, 238, 226))
    draw = ImageDraw.Draw(picture)
    floor = int(height * 0.86)
    draw.rectangle((0, floor, width, height), fill=(204, 190, 166))
    wall = int(width * 0.78)
    draw.rectangle((wall, 0, width, floor), fill=(214, 224, 230))
    ink, line = (0, 95, 115), 34
    head = (int(width * 0.62), int(height * 0.22))
    draw.ellipse((head[0] - 60, head[1] - 60, head[0] + 60, head[1] + 60), fill=ink)
    hip = (int(width * 0.5), int(height * 0.56))
    draw.line((head, hip), fill=ink, width=line)
    shoulder = (int(width * 0.6), int(height * 0.33))
    draw.line((shoulder, (wall, int(height * 0.3))), fill=ink, width=line // 2 + 6)
    draw.line((hip, (int(width * 0.64), int(height * 0.7)), (int(width * 0.66), floor)), fill=ink, width=line)
    draw.line((hip, (int(width * 0.32), floor)), fill=ink, width=line)
    draw.line(((int(width * 0.28), floor), (int(width * 0.36), floor)), fill=ink, width=line)
    return _png(picture)


def leaflet_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF leaflet with a title and a few lines of text (Helvetica, A4)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 20 Tf 56 770 Td ({escape(title)}) Tj ET"]
    for i, line in enumerate(lines):
        text.append(f"BT /F1 12 Tf 56 {730 - 20 * i} Td ({escape(line)}) Tj ET")
    stream = zlib.compress("\n".join(text).encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# The demo library: (slug, title, drawing, alt text, caption, credit, licence).
PICTURES = [
    (
        "nerve-muscle-junction",
        "Diagram: nerve branching onto a muscle",
        nerve_and_muscle_diagram,
        "Diagram of a nerve fibre running in from the left and splitting into branches, each ending on one "
        "fibre of a muscle; one of the junctions is circled.",
        "In neuromyotonia the nerve fibres send signals on their own, so the muscle twitches or cramps "
        "even at rest. The circle marks a junction where such a signal starts.",
        "Drawing: Healthsite demo",
        "CC BY 4.0",
    ),
    (
        "calf-stretch",
        "Illustration: calf stretch against a wall",
        stretching_illustration,
        "Illustration of a person leaning with one hand on a wall, one leg bent forward and the other "
        "straight behind, stretching the calf.",
        "Gentle stretches like this one can ease cramps and stiffness.",
        "Illustration: Healthsite demo",
        "CC BY 4.0",
    ),
]

# (slug, title, leaflet heading, lines)
DOCUMENTS = [
    (
        "neuromyotonia-leaflet",
        "Living with neuromyotonia: a printable leaflet",
        "Living with neuromyotonia",
        [
            "Sample content: written to demonstrate this publishing software, not medical advice.",
            "Keep a diary of when twitching, cramps and stiffness are worse.",
            "Gentle stretching, warmth and regular sleep help many people.",
            "Tell your doctor at once about confusion, hallucinations or severe sleeplessness.",
        ],
    ),
]
