"""Small real documents written on the fly: demo evidence files and test uploads."""

import io
import zlib


def pdf_with_text(*lines):
    """A one-page PDF showing these lines (Helvetica, one text object)."""
    text_ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({escaped}) Tj T*")
    text_ops.append("ET")
    return pdf_pages(["\n".join(text_ops).encode("latin-1")])


def pdf_pages(page_streams: list[bytes], *, compress: bool = False) -> bytes:
    """A minimal valid PDF: one page per content stream, Helvetica as /F1."""
    objects: list[bytes] = []
    page_ids = []
    first_page = 4
    for index, stream in enumerate(page_streams):
        page_id, content_id = first_page + 2 * index, first_page + 2 * index + 1
        page_ids.append(page_id)
        data = zlib.compress(stream) if compress else stream
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream")
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(head + objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return bytes(out)


def docx_with_text(*paragraphs):
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
