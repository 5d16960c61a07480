"""Job ads for the tests: one from the annotated corpus, and files made from it."""

import io

from pypdf import PdfWriter
from weasyprint import HTML

from career.management.commands.job_ad_recognition import CORPUS
from career.recognition_corpus import corpus_read


def corpus_ad(name: str):
    return next(ad for ad in corpus_read(CORPUS) if ad.name.startswith(name))


def pdf_of(text: str) -> bytes:
    """A real PDF whose text is `text`, rendered offline by WeasyPrint."""
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()


def pdf_without_text() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
