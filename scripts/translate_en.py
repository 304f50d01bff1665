"""Fill the English catalog from the table below (source strings are Vietnamese).

Run after `make messages`; untranslated strings are listed so they can be added here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    "Xem": "View", "Cán bộ nghiệp vụ": "Clerk", "Quản trị": "Administrator", "vai trò": "role", "phạm vi": "scope",
    "người dùng": "user", "Chỉ quản trị viên mới được tạo người dùng.": "Only administrators may create users.",
    "Vai trò «%(role)s» không hợp lệ (dùng: %(roles)s).": "Invalid role “%(role)s” (use: %(roles)s).",
    "Không thể cấp vai trò cao hơn vai trò của mình.": "You cannot grant a role above your own.",
    "Người dùng phải có ít nhất một đơn vị trong phạm vi.": "A user needs at least one unit in scope.",
    "Tên đăng nhập «%(name)s» đã tồn tại.": "Username “%(name)s” already exists.",
    "Không tìm thấy đơn vị: %(codes)s.": "Units not found: %(codes)s.",
    "Đơn vị ngoài phạm vi của bạn: %(codes)s.": "Units outside your scope: %(codes)s.",
    "Đăng nhập": "Log in", "Tên đăng nhập": "Username", "Mật khẩu": "Password",
    "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau %(minutes)s phút.": "Too many failed logins; please try again in %(minutes)s minutes.",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Không tìm thấy.": "Not found.", "Không có quyền.": "Not allowed.", "thời điểm": "time",
    "người thực hiện": "actor", "thao tác": "action", "loại đối tượng": "object type", "mã đối tượng": "object id",
    "đối tượng": "object", "tổ chức": "organization", "trước": "before", "sau": "after", "lý do": "reason",
    "nhật ký thay đổi": "audit log", "hệ thống": "system",
    "dòng %(row)s, cột %(column)s: %(reason)s": "row %(row)s, column %(column)s: %(reason)s",
    "tệp không phải UTF-8 (byte %(pos)s)": "the file is not UTF-8 (byte %(pos)s)", "tệp rỗng": "the file is empty",
    "tệp không phải bảng tính XLSX hợp lệ": "the file is not a valid XLSX workbook",
    "thiếu cột bắt buộc": "required column missing", "cột không được hỗ trợ": "unsupported column", "cột bị lặp": "repeated column",
    "số cột (%(n)s) khác dòng tiêu đề (%(w)s)": "number of cells (%(n)s) differs from the header (%(w)s)",
    "thiếu họ và tên": "full name missing", "họ và tên dài quá %(max)s ký tự": "full name longer than %(max)s characters",
    "thiếu ngày": "date missing",
    "ngày «%(value)s» không hợp lệ (dùng YYYY-MM-DD hoặc DD/MM/YYYY)": "invalid date “%(value)s” (use YYYY-MM-DD or DD/MM/YYYY)",
    "giới tính «%(value)s» không hợp lệ (dùng «nam» hoặc «nữ»)": "invalid gender “%(value)s” (use “nam” or “nữ”)",
    "không có chi bộ «%(code)s» trong phạm vi (mã phải là một chi bộ đang hoạt động)": "no branch “%(code)s” in scope (the code must be an active party branch)",
    "ngày sinh ở tương lai": "birth date in the future", "ngày vào Đảng ở tương lai": "admission date in the future",
    "chưa đủ 18 tuổi khi vào Đảng (Điều lệ Đảng, Điều 1)": "under 18 at admission (Party Charter, Article 1)",
    "ngày chính thức phải sau ít nhất 12 tháng dự bị (Điều lệ Đảng, Điều 5)": "official date must follow at least 12 months of probation (Party Charter, Article 5)",
    "ngày chính thức ở tương lai": "official date in the future", "số thẻ «%(value)s» không hợp lệ": "invalid card number “%(value)s”",
    "số thẻ %(value)s trùng với dòng %(other)s": "card number %(value)s repeats row %(other)s",
    "số thẻ %(value)s đã có trong hệ thống": "card number %(value)s already exists",
    "thẻ đảng viên chỉ cấp cho đảng viên chính thức": "party cards are issued to official members only",
    "số CCCD %(value)s trùng với dòng %(other)s": "citizen ID %(value)s repeats row %(other)s",
    "số CCCD %(value)s đã có trong hệ thống": "citizen ID %(value)s already exists",
    "dân tộc «%(value)s» không có trong danh mục 54 dân tộc": "ethnicity “%(value)s” is not among the 54 official groups",
    "Nam": "Male", "Nữ": "Female", "Dự bị": "Probationary", "Chính thức": "Official",
    "Đang chuyển sinh hoạt ra ngoài": "Transferring out", "Đã xóa tên, khai trừ": "Removed or expelled",
    "Ra khỏi Đảng": "Left the party", "Từ trần": "Deceased", "họ và tên": "full name", "ngày sinh": "birth date",
    "giới tính": "sex", "dân tộc": "ethnicity", "tôn giáo": "religion", "quê quán": "home town", "số CCCD": "citizen ID",
    "điện thoại": "phone", "trình độ học vấn": "education", "lý luận chính trị": "political theory",
    "ngày vào Đảng": "admission date", "ngày chính thức": "official date", "số thẻ đảng viên": "party card number",
    "tình trạng": "status", "miễn công tác và sinh hoạt": "exempted from work and activities", "đảng viên": "party member",
    "Sinh hoạt chính thức": "Home branch", "Sinh hoạt tạm thời": "Temporary branch", "sự kiện": "event",
    "ngày hiệu lực": "effective date", "chi tiết": "details", "lý do, căn cứ": "reason, legal basis",
    "sự kiện đảng viên": "member event", "Bạn không có quyền nhập đảng viên.": "You may not import members.",
    "%(count)s đảng viên từ %(source)s": "%(count)s members from %(source)s", "thiếu mã đơn vị": "unit code missing",
    "mã «%(code)s» không hợp lệ (tối đa %(max)s ký tự, không có khoảng trắng)": "invalid code “%(code)s” (at most %(max)s characters, no spaces)",
    "mã «%(code)s» trùng với dòng %(other)s": "code “%(code)s” repeats row %(other)s",
    "mã «%(code)s» đã có trong hệ thống": "code “%(code)s” already exists", "thiếu tên đơn vị": "unit name missing",
    "tên dài quá %(max)s ký tự": "name longer than %(max)s characters",
    "loại «%(kind)s» không hợp lệ (dùng một trong: %(kinds)s)": "invalid kind “%(kind)s” (use one of: %(kinds)s)",
    "mã hành chính dài quá 16 ký tự": "administrative code longer than 16 characters",
    "cấp Trung ương không có cấp trên": "the central level has no superior", "thiếu mã cấp trên": "parent code missing",
    "đơn vị không thể là cấp trên của chính nó": "a unit cannot be its own parent",
    "cấp huyện đã kết thúc từ 01/07/2025 (Quy định 294-QĐ/TW)": "the district level ended on 1 Jul 2025 (Regulation 294-QĐ/TW)",
    "cấp trên «%(code)s» không tồn tại hoặc đã thay đổi sau ngày %(day)s": "parent “%(code)s” does not exist or changes after %(day)s",
    "không tìm thấy cấp trên «%(code)s»": "parent “%(code)s” not found",
    "«%(kind)s» không thể trực thuộc «%(parent_kind)s»": "“%(kind)s” cannot sit under “%(parent_kind)s”",
    "cấp trên «%(code)s» chưa hoặc không còn tồn tại vào ngày %(day)s": "parent “%(code)s” does not exist on %(day)s",
    "vòng lặp cấp trên: %(loop)s": "parent loop: %(loop)s", "Trung ương": "Central Committee",
    "Đảng bộ tỉnh, thành phố": "Provincial party committee", "Đảng bộ trực thuộc Trung ương": "Central-level party committee",
    "Đảng bộ huyện, quận, thị xã (trước 1/7/2025)": "District party committee (before 1 Jul 2025)",
    "Đảng bộ xã, phường, đặc khu": "Commune, ward or special-zone party committee", "Đảng bộ cơ sở": "Grassroots party committee",
    "Chi bộ cơ sở": "Grassroots party branch", "Đảng bộ bộ phận": "Sub-committee", "Chi bộ trực thuộc": "Party branch",
    "mã": "code", "mã đơn vị hành chính": "administrative code", "ngày tạo": "created", "tổ chức đảng": "party organization",
    "tên": "name", "loại": "kind", "cấp trên": "parent", "hiệu lực từ": "valid from", "hiệu lực đến (không gồm)": "valid until (exclusive)",
    "phiên bản tổ chức": "unit version", "Bạn không có quyền thay đổi đơn vị này.": "You may not change this unit.",
    "Mã và tên đơn vị là bắt buộc.": "Unit code and name are required.", "Mã «%(code)s» đã có trong hệ thống.": "Code “%(code)s” already exists.",
    "Không tìm thấy cấp trên «%(code)s» vào ngày %(day)s.": "Parent “%(code)s” not found on %(day)s.",
    "Loại «%(kind)s» không thể trực thuộc «%(parent)s».": "Kind “%(kind)s” cannot sit under “%(parent)s”.",
    "Cấp huyện đã kết thúc từ 01/07/2025 (Quy định 294-QĐ/TW).": "The district level ended on 1 Jul 2025 (Regulation 294-QĐ/TW).",
    "Cấp trên «%(code)s» thay đổi sau ngày hiệu lực; hãy chọn ngày sau đó.": "Parent “%(code)s” changes after the effective date; choose a later date.",
    "Tên đơn vị là bắt buộc.": "The unit name is required.",
    "Ngày hiệu lực phải sau ngày %(day)s của tên hiện tại.": "The effective date must be after %(day)s, the current name's start.",
    "Tên mới trùng tên hiện tại.": "The new name equals the current one.",
    "Bạn không có quyền thêm đơn vị dưới: %(codes)s": "You may not add units under: %(codes)s",
    "%(count)s đơn vị dưới %(code)s": "%(count)s units under %(code)s", "Tiếng Việt": "Tiếng Việt", "English": "English",
    "Không có quyền": "Not allowed", "Bạn không có quyền thực hiện thao tác này.": "You are not allowed to do this.",
    "Về trang tổng quan": "Back to the overview", "Không tìm thấy": "Not found", "Không tìm thấy trang": "Page not found",
    "Trang này không tồn tại hoặc nằm ngoài phạm vi của bạn.": "This page does not exist or is outside your scope.",
    "Nhật ký thay đổi": "Audit log", "Thao tác": "Action", "Tất cả": "All", "Người thực hiện": "Actor", "Mã đơn vị": "Unit code",
    "Từ ngày": "From", "Đến ngày": "Until", "Lọc": "Filter", "Thời điểm": "Time", "Đối tượng": "Object", "Đơn vị": "Units",
    "Thay đổi": "Change", "Lý do": "Reason", "Trang sau": "Next page",
    "Chưa có thay đổi nào trong phạm vi của bạn.": "No changes in your scope yet.", "Công tác tổ chức": "Organization work",
    "Công tác tổ chức xây dựng Đảng": "Party organization-building work", "Điều hướng chính": "Main navigation",
    "Tổng quan": "Overview", "Cây tổ chức": "Organization tree", "Tìm đơn vị": "Find a unit", "Nhật ký": "Audit log",
    "Số liệu tại ngày": "Figures as of", "Hôm nay": "Today", "Ngôn ngữ": "Language", "Đổi": "Switch", "Đăng xuất": "Log out",
    "Hệ thống mở cho công tác tổ chức xây dựng Đảng": "An open system for party organization-building work",
    "Phạm vi của tôi": "My scope", "Số liệu tại ngày %(day)s.": "Figures as of %(day)s.", "Đảng viên": "Members",
    "Xem cây tổ chức": "See the organization tree",
    "Không có đơn vị nào trong phạm vi của bạn vào ngày này.": "No unit of your scope existed on this date.",
    "Không tìm thấy đơn vị nào khớp với «%(query)s».": "No unit matches “%(query)s”.",
    "Tên đơn vị (có hoặc không dấu)": "Unit name (with or without diacritics)", "Loại": "Kind", "Tìm": "Search", "Mở": "Open",
    "đơn vị trực thuộc": "units below", "Không có đơn vị trực thuộc.": "No units below.", "Cấp trên": "Superiors", "Mã": "Code",
    "Mã đơn vị hành chính": "Administrative code", "Hiệu lực từ": "Valid from",
    "Số đơn vị theo loại (kể cả đơn vị này)": "Units by kind (this one included)", "Số lượng": "Count",
    "Đơn vị trực thuộc": "Units directly below", "Tên": "Name", "Lịch sử tên gọi và cấp trên": "History of names and parents",
    "Đến": "Until", "đơn vị": "units", "đảng viên": "members",
}


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
        translated = EN.get(msgid)
        if translated is None:
            missing.append(msgid)
            out.append(raw)
            continue
        comments = [c for c in comments if not c.startswith("#,")] + [
            c.replace(" fuzzy,", "").replace(", fuzzy", "") for c in comments if c.startswith("#,") and c.strip() != "#, fuzzy"]
        lines = comments + [f"msgctxt {fields['msgctxt'][0]}", *fields["msgctxt"][1:]] if "msgctxt" in fields else comments
        lines += ["msgid " + fields["msgid"][0], *fields["msgid"][1:]]
        if "msgid_plural" in fields:
            singular, plural = translated if isinstance(translated, tuple) else (translated, translated)
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
