"""QR codes: as a black-and-white image for the PDFs (cards, the pack's cover), as SVG for a screen."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M


def qr_image(data: str) -> Image.Image:
    """A 1-bit image (medium error correction, a quiet zone of two modules)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(data)
    code.make(fit=True)
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("1")


def qr_svg(data: str) -> str:
    """An SVG QR code (for showing a freshly issued card on screen)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return str(image.to_string(encoding="unicode"))
