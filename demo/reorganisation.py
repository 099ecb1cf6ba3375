"""Demo data past 2023 (issue 16), as plain data beside demo/hierarchy.py: Quảng Bình's
federation as it stood until 2025, and the reorganisation of 1 July 2025 — the district
federations are dissolved, commune and ward unions take their grassroots unions, and Quảng
Bình's federation is merged into Quảng Trị's. `seed_demo --next-programme` applies it through
unions/services.py, so every placement (the unit's history) follows."""
import datetime

D = datetime.date
REORGANISED_ON = D(2025, 7, 1)

QUANG_BINH = dict(code="LDLD-QB", name="Liên đoàn Lao động tỉnh Quảng Bình", level="province",
                  kind="province_federation", opened_on=D(1990, 1, 1), email="ldld.quangbinh@example.vn",
                  phone="0232 3822 470")

# Quảng Bình's upper-level unions and their grassroots unions until 2025:
# (code, name, kind, e-mail, [grassroots unions: (code, name, kind, members)]).
QUANG_BINH_UPPER = [
    ("LDLD-DHO", "Liên đoàn Lao động thành phố Đồng Hới", "district_federation", "ldld.donghoi@example.vn", [
        ("DHO-001", "Công đoàn Trường THPT Đồng Hới", "grassroots_agency", 86),
        ("DHO-002", "Công đoàn UBND phường Đồng Phú", "grassroots_agency", 24),
        ("DHO-003", "Công đoàn Bệnh viện Đa khoa thành phố Đồng Hới", "grassroots_agency", 212),
        ("DHO-004", "Công đoàn Công ty Cổ phần Du lịch Nhật Lệ", "grassroots_enterprise", 64),
        ("DHO-005", "Công đoàn Trường Tiểu học Bắc Lý", "grassroots_agency", 41),
        ("DHO-006", "Công đoàn Công ty TNHH Bia Quảng Bình", "grassroots_enterprise", 138),
    ]),
    ("LDLD-BT", "Liên đoàn Lao động huyện Bố Trạch", "district_federation", "ldld.botrach@example.vn", [
        ("BT-001", "Công đoàn Trường THCS Hoàn Lão", "grassroots_agency", 37),
        ("BT-002", "Công đoàn UBND xã Nam Trạch", "grassroots_agency", 22),
        ("BT-003", "Công đoàn Trung tâm Du lịch Phong Nha - Kẻ Bàng", "grassroots_agency", 118),
        ("BT-004", "Công đoàn Công ty Cổ phần Cao su Việt Trung", "grassroots_enterprise", 356),
        ("BT-005", "Công đoàn Trường Mầm non Hoàn Lão", "grassroots_agency", 33),
    ]),
    ("CDN-GD-QB", "Công đoàn ngành Giáo dục tỉnh Quảng Bình", "sectoral", "cdn.giaoduc.qb@example.vn", [
        ("GDQB-001", "Công đoàn Trường THPT chuyên Võ Nguyên Giáp", "grassroots_agency", 92),
        ("GDQB-002", "Công đoàn Trường Cao đẳng Kỹ thuật công nghiệp Quảng Bình", "grassroots_agency", 104),
        ("GDQB-003", "Công đoàn Trường THPT Lệ Thủy", "grassroots_agency", 78),
    ]),
]

# The commune and ward unions opened on 1 July 2025 under Quảng Trị's federation, by the
# district (code prefix of its grassroots unions, or a Quảng Bình upper code) whose grassroots
# unions they take, in turn: (code, name).
COMMUNES = {
    "DH": [("CDX-DONGHA", "Công đoàn phường Đông Hà"), ("CDX-NAMDONGHA", "Công đoàn phường Nam Đông Hà")],
    "TXQT": [("CDX-QUANGTRI", "Công đoàn phường Quảng Trị")],
    "VL": [("CDX-VINHLINH", "Công đoàn xã Vĩnh Linh"), ("CDX-CUATUNG", "Công đoàn xã Cửa Tùng"),
           ("CDX-BENQUAN", "Công đoàn xã Bến Quan")],
    "GL": [("CDX-GIOLINH", "Công đoàn xã Gio Linh"), ("CDX-CUAVIET", "Công đoàn xã Cửa Việt")],
    "CL": [("CDX-CAMLO", "Công đoàn xã Cam Lộ"), ("CDX-HIEUGIANG", "Công đoàn xã Hiếu Giang")],
    "TP": [("CDX-TRIEUPHONG", "Công đoàn xã Triệu Phong"), ("CDX-AITU", "Công đoàn xã Ái Tử")],
    "HL": [("CDX-HAILANG", "Công đoàn xã Hải Lăng"), ("CDX-DIENSANH", "Công đoàn xã Diên Sanh")],
    "HH": [("CDX-KHESANH", "Công đoàn xã Khe Sanh"), ("CDX-LAOBAO", "Công đoàn xã Lao Bảo")],
    "DK": [("CDX-DAKRONG", "Công đoàn xã Đakrông"), ("CDX-TARUT", "Công đoàn xã Tà Rụt")],
    "LDLD-DHO": [("CDX-DONGHOI", "Công đoàn phường Đồng Hới"), ("CDX-DONGTHUAN", "Công đoàn phường Đồng Thuận")],
    "LDLD-BT": [("CDX-BOTRACH", "Công đoàn xã Bố Trạch"), ("CDX-HOANLAO", "Công đoàn xã Hoàn Lão")],
}
# A Quảng Bình sectoral union merged into Quảng Trị's of the same sector: (from code, into code).
SECTORS_MERGED = [("CDN-GD-QB", "CDN-GD")]

# The commune union whose officer is the demo account for the plan after 2025.
DEMO_COMMUNE = "CDX-VINHLINH"
# Demo accounts of the new programme, with the password of hierarchy.DEMO_PASSWORD.
NEXT_DEMO_USERS = [
    ("cd.xavinhlinh", "Hồ Văn", "Nam", "nam.hv.xavinhlinh@example.vn", "upper_officer", DEMO_COMMUNE),
]

# The second plan: copied from Plan 1306 by the Board, for 2024–2028, demonstration data.
NEXT_PLAN = dict(
    code="KH-1306-2024",
    title="Kế hoạch tiếp tục thực hiện Chương trình số 1306/CTr-TLĐ giai đoạn 2024 - 2028 (dữ liệu minh họa)",
    first_year=2024, last_year=2028,
)
# The day the demo of the second plan stands on: 2025-Y is open, the earlier periods are filled.
NEXT_PLAN_TODAY = D(2025, 10, 1)
NEXT_PLAN_FILLED = ["2024-H1", "2024-Y", "2025-H1", "2025-Y"]
