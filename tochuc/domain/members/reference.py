"""Reference lists: the 54 ethnic groups (codes of Quyết định 121-TCTK, 1979, used on the
statistics forms "Biểu số N-TCTW"), religions, and Vietnamese names for demo data.
"""

from __future__ import annotations

ETHNIC_GROUPS: dict[str, str] = {
    "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Hoa", "05": "Khơ-me", "06": "Mường", "07": "Nùng",
    "08": "Hmông", "09": "Dao", "10": "Gia-rai", "11": "Ngái", "12": "Ê-đê", "13": "Ba-na", "14": "Xơ-đăng",
    "15": "Sán Chay", "16": "Cơ-ho", "17": "Chăm", "18": "Sán Dìu", "19": "Hrê", "20": "Mnông", "21": "Ra-glai",
    "22": "Xtiêng", "23": "Bru-Vân Kiều", "24": "Thổ", "25": "Giáy", "26": "Cơ-tu", "27": "Gié-Triêng", "28": "Mạ",
    "29": "Khơ-mú", "30": "Co", "31": "Tà-ôi", "32": "Chơ-ro", "33": "Kháng", "34": "Xinh-mun", "35": "Hà Nhì",
    "36": "Chu-ru", "37": "Lào", "38": "La Chí", "39": "La Ha", "40": "Phù Lá", "41": "La Hủ", "42": "Lự",
    "43": "Lô Lô", "44": "Chứt", "45": "Mảng", "46": "Pà Thẻn", "47": "Cơ Lao", "48": "Cống", "49": "Bố Y",
    "50": "Si La", "51": "Pu Péo", "52": "Brâu", "53": "Ơ Đu", "54": "Rơ-măm", "55": "Người nước ngoài nhập tịch",
}
assert len([c for c in ETHNIC_GROUPS if c <= "54"]) == 54

RELIGIONS = ("Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Khác")

# Share of the population by surname (approximate, per cent); the rest share "other" names.
SURNAMES: dict[str, float] = {
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 4.0, "Huỳnh": 1.7, "Phan": 4.5, "Vũ": 3.0,
    "Võ": 1.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đinh": 0.7,
    "Trương": 0.6, "Lương": 0.4, "Đào": 0.5, "Mai": 0.3, "Trịnh": 0.4, "Tô": 0.2, "Hà": 0.4, "Lâm": 0.3,
}
MIDDLE_NAMES = {"nam": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh"),
                "nu": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương")}
GIVEN_NAMES = {
    "nam": ("Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Kiên", "Long",
            "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến",
            "Toàn", "Trung", "Tuấn", "Việt", "Vinh"),
    "nu": ("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huyền", "Hương",
           "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
           "Thủy", "Trang", "Tuyết", "Vân", "Yến"),
}
EDUCATION_LEVELS = ("Trung học cơ sở", "Trung học phổ thông", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")
THEORY_LEVELS = ("Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân")
