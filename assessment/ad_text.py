"""The text of a job ad from an uploaded file: plain text or a PDF, within limits.

A PDF's text is extracted by pypdf in a child process that is killed after
PDF_SECONDS: a crafted file cannot hold a web worker, and pypdf fetches nothing
from the network (it reads only the bytes it is given). Run as a module
(`python -m assessment.ad_text`), this file is that child: PDF bytes on stdin,
text on stdout.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

PROJECT_DIR = Path(__file__).resolve().parent.parent  # where `-m assessment.ad_text` is found
TEXT_MAX_CHARS = 30_000
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
PDF_SECONDS = 10
PDF_MAX_PAGES = 30
PDF_MAX_CHARS = 200_000
# Share of characters that may be control characters before a "text" file counts as binary.
CONTROL_SHARE_MAX = 0.01


class AdTextError(ValueError):
    """The upload holds no text we can read; the message says why, in the candidate's terms."""


def ad_text_from_upload(*, name: str, content: bytes) -> str:
    """The text of an uploaded .txt or .pdf file, or AdTextError."""
    if not content:
        raise AdTextError("The file is empty.")
    if len(content) > UPLOAD_MAX_BYTES:
        raise AdTextError("The file is larger than 2 MB. Paste the ad's text instead.")
    if content.startswith(b"%PDF-"):
        return _pdf_text(content)
    if name.lower().endswith(".pdf"):
        raise AdTextError("This file is named .pdf but is not a PDF.")
    return _plain_text(content)


def _plain_text(content: bytes) -> str:
    if b"\x00" in content:
        raise AdTextError("This file is not text (it looks like a binary file). Upload a .txt or .pdf file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AdTextError("This file is not UTF-8 text. Upload a .txt or .pdf file, or paste the text.") from error
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > CONTROL_SHARE_MAX * max(len(text), 1):
        raise AdTextError("This file is not text (it looks like a binary file). Upload a .txt or .pdf file.")
    return text


def _pdf_text(content: bytes) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "assessment.ad_text"],
            input=content,
            capture_output=True,
            timeout=PDF_SECONDS,
            check=False,
            cwd=PROJECT_DIR,
        )
    except subprocess.TimeoutExpired as error:
        raise AdTextError("Reading this PDF took too long. Paste the ad's text instead.") from error
    if done.returncode != 0:
        raise AdTextError("This PDF could not be read. Paste the ad's text instead.")
    text = done.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise AdTextError("This PDF has no text we can read (it may be a scanned image). Paste the ad's text instead.")
    return text


def pdf_extract(content: bytes) -> str:
    """The text of the first PDF_MAX_PAGES pages, at most PDF_MAX_CHARS characters."""
    reader = PdfReader(io.BytesIO(content))
    pieces, size = [], 0
    for page in reader.pages[:PDF_MAX_PAGES]:
        piece = page.extract_text() or ""
        pieces.append(piece)
        size += len(piece)
        if size >= PDF_MAX_CHARS:
            break
    return "\n".join(pieces)[:PDF_MAX_CHARS]


if __name__ == "__main__":
    sys.stdout.write(pdf_extract(sys.stdin.buffer.read()))
