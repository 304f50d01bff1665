"""Fill the English catalog from translations_en.json (source strings are Vietnamese).

Run after `make messages`; untranslated strings are listed so they can be added here.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Vietnamese msgid → English; files of data (translations_en*.json: one per area, so that work on
# different areas does not edit the same file), added to as screens are added. A key
# "context\u0004msgid" translates a msgid given a context (pgettext).
EN: dict[str, str | list[str]] = {}
for _data in sorted(Path(__file__).parent.glob("translations_en*.json")):
    EN.update(json.loads(_data.read_text(encoding="utf-8")))

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unquote(lines: list[str]) -> str:
    return "".join(_STRING.findall(" ".join(lines))).replace('\\"', '"').replace("\\n", "\n")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _fields(block: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Comment lines and the keyword fields (msgctxt, msgid, msgid_plural, msgstr, msgstr[n])
    of one catalog entry, each field with its continuation lines."""
    comments, fields, current = [], {}, None
    for line in block:
        if line.startswith("#"):
            comments.append(line)
        elif line.startswith('"') and current is not None:
            fields[current].append(line)
        else:
            current, _, rest = line.partition(" ")
            fields[current] = [rest]
    return comments, fields


def fill(path: Path) -> list[str]:
    """Write every known translation into the catalog, entry by entry (multi-line strings,
    plural forms and fuzzy flags included); return the msgids with no translation."""
    missing: list[str] = []
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    out = []
    for raw in blocks:
        comments, fields = _fields([line for line in raw.splitlines() if line.strip()])
        msgid = _unquote(fields.get("msgid", []))
        if not msgid or any(c.startswith("#~") for c in comments):
            out.append(raw)
            continue
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else ""
        translated = EN.get(f"{context}\x04{msgid}") if context else None
        if translated is None:
            translated = EN.get(msgid)
        if translated is None:
            # No translation of ours: an empty one, so the page shows the Vietnamese source
            # rather than a guess msgmerge carried over from another string.
            missing.append(msgid)
            translated = ("", "")
        comments = [c for c in comments if not c.startswith("#,") and not c.startswith("#|")] + [
            c.replace(" fuzzy,", "").replace(", fuzzy", "")
            for c in comments if c.startswith("#,") and c.strip() != "#, fuzzy"]
        lines = (comments + [f"msgctxt {fields['msgctxt'][0]}", *fields["msgctxt"][1:]] if "msgctxt" in fields
                 else comments)
        lines += ["msgid " + fields["msgid"][0], *fields["msgid"][1:]]
        if "msgid_plural" in fields:
            singular, plural = translated if isinstance(translated, (tuple, list)) else (translated, translated)
            lines += ["msgid_plural " + fields["msgid_plural"][0], *fields["msgid_plural"][1:],
                      "msgstr[0] " + _quote(singular), "msgstr[1] " + _quote(plural)]
        else:
            lines.append("msgstr " + _quote(translated if isinstance(translated, str) else translated[0]))
        out.append("\n".join(lines))
    path.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    po = Path(__file__).resolve().parent.parent / "tochuc/locale/en/LC_MESSAGES/django.po"
    missing = fill(po)
    for msgid in missing:
        print("untranslated:", msgid)
    # Untranslated strings fall back to Vietnamese, the default language: report, do not fail.
    print(f"{len(missing)} untranslated strings", file=sys.stderr)
