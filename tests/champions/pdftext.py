"""Just enough PDF reading to check the text fpdf2 wrote with embedded Unicode fonts.

Each font subset numbers its glyphs differently, so text is decoded through
the ToUnicode map of the font selected (``/Fn size Tf``) when it was shown.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
STREAM_START = re.compile(rb"stream\r?\n")
LENGTH = re.compile(rb"/Length (\d+)")
BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>")
FONT_REF = re.compile(rb"/F(\d+) (\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
OPERATION = re.compile(rb"/F(\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream_bytes(body):
    """The stream's bytes, exactly ``/Length`` of them.

    Ending the stream at "\r?\nendstream" instead would swallow a compressed
    stream's last byte whenever it happens to be a CR (about one PDF in 256),
    and the text would silently read as empty.
    """
    start = STREAM_START.search(body)
    length = LENGTH.search(body)
    if start is None:
        return None
    if length is not None:
        return body[start.end():start.end() + int(length.group(1))]
    stream = STREAM.search(body)
    return stream.group(1) if stream else None


def _objects(data):
    objects = {}
    for number, body in OBJECT.findall(data):
        stream = _stream_bytes(body)
        content = body
        if stream is not None:
            try:
                content = zlib.decompress(stream)
            except zlib.error:
                content = stream
        objects[int(number)] = (body, content)
    return objects


def _unescape(raw):
    return re.sub(rb"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), raw, flags=re.S)


def pdf_text(data):
    """Each piece of text shown on the PDF's pages, one per line."""
    objects = _objects(data)
    fonts = {}
    for body, _content in objects.values():
        for font_name, number in FONT_REF.findall(body):
            font_body = objects.get(int(number), (b"", b""))[0]
            to_unicode = TO_UNICODE.search(font_body)
            if to_unicode:
                cmap = objects[int(to_unicode.group(1))][1]
                fonts[font_name] = {int(g, 16): bytes.fromhex(u.decode()).decode("utf-16-be")
                                    for g, u in BFCHAR.findall(cmap)}
    lines = []
    for _body, content in objects.values():
        if b" Tj" not in content:
            continue
        glyphs = {}
        for font_name, shown in OPERATION.findall(content):
            if font_name:
                glyphs = fonts.get(font_name, {})
                continue
            raw = _unescape(shown)
            lines.append("".join(glyphs.get(int.from_bytes(raw[i:i + 2], "big"), "?")
                                 for i in range(0, len(raw) - 1, 2)))
    return "\n".join(lines)
