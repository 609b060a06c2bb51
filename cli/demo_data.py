"""The Đắk Lắk 2024 demo's facts: member units, sports, competitions (after the real plan),
and the Vietnamese and Êđê names the demo's people are drawn from."""

from __future__ import annotations

from models import Category, CompetitionFormat

DISTRICTS = [
    ("BMT", "LĐLĐ thành phố Buôn Ma Thuột"),
    ("BHO", "LĐLĐ thị xã Buôn Hồ"),
    ("BDO", "LĐLĐ huyện Buôn Đôn"),
    ("CKU", "LĐLĐ huyện Cư Kuin"),
    ("CMG", "LĐLĐ huyện Cư M'gar"),
    ("EHL", "LĐLĐ huyện Ea H'leo"),
    ("EKA", "LĐLĐ huyện Ea Kar"),
    ("ESU", "LĐLĐ huyện Ea Súp"),
    ("KAN", "LĐLĐ huyện Krông Ana"),
    ("KBO", "LĐLĐ huyện Krông Bông"),
    ("KBU", "LĐLĐ huyện Krông Búk"),
    ("KNA", "LĐLĐ huyện Krông Năng"),
    ("KPA", "LĐLĐ huyện Krông Pắc"),
    ("LAK", "LĐLĐ huyện Lắk"),
    ("MDR", "LĐLĐ huyện M'Đrắk"),
]
SECTORAL = [
    ("GD", "Công đoàn ngành Giáo dục"),
    ("YT", "Công đoàn ngành Y tế"),
    ("NN", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn"),
    ("GT", "Công đoàn ngành Giao thông vận tải"),
    ("CT", "Công đoàn ngành Công Thương"),
    ("VC", "Công đoàn Viên chức tỉnh"),
]
# Invented for the demo (is_demo=True): grassroots unions directly under the province.
GRASSROOTS = [
    ("CS-CAOSU", "CĐCS Công ty TNHH MTV Cao su Đắk Lắk (demo)"),
    ("CS-CAPHE", "CĐCS Tổng Công ty Cà phê Việt Nam tại Đắk Lắk (demo)"),
    ("CS-DIEN", "CĐCS Công ty Điện lực Đắk Lắk (demo)"),
    ("CS-NUOC", "CĐCS Công ty Cổ phần Cấp nước Đắk Lắk (demo)"),
    ("CS-BIA", "CĐCS Công ty Bia Sài Gòn – Đắk Lắk (demo)"),
    ("CS-DUOC", "CĐCS Công ty Cổ phần Dược – Vật tư y tế Đắk Lắk (demo)"),
    ("CS-XAYLAP", "CĐCS Công ty Xây lắp Hòa Phú (demo)"),
    ("CS-GOHP", "CĐCS Công ty Chế biến gỗ KCN Hòa Phú (demo)"),
    ("CS-TINHBOT", "CĐCS Nhà máy Tinh bột sắn Hòa Phú (demo)"),
    ("CS-MOITRUONG", "CĐCS Công ty Môi trường đô thị Buôn Ma Thuột (demo)"),
]
SPORTS = [
    ("badminton", "Cầu lông"),
    ("table_tennis", "Bóng bàn"),
    ("gas_volleyball", "Bóng chuyền hơi"),
    ("tug_of_war", "Kéo co"),
    ("sack_race", "Nhảy bao bố"),
    ("tennis", "Quần vợt"),
    ("chess", "Cờ tướng"),
    ("running", "Chạy"),
]
# The games' venues as the 2024 games used them: courts, tables and fields with the sports
# each hosts, and opening hours (the stadium stops at noon's heat; services/schedule plans in them).
INDOOR = [["07:00", "11:30"], ["13:30", "17:30"]]
OUTDOOR = [["06:30", "10:30"], ["14:30", "17:30"]]
VENUES = [
    (
        "Nhà thi đấu tỉnh",
        INDOOR,
        [(f"Sân cầu lông {i}", ["badminton"]) for i in range(1, 7)]
        + [(f"Bàn bóng bàn {i}", ["table_tennis"]) for i in range(1, 7)]
        + [(f"Bàn cờ {i}", ["chess"]) for i in range(1, 9)],
    ),
    (
        "Sân vận động tỉnh Đắk Lắk",
        OUTDOOR,
        [(f"Sân bóng chuyền {i}", ["gas_volleyball", "volleyball"]) for i in range(1, 5)]
        + [("Sân kéo co", ["tug_of_war"]), ("Đường chạy", ["sack_race", "running", "athletics"])]
        + [(f"Sân quần vợt {i}", ["tennis"]) for i in range(1, 3)],
    ),
]
M, W, X = Category.MEN, Category.WOMEN, Category.MIXED
SINGLE, PAIR, TEAM = CompetitionFormat.SINGLE, CompetitionFormat.PAIR, CompetitionFormat.TEAM
# (sport, name, category, format, rules): rules seen in union games (daklak-2024.md).
U40, O40 = {"min_age": 18, "max_age": 39}, {"min_age": 40}
COMPETITIONS = [
    ("badminton", "Cầu lông đơn nam dưới 40 tuổi", M, SINGLE, U40 | {"max_entries_per_unit": 2}),
    ("badminton", "Cầu lông đơn nam từ 40 tuổi", M, SINGLE, O40 | {"max_entries_per_unit": 2}),
    ("badminton", "Cầu lông đơn nữ dưới 40 tuổi", W, SINGLE, U40 | {"max_entries_per_unit": 2}),
    ("badminton", "Cầu lông đơn nữ từ 40 tuổi", W, SINGLE, O40 | {"max_entries_per_unit": 2}),
    ("badminton", "Cầu lông đôi nam", M, PAIR, {"max_entries_per_unit": 1}),
    ("badminton", "Cầu lông đôi nam nữ", X, PAIR, {"min_men": 1, "min_women": 1}),
    ("table_tennis", "Bóng bàn đơn nam", M, SINGLE, {"max_entries_per_unit": 2}),
    ("table_tennis", "Bóng bàn đơn nữ", W, SINGLE, {"max_entries_per_unit": 2}),
    ("table_tennis", "Bóng bàn đôi nam", M, PAIR, {}),
    ("gas_volleyball", "Bóng chuyền hơi nam", M, TEAM, {"team_min": 6, "team_max": 10, "final_session": "afternoon"}),
    ("gas_volleyball", "Bóng chuyền hơi nữ", W, TEAM, {"team_min": 6, "team_max": 10, "final_session": "afternoon"}),
    ("tug_of_war", "Kéo co nam nữ (10 người)", X, TEAM, {"team_min": 10, "team_max": 10, "min_men": 4, "min_women": 6}),
    ("sack_race", "Nhảy bao bố tiếp sức nam nữ", X, TEAM, {"team_min": 4, "team_max": 4, "min_men": 2, "min_women": 2}),
    ("tennis", "Quần vợt đôi nam", M, PAIR, {}),
    ("chess", "Cờ tướng cá nhân nam", M, SINGLE, {"max_entries_per_unit": 3}),
    ("chess", "Cờ tướng cá nhân nữ", W, SINGLE, {"max_entries_per_unit": 2}),
    ("running", "Chạy 100 m nam", M, SINGLE, {"max_entries_per_unit": 2}),  # heats, then a final
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "H'",
    "Y",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Quang", "Minh", "Công", "Thành", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Mỹ"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Lâm",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Ân",
    "Ơn",
    "Ưng",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Châu",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Uyên",
    "Vân",
    "Yến",
    "Ê",
]
EDE_M = ["Y Bhăm Êban", "Y Khu Niê", "Y Thuột Mlô", "Y Sơn Byă"]
EDE_F = ["H'Hen Niê", "H'Lan Mlô", "H'Xíu Byă", "H'Nga Êban"]
