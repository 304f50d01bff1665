"""Reference lists for member records and demo data: ethnic groups, religions, names.

Ethnic groups: the 54 groups of "Danh mục các thành phần dân tộc Việt Nam", Quyết định
121-TCTK/PPCĐ (2/3/1979) of the General Statistics Office, with its codes 01–54 (ordered by the
1979 population: 04 Hoa, 05 Khơ-me, 06 Mường). Quyết định 1019/QĐ-TCTK (12/11/2008) renumbered
the groups by the 1999 census (04 Mường, 05 Khơ me, 06 Hoa …); stored codes here are the 1979
ones, so data exchanged with a system on the 2008 list must be mapped by name, never by code.
Code 55 is "Khác" (naturalized foreigners, unknown), as statistics forms do.
"""

from __future__ import annotations

from tochuc.domain.text import fold

ETHNIC_GROUPS: dict[str, str] = {
    "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Hoa", "05": "Khơ-me", "06": "Mường", "07": "Nùng",
    "08": "Hmông", "09": "Dao", "10": "Gia-rai", "11": "Ngái", "12": "Ê-đê", "13": "Ba-na", "14": "Xơ-đăng",
    "15": "Sán Chay", "16": "Cơ-ho", "17": "Chăm", "18": "Sán Dìu", "19": "Hrê", "20": "Mnông", "21": "Ra-glai",
    "22": "Xtiêng", "23": "Bru-Vân Kiều", "24": "Thổ", "25": "Giáy", "26": "Cơ-tu", "27": "Gié-Triêng", "28": "Mạ",
    "29": "Khơ-mú", "30": "Co", "31": "Tà-ôi", "32": "Chơ-ro", "33": "Kháng", "34": "Xinh-mun", "35": "Hà Nhì",
    "36": "Chu-ru", "37": "Lào", "38": "La Chí", "39": "La Ha", "40": "Phù Lá", "41": "La Hủ", "42": "Lự",
    "43": "Lô Lô", "44": "Chứt", "45": "Mảng", "46": "Pà Thẻn", "47": "Cơ Lao", "48": "Cống", "49": "Bố Y",
    "50": "Si La", "51": "Pu Péo", "52": "Brâu", "53": "Ơ Đu", "54": "Rơ-măm", "55": "Khác",
}
ETHNIC_OTHER = "55"
#: The 54 official groups (without "Khác").
OFFICIAL_ETHNIC_CODES: frozenset[str] = frozenset(code for code in ETHNIC_GROUPS if code != ETHNIC_OTHER)

#: Other names found in records, mapped to the code (the official list's "tên gọi khác").
ETHNIC_ALIASES: dict[str, str] = {
    "Việt": "01", "Hán": "04", "Khmer": "05", "Khơ me": "05", "H'Mông": "08", "Mông": "08", "Mèo": "08",
    "Gia Rai": "10", "Ê Đê": "12", "Ba Na": "13", "Bana": "13", "Xơ Đăng": "14", "Cao Lan": "15",
    "Sán Chỉ": "15", "K'Ho": "16", "Cơ Ho": "16", "Chàm": "17", "Raglai": "21", "Ra Glai": "21",
    "X'tiêng": "22", "Bru": "23", "Vân Kiều": "23", "Cơ Tu": "26", "Ca Tu": "26", "Gié Triêng": "27",
    "Khơ Mú": "29", "Tà Ôi": "31", "Chơ Ro": "32", "Xinh Mun": "34", "Chu Ru": "36", "Co Lao": "47",
    "Cờ Lao": "47", "Pu Piéo": "51", "Rơ Măm": "54", "Ơ-đu": "53",
}


def _key(name: str) -> str:
    # "Khơ-me", "Khơ me" and "khome" are the same name in records.
    return fold(name).replace("-", "").replace(" ", "").replace("'", "")


_ETHNIC_LOOKUP: dict[str, str] = {
    **{_key(name): code for name, code in ETHNIC_ALIASES.items()},
    **{_key(name): code for code, name in ETHNIC_GROUPS.items()},
}


def ethnic_code(text: str) -> str | None:
    """The code of an ethnic group given by code ("1", "01") or by name in any spelling
    ("Khơ-me", "khmer", "Mèo"); None if unknown."""
    text = text.strip()
    if text.isdigit():
        code = f"{int(text):02d}"
        return code if code in ETHNIC_GROUPS else None
    return _ETHNIC_LOOKUP.get(_key(text)) if text else None


#: Common religions (the main ones recognized by the State), "Không" first and "Khác" last.
RELIGIONS: tuple[str, ...] = (
    "Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo",
    "Bà-la-môn", "Tịnh độ cư sĩ Phật hội Việt Nam", "Tứ Ân Hiếu Nghĩa", "Bửu Sơn Kỳ Hương",
    "Minh Sư đạo", "Minh Lý đạo", "Baha'i", "Khác",
)

#: Share of the population by surname, per cent (approximate, from published name surveys); the
#: remaining ~9% share rarer surnames. Hoàng/Huỳnh and Vũ/Võ are the same name, North/South.
SURNAMES: dict[str, float] = {
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 3.3, "Huỳnh": 1.8, "Phan": 4.5, "Vũ": 2.1,
    "Võ": 1.8, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đinh": 0.7,
    "Trương": 0.6, "Lương": 0.4, "Đào": 0.5, "Mai": 0.3, "Trịnh": 0.4, "Tô": 0.2, "Hà": 0.4, "Lâm": 0.3,
    "Cao": 0.3, "Chu": 0.2, "Tạ": 0.2, "Vương": 0.2, "Quách": 0.1,
}

#: Middle names by sex ("nam"/"nu"); repeated entries weight the draw ("Thị" is by far the most
#: common for women, "Văn" for men).
MIDDLE_NAMES: dict[str, tuple[str, ...]] = {
    "nam": ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh",
            "Trọng", "Đình", "Mạnh", "Tuấn"),
    "nu": ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương", "Thúy",
           "Bích", "Hải", "Khánh", "Mai"),
}
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "nam": ("Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Kiên", "Long",
            "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến",
            "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hoàng", "Khoa", "Lâm", "Tùng", "Thịnh", "Hưng"),
    "nu": ("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huyền", "Hương",
           "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
           "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Thư", "Ly", "Nhi", "Vy", "Hậu", "Diệp"),
}

EDUCATION_LEVELS = ("Trung học cơ sở", "Trung học phổ thông", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")
THEORY_LEVELS = ("Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân")
