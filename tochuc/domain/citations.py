"""Finding the party documents a Vietnamese text cites (DOMAIN.md §5).

A citation has the shape ``<loại> [số] <số>-<mã loại>/<mã cơ quan>[, ngày <d>-<m>-<yyyy> |
<d>/<m>/<yyyy> | ngày d tháng m năm yyyy] [của <cơ quan ban hành>] [về <trích yếu>]`` — e.g.
"Quy định số 145-QĐ/TW ngày 10-5-2024 của Bộ Chính trị về …". Numbering of party documents
follows Hướng dẫn 36-HD/VPTW (2018) on the format of party documents: ``<số>-<mã loại>/<mã
cơ quan>``, the number restarting for each kind every term, so a document's identity is its
code *and* its date (Quy định 35-CT/TW exists in 2019 and in 2024).

:func:`extract_citations` is pure (no Django): it reads any text — a report, a news article,
minutes — and returns every document cited, once, with the fullest details found:

- the code is completed from the kind and the issuing body when the text leaves the suffix out
  ("Quy định số 294 … của Ban Chấp hành Trung ương" → ``294-QĐ/TW``); without any issuing body
  it stays partial (``294-QĐ``), never guessed;
- noisy copies are read as written ("05 – CT / TW", "QÐ" with an Icelandic eth, decomposed
  Unicode, non-breaking spaces, "uỷ"/"ủy");
- nothing is invented from plain words: a citation needs a number and either a document code,
  the word "số", or a date / issuing body right after it ("Nghị quyết Đại hội XIII" and
  "Nghị quyết TW 6, khóa XIII" are not citations: they carry no number of a document).

Offsets (``start``, ``end``) are indices of Python characters of the text as given (not of its
normalized form); a document cited several times reports its first mention, and ``mentions``
holds every span.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

# --- Kinds and issuing bodies ---------------------------------------------------------------------

# Kind code → kind name. QĐ serves both "Quyết định" and "Quy định": without the word the kind
# is unknown (None) rather than guessed.
KIND_NAMES: dict[str, str | None] = {
    "NQ": "Nghị quyết", "QĐ": None, "CT": "Chỉ thị", "KL": "Kết luận", "HD": "Hướng dẫn",
    "TB": "Thông báo", "KH": "Kế hoạch", "BC": "Báo cáo", "CV": "Công văn", "QC": "Quy chế",
    "TT": "Thông tri", "TTr": "Tờ trình", "ĐA": "Đề án", "CTr": "Chương trình",
}
# Kind name → kind code.
KIND_CODES: dict[str, str] = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Quy định": "QĐ", "Chỉ thị": "CT", "Kết luận": "KL",
    "Hướng dẫn": "HD", "Thông báo kết luận": "TB", "Thông báo": "TB", "Kế hoạch": "KH", "Báo cáo": "BC",
    "Công văn": "CV",
    "Quy chế": "QC", "Thông tri": "TT", "Tờ trình": "TTr", "Đề án": "ĐA", "Chương trình": "CTr",
}

# Issuing bodies, folded (see :func:`_fold_char`), longest first: (folded words, issuer code, name
# to report). The Central Committee, the Politburo and the Secretariat all sign "/TW".
CENTRAL_BODIES: tuple[tuple[str, str, str], ...] = (
    ("ban chap hanh trung uong dang", "TW", "Ban Chấp hành Trung ương"),
    ("ban chap hanh trung uong", "TW", "Ban Chấp hành Trung ương"),
    ("bch trung uong", "TW", "Ban Chấp hành Trung ương"),
    ("bo chinh tri", "TW", "Bộ Chính trị"),
    ("ban bi thu trung uong dang", "TW", "Ban Bí thư"),
    ("ban bi thu", "TW", "Ban Bí thư"),
    ("ban to chuc trung uong", "BTCTW", "Ban Tổ chức Trung ương"),
    ("ban tuyen giao va dan van trung uong", "BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("ban tuyen giao trung uong", "BTGTW", "Ban Tuyên giáo Trung ương"),
    ("ban dan van trung uong", "BDVTW", "Ban Dân vận Trung ương"),
    ("ban noi chinh trung uong", "BNCTW", "Ban Nội chính Trung ương"),
    ("ban kinh te trung uong", "BKTTW", "Ban Kinh tế Trung ương"),
    ("ban doi ngoai trung uong", "BĐNTW", "Ban Đối ngoại Trung ương"),
    ("ban chinh sach, chien luoc trung uong", "BCSCLTW", "Ban Chính sách, chiến lược Trung ương"),
    ("van phong trung uong dang", "VPTW", "Văn phòng Trung ương Đảng"),
    ("van phong trung uong", "VPTW", "Văn phòng Trung ương Đảng"),
    ("uy ban kiem tra trung uong", "UBKTTW", "Ủy ban Kiểm tra Trung ương"),
    ("trung uong dang", "TW", "Ban Chấp hành Trung ương"),
    ("trung uong", "TW", "Ban Chấp hành Trung ương"),
)
# Committees directly under the Central Committee whose names are not all capitalized words
# (DOMAIN.md §1): (folded words, issuer code, name). Their committees sign "/ĐU" like any đảng ủy.
NAMED_BODIES: tuple[tuple[str, str, str], ...] = (
    ("dang uy chinh phu", "ĐU", "Đảng ủy Chính phủ"),
    ("dang uy quoc hoi", "ĐU", "Đảng ủy Quốc hội"),
    ("dang uy cac co quan dang trung uong", "ĐU", "Đảng ủy các cơ quan Đảng Trung ương"),
    ("dang uy mat tran to quoc, cac doan the trung uong", "ĐU", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương"),
    ("dang uy cong an trung uong", "ĐU", "Đảng ủy Công an Trung ương"),
    ("quan uy trung uong", "QUTW", "Quân ủy Trung ương"),
)
# Issuer codes that name one body: the body is known from the code alone. "TW" (three bodies)
# and local codes ("TU": which province?) are not.
BODY_OF_CODE: dict[str, str] = {
    code: name for _, code, name in (*CENTRAL_BODIES, *NAMED_BODIES) if code not in ("TW", "ĐU")
}
# Local committees: (folded words, issuer code); the body's name continues with capitalized
# words ("Tỉnh ủy Thừa Thiên Huế", "Đảng ủy Chính phủ").
LOCAL_BODIES: tuple[tuple[str, str | None], ...] = (
    ("ban thuong vu tinh uy", "TU"), ("ban thuong vu thanh uy", "TU"), ("ban thuong vu dang uy", "ĐU"),
    ("ban to chuc tinh uy", "BTCTU"), ("ban to chuc thanh uy", "BTCTU"),
    ("tinh uy", "TU"), ("thanh uy", "TU"), ("dang uy", "ĐU"), ("huyen uy", "HU"), ("quan uy", "QU"),
    ("thuong truc tinh uy", "TU"), ("thuong truc thanh uy", "TU"), ("thuong truc dang uy", "ĐU"),
    ("thi uy", None),
)

_KIND_WORDS = sorted(((_name, code) for _name, code in KIND_CODES.items()), key=lambda p: -len(p[0]))


# --- Normalization with an offset map -------------------------------------------------------------

_CHAR_MAP = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ",  # eth / African D look like Đ in copied texts
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2015": "-",
    "\uff0f": "/", "\u2044": "/", "\u2215": "/",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
}


def _fold_char(ch: str) -> str:
    """One character → one folded character (no marks, đ→d, lower case), or itself."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


@dataclass(frozen=True)
class _Text:
    norm: str  # NFC, normalized dashes/slashes/spaces; what subjects and names are cut from
    low: str  # ``norm`` folded character by character (same length): what patterns match
    starts: tuple[int, ...] | None  # original index where the cluster of norm[i] starts (None: i)
    ends: tuple[int, ...] | None  # original index where it ends (None: i + 1)

    def span(self, a: int, b: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return a, b
        return self.starts[a], self.ends[b - 1]


_SPACE_CHARS = ("\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                "\u2008\u2009\u200a\u202f\u205f\u3000\u200b\u200c\u200d\ufeff")
_NORM_TABLE = str.maketrans({**_CHAR_MAP, **{ch: " " for ch in _SPACE_CHARS}, "\r": "\n", "\u2028": "\n",
                             "\u2029": "\n"})
# One folded character per character (Latin letters with marks, đ, A–Z): the fast path's fold.
_FOLD_TABLE = str.maketrans({
    chr(code): folded for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if len(folded := _fold_char(chr(code))) == 1 and folded != chr(code)
})


def _fix_tones(text: str) -> str:
    # Old-style tone placement ("uỷ") equals the new one ("ủy"); same length, offsets unchanged.
    return text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("UỶ", "ỦY")


def _normalize(text: str) -> _Text:
    if unicodedata.is_normalized("NFC", text):
        # Most texts: composed already, so one character stays one character and offsets are
        # the same; two str.translate calls instead of a loop over characters.
        norm = _fix_tones(text.translate(_NORM_TABLE))
        low = norm.translate(_FOLD_TABLE)
        if len(low) == len(norm):
            return _Text(norm, low, None, None)
    norm: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        for ch in cluster:
            ch = _CHAR_MAP.get(ch, ch)
            if ch.isspace() or ch in "\u200b\u200c\u200d\ufeff":
                ch = "\n" if ch in "\n\r\u2028\u2029" else " "
            norm.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    joined = _fix_tones("".join(norm))
    low = "".join(_fold_char(ch) for ch in joined)
    return _Text(joined, low, tuple(starts), tuple(ends))


# --- Patterns (on the folded text) ----------------------------------------------------------------

def _words(folded: str) -> str:
    return r"\s+".join(re.escape(w) for w in folded.split(" "))


def _fold_str(text: str) -> str:
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFC", text))


_KIND_ALTERNATION = "|".join(_words(_fold_str(name)) for name, _ in _KIND_WORDS)
_KIND_BY_FOLDED = {re.sub(r"\s+", " ", _fold_str(name)): name for name, _ in _KIND_WORDS}
_CODE_BY_FOLDED = {_fold_str(code): code for code in KIND_NAMES}
_KIND_CODE_ALT = "|".join(sorted((re.escape(c) for c in _CODE_BY_FOLDED), key=len, reverse=True))

_HEAD = re.compile(
    rf"(?<![a-z0-9])(?:(?P<kind>{_KIND_ALTERNATION})\s+(?:(?P<so>so)\b\s*:?\s*)?)?"
    rf"(?<![0-9])(?P<num>\d{{1,4}})(?![0-9])(?![.,]\d)"
    rf"(?:\s*[-/]\s*(?P<kc>{_KIND_CODE_ALT})\s*[/-]\s*(?P<ic>[a-z]{{1,12}})(?![a-z0-9]))?"
)
_DATE_NUMERIC = r"(?P<d>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
_DATE_WORDS = r"(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s*,?\s+nam\s+(?P<y2>\d{4})(?!\d)"
_DATE = re.compile(rf"\s*,?\s*(?P<open>\(\s*)?(?P<ngay>ngay\s+)?(?:{_DATE_NUMERIC}|{_DATE_WORDS})(?P<close>\s*\))?")
_OF = re.compile(r"\s*,?\s*cua\s+(?:hoi\s+nghi\s+(?:lan\s+thu\s+[a-z]+\s+)?)?")
_LISTED = re.compile(rf"(?:\s*,\s*|\s+va\s+)(?:so\s+)?\d{{1,4}}\s*[-/]\s*"
                     rf"(?P<kc>{_KIND_CODE_ALT})\s*[/-]\s*(?P<ic>[a-z]{{1,12}})(?![a-z0-9])")
_TERM = re.compile(r"\s*,?\s*\(?\s*khoa\s+[ivxlc]+\b\s*\)?")
# "về <trích yếu>", "về việc <trích yếu>"; a decision's subject may be "ban hành <quy chế …>".
_ABOUT = re.compile(r"\s*,?\s*(?:ve\s+(?:viec\s+)?|(?=ban\s+hanh\s))")
_SUBJECT_STOP = re.compile(r'[.;:!?\n"()\[\]…]')
_TRAILING_LINK = re.compile(r"(?:\s*,|\s+(?:va|cung|voi|theo|tai|cua))+\s*$")
SUBJECT_MAX = 250


@dataclass(frozen=True)
class Citation:
    """One document cited by a text. ``code`` is partial ("294-QĐ") when no issuing body is
    known; ``kind_code``/``issuer_code`` are its parts."""

    code: str
    kind: str | None
    number: int
    issued_on: date | None
    issuer: str | None
    subject: str | None
    start: int
    end: int
    kind_code: str = ""
    issuer_code: str | None = None
    mentions: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    @property
    def complete(self) -> bool:
        return self.issuer_code is not None

    def as_json(self) -> dict:
        """The object ``tochuc docs extract --json`` prints."""
        return {
            "code": self.code, "kind": self.kind, "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer, "subject": self.subject, "start": self.start, "end": self.end,
        }


def make_code(number: int, kind_code: str, issuer_code: str | None) -> str:
    """``05-CT/TW``: numbers below 10 are written with two digits (Hướng dẫn 36-HD/VPTW)."""
    head = f"{number:02d}-{kind_code}"
    return f"{head}/{issuer_code}" if issuer_code else head


_CODE_SHAPE = re.compile(r"^\s*(\d{1,4})\s*[-/]\s*([^\s/-]+)\s*[/-]\s*([^\s/-]+)\s*$")


def parse_code(code: str) -> tuple[int, str, str | None] | None:
    """``"05 – CT / TW"`` → ``(5, "CT", "TW")``; ``"294-QĐ"`` → ``(294, "QĐ", None)``; None if it
    is not a document code."""
    norm = _normalize(code).norm.strip()
    match = _CODE_SHAPE.match(norm)
    if match:
        kind = _CODE_BY_FOLDED.get(_fold_str(match.group(2)))
        if kind is None:
            return None
        return int(match.group(1)), kind, match.group(3).upper()
    partial = re.match(r"^\s*(\d{1,4})\s*-\s*(\S+)\s*$", norm)
    if partial and (kind := _CODE_BY_FOLDED.get(_fold_str(partial.group(2)))):
        return int(partial.group(1)), kind, None
    return None


def normalize_code(code: str) -> str | None:
    parsed = parse_code(code)
    return make_code(*parsed) if parsed else None


# --- Reading one mention --------------------------------------------------------------------------


def _read_date(match: re.Match) -> date | None:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_UNIT_WORDS = re.compile(r"\s+(?:xa|phuong|dac\s+khu|thi\s+tran|tinh|thanh\s+pho|huyen|quan|thi\s+xa|khoi)(?=\s+\S)")
_CENTRAL_PATTERNS = tuple((re.compile(_words(f) + r"(?![a-z])"), code, name)
                          for f, code, name in (*CENTRAL_BODIES, *NAMED_BODIES))
_LOCAL_PATTERNS = tuple((re.compile(_words(f) + r"(?![a-z])"), code) for f, code in LOCAL_BODIES)


def _read_issuer(t: _Text, pos: int) -> tuple[str, str | None, int] | None:
    """The issuing body starting at ``pos`` (after "của"): (name, issuer code, end)."""
    low = t.low
    for pattern, code, name in _CENTRAL_PATTERNS:
        match = pattern.match(low, pos)
        if match:
            return name, code, match.end()
    for pattern, code in _LOCAL_PATTERNS:
        match = pattern.match(low, pos)
        if not match:
            continue
        end = base = match.end()
        # The kind of unit it leads, in lower case ("Đảng ủy phường Ba Đình"), then the body's
        # own name: the capitalized words that follow ("Thừa Thiên Huế").
        unit_word = _UNIT_WORDS.match(low, end)
        if unit_word:
            end = base = unit_word.end()
        for word in re.finditer(r" +([^\s,.;:()]+)", t.norm[base:base + 80]):
            if word.start() != end - base or not word.group(1)[:1].isupper():
                break
            end = base + word.end()
        return t.norm[pos:end].strip(" ,"), code, end
    return None


@dataclass
class _Mention:
    kind: str | None
    kind_code: str
    number: int
    issuer_code: str | None
    issuer: str | None
    issued_on: date | None
    subject_at: int | None  # where the subject starts in the text (after "về")
    subject: str | None
    a: int
    b: int  # the citation's span in the normalized text
    weak: bool = False  # "Quy định 294" alone: only a further mention of a document cited in full


def _mention(t: _Text, match: re.Match) -> _Mention | None:
    low, norm = t.low, t.norm
    kind_word = match.group("kind")
    number = int(match.group("num"))
    kind = _KIND_BY_FOLDED[re.sub(r"\s+", " ", kind_word)] if kind_word else None
    kind_code = _CODE_BY_FOLDED[match.group("kc")] if match.group("kc") else None
    issuer_code = norm[match.start("ic"):match.end("ic")].upper() if match.group("ic") else None
    if kind_code is None and kind is None:
        return None
    if kind_code is not None and kind is not None and KIND_CODES[kind] != kind_code:
        kind = KIND_NAMES[kind_code]  # the code is what identifies the document
    if kind_code is None:
        kind_code = KIND_CODES[kind]
    if kind is None:
        kind = KIND_NAMES[kind_code]
    end = match.end()
    if issuer_code is None and kind_word:
        # "Nghị quyết số 18, 19-NQ/TW": a bare number in a list takes the code of the next one.
        listed = _LISTED.match(low, end)
        if listed and _CODE_BY_FOLDED[listed.group("kc")] == kind_code:
            issuer_code = norm[listed.start("ic"):listed.end("ic")].upper()
    issued_on = None
    issuer = None
    # The date and the issuing body, in either order ("… ngày 22/12/2024 của Bộ Chính trị" or
    # "… của Bộ Chính trị ngày 22/12/2024").
    for _ in range(2):
        date_match = _DATE.match(low, end) if issued_on is None else None
        if date_match and (day := _read_date(date_match)) is not None:
            issued_on, end = day, date_match.end()
            continue
        of = _OF.match(low, end) if issuer is None else None
        found = _read_issuer(t, of.end()) if of else None
        if found:
            issuer, text_code, end = found
            issuer_code = issuer_code or text_code
            continue
        break
    after = end
    if match.group("kc") is None and match.group("so") is None:
        # "Chỉ thị 50 ngày 23/7/2025", "Nghị quyết 57 của Bộ Chính trị": a number right after a
        # capitalized kind is a citation only with its date or its issuing body.
        if not norm[match.start("kind")].isupper():
            return None
        if issued_on is None and issuer is None:
            # "Điều 10 Quy định 294": on its own not a citation, but a further mention of a
            # document the text cites in full (see :func:`extract_citations`).
            start = match.start("kind")
            return _Mention(kind, kind_code, number, None, None, None, None, None, start, match.end(), weak=True)
    if issuer is None and issuer_code in BODY_OF_CODE:
        issuer = BODY_OF_CODE[issuer_code]
    term = _TERM.match(low, after)
    if term:
        after = term.end()
    subject_at = None
    about = _ABOUT.match(low, after)
    if about:
        subject_at = about.end()
    start = match.start("kind") if kind_word else match.start("num")
    return _Mention(kind, kind_code, number, issuer_code, issuer, issued_on, subject_at, None, start, end)


def _subject(t: _Text, at: int, limit: int) -> str | None:
    norm = t.norm
    if at < len(norm) and norm[at] == '"':
        close = norm.find('"', at + 1, min(limit, at + 1 + SUBJECT_MAX))
        text = norm[at + 1:close] if close > 0 else ""
    else:
        stop = _SUBJECT_STOP.search(norm, at, limit)
        end = stop.start() if stop else limit
        text = norm[at:end]
        if len(text) > SUBJECT_MAX:
            text = text[:SUBJECT_MAX].rsplit(" ", 1)[0]
        low = _fold_str(text)
        trailing = _TRAILING_LINK.search(low)
        if trailing:
            text = text[:trailing.start()]
    text = re.sub(r"\s+", " ", text).strip(" ,-")
    return text or None


# --- Merging mentions into documents --------------------------------------------------------------


def _compatible(doc: Citation, m: _Mention) -> bool:
    return (
        doc.kind_code == m.kind_code and doc.number == m.number
        and (doc.issuer_code is None or m.issuer_code is None or doc.issuer_code == m.issuer_code)
        and (doc.issued_on is None or m.issued_on is None or doc.issued_on == m.issued_on)
    )


def _merge(doc: Citation, m: _Mention, span: tuple[int, int]) -> Citation:
    issuer_code = doc.issuer_code or m.issuer_code
    subject = doc.subject
    if m.subject and (subject is None or len(m.subject) > len(subject)):
        subject = m.subject
    return replace(
        doc,
        code=make_code(doc.number, doc.kind_code, issuer_code),
        kind=doc.kind or m.kind,
        issued_on=doc.issued_on or m.issued_on,
        issuer=doc.issuer or m.issuer,
        issuer_code=issuer_code,
        subject=subject,
        mentions=(*doc.mentions, span),
    )


def extract_citations(text: str) -> list[Citation]:
    """Every document ``text`` cites, in order of first mention, each once with the fullest
    details found among its mentions (see the module's docstring)."""
    t = _normalize(text)
    found = [m for match in _HEAD.finditer(t.low) if (m := _mention(t, match)) is not None]
    mentions = [m for m in found if not m.weak]
    for index, m in enumerate(mentions):
        if m.subject_at is not None:
            limit = mentions[index + 1].a if index + 1 < len(mentions) else len(t.norm)
            m.subject = _subject(t, m.subject_at, max(limit, m.subject_at))
    documents: list[Citation] = []
    for m in mentions:
        span = t.span(m.a, m.b)
        for i, doc in enumerate(documents):
            if _compatible(doc, m):
                documents[i] = _merge(doc, m, span)
                break
        else:
            documents.append(Citation(
                code=make_code(m.number, m.kind_code, m.issuer_code), kind=m.kind, number=m.number,
                issued_on=m.issued_on, issuer=m.issuer, subject=m.subject, start=span[0], end=span[1],
                kind_code=m.kind_code, issuer_code=m.issuer_code, mentions=(span,),
            ))
    for m in found:
        if not m.weak:
            continue
        # A short mention joins the one document of that kind and number, never an ambiguous pair.
        same = [i for i, doc in enumerate(documents) if doc.kind_code == m.kind_code and doc.number == m.number]
        if len(same) == 1:
            doc = documents[same[0]]
            spans = tuple(sorted((*doc.mentions, t.span(m.a, m.b))))
            documents[same[0]] = replace(doc, mentions=spans, start=spans[0][0], end=spans[0][1],
                                         kind=doc.kind or m.kind)
    return sorted(documents, key=lambda doc: doc.start)


def extract_json(text: str) -> list[dict]:
    return [c.as_json() for c in extract_citations(text)]
