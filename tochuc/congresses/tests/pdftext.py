"""Text of a PDF written by ReportLab, for tests (no pypdf / pdftotext on the machine).

Reads every object, decodes its stream (ASCII85, Flate), maps each font resource name to its
ToUnicode CMap (ReportLab writes one for every TrueType subset) and turns the strings of the
content streams' Tj / TJ operators back into Unicode, one line per text block or line move.
It is a reader of what ReportLab writes, not of every PDF.
"""

from __future__ import annotations

import base64
import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def _decode(dictionary: bytes, raw: bytes) -> bytes:
    filters = re.findall(rb"/(ASCII85Decode|FlateDecode)", dictionary)
    for name in filters:
        if name == b"ASCII85Decode":
            raw = raw.strip()
            raw = raw[2:] if raw.startswith(b"<~") else raw
            raw = raw[:-2] if raw.endswith(b"~>") else raw
            raw = base64.a85decode(raw)
        else:
            raw = zlib.decompress(raw)
    return raw


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    found = {}
    for match in OBJECT.finditer(data):
        body = match.group(2)
        if b"stream" in body:
            head, _, rest = body.partition(b"stream")
            rest = rest.lstrip(b"\r\n")
            content = rest[: rest.rindex(b"endstream")].rstrip(b"\r\n")
            found[int(match.group(1))] = (head, _decode(head, content))
        else:
            found[int(match.group(1))] = (body, None)
    return found


def _cmap(text: bytes) -> dict[int, str]:
    mapping = {}
    for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", text.split(b"endcodespacerange")[-1]):
        code = int(dst, 16)
        if code:
            mapping[int(src, 16)] = chr(code)
    return mapping


def _strings(operand: bytes) -> list[bytes]:
    """Literal strings in ``operand`` (``(…)`` with escapes), in order."""
    out, i = [], 0
    while i < len(operand):
        if operand[i:i + 1] != b"(":
            i += 1
            continue
        depth, i, buf = 1, i + 1, bytearray()
        while i < len(operand) and depth:
            ch = operand[i:i + 1]
            if ch == b"\\":
                nxt = operand[i + 1:i + 2]
                octal = re.match(rb"[0-7]{1,3}", operand[i + 1:i + 4])
                if octal:
                    buf.append(int(octal.group(0), 8))
                    i += 1 + len(octal.group(0))
                    continue
                buf += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
                i += 2
                continue
            if ch == b"(":
                depth += 1
            elif ch == b")":
                depth -= 1
                if not depth:
                    break
            buf += ch
            i += 1
        out.append(bytes(buf))
        i += 1
    return out


TOKEN = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|(\[(?:[^\]\\]|\\.)*\]|\((?:[^)\\]|\\.)*\))\s*(Tj|TJ|')|(T\*|Td|TD|ET)\b",
    re.S,
)


def pdf_text(data: bytes) -> str:
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        for name, number in re.findall(rb"/(F[\w+]+)\s+(\d+)\s+0\s+R", head):
            font = objects.get(int(number))
            if font is None:
                continue
            ref = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font[0])
            if ref and objects.get(int(ref.group(1)), (b"", None))[1]:
                fonts[name] = _cmap(objects[int(ref.group(1))][1])
            else:
                fonts.setdefault(name, {})
    lines, current, font = [], [], {}
    for head, stream in objects.values():
        if stream is None or b"BT" not in stream or b"/Length1" in head:
            continue
        for match in TOKEN.finditer(stream):
            if match.group(1):
                font = fonts.get(match.group(1), {})
            elif match.group(2):
                for raw in _strings(match.group(2)):
                    current.append("".join(font.get(b, chr(b)) for b in raw))
            elif current:
                lines.append("".join(current))
                current = []
    if current:
        lines.append("".join(current))
    return "\n".join(lines)
