"""Demo data for `manage.py seed_demo`: the Quảng Trị trade-union hierarchy as it stood in
2019–2023, as plain data. The command turns it into units (deterministically), reports and
demo accounts. Places, public bodies and the big provincial companies are real; the other
enterprises are made up from the lists below; every e-mail address is at example.vn."""
import datetime

D = datetime.date

ROOT = dict(
    code="LDLD-QT",
    name="Liên đoàn Lao động tỉnh Quảng Trị",
    level="province",
    kind="province_federation",
    opened_on=D(1990, 1, 1),
    email="ldld.quangtri@example.vn",
    phone="0233 3852 296",
)

# (code prefix of its grassroots unions, code, name, kind, opened on, e-mail, phone)
UPPER_UNIONS = [
    ("DH", "LDLD-DH", "Liên đoàn Lao động thành phố Đông Hà", "district_federation", D(1990, 3, 1),
     "ldld.dongha@example.vn", "0233 3852 301"),
    ("TXQT", "LDLD-TXQT", "Liên đoàn Lao động thị xã Quảng Trị", "district_federation", D(1990, 3, 1),
     "ldld.txquangtri@example.vn", "0233 3861 215"),
    ("VL", "LDLD-VL", "Liên đoàn Lao động huyện Vĩnh Linh", "district_federation", D(1990, 3, 1),
     "ldld.vinhlinh@example.vn", "0233 3823 142"),
    ("GL", "LDLD-GL", "Liên đoàn Lao động huyện Gio Linh", "district_federation", D(1990, 3, 1),
     "ldld.giolinh@example.vn", "0233 3826 318"),
    ("CL", "LDLD-CL", "Liên đoàn Lao động huyện Cam Lộ", "district_federation", D(1990, 3, 1),
     "ldld.camlo@example.vn", "0233 3871 207"),
    ("TP", "LDLD-TP", "Liên đoàn Lao động huyện Triệu Phong", "district_federation", D(1990, 3, 1),
     "ldld.trieuphong@example.vn", "0233 3860 154"),
    ("HL", "LDLD-HL", "Liên đoàn Lao động huyện Hải Lăng", "district_federation", D(1990, 3, 1),
     "ldld.hailang@example.vn", "0233 3873 226"),
    ("HH", "LDLD-HH", "Liên đoàn Lao động huyện Hướng Hóa", "district_federation", D(1990, 3, 1),
     "ldld.huonghoa@example.vn", "0233 3880 341"),
    ("DK", "LDLD-DK", "Liên đoàn Lao động huyện Đakrông", "district_federation", D(1997, 3, 1),
     "ldld.dakrong@example.vn", "0233 3884 119"),
    ("GD", "CDN-GD", "Công đoàn ngành Giáo dục tỉnh Quảng Trị", "sectoral", D(1990, 6, 1),
     "cdn.giaoduc@example.vn", "0233 3852 775"),
    ("YT", "CDN-YT", "Công đoàn ngành Y tế tỉnh Quảng Trị", "sectoral", D(1990, 6, 1),
     "cdn.yte@example.vn", "0233 3852 610"),
    ("GTXD", "CDN-GTXD", "Công đoàn ngành Giao thông vận tải - Xây dựng tỉnh Quảng Trị", "sectoral",
     D(1991, 5, 1), "cdn.gtvtxd@example.vn", "0233 3851 432"),
    ("NN", "CDN-NN", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Quảng Trị", "sectoral",
     D(1991, 5, 1), "cdn.nongnghiep@example.vn", "0233 3852 148"),
    ("CT", "CDN-CT", "Công đoàn ngành Công Thương tỉnh Quảng Trị", "sectoral", D(2009, 4, 1),
     "cdn.congthuong@example.vn", "0233 3851 967"),
    ("VC", "CD-VC", "Công đoàn Viên chức tỉnh Quảng Trị", "public_employees", D(1993, 9, 1),
     "cd.vienchuc@example.vn", "0233 3854 025"),
    ("KKT", "CD-KKT", "Công đoàn các Khu kinh tế tỉnh Quảng Trị", "industrial_zone", D(2008, 10, 1),
     "cd.khukinhte@example.vn", "0233 3550 118"),
]

# Communes, wards and townships of each district as they stood in 2020–2023.
PLACES = {
    "DH": ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "phường Đông Giang",
           "phường Đông Lễ", "phường Đông Lương", "phường Đông Thanh"],
    "TXQT": ["Phường 1", "Phường 2", "Phường 3", "phường An Đôn", "xã Hải Lệ"],
    "VL": ["thị trấn Hồ Xá", "thị trấn Bến Quan", "thị trấn Cửa Tùng", "xã Vĩnh Thái", "xã Vĩnh Tú",
           "xã Vĩnh Chấp", "xã Trung Nam", "xã Kim Thạch", "xã Vĩnh Long", "xã Vĩnh Khê", "xã Vĩnh Hòa",
           "xã Hiền Thành", "xã Vĩnh Thủy", "xã Vĩnh Lâm", "xã Vĩnh Giang", "xã Vĩnh Sơn", "xã Vĩnh Hà",
           "xã Vĩnh Ô"],
    "GL": ["thị trấn Gio Linh", "thị trấn Cửa Việt", "xã Gio Mỹ", "xã Gio Phong", "xã Gio Quang",
           "xã Gio Mai", "xã Gio Hải", "xã Gio Việt", "xã Gio Sơn", "xã Gio An", "xã Gio Bình",
           "xã Gio Châu", "xã Linh Hải", "xã Linh Trường", "xã Hải Thái", "xã Phong Bình",
           "xã Trung Giang", "xã Trung Hải", "xã Trung Sơn"],
    "CL": ["thị trấn Cam Lộ", "xã Cam Tuyền", "xã Cam Thành", "xã Cam Chính", "xã Cam Nghĩa",
           "xã Cam Hiếu", "xã Cam Thủy", "xã Thanh An"],
    "TP": ["thị trấn Ái Tử", "xã Triệu An", "xã Triệu Vân", "xã Triệu Phước", "xã Triệu Độ",
           "xã Triệu Trạch", "xã Triệu Thuận", "xã Triệu Đại", "xã Triệu Hòa", "xã Triệu Long",
           "xã Triệu Thành", "xã Triệu Giang", "xã Triệu Ái", "xã Triệu Thượng", "xã Triệu Sơn",
           "xã Triệu Tài", "xã Triệu Trung", "xã Triệu Cơ"],
    "HL": ["thị trấn Diên Sanh", "xã Hải An", "xã Hải Ba", "xã Hải Quế", "xã Hải Dương", "xã Hải Định",
           "xã Hải Phong", "xã Hải Lâm", "xã Hải Thượng", "xã Hải Trường", "xã Hải Sơn", "xã Hải Chánh",
           "xã Hải Khê", "xã Hải Hưng"],
    "HH": ["thị trấn Khe Sanh", "thị trấn Lao Bảo", "xã Tân Hợp", "xã Tân Liên", "xã Tân Lập",
           "xã Tân Long", "xã Tân Thành", "xã Hướng Tân", "xã Hướng Phùng", "xã Hướng Sơn",
           "xã Hướng Linh", "xã Hướng Lộc", "xã Hướng Việt", "xã Hướng Lập", "xã Húc", "xã Thuận",
           "xã Thanh", "xã A Túc", "xã A Xing", "xã A Dơi", "xã Xy", "xã Ba Tầng", "xã Lìa"],
    "DK": ["thị trấn Krông Klang", "xã Mò Ó", "xã Hướng Hiệp", "xã Đakrông", "xã Ba Lòng",
           "xã Hải Phúc", "xã Triệu Nguyên", "xã Tà Rụt", "xã A Ngo", "xã A Bung", "xã A Vao",
           "xã Húc Nghì", "xã Tà Long"],
}

# Schools named after a commune: "Trường Tiểu học Vĩnh Long". Mountain communes often have
# combined primary and lower-secondary schools.
COMMUNE_SCHOOL_KINDS = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS"]
MOUNTAIN_SCHOOL_KINDS = ["Trường Mầm non", "Trường Tiểu học", "Trường TH và THCS"]
MOUNTAIN_DISTRICTS = ["HH", "DK"]

# Schools of the city and the town, named after people and flowers, not after wards.
URBAN_SCHOOLS = {
    "DH": ["Trường Mầm non Hoa Hồng", "Trường Mầm non Hoa Mai", "Trường Mầm non Sơn Ca",
           "Trường Mầm non Hoa Phượng", "Trường Tiểu học Lê Lợi", "Trường Tiểu học Nguyễn Trãi",
           "Trường Tiểu học Kim Đồng", "Trường Tiểu học Trần Hưng Đạo", "Trường Tiểu học Hàm Nghi",
           "Trường THCS Nguyễn Huệ", "Trường THCS Phan Đình Phùng", "Trường THCS Trần Hưng Đạo",
           "Trường THCS Lê Lợi", "Trường THCS Nguyễn Trãi"],
    "TXQT": ["Trường Mầm non Hoa Sen", "Trường Mầm non Hoa Hướng Dương", "Trường Tiểu học Đinh Tiên Hoàng",
             "Trường Tiểu học Thành Cổ", "Trường THCS Lương Thế Vinh", "Trường THCS Nguyễn Tri Phương"],
}

# The agencies every district has; "{district}" is the district's name ("huyện Vĩnh Linh").
DISTRICT_AGENCIES = [
    "Công đoàn Cơ quan UBND {district}",
    "Công đoàn Cơ quan {party_committee} {short}",
    "Công đoàn Phòng Giáo dục và Đào tạo {district}",
    "Công đoàn Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {district}",
]
DISTRICT_NAMES = {
    "DH": ("thành phố Đông Hà", "Thành ủy", "Đông Hà"),
    "TXQT": ("thị xã Quảng Trị", "Thị ủy", "Quảng Trị"),
    "VL": ("huyện Vĩnh Linh", "Huyện ủy", "Vĩnh Linh"),
    "GL": ("huyện Gio Linh", "Huyện ủy", "Gio Linh"),
    "CL": ("huyện Cam Lộ", "Huyện ủy", "Cam Lộ"),
    "TP": ("huyện Triệu Phong", "Huyện ủy", "Triệu Phong"),
    "HL": ("huyện Hải Lăng", "Huyện ủy", "Hải Lăng"),
    "HH": ("huyện Hướng Hóa", "Huyện ủy", "Hướng Hóa"),
    "DK": ("huyện Đakrông", "Huyện ủy", "Đakrông"),
}

# Grassroots unions of the sectoral, public-employees' and economic-zone unions, by name:
# (name, kind). Enterprises of the districts and the zones are made up from the lists below.
SECTOR_UNITS = {
    "GD": [
        ("Công đoàn Cơ quan Sở Giáo dục và Đào tạo", "grassroots_agency"),
        ("Công đoàn Trường THPT chuyên Lê Quý Đôn", "grassroots_agency"),
        ("Công đoàn Trường THPT Đông Hà", "grassroots_agency"),
        ("Công đoàn Trường THPT Lê Lợi", "grassroots_agency"),
        ("Công đoàn Trường THPT Phan Châu Trinh", "grassroots_agency"),
        ("Công đoàn Trường THPT Vĩnh Linh", "grassroots_agency"),
        ("Công đoàn Trường THPT Cửa Tùng", "grassroots_agency"),
        ("Công đoàn Trường THPT Bến Quan", "grassroots_agency"),
        ("Công đoàn Trường THPT Nguyễn Công Trứ", "grassroots_agency"),
        ("Công đoàn Trường THPT Gio Linh", "grassroots_agency"),
        ("Công đoàn Trường THPT Cồn Tiên", "grassroots_agency"),
        ("Công đoàn Trường THPT Cam Lộ", "grassroots_agency"),
        ("Công đoàn Trường THPT Chế Lan Viên", "grassroots_agency"),
        ("Công đoàn Trường THPT Lê Thế Hiếu", "grassroots_agency"),
        ("Công đoàn Trường THPT Tân Lâm", "grassroots_agency"),
        ("Công đoàn Trường THPT Triệu Phong", "grassroots_agency"),
        ("Công đoàn Trường THPT Chu Văn An", "grassroots_agency"),
        ("Công đoàn Trường THPT Vĩnh Định", "grassroots_agency"),
        ("Công đoàn Trường THPT Nguyễn Hữu Thận", "grassroots_agency"),
        ("Công đoàn Trường THPT Thị xã Quảng Trị", "grassroots_agency"),
        ("Công đoàn Trường THPT Nguyễn Huệ", "grassroots_agency"),
        ("Công đoàn Trường THPT Hải Lăng", "grassroots_agency"),
        ("Công đoàn Trường THPT Trần Thị Tâm", "grassroots_agency"),
        ("Công đoàn Trường THPT Nam Hải Lăng", "grassroots_agency"),
        ("Công đoàn Trường THPT Bùi Dục Tài", "grassroots_agency"),
        ("Công đoàn Trường THPT Hướng Hóa", "grassroots_agency"),
        ("Công đoàn Trường THPT Lao Bảo", "grassroots_agency"),
        ("Công đoàn Trường THPT Khe Sanh", "grassroots_agency"),
        ("Công đoàn Trường THPT A Túc", "grassroots_agency"),
        ("Công đoàn Trường THPT Hướng Phùng", "grassroots_agency"),
        ("Công đoàn Trường THPT Đakrông", "grassroots_agency"),
        ("Công đoàn Trường THPT số 2 Đakrông", "grassroots_agency"),
        ("Công đoàn Trường Phổ thông Dân tộc nội trú tỉnh", "grassroots_agency"),
        ("Công đoàn Trung tâm Giáo dục thường xuyên tỉnh", "grassroots_agency"),
    ],
    "YT": [
        ("Công đoàn Cơ quan Sở Y tế", "grassroots_agency"),
        ("Công đoàn Bệnh viện Đa khoa tỉnh", "grassroots_agency"),
        ("Công đoàn Bệnh viện Đa khoa khu vực Triệu Hải", "grassroots_agency"),
        ("Công đoàn Bệnh viện Chuyên khoa Lao và Bệnh phổi", "grassroots_agency"),
        ("Công đoàn Bệnh viện Mắt", "grassroots_agency"),
        ("Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh", "grassroots_agency"),
        ("Công đoàn Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm", "grassroots_agency"),
        ("Công đoàn Trung tâm Pháp y", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế thành phố Đông Hà", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế thị xã Quảng Trị", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Vĩnh Linh", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Gio Linh", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Cam Lộ", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Triệu Phong", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Hải Lăng", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Hướng Hóa", "grassroots_agency"),
        ("Công đoàn Trung tâm Y tế huyện Đakrông", "grassroots_agency"),
        ("Công đoàn Công ty Cổ phần Dược - Vật tư y tế Quảng Trị", "grassroots_enterprise"),
    ],
    "GTXD": [
        ("Công đoàn Cơ quan Sở Giao thông vận tải", "grassroots_agency"),
        ("Công đoàn Cơ quan Sở Xây dựng", "grassroots_agency"),
        ("Công đoàn Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh", "grassroots_agency"),
        ("Công đoàn Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh",
         "grassroots_agency"),
        ("Công đoàn Trung tâm Đăng kiểm phương tiện giao thông", "grassroots_agency"),
        ("Công đoàn Công ty Cổ phần Quản lý và Xây dựng giao thông Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Nước sạch Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Bến xe Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Tư vấn Xây dựng Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Môi trường và Công trình đô thị Đông Hà", "grassroots_enterprise"),
    ],
    "NN": [
        ("Công đoàn Cơ quan Sở Nông nghiệp và Phát triển nông thôn", "grassroots_agency"),
        ("Công đoàn Chi cục Kiểm lâm", "grassroots_agency"),
        ("Công đoàn Chi cục Thủy lợi", "grassroots_agency"),
        ("Công đoàn Chi cục Trồng trọt và Bảo vệ thực vật", "grassroots_agency"),
        ("Công đoàn Chi cục Chăn nuôi và Thú y", "grassroots_agency"),
        ("Công đoàn Trung tâm Khuyến nông", "grassroots_agency"),
        ("Công đoàn Ban Quản lý Khu bảo tồn thiên nhiên Bắc Hướng Hóa", "grassroots_agency"),
        ("Công đoàn Ban Quản lý Khu bảo tồn thiên nhiên Đakrông", "grassroots_agency"),
        ("Công đoàn Ban Quản lý rừng phòng hộ Hướng Hóa - Đakrông", "grassroots_agency"),
        ("Công đoàn Công ty TNHH MTV Lâm nghiệp Bến Hải", "grassroots_enterprise"),
        ("Công đoàn Công ty TNHH MTV Lâm nghiệp Triệu Hải", "grassroots_enterprise"),
        ("Công đoàn Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Quảng Trị",
         "grassroots_enterprise"),
        ("Công đoàn Công ty TNHH MTV Cao su Quảng Trị", "grassroots_enterprise"),
    ],
    "CT": [
        ("Công đoàn Cơ quan Sở Công Thương", "grassroots_agency"),
        ("Công đoàn Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "grassroots_agency"),
        ("Công đoàn Công ty Điện lực Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Xăng dầu Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Thương mại Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Sách và Thiết bị trường học Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty Cổ phần Khoáng sản Quảng Trị", "grassroots_enterprise"),
        ("Công đoàn Công ty TNHH MTV Thủy điện Quảng Trị", "grassroots_enterprise"),
    ],
    "VC": [
        ("Công đoàn Văn phòng UBND tỉnh", "grassroots_agency"),
        ("Công đoàn Văn phòng Đoàn ĐBQH và HĐND tỉnh", "grassroots_agency"),
        ("Công đoàn Sở Nội vụ", "grassroots_agency"),
        ("Công đoàn Sở Tư pháp", "grassroots_agency"),
        ("Công đoàn Sở Tài chính", "grassroots_agency"),
        ("Công đoàn Sở Kế hoạch và Đầu tư", "grassroots_agency"),
        ("Công đoàn Sở Tài nguyên và Môi trường", "grassroots_agency"),
        ("Công đoàn Sở Lao động - Thương binh và Xã hội", "grassroots_agency"),
        ("Công đoàn Sở Văn hóa, Thể thao và Du lịch", "grassroots_agency"),
        ("Công đoàn Sở Khoa học và Công nghệ", "grassroots_agency"),
        ("Công đoàn Sở Thông tin và Truyền thông", "grassroots_agency"),
        ("Công đoàn Sở Ngoại vụ", "grassroots_agency"),
        ("Công đoàn Thanh tra tỉnh", "grassroots_agency"),
        ("Công đoàn Ban Dân tộc tỉnh", "grassroots_agency"),
        ("Công đoàn Cơ quan Ủy ban MTTQ Việt Nam tỉnh", "grassroots_agency"),
        ("Công đoàn Cơ quan Tỉnh đoàn", "grassroots_agency"),
        ("Công đoàn Cơ quan Hội Liên hiệp Phụ nữ tỉnh", "grassroots_agency"),
        ("Công đoàn Cơ quan Hội Nông dân tỉnh", "grassroots_agency"),
        ("Công đoàn Liên minh Hợp tác xã tỉnh", "grassroots_agency"),
        ("Công đoàn Đài Phát thanh - Truyền hình tỉnh", "grassroots_agency"),
        ("Công đoàn Báo Quảng Trị", "grassroots_agency"),
        ("Công đoàn Trường Chính trị Lê Duẩn", "grassroots_agency"),
        ("Công đoàn Bảo tàng tỉnh", "grassroots_agency"),
        ("Công đoàn Thư viện tỉnh", "grassroots_agency"),
        ("Công đoàn Quỹ Đầu tư phát triển tỉnh", "grassroots_agency"),
        ("Công đoàn Trung tâm Phục vụ hành chính công tỉnh", "grassroots_agency"),
    ],
    "KKT": [
        ("Công đoàn Cơ quan Ban Quản lý Khu kinh tế tỉnh", "grassroots_agency"),
        ("Công đoàn Công ty Phát triển hạ tầng Khu kinh tế", "grassroots_enterprise"),
    ],
}

# How many made-up enterprises each upper union gets.
ENTERPRISES_PER_UPPER = {"DH": 7, "TXQT": 3, "VL": 5, "GL": 4, "CL": 4, "TP": 4, "HL": 4, "HH": 5,
                         "DK": 2, "KKT": 14}
ENTERPRISE_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Hợp tác xã"]
ZONE_ENTERPRISE_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"]  # no co-operatives in the zones
ENTERPRISE_TRADES = {
    "Công ty TNHH": ["May mặc", "Chế biến gỗ", "Xây dựng", "Thương mại và Dịch vụ", "Bao bì",
                     "Cơ khí", "Vận tải", "Chế biến nông sản", "Sản xuất Tinh bột sắn", "Dệt may"],
    "Công ty Cổ phần": ["Đầu tư và Xây dựng", "Vật liệu xây dựng", "Chế biến gỗ", "Du lịch",
                        "Tư vấn và Xây dựng", "Năng lượng", "Thủy sản", "Phân bón", "Gạch men"],
    "Công ty TNHH MTV": ["Xây dựng", "Thương mại", "Vận tải", "Chế biến lâm sản", "Cơ khí"],
    "Hợp tác xã": ["Dịch vụ nông nghiệp", "Vận tải", "Nông nghiệp", "Thủy sản"],
}
ENTERPRISE_BRANDS = ["Hưng Thịnh", "Thành Đạt", "Minh Quang", "Trường Sơn", "Hiền Lương", "Bến Hải",
                     "Thạch Hãn", "Cửa Việt", "Hoàng Phúc", "Phú Lộc", "An Phát", "Tân Phú",
                     "Đại Thành", "Việt Trung", "Long Hưng", "Hòa Bình", "Quang Minh", "Nam Việt",
                     "Đông Trường Sơn", "Thiên Phú", "Sông Hiếu", "Gio An", "Nhật Minh", "Trung Hậu",
                     "Lao Bảo", "Khe Sanh", "Vĩnh Phát", "Đức Long", "Bảo An", "Hải Vân"]

# Member counts by what a name says, first match wins.
MEMBER_RANGES = [
    ("Bệnh viện Đa khoa tỉnh", (650, 900)),
    ("Bệnh viện Đa khoa khu vực", (250, 420)),
    ("Bệnh viện", (60, 160)),
    ("Trung tâm Y tế", (90, 260)),
    ("Điện lực", (280, 420)),
    ("Cao su", (300, 700)),
    ("Lâm nghiệp", (80, 220)),
    ("Trường THPT", (40, 95)),
    ("Trường Phổ thông", (35, 60)),
    ("Trường", (14, 55)),
    ("UBND xã", (14, 32)),
    ("UBND thị trấn", (18, 36)),
    ("UBND phường", (16, 30)),
    ("Hợp tác xã", (8, 30)),
    ("Công ty", (20, 900)),
    ("", (12, 70)),
]

# The unit whose officer is the demo grassroots account.
DEMO_GRASSROOTS = ("VL", "Công đoàn Trường Tiểu học Hồ Xá", "grassroots_agency", D(1995, 9, 1))

# History that a demo should show.
# Opened in 2021, so they are not expected in the 2019–2020 periods: (upper prefix, name, kind, opened on).
OPENED_IN_2021 = [
    ("KKT", "Công đoàn Công ty TNHH Sợi Nam Đông Hà", "grassroots_enterprise", D(2021, 2, 22)),
    ("KKT", "Công đoàn Công ty Cổ phần Gỗ Quán Ngang", "grassroots_enterprise", D(2021, 3, 15)),
    ("KKT", "Công đoàn Công ty TNHH Điện tử Quảng Trị", "grassroots_enterprise", D(2021, 4, 8)),
    ("KKT", "Công đoàn Công ty TNHH Giày da Lao Bảo", "grassroots_enterprise", D(2021, 7, 19)),
    ("KKT", "Công đoàn Công ty Cổ phần Cảng Mỹ Thủy", "grassroots_enterprise", D(2021, 9, 6)),
    ("HH", "Công đoàn Công ty Cổ phần Năng lượng gió Tân Hợp", "grassroots_enterprise", D(2021, 5, 10)),
    ("HH", "Công đoàn Công ty Cổ phần Điện gió Hướng Tân", "grassroots_enterprise", D(2021, 10, 4)),
    ("GL", "Công đoàn Công ty TNHH Chế biến thủy sản Cửa Việt", "grassroots_enterprise", D(2021, 6, 21)),
    ("VC", "Công đoàn Trung tâm Xúc tiến đầu tư tỉnh", "grassroots_agency", D(2021, 1, 18)),
    ("DH", "Công đoàn Trường Mầm non Tuổi Thơ", "grassroots_agency", D(2021, 8, 30)),
]
# Dissolved during 2022: (upper prefix, name, kind, opened on, closed on).
CLOSED_IN_2022 = [
    ("KKT", "Công đoàn Công ty TNHH May xuất khẩu Nam Đông Hà", "grassroots_enterprise", D(2012, 5, 7),
     D(2022, 3, 31)),
    ("TP", "Công đoàn Công ty Cổ phần Gạch Tuynel Triệu Ái", "grassroots_enterprise", D(2006, 11, 20),
     D(2022, 9, 30)),
    ("HL", "Công đoàn Hợp tác xã Vận tải Hải Lăng", "grassroots_enterprise", D(2009, 4, 1),
     D(2022, 12, 15)),
]
# Moved between district federations in 2022: (from prefix, to prefix, name, kind, opened on, moved on).
MOVED_IN_2022 = [
    ("CL", "DH", "Công đoàn Công ty Cổ phần Vật liệu xây dựng Cam Hiếu", "grassroots_enterprise",
     D(2010, 3, 1), D(2022, 7, 1)),
    ("TP", "TXQT", "Công đoàn Công ty TNHH Xây dựng Thành Cổ", "grassroots_enterprise", D(2013, 8, 12),
     D(2022, 7, 1)),
    ("GL", "VL", "Công đoàn Công ty TNHH Thủy sản Cửa Tùng", "grassroots_enterprise", D(2011, 6, 15),
     D(2022, 8, 1)),
]

# Vietnamese names for the officers of the units.
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Hồ", "Ngô", "Dương",
                "Bùi", "Đỗ", "Trương", "Lương", "Hà", "Mai", "Cao"]
MIDDLE_NAMES = {"m": ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Thanh", "Xuân"],
                "f": ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Hoài", "Thanh", "Kim"]}
GIVEN_NAMES = {"m": ["Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Phúc", "Hiếu",
                     "Quân", "Tâm", "Bình", "Khánh", "Trung", "Cường", "Lợi", "Thành"],
               "f": ["Hương", "Lan", "Hoa", "Mai", "Hằng", "Nhung", "Thảo", "Trang", "Hà", "Linh",
                     "Phương", "Yến", "Dung", "Huyền", "Ngân", "Loan", "Vân", "Thủy"]}

DEMO_PASSWORD = "demo1306"
# (username, family name, given name, e-mail, role, unit: "root", an upper code, or "demo").
DEMO_USERS = [
    ("admin", "Trần Quốc", "Bảo", "quantri@example.vn", "administrator", "root"),
    ("bancspl", "Lê Thị Thu", "Hà", "bancspl@example.vn", "policy_law_board", "root"),
    ("thuongvu", "Nguyễn Văn", "Hùng", "thuongvu@example.vn", "leadership", "root"),
    ("ldld.vinhlinh", "Hoàng Minh", "Tuấn", "tuan.hm.vinhlinh@example.vn", "upper_officer", "LDLD-VL"),
    ("cdcs.demo", "Phan Thị Mai", "Hương", "huong.ptm.hoxa@example.vn", "grassroots_officer", "demo"),
]

# Report contents.
NARRATIVES = {
    1: ["Tổ chức tuyên truyền Chương trình 1306 lồng ghép trong sinh hoạt công đoàn định kỳ, hội nghị "
        "cán bộ, công chức, viên chức và người lao động.",
        "Phối hợp với chuyên môn tuyên truyền về cải cách hành chính, nâng cao chỉ số năng lực cạnh "
        "tranh cấp tỉnh (PCI) qua bảng tin, nhóm Zalo và trang thông tin điện tử.",
        "Tuyên truyền chính sách thu hút đầu tư, giới thiệu quê hương, con người Quảng Trị đến đoàn viên "
        "và người lao động trong đơn vị."],
    2: ["Tham gia góp ý đầy đủ, đúng hạn các dự thảo văn bản liên quan đến quyền, lợi ích của người lao "
        "động; phối hợp xây dựng quy chế dân chủ ở cơ sở.",
        "Phối hợp tổ chức hội nghị đối thoại tại nơi làm việc; các kiến nghị của người lao động được "
        "người sử dụng lao động tiếp thu, giải quyết kịp thời.",
        "Tham gia kiểm tra việc thực hiện chế độ, chính sách đối với người lao động; không để xảy ra "
        "tranh chấp lao động, ngừng việc tập thể."],
    3: ["Hưởng ứng phong trào “Lao động giỏi, lao động sáng tạo” và “Đổi mới, sáng tạo, hiệu quả trong "
        "hoạt động của tổ chức công đoàn”, nhiều sáng kiến được áp dụng.",
        "Triển khai phong trào “Xanh - Sạch - Đẹp, Bảo đảm an toàn vệ sinh lao động” và thực hiện 5S tại "
        "nơi làm việc, môi trường làm việc được cải thiện rõ rệt.",
        "Phong trào “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” được duy trì "
        "thường xuyên, gắn với cải cách hành chính."],
    4: ["Phối hợp với chuyên môn cử đoàn viên tham gia các lớp bồi dưỡng chuyên môn, kỹ năng số và "
        "ngoại ngữ, đáp ứng yêu cầu nhiệm vụ trong tình hình mới.",
        "Vận động đoàn viên tự học nâng cao trình độ; trao học bổng cho con đoàn viên vượt khó, học tốt.",
        "Đưa nội dung đào tạo, bồi dưỡng nâng cao tay nghề vào thương lượng, ký kết thỏa ước lao động "
        "tập thể."],
    5: ["Tổ chức thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn, ốm đau; thực hiện tốt Chương trình "
        "“Tết Sum vầy” và “Tháng Công nhân”.",
        "Ký kết thỏa thuận phúc lợi với các siêu thị, cửa hàng trên địa bàn, đoàn viên được mua hàng với "
        "giá ưu đãi.",
        "Vận động đóng góp xây dựng “Mái ấm Công đoàn” cho đoàn viên chưa có nhà ở ổn định."],
    6: ["Duy trì hiệu quả quy chế phối hợp giữa công đoàn và thủ trưởng cơ quan, đơn vị; định kỳ sơ kết, "
        "đánh giá kết quả thực hiện.",
        "Rà soát, ký kết bổ sung quy chế phối hợp cho phù hợp với quy định mới của Luật Công đoàn và "
        "Bộ luật Lao động năm 2019.",
        "Thường xuyên trao đổi thông tin với chính quyền đồng cấp về tâm tư, nguyện vọng của đoàn viên "
        "và người lao động."],
}
GENERIC_NARRATIVES = [
    "Các hoạt động được triển khai đúng kế hoạch, có sự phối hợp chặt chẽ với chuyên môn đồng cấp.",
    "Kết quả đạt được cơ bản đáp ứng yêu cầu của Kế hoạch, một số chỉ tiêu vượt so với cùng kỳ.",
]
PROPOSALS = [
    "Đề nghị LĐLĐ tỉnh tiếp tục mở các lớp tập huấn nghiệp vụ về tham gia xây dựng chính sách, pháp luật "
    "cho cán bộ công đoàn cơ sở.",
    "Kiến nghị UBND tỉnh sớm đầu tư xây dựng thiết chế công đoàn tại Khu công nghiệp Nam Đông Hà.",
    "Đề nghị cấp trên hỗ trợ kinh phí cho Chương trình “Mái ấm Công đoàn” đối với đoàn viên vùng sâu, "
    "vùng xa.",
    "Đề nghị ban hành mẫu quy chế phối hợp giữa công đoàn cơ sở và người sử dụng lao động để thống nhất "
    "thực hiện.",
    "Kiến nghị tăng mức hỗ trợ quà “Tết Sum vầy” cho đoàn viên, người lao động có hoàn cảnh đặc biệt khó "
    "khăn.",
    "Đề nghị LĐLĐ tỉnh cung cấp tài liệu tuyên truyền về năng lực cạnh tranh cấp tỉnh dưới dạng ngắn "
    "gọn, dễ hiểu.",
    "Đề nghị đơn giản hóa mẫu báo cáo và cho phép gửi báo cáo trực tuyến.",
    "Kiến nghị các cơ quan chức năng tăng cường thanh tra việc đóng bảo hiểm xã hội tại doanh nghiệp.",
    "Đề nghị tổ chức sơ kết, biểu dương các công đoàn cơ sở tiêu biểu trong thực hiện Chương trình 1306.",
    "Đề nghị phối hợp với ngành Lao động mở lớp đào tạo nghề ngắn hạn cho người lao động tại địa bàn.",
]
DIFFICULTIES = [
    "Cán bộ công đoàn cơ sở hoạt động kiêm nhiệm, thời gian dành cho công tác công đoàn còn hạn chế.",
    "Kinh phí công đoàn cơ sở được sử dụng còn ít, chưa đáp ứng nhu cầu chăm lo cho đoàn viên.",
    "Một số doanh nghiệp chưa quan tâm phối hợp với công đoàn trong tổ chức đào tạo, bồi dưỡng người "
    "lao động.",
    "Dịch COVID-19 ảnh hưởng đến việc tổ chức các hoạt động tập trung đông người.",
    "Việc tiếp cận các dự thảo văn bản xin ý kiến còn chậm, thời gian góp ý ngắn.",
    "Đoàn viên phân tán ở nhiều địa bàn, khó tổ chức sinh hoạt chung.",
    "Doanh nghiệp gặp khó khăn về sản xuất, kinh doanh nên việc chăm lo phúc lợi cho người lao động "
    "bị hạn chế.",
    "Một số văn bản hướng dẫn của cấp trên ban hành chậm, gây lúng túng khi triển khai.",
    "Địa bàn miền núi rộng, giao thông đi lại khó khăn, nhất là vào mùa mưa lũ.",
    "Chưa có phần mềm tổng hợp số liệu, việc báo cáo còn thủ công.",
]
RETURN_COMMENTS = [
    "Đề nghị bổ sung số văn bản và ngày ký quy chế phối hợp với chính quyền đồng cấp.",
    "Số liệu chăm lo đoàn viên chưa khớp với báo cáo tài chính công đoàn, đề nghị rà soát lại.",
    "Số lượt người tham dự tuyên truyền lớn hơn nhiều so với số đoàn viên, đề nghị kiểm tra lại.",
    "Báo cáo còn thiếu phần đánh giá kết quả, nội dung nổi bật của nhiệm vụ 3 và nhiệm vụ 4.",
    "Đề nghị ghi rõ số văn bản đã tham gia ý kiến đúng hạn trong kỳ.",
    "Phần khó khăn, kiến nghị chưa cụ thể, đề nghị bổ sung.",
]
ACCEPT_COMMENTS = ["", "", "", "Đã tiếp nhận.", "Báo cáo đầy đủ, đúng mẫu.", "Đồng ý tiếp nhận báo cáo."]
# How a coordination regulation is numbered: "05/QCPH-CĐ-UBND". First match wins: the kind of
# unit, then a word of its name.
AGREEMENT_SUFFIXES = {
    "district_federation": "QCPH-LĐLĐ-UBND",
    "sectoral": "QCPH-CĐN-SỞ",
    "public_employees": "QCPH-CĐVC-VPUBND",
    "industrial_zone": "QCPH-CĐKKT-BQL",
    "grassroots_enterprise": "QCPH-CĐ-GĐ",
    "UBND": "QCPH-CĐ-UBND",
    "Trường": "QCPH-CĐ-NT",
    "grassroots_agency": "QCPH-CĐ-TTr",
}
