"""The words of the synthetic archive (bench/search_corpus.py): councils, terms, fields with their prose and
title templates, names, syllables for rare place names, and the old tone placement. Data only."""

from __future__ import annotations

import datetime as dt

# (name, short name, place, level, parent id, abolished on)
COUNCILS: list[tuple[str, str, str, str, int | None, dt.date | None]] = [
    ("Hội đồng nhân dân tỉnh Quảng Ninh", "HĐND tỉnh Quảng Ninh", "Quảng Ninh", "province", None, None),
    ("Hội đồng nhân dân tỉnh Hòa Bình", "HĐND tỉnh Hòa Bình", "Hòa Bình", "province", None, None),
    ("Hội đồng nhân dân thành phố Hạ Long", "HĐND thành phố Hạ Long", "Hạ Long", "district", 1, None),
    ("Hội đồng nhân dân thành phố Cẩm Phả", "HĐND thành phố Cẩm Phả", "Cẩm Phả", "district", 1, None),
    ("Hội đồng nhân dân thành phố Uông Bí", "HĐND thành phố Uông Bí", "Uông Bí", "district", 1, None),
    ("Hội đồng nhân dân thành phố Móng Cái", "HĐND thành phố Móng Cái", "Móng Cái", "district", 1, None),
    ("Hội đồng nhân dân thị xã Đông Triều", "HĐND thị xã Đông Triều", "Đông Triều", "district", 1, None),
    ("Hội đồng nhân dân huyện Vân Đồn", "HĐND huyện Vân Đồn", "Vân Đồn", "district", 1, None),
    (
        "Hội đồng nhân dân huyện Hoành Bồ",
        "HĐND huyện Hoành Bồ",
        "Hoành Bồ",
        "district",
        1,
        dt.date(2019, 10, 1),
    ),
    ("Hội đồng nhân dân huyện Đà Bắc", "HĐND huyện Đà Bắc", "Đà Bắc", "district", 2, None),
    ("Hội đồng nhân dân huyện Mai Châu", "HĐND huyện Mai Châu", "Mai Châu", "district", 2, None),
    ("Hội đồng nhân dân xã Đồng Lâm", "HĐND xã Đồng Lâm", "Đồng Lâm", "commune", 9, dt.date(2019, 10, 1)),
    ("Hội đồng nhân dân xã Quảng La", "HĐND xã Quảng La", "Quảng La", "commune", 9, dt.date(2019, 10, 1)),
    ("Hội đồng nhân dân xã Hạ Long", "HĐND xã Hạ Long", "Hạ Long", "commune", 8, None),
    ("Hội đồng nhân dân phường Hồng Hải", "HĐND phường Hồng Hải", "Hồng Hải", "commune", 3, None),
    ("Hội đồng nhân dân xã Tú Lý", "HĐND xã Tú Lý", "Tú Lý", "commune", 10, None),
    ("Hội đồng nhân dân xã Thung Khe", "HĐND xã Thung Khe", "Thung Khe", "commune", 11, None),
    ("Hội đồng nhân dân phường Trà Cổ", "HĐND phường Trà Cổ", "Trà Cổ", "commune", 6, None),
]
TERMS = [("XIII", 2011), ("XIV", 2016), ("XV", 2021), ("XVI", 2026)]

PLACES = [
    "xã Đồng Lâm",
    "xã Quảng La",
    "xã Hải Đông",
    "phường Hồng Hải",
    "phường Trà Cổ",
    "xã Tú Lý",
    "xã Thung Khe",
    "thị trấn Cái Rồng",
    "xã Đoàn Kết",
    "xã Bình Dân",
    "phường Yên Thanh",
    "xã Hòa Bình",
    "xã Thủy An",
    "phường Hoành Bồ",
    "xã Đồng Sơn",
    "xã Kỳ Thượng",
    "xã Sơn Dương",
    "xã Lê Lợi",
]
SYLLABLES = (
    "đồng khe lâm thủy hòa an bình sơn hải thượng hạ tân phú đông tây nam bắc trung yên lạc phúc thịnh "
    "hưng long vân cẩm mông cái tiên lãng quang minh đức thái hợp hòa thuận khánh vĩnh xuân thu đoài "
    "nà pá mường chiềng thẩm nậm bó lũng cốc phiêng hua lầu dền cao thành lộc hoàng mai đào liễu tràng "
    "kim ngân bạch thạch tùng trúc thanh hồ đầm suối rạch giếng cầu bến chợ"
).split()
NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đào Mai Tạ".split(),
    "Văn Thị Đức Minh Quang Hữu Xuân Thanh Ngọc Thủy Hồng Công Đình Kim".split(),
    "Thành Hùng Dũng Lan Hương Đạt Tuấn Hòa Thủy Khoa Hải Nga Bình Sơn Linh Quý Thắng Huệ Đông Toàn".split(),
)
BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;",
    "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Luật Đầu tư công ngày 29 tháng 11 năm 2024;",
    "Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi hành một số điều của Luật Ngân sách nhà nước;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Xét Tờ trình của Ủy ban nhân dân; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu Hội đồng nhân dân tại kỳ họp.",
    "Xét Tờ trình của Ủy ban nhân dân; Báo cáo thẩm tra của Ban Văn hóa - Xã hội Hội đồng nhân dân; ý kiến thảo luận của đại biểu tại kỳ họp.",
    "Xét Báo cáo thẩm tra của Ban Pháp chế Hội đồng nhân dân và ý kiến của các vị đại biểu Hội đồng nhân dân.",
]

GENERAL = [
    "Tăng cường các hoạt động giám sát của Hội đồng nhân dân, Thường trực Hội đồng nhân dân, các Ban và các Tổ đại biểu theo hướng ngày càng hiệu quả, sát yêu cầu thực tế, giải quyết được các vấn đề phát sinh từ thực tiễn.",
    "Ủy ban nhân dân có trách nhiệm tổ chức thực hiện Nghị quyết này; định kỳ báo cáo kết quả thực hiện với Hội đồng nhân dân tại các kỳ họp thường lệ.",
    "Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân giám sát việc thực hiện Nghị quyết; đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội tham gia giám sát.",
    "Phấn đấu hoàn thành các chỉ tiêu phát triển kinh tế - xã hội theo nghị quyết của cấp ủy, nghị quyết của Hội đồng nhân dân các cấp hằng năm và cả nhiệm kỳ; bảo đảm quốc phòng, an ninh và thực hiện tốt chính sách an sinh xã hội trên địa bàn.",
    "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước; cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh và chỉ số hài lòng của người dân.",
    "Kinh phí thực hiện từ nguồn ngân sách địa phương theo phân cấp hiện hành và các nguồn vốn hợp pháp khác; việc quản lý, sử dụng kinh phí thực hiện theo quy định của Luật Ngân sách nhà nước.",
    "Trường hợp các văn bản quy phạm pháp luật dẫn chiếu tại Nghị quyết này được sửa đổi, bổ sung hoặc thay thế thì áp dụng theo văn bản sửa đổi, bổ sung hoặc thay thế.",
    "Giao Ủy ban nhân dân chỉ đạo các sở, ban, ngành và địa phương rà soát, đánh giá tình hình thực hiện, kịp thời đề xuất điều chỉnh những nội dung không còn phù hợp với thực tiễn.",
    "Đổi mới, nâng cao chất lượng hiệu lực, hiệu quả hoạt động của Hội đồng nhân dân các cấp; phát huy vai trò, trách nhiệm của đại biểu trước cử tri và Nhân dân; thực hiện tốt công tác tiếp xúc cử tri, tiếp công dân.",
    "Tiếp tục rà soát, sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả; tinh giản biên chế gắn với cơ cấu lại đội ngũ cán bộ, công chức, viên chức.",
    "Tập trung giải quyết dứt điểm các kiến nghị của cử tri, đơn thư khiếu nại, tố cáo của công dân; công khai, minh bạch kết quả giải quyết trên cổng thông tin điện tử.",
    "Phát huy những kết quả đã đạt được, khắc phục hạn chế, yếu kém; tạo chuyển biến mạnh mẽ trong lãnh đạo, chỉ đạo, điều hành, bảo đảm hoàn thành thắng lợi nhiệm vụ năm và cả giai đoạn.",
    "Nghị quyết này thay thế các quy định trước đây trái với Nghị quyết; các trường hợp đã được phê duyệt trước ngày Nghị quyết có hiệu lực tiếp tục thực hiện theo quyết định đã phê duyệt.",
]


def _field(prose: list[str], titles: list[str], heads: list[str]) -> dict[str, list[str]]:
    return {"prose": prose, "titles": titles, "heads": heads}


FIELDS: dict[str, dict[str, list[str]]] = {
    "Đất đai": _field(
        [
            "Tăng cường công tác quản lý đất đai, đô thị và giải phóng mặt bằng; công khai quy hoạch, kế hoạch sử dụng đất; xử lý nghiêm các trường hợp vi phạm pháp luật về đất đai.",
            "Thông qua danh mục các công trình, dự án cần thu hồi đất và chuyển mục đích sử dụng đất trồng lúa, đất rừng phòng hộ để thực hiện dự án phát triển kinh tế - xã hội vì lợi ích quốc gia, công cộng.",
            "Bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất phải bảo đảm công khai, minh bạch, đúng đối tượng; giá đất cụ thể được xác định theo bảng giá đất và hệ số điều chỉnh giá đất.",
            "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất cho hộ gia đình, cá nhân đang sử dụng đất ổn định, không có tranh chấp.",
        ],
        [
            "Thông qua danh mục các công trình, dự án cần thu hồi đất năm {year} trên địa bàn {place}",
            "Ban hành bảng giá đất giai đoạn {year} - {until} trên địa bàn {place}",
            "Chấp thuận chuyển mục đích sử dụng đất trồng lúa để thực hiện dự án {project} tại {hamlet}",
            "Quy định hạn mức giao đất ở và công nhận quyền sử dụng đất tại {hamlet}",
        ],
        [
            "Phạm vi điều chỉnh và đối tượng áp dụng.",
            "Danh mục công trình, dự án thu hồi đất.",
            "Giá đất và hệ số điều chỉnh.",
        ],
    ),
    "Ngân sách": _field(
        [
            "Phê chuẩn quyết toán thu ngân sách nhà nước trên địa bàn, thu chi ngân sách địa phương; dự toán chi đầu tư phát triển và chi thường xuyên được phân bổ theo định mức.",
            "Tăng cường kỷ luật, kỷ cương tài chính, ngân sách; thực hành tiết kiệm, chống lãng phí; quản lý chặt chẽ nợ công và các khoản chi chuyển nguồn sang năm sau.",
            "Phân bổ dự toán ngân sách cho các đơn vị dự toán cấp tỉnh, bổ sung có mục tiêu cho ngân sách cấp huyện; sử dụng dự phòng ngân sách để khắc phục hậu quả thiên tai, dịch bệnh.",
        ],
        [
            "Phê chuẩn quyết toán ngân sách địa phương năm {year}",
            "Dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách {place} năm {year}",
            "Quy định phân cấp nguồn thu, nhiệm vụ chi giữa các cấp ngân sách giai đoạn {year} - {until}",
            "Điều chỉnh dự toán ngân sách năm {year} cho dự án {project}",
        ],
        ["Tổng thu ngân sách nhà nước trên địa bàn.", "Tổng chi ngân sách địa phương.", "Bội chi và vay nợ."],
    ),
    "Giáo dục": _field(
        [
            "Quy định mức học phí đối với cơ sở giáo dục mầm non, giáo dục phổ thông công lập; miễn, giảm học phí và hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo.",
            "Đầu tư cơ sở vật chất trường học, kiên cố hóa phòng học, xây dựng trường chuẩn quốc gia; nâng cao chất lượng đội ngũ nhà giáo và cán bộ quản lý giáo dục.",
            "Hỗ trợ giáo viên, học sinh vùng đặc biệt khó khăn, trường phổ thông dân tộc bán trú; chương trình giáo dục phổ thông mới và đổi mới thi cử.",
        ],
        [
            "Quy định mức thu học phí năm học {year} - {until} đối với cơ sở giáo dục công lập trên địa bàn {place}",
            "Chính sách hỗ trợ học sinh, giáo viên tại {hamlet} giai đoạn {year} - {until}",
            "Phê duyệt chủ trương đầu tư dự án trường học {project}",
        ],
        ["Mức thu học phí.", "Đối tượng được miễn, giảm học phí.", "Tổ chức thực hiện."],
    ),
    "Y tế": _field(
        [
            "Nâng cao chất lượng khám bệnh, chữa bệnh, chăm sóc sức khỏe Nhân dân; củng cố mạng lưới y tế cơ sở, trạm y tế xã đạt chuẩn quốc gia.",
            "Quy định giá dịch vụ khám bệnh, chữa bệnh không thuộc phạm vi quỹ bảo hiểm y tế thanh toán; hỗ trợ mua thẻ bảo hiểm y tế cho người cận nghèo.",
            "Phòng, chống dịch bệnh, tiêm chủng mở rộng, bảo đảm an toàn thực phẩm; chăm sóc sức khỏe người cao tuổi và trẻ em.",
        ],
        [
            "Quy định giá dịch vụ khám bệnh, chữa bệnh tại cơ sở y tế công lập trên địa bàn {place}",
            "Chính sách hỗ trợ bảo hiểm y tế cho người dân tại {hamlet} năm {year}",
            "Đầu tư xây dựng bệnh viện {project}",
        ],
        ["Giá dịch vụ y tế.", "Đối tượng được hỗ trợ.", "Nguồn kinh phí."],
    ),
    "Giao thông": _field(
        [
            "Đầu tư xây dựng kết cấu hạ tầng giao thông đồng bộ, hiện đại; cải tạo, nâng cấp tuyến đường tỉnh, đường liên xã và cầu dân sinh.",
            "Bảo đảm trật tự, an toàn giao thông; quản lý, bảo trì đường bộ, đường thủy nội địa; phát triển vận tải hành khách công cộng bằng xe buýt.",
            "Quy định mức thu phí sử dụng kết cấu hạ tầng, công trình dịch vụ trong khu vực cửa khẩu; phí sử dụng tạm thời lòng đường, hè phố.",
        ],
        [
            "Phê duyệt chủ trương đầu tư dự án đường nối {project} đến {hamlet}",
            "Quy định mức thu phí sử dụng tạm thời lòng đường, hè phố trên địa bàn {place}",
            "Kế hoạch đầu tư công trung hạn về giao thông giai đoạn {year} - {until}",
        ],
        ["Quy mô đầu tư.", "Tổng mức đầu tư và nguồn vốn.", "Tiến độ thực hiện."],
    ),
    "Nông nghiệp": _field(
        [
            "Hỗ trợ phát triển sản xuất nông nghiệp hàng hóa, chương trình mỗi xã một sản phẩm; xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu.",
            "Chính sách khuyến khích phát triển hợp tác xã, liên kết sản xuất và tiêu thụ nông sản; hỗ trợ giống cây trồng, vật nuôi, thủy sản.",
            "Bảo vệ và phát triển rừng, trồng rừng gỗ lớn, chi trả dịch vụ môi trường rừng; phòng chống dịch bệnh trên gia súc, gia cầm.",
        ],
        [
            "Chính sách hỗ trợ phát triển sản xuất nông nghiệp tại {hamlet} giai đoạn {year} - {until}",
            "Quy định mức hỗ trợ xây dựng nông thôn mới trên địa bàn {place}",
            "Hỗ trợ phát triển thủy sản và trồng rừng dự án {project}",
        ],
        ["Nội dung hỗ trợ.", "Điều kiện được hỗ trợ.", "Mức hỗ trợ."],
    ),
    "Văn hóa": _field(
        [
            "Bảo tồn và phát huy giá trị di sản văn hóa, di tích lịch sử; xây dựng đời sống văn hóa cơ sở, thiết chế văn hóa, thể thao ở thôn, bản.",
            "Phát triển du lịch trở thành ngành kinh tế mũi nhọn; tổ chức lễ hội truyền thống, giải thể thao và các hoạt động đồ họa, mỹ thuật, nhiếp ảnh.",
            "Hỗ trợ nghệ nhân, họa sĩ, diễn viên đoàn nghệ thuật truyền thống; xây dựng gia đình văn hóa, khu dân cư văn hóa.",
        ],
        [
            "Đề án bảo tồn, phát huy giá trị văn hóa truyền thống tại {hamlet} giai đoạn {year} - {until}",
            "Quy định chế độ đối với họa sĩ, nghệ nhân và vận động viên trên địa bàn {place}",
            "Phát triển du lịch văn hóa {project}",
        ],
        ["Mục tiêu.", "Nhiệm vụ và giải pháp.", "Kinh phí thực hiện."],
    ),
    "Tổ chức bộ máy": _field(
        [
            "Thành lập, sáp nhập, đổi tên thôn, tổ dân phố; sắp xếp đơn vị hành chính cấp huyện, cấp xã theo tiêu chuẩn diện tích tự nhiên và quy mô dân số.",
            "Giao biên chế công chức trong cơ quan hành chính, số lượng người làm việc trong đơn vị sự nghiệp công lập; chức danh, số lượng cán bộ không chuyên trách ở cấp xã.",
            "Miễn nhiệm, bầu bổ sung Ủy viên Ủy ban nhân dân; xác nhận kết quả bầu Phó Chủ tịch Hội đồng nhân dân, Trưởng Ban Pháp chế.",
        ],
        [
            "Sáp nhập, đổi tên {hamlet} thuộc {place}",
            "Giao biên chế công chức năm {year} trong cơ quan hành chính {level}",
            "Quy định chức danh, số lượng người hoạt động không chuyên trách ở cấp xã trên địa bàn {place}",
        ],
        ["Sáp nhập thôn, tổ dân phố.", "Biên chế được giao.", "Hiệu lực thi hành."],
    ),
    "Môi trường": _field(
        [
            "Bảo vệ môi trường, xử lý chất thải rắn sinh hoạt, nước thải đô thị; kiểm soát ô nhiễm tại khu công nghiệp, làng nghề và vịnh Hạ Long.",
            "Quy định giá dịch vụ thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt; phí bảo vệ môi trường đối với khai thác khoáng sản than.",
            "Ứng phó với biến đổi khí hậu, phòng chống thiên tai, thảm họa; bảo vệ tài nguyên nước, đa dạng sinh học và rừng ngập mặn.",
        ],
        [
            "Quy định giá dịch vụ thu gom, xử lý chất thải rắn sinh hoạt trên địa bàn {place}",
            "Phí bảo vệ môi trường đối với khai thác khoáng sản năm {year}",
            "Dự án xử lý nước thải {project} tại {hamlet}",
        ],
        ["Giá dịch vụ.", "Đối tượng nộp phí.", "Quản lý và sử dụng phí."],
    ),
    "Thủy lợi": _field(
        [
            "Đầu tư, nâng cấp công trình thủy lợi, hồ chứa, kênh mương nội đồng; quản lý khai thác công trình thủy lợi và hỗ trợ sử dụng sản phẩm, dịch vụ thủy lợi.",
            "Củng cố hệ thống đê điều, kè chống sạt lở bờ sông, bờ biển; bảo đảm an toàn hồ đập trong mùa mưa lũ.",
        ],
        [
            "Quy định giá sản phẩm, dịch vụ thủy lợi khác trên địa bàn {place} năm {year}",
            "Chủ trương đầu tư hồ chứa nước {project} tại {hamlet}",
            "Hỗ trợ kiên cố hóa kênh mương giai đoạn {year} - {until}",
        ],
        ["Giá dịch vụ thủy lợi.", "Danh mục công trình.", "Nguồn vốn."],
    ),
    "Phòng chống thiên tai": _field(
        [
            "Phòng, chống và khắc phục hậu quả thiên tai, thảm họa; di dời hộ dân ra khỏi vùng có nguy cơ sạt lở đất, lũ quét; hỗ trợ người dân bị thiệt hại do mưa bão.",
            "Xây dựng lực lượng xung kích phòng chống thiên tai cấp xã; trang bị phương tiện cứu hộ, cứu nạn; diễn tập ứng phó thảm họa cháy rừng.",
        ],
        [
            "Chính sách hỗ trợ khắc phục hậu quả thiên tai, thảm họa tại {hamlet} năm {year}",
            "Quy định mức hỗ trợ di dời hộ dân vùng sạt lở đất trên địa bàn {place}",
        ],
        ["Đối tượng hỗ trợ.", "Mức hỗ trợ.", "Trình tự, thủ tục."],
    ),
    "Lao động - xã hội": _field(
        [
            "Thực hiện chính sách đối với người có công với cách mạng, bảo trợ xã hội, giảm nghèo bền vững; hỗ trợ người lao động mất việc làm.",
            "Đào tạo nghề, giải quyết việc làm cho lao động nông thôn; hỗ trợ người khuyết tật, trẻ em có hoàn cảnh đặc biệt khó khăn, người cao tuổi cô đơn.",
        ],
        [
            "Quy định mức trợ giúp xã hội đối với đối tượng bảo trợ xã hội trên địa bàn {place}",
            "Chính sách giảm nghèo bền vững giai đoạn {year} - {until}",
            "Hỗ trợ đào tạo nghề cho lao động tại {hamlet}",
        ],
        ["Đối tượng áp dụng.", "Mức trợ giúp.", "Kinh phí."],
    ),
    "Quốc phòng - an ninh": _field(
        [
            "Xây dựng nền quốc phòng toàn dân, thế trận an ninh nhân dân; bảo đảm an ninh chính trị, trật tự an toàn xã hội; tuyển quân đạt chỉ tiêu.",
            "Chế độ, chính sách đối với lực lượng dân quân tự vệ, công an xã bán chuyên trách; bảo vệ chủ quyền biên giới, biển đảo.",
        ],
        [
            "Quy định mức phụ cấp đối với dân quân tự vệ trên địa bàn {place}",
            "Nhiệm vụ quốc phòng, quân sự địa phương năm {year}",
        ],
        ["Đối tượng hưởng.", "Mức phụ cấp.", "Tổ chức thực hiện."],
    ),
    "Khoa học - công nghệ": _field(
        [
            "Phát triển khoa học, công nghệ và đổi mới sáng tạo; chuyển đổi số toàn diện, xây dựng chính quyền số, kinh tế số và xã hội số; đô thị thông minh.",
            "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo, ứng dụng công nghệ cao; bảo hộ quyền sở hữu trí tuệ, đồ họa và thiết kế.",
        ],
        [
            "Đề án chuyển đổi số {place} giai đoạn {year} - {until}",
            "Chính sách hỗ trợ khởi nghiệp đổi mới sáng tạo dự án {project}",
        ],
        ["Mục tiêu chuyển đổi số.", "Giải pháp.", "Kinh phí."],
    ),
}

# New tone placement → old ("hòa" → "hoà"): the words of the archive whose spelling differs.
_PAIRS = (
    "hòa hoà|hóa hoá|hỏa hoả|họa hoạ|khỏe khoẻ|thủy thuỷ|thúy thuý|tùy tuỳ|ủy uỷ|hủy huỷ|xóa xoá|khóa khoá|"
    "tòa toà|thỏa thoả|lũy luỹ|Hòa Hoà|Hóa Hoá|Thủy Thuỷ|Ủy Uỷ|HÒA HOÀ|KHÓA KHOÁ"
)
OLD_PLACEMENT = dict(pair.split() for pair in _PAIRS.split("|"))
