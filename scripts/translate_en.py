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

EN.update({
    'STT': 'No.',
    'Họ và tên': 'Full name',
    'Ngày sinh': 'Date of birth',
    'Giới tính': 'Gender',
    'Tình trạng': 'Status',
    'Ngày vào Đảng': 'Admission date',
    'Ngày chính thức': 'Official date',
    'Số thẻ đảng viên': 'Party card number',
    'Tên chi bộ': 'Branch name',
    'Đảng viên chính thức': 'Official members',
    'Tổng số đảng viên': 'Total members',
    'Sự kiện': 'Event',
    'Ngày hiệu lực': 'Effective date',
    'Điểm xếp loại (0–100)': 'Rating score (0–100)',
    'Huy hiệu': 'Badge',
    '%(n)s năm tuổi Đảng': '%(n)s years of party membership',
    'Hình thức kỷ luật': 'Disciplinary measure',
    'Mã chi bộ chuyển đến': 'Destination branch code',
    'Lý do, căn cứ': 'Reason, legal basis',
    'Hãy nhập điểm xếp loại.': 'Please enter the rating score.',
    'Hãy chọn mức Huy hiệu.': 'Please choose the badge level.',
    'Hãy chọn hình thức kỷ luật.': 'Please choose the disciplinary measure.',
    'Hãy nhập mã chi bộ chuyển đến.': 'Please enter the destination branch code.',
    'Kết nạp': 'Admission',
    'Công nhận chính thức': 'Confirmed as official member',
    'Không công nhận chính thức': 'Not confirmed as official member',
    'Chuyển sinh hoạt trong hệ thống': 'Transfer within the system',
    'Chuyển sinh hoạt ra ngoài': 'Transfer out',
    'Nơi nhận đã tiếp nhận': 'Accepted by receiving organization',
    'Chuyển sinh hoạt đến': 'Transfer in',
    'Kết thúc sinh hoạt tạm thời': 'End of temporary attachment',
    'Miễn công tác và sinh hoạt': 'Exempted from work and activities',
    'Thôi miễn công tác và sinh hoạt': 'Exemption from work and activities lifted',
    'Xếp loại chất lượng': 'Quality rating',
    'Tặng Huy hiệu Đảng': 'Party badge awarded',
    'Kỷ luật': 'Disciplinary action',
    'Xóa tên': 'Removed from the rolls',
    'Đính chính': 'Correction',
    'Bạn không có quyền cập nhật hồ sơ đảng viên.': 'You do not have permission to update member records.',
    'Không có chi bộ «%(code)s» trong phạm vi vào ngày %(day)s.': 'There is no branch “%(code)s” in scope on %(day)s.',
    'Số CCCD %(value)s đã có trong hệ thống.': 'Citizen ID %(value)s is already in the system.',
    'Chưa hết 12 tháng dự bị (hết ngày %(day)s).': 'The 12-month probation has not ended yet (it ends on %(day)s).',
    'Ngày hiệu lực phải sau ngày vào chi bộ hiện tại (%(day)s).': 'The effective date must be after joining the current branch (%(day)s).',
    'Đảng viên đang sinh hoạt ở chi bộ này.': 'The member already belongs to this branch.',
    'Sinh hoạt tạm thời từ 3 tháng đến dưới 1 năm (đi học: đến 2 năm).': 'Temporary attachment lasts from 3 months to under 1 year (for study: up to 2 years).',
    'Loại sự kiện không hợp lệ.': 'Invalid event type.',
    'Ngày chính thức phải sau 12 tháng dự bị.': 'The official date must follow 12 months of probation.',
    'Số thẻ %(value)s đã có trong hệ thống.': 'Card number %(value)s is already in the system.',
    'Chưa đủ tuổi đảng để nhận Huy hiệu %(level)s năm.': 'Not enough years of party membership for the %(level)s-year badge.',
    'Tình trạng miễn sinh hoạt không thay đổi.': 'The exemption status is unchanged.',
    'Đính chính phải ghi rõ lý do.': 'A correction must state a reason.',
    'Sự kiện này đã được đính chính.': 'This event has already been corrected.',
    'Đã chuyển sinh hoạt ra ngoài': 'Transferred out',
    'Đang chờ': 'Pending',
    'Đang nhập': 'Importing',
    'Hoàn tất': 'Completed',
    'Bị từ chối': 'Rejected',
    'Lỗi hệ thống': 'System error',
    'Chỉ nhận tệp CSV hoặc XLSX.': 'Only CSV or XLSX files are accepted.',
    'Tệp lớn hơn 200 MB.': 'The file is larger than 200 MB.',
    'Chi bộ': 'Branch',
    'Tổng số': 'Total',
    'Không có chi bộ nào.': 'No branches.',
    'Không có đảng viên nào.': 'No members.',
    'Đường dẫn': 'Breadcrumb',
    'Số CCCD': 'Citizen ID',
    'Điện thoại': 'Phone',
    'Dân tộc': 'Ethnicity',
    'Tôn giáo': 'Religion',
    'Quê quán': 'Home town',
    'Trình độ học vấn': 'Education level',
    'Lý luận chính trị': 'Political theory',
    'Số CCCD và điện thoại được che một phần với tài khoản chỉ xem.': 'Citizen ID and phone number are partly masked for view-only accounts.',
    'Quá trình sinh hoạt Đảng': 'Party membership history',
    'Ngày': 'Date',
    'Chi tiết': 'Details',
    'Đã đính chính:': 'Corrected:',
    'theo hồ sơ': 'per records',
    'Chưa có sự kiện.': 'No events yet.',
    'Ghi sự kiện': 'Record an event',
    'Điểm: với xếp loại chất lượng; Huy hiệu: với tặng Huy hiệu; hình thức: với kỷ luật; mã chi bộ: với chuyển sinh hoạt.': 'Score: for quality ratings; Badge: for badge awards; measure: for disciplinary action; branch code: for transfers.',
    'Ghi': 'Save',
    'Danh sách đến hạn': 'Due lists',
    'Danh sách đến hạn cần xử lý': 'Items due for action',
    'Tháng hết dự bị': 'Month probation ends',
    'Đảng viên dự bị hết 12 tháng trong tháng %(month)s/%(year)s': 'Probationary members completing 12 months in %(month)s/%(year)s',
    'Tải về Excel': 'Download Excel',
    'Đảng viên dự bị quá hạn xét công nhận chính thức': 'Probationary members overdue for official recognition',
    'Đủ tuổi Đảng nhận Huy hiệu vào ngày %(day)s': 'Eligible for a party badge by membership years on %(day)s',
    '%(n)s năm': '%(n)s years',
    'Chi bộ có dưới 3 đảng viên chính thức': 'Branches with fewer than 3 official members',
    'Chi bộ cơ sở có từ 30 đảng viên': 'Grassroots branches with 30 or more members',
    'Nhập đảng viên từ tệp': 'Import members from a file',
    'Tệp CSV (UTF-8) hoặc XLSX, dòng đầu là tiêu đề:': 'CSV (UTF-8) or XLSX file, first row as header:',
    'Ngày viết YYYY-MM-DD hoặc DD/MM/YYYY; giới tính «nam» hoặc «nữ»; để trống ngày chính thức với đảng viên dự bị. Mặc định: có một dòng lỗi thì không nhập dòng nào.': 'Write dates as YYYY-MM-DD or DD/MM/YYYY; gender “nam” (male) or “nữ” (female); leave the official date blank for probationary members. By default, if any row has an error, no rows are imported.',
    'Tệp': 'File',
    'Bỏ qua các dòng lỗi (nhập các dòng đúng, liệt kê các dòng bị bỏ)': 'Skip rows with errors (import valid rows and list the skipped ones)',
    'Nhập': 'Import',
    'Nhập đảng viên': 'Import members',
    'Tiến độ': 'Progress',
    'Đã nhập %(n)s đảng viên.': 'Imported %(n)s members.',
    'Tệp có lỗi: không nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.': 'The file has errors: no rows were imported. Fix the rows below and import again.',
    'Lỗi hệ thống khi nhập; không có dữ liệu nào được ghi.': 'System error during import; no data was saved.',
    'Các dòng bị bỏ qua': 'Skipped rows',
    'Các lỗi': 'Errors',
    'Nhập tệp khác': 'Import another file',
    'Tìm đảng viên': 'Find members',
    '%(n)s đảng viên': '%(n)s members',
    'sinh năm': 'born',
    'Không tìm thấy đảng viên nào khớp với «%(query)s».': 'No members match “%(query)s”.',
    'Họ tên (có hoặc không dấu), năm sinh, số thẻ đảng viên hoặc số CCCD (12 số)': 'Full name (with or without diacritics), year of birth, party card number or citizen ID (12 digits)',
    'Kết quả tìm kiếm': 'Search results',
    '%(score)s điểm — %(level)s': '%(score)s points — %(level)s',
    'Huy hiệu %(level)s năm tuổi Đảng': '%(level)s-year party membership badge',
    'Chi bộ %(code)s': 'Branch %(code)s',
    'Quyết định ngày %(day)s': 'Decision dated %(day)s',
    'Hãy sửa các ô bị báo lỗi.': 'Please correct the fields marked with errors.',
    'Dự bị đến hạn': 'Probation due',
    'Dự bị quá hạn': 'Probation overdue',
    'Chi bộ dưới 3 ĐV chính thức': 'Branches under 3 official members',
    'Chi bộ cơ sở từ 30 ĐV': 'Grassroots branches with 30+ members',
    'Đủ tuổi Đảng nhận Huy hiệu': 'Eligible for party badge',
    'Huy hiệu (năm tuổi Đảng)': 'Badge (years of membership)',
    'căn cứ, quyết định': 'legal basis, decision',
    'tệp kế hoạch': 'plan file',
    'kế hoạch': 'plan',
    'kết quả': 'result',
    'đơn vị chủ quản': 'home unit',
    'đã hoàn tác lúc': 'undone at',
    'sắp xếp tổ chức': 'reorganization',
    'kế hoạch không có dòng nào': 'the plan has no lines',
    'có thay đổi đơn vị (đổi tên, chuyển, thành lập đơn vị trực thuộc …) ghi sau đợt sắp xếp': 'unit changes (renaming, moves, new subordinate units …) were recorded after the reorganization',
    'thời hạn của đơn vị do đợt sắp xếp ghi đã bị thay đổi sau đó': 'the validity period of a unit set by the reorganization was changed later',
    'có sinh hoạt đảng của đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp': 'branch memberships of members in affected units were recorded after the reorganization',
    'sinh hoạt đảng do đợt sắp xếp chuyển đã bị thay đổi sau đó': 'branch memberships transferred by the reorganization were changed later',
    'có sự kiện đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp': 'member events in affected units were recorded after the reorganization',
    'đơn vị mới «%(code)s» đã được dùng (%(what)s)': 'new unit “%(code)s” is already in use (%(what)s)',
    'Bạn không có quyền sắp xếp tổ chức.': 'You do not have permission to reorganize units.',
    'Chưa có đợt sắp xếp tổ chức nào để hoàn tác.': 'There is no reorganization to undo.',
    'Đợt sắp xếp gần nhất có đơn vị ngoài phạm vi của bạn.': 'The latest reorganization involves units outside your scope.',
    'Không thể hoàn tác đợt sắp xếp ngày %(day)s (số %(id)s): ': 'Cannot undo the reorganization of %(day)s (no. %(id)s): ',
    'không tìm thấy đơn vị «%(code)s» trong phạm vi của bạn': 'unit “%(code)s” not found in your scope',
    'Sắp xếp tổ chức ngày %(day)s': 'Reorganization of %(day)s',
    'Tệp kế hoạch quá lớn (tối đa 20 MB); hãy dùng lệnh tochuc org reorganize.': 'The plan file is too large (max. 20 MB); use the command tochuc org reorganize.',
    'Tệp kế hoạch phải là CSV mã hoá UTF-8.': 'The plan file must be a UTF-8 encoded CSV.',
    'Ngày hiệu lực: hãy nhập một ngày (YYYY-MM-DD).': 'Effective date: please enter a date (YYYY-MM-DD).',
    'Căn cứ: hãy ghi số, ngày của quyết định.': 'Legal basis: please give the number and date of the decision.',
    'trang web': 'web interface',
    'Đã áp dụng đợt sắp xếp số %(id)s.': 'Reorganization no. %(id)s has been applied.',
    'Bạn không có quyền hoàn tác đợt sắp xếp này.': 'You do not have permission to undo this reorganization.',
    'Đã hoàn tác đợt sắp xếp số %(id)s.': 'Reorganization no. %(id)s has been undone.',
    'Sắp xếp tổ chức': 'Reorganization',
    'Đợt sắp xếp số %(n)s': 'Reorganization no. %(n)s',
    'Đợt sắp xếp số %(n)s, hiệu lực từ %(day)s': 'Reorganization no. %(n)s, effective from %(day)s',
    'Căn cứ': 'Legal basis',
    'Thành lập': 'Created',
    'Chuyển': 'Moved',
    'Sáp nhập': 'Merged',
    'Đổi tên': 'Renamed',
    'Giải thể': 'Dissolved',
    'Đảng viên chuyển theo': 'Members transferred along',
    'Đã hoàn tác': 'Undone',
    'Hoàn tác': 'Undo',
    'Không thể hoàn tác vì đã có thay đổi dựa trên đợt sắp xếp này:': 'Cannot undo, because later changes build on this reorganization:',
    'Lý do hoàn tác': 'Reason for undoing',
    'Hoàn tác đợt sắp xếp này': 'Undo this reorganization',
    'Các dòng của kế hoạch': 'Plan lines',
    'Hiển thị %(n)s dòng đầu; toàn bộ có trong nhật ký thay đổi.': 'Showing the first %(n)s lines; the full plan is in the change log.',
    'Dòng': 'Line',
    'Về / trực thuộc': 'To / under',
    'Trước đó thuộc': 'Previously under',
    'Không có dòng nào trong phạm vi của bạn.': 'No lines within your scope.',
    'Hợp nhất, chia tách, chuyển, đổi tên và giải thể đơn vị theo một kế hoạch; mọi thay đổi giữ lịch sử, đảng viên đi theo chi bộ của mình.': 'Merge, split, move, rename and dissolve units according to a plan; every change keeps its history, and members stay with their branch.',
    'Lập kế hoạch sắp xếp': 'Draft a reorganization plan',
    'Số': 'No.',
    'Hiệu lực': 'Effective',
    'Trạng thái': 'Status',
    'đã hoàn tác': 'undone',
    'đang hiệu lực (gần nhất)': 'in effect (latest)',
    'đang hiệu lực': 'in effect',
    'Chưa có đợt sắp xếp nào trong phạm vi của bạn.': 'No reorganizations within your scope yet.',
    'Kế hoạch mới': 'New plan',
    'Căn cứ (số, ngày quyết định)': 'Legal basis (decision number and date)',
    'Tải lên tệp kế hoạch CSV (thay nội dung bên dưới)': 'Upload a CSV plan file (replaces the content below)',
    'Kế hoạch (CSV, mỗi dòng một thao tác, áp dụng theo thứ tự)': 'Plan (CSV, one operation per line, applied in order)',
    'Cách viết kế hoạch': 'How to write a plan',
    'thành lập đơn vị mới code (name, kind) trực thuộc parent': 'create a new unit code (name, kind) under parent',
    'chuyển đơn vị code cùng toàn bộ đơn vị trực thuộc về target': 'move unit code, with all its subordinate units, to target',
    'chuyển mọi đơn vị trực thuộc code về target rồi giải thể code (hai chi bộ: đảng viên chuyển theo)': 'move all units under code to target, then dissolve code (two branches: members move too)',
    'đổi tên code thành name (và loại kind nếu có)': 'rename code to name (and set its type to kind, if given)',
    'giải thể code (không còn đơn vị trực thuộc, không còn đảng viên)': 'dissolve code (it must have no subordinate units and no members left)',
    'Loại đơn vị': 'Unit types',
    'Xem trước': 'Preview',
    'Xác nhận áp dụng': 'Confirm and apply',
    'chưa ghi dữ liệu': 'nothing saved yet',
    '%(n)s lỗi — không ghi dữ liệu nào': '%(n)s errors — no data saved',
    'Đảng viên của các đơn vị tiếp nhận, ngày hiệu lực': 'Members of receiving units on the effective date',
    'Trước': 'Before',
    'Sau': 'After',
    'Quá trình hình thành và thay đổi': 'Formation and change history',
    'đợt sắp xếp': 'reorganization',
    'So sánh số đảng viên với một ngày trước': 'Compare membership with an earlier date',
    'Ngày so sánh': 'Comparison date',
    'So sánh': 'Compare',
    'Đảng viên ngày %(day)s: theo cơ cấu lúc đó và quy đổi theo cơ cấu ngày %(now)s (tính các chi bộ hợp thành đơn vị hiện nay).': 'Members on %(day)s: by the structure at that time and restated by the structure of %(now)s (counting the branches that now make up each unit).',
    'Theo cơ cấu lúc đó': 'By structure at that time',
    'Quy đổi theo cơ cấu hiện nay': 'Restated by current structure',
    'chưa thành lập': 'not yet established',
})

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
            # No translation of ours: an empty one, so the page shows the Vietnamese source
            # rather than a guess msgmerge carried over from another string.
            missing.append(msgid)
            translated = ("", "")
        comments = [c for c in comments if not c.startswith("#,") and not c.startswith("#|")] + [
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
