# Tiếng Việt: the reasons of faults and refusals, and where they are.

fault-at-line = dòng { $line }: { $reason }
fault-at-cell = dòng { $line }, cột “{ $column }”: { $reason }

## The journal's lines.

line-incomplete = dòng kết thúc khi đối tượng JSON chưa đủ
line-not-json = không phải dòng nhật ký hợp lệ: { $detail }
line-not-utf8 = dòng không phải văn bản UTF-8
line-too-long = dòng dài hơn 16 MiB (16.777.216 byte), mức tối đa của một dòng nhật ký
line-unknown-type = không có loại dòng “{ $kind }”
line-no-such-field = dòng “{ $kind }” không có trường “{ $field }”
line-missing-field = thiếu trường “{ $field }”
line-empty-field = trường “{ $field }” để trống
line-field = { $field }: { $reason }
line-party-name-empty = tên { $party } để trống
line-bad-mode = hình thức thụ lý “{ $mode }” không phải “ex_officio” (chủ động) hay “on_request” (theo đơn)
line-bad-unable-ground = căn cứ “{ $ground }” của quyết định chưa có điều kiện thi hành không phải no_means, item_gone hay address_unknown
line-unknown-category = không có loại việc “{ $name }” (dùng state_budget, credit_institution, corruption_economic hoặc state_compensation)
line-category-twice = loại việc “{ $name }” được ghi hai lần
line-amount = số tiền { $reason }
line-amount-quoted = số tiền { $raw } là văn bản: ghi số, không có dấu ngoặc kép
line-amount-exponent = số tiền { $raw } viết dạng lũy thừa: ghi đủ các chữ số (1000, không phải 1e3)
line-amount-fraction = số tiền { $raw } không phải số đồng nguyên
line-amount-not-number = số tiền { $raw } không phải là số
line-amount-huge = số tiền { $raw } vượt mức tối đa của một việc ({ $ceiling })
line-amount-below = số tiền { $amount } phải từ { $minimum } trở lên
party-debtor = người phải thi hành án
party-creditor = người được thi hành án

## Codes, dates and amounts.

bad-agency-code = “{ $code }” không phải mã đơn vị (1–32 chữ cái, chữ số, “-”, “_” hoặc “.”)
bad-executor-code = “{ $code }” không phải mã Chấp hành viên (1–32 chữ cái, chữ số, “-”, “_” hoặc “.”)
bad-case-code = “{ $code }” không phải mã việc (1–64 ký tự, không có dấu cách)
bad-day = “{ $text }” không phải ngày dương lịch viết dạng YYYY-MM-DD
amount-above-ceiling = { $amount } vượt mức tối đa của một việc ({ $ceiling }, một triệu tỷ đồng)
amount-negative = { $amount } là số âm

## The rules that span lines.

agency-duplicate = đơn vị { $code } đã được khai báo
agency-unknown-parent = đơn vị cấp trên { $code } chưa được khai báo (khai báo ở dòng trước)
agency-too-many = quá nhiều đơn vị (tối đa { $max })
executor-duplicate = Chấp hành viên { $code } đã được khai báo
executor-unknown-agency = Chấp hành viên { $code }: đơn vị { $agency } chưa được khai báo (khai báo ở dòng trước)
executor-too-many = quá nhiều Chấp hành viên (tối đa { $max })
check-duplicate-case = việc { $case }: mã việc này đã được dùng cho một việc khác
check-unknown-agency = việc { $case }: đơn vị { $agency } chưa được khai báo
check-unknown-case = việc { $case }: không có việc này (dòng thụ lý phải có trước)
check-bad-entrustee = việc { $case }: không thể ủy thác cho { $to }: { $why }
check-entrustee-unknown = không có đơn vị này
check-entrustee-own = đó là chính cơ quan của việc
check-unknown-executor = việc { $case }: Chấp hành viên { $executor } chưa được khai báo (khai báo ở dòng trước)
check-executor-elsewhere = việc { $case }: Chấp hành viên { $executor } thuộc { $agency }, không phải cơ quan của việc ({ $case_agency }) hay cơ quan cấp trên
ground-unknown = căn cứ “{ $ground }” của “{ $kind }” không có trong rules/grounds.toml
ground-other-event = căn cứ “{ $ground }” là căn cứ của “{ $of }”, không phải của “{ $kind }”
ground-not-in-force = căn cứ “{ $ground }” của “{ $kind }” không còn hoặc chưa có hiệu lực vào ngày đó
returned-not-in-force = chỉ được gửi lại yêu cầu thi hành án từ ngày 01/07/2026 (Luật 106/2025), không phải ngày { $on }
returned-ex-officio = chỉ việc thi hành theo đơn mới được gửi lại yêu cầu; việc chủ động chuyển sổ theo dõi riêng
returned-too-soon = việc mới chưa có điều kiện thi hành từ { $since }: chỉ được gửi lại yêu cầu từ { $from }
check-case = việc { $case }: { $reason }
check-control-character-case = việc { $code }: { $field } có ký tự điều khiển U+{ $character }, điều mà không văn bản nào được chứa
check-control-character-agency = đơn vị { $code }: { $field } có ký tự điều khiển U+{ $character }, điều mà không văn bản nào được chứa
field-agency-name = tên
field-decision = quyết định thi hành án
field-judgment = bản án, quyết định
field-debtor-name = tên người phải thi hành án
field-debtor-id = số giấy tờ tùy thân của người phải thi hành án
field-debtor-address = địa chỉ người phải thi hành án
field-creditor-name = tên người được thi hành án
field-creditor-id = số giấy tờ tùy thân của người được thi hành án
field-creditor-address = địa chỉ người được thi hành án
field-reason = lý do
field-executor-name = họ tên
field-note = ghi chú
field-payee = người được chi trả
field-account = số tài khoản của người được thi hành án
field-bank = ngân hàng của người được thi hành án

## The rules of a case's events.

rule-out-of-order = “{ $kind }” ngày { $on } trước diễn biến gần nhất của việc ({ $previous })
rule-after-close = “{ $kind }” ngày { $on }, nhưng việc đã kết thúc (“{ $closed }” ngày { $closed_on })
rule-already-unable = việc đã ở tình trạng chưa có điều kiện thi hành
rule-already-able = việc đang có điều kiện thi hành
rule-no-amount = “{ $kind }” { $amount }: số tiền phải từ 1 đồng trở lên
rule-more-than-owed = “{ $kind }” { $amount } nhưng chỉ còn phải thi hành { $owed }
rule-already-paused = “{ $kind }”, nhưng việc đang bị { $pause }
rule-not-paused = tiếp tục thi hành, nhưng việc không bị hoãn hay tạm đình chỉ
rule-still-owed = thi hành xong, nhưng còn phải thi hành { $owed } (ghi nhận khoản thu hoặc miễn, giảm trước)
rule-more-than-unpaid = chi trả { $amount }, nhưng chỉ có { $unpaid } đã thu chưa chi trả
rule-needs-unable = “{ $kind }”, nhưng việc đang có điều kiện thi hành
rule-already-apart = chuyển sổ theo dõi riêng, nhưng việc đã ở sổ theo dõi riêng
pause-postponed = hoãn
pause-suspended = tạm đình chỉ

## A register (sổ thụ lý) read from a spreadsheet.

register-unknown-agency = không có đơn vị mã { $code }: khai báo ở trang “{ $sheet }” hoặc đề nghị quản trị viên
register-sheet-empty = trang tính “{ $sheet }” trống: dòng đầu phải là tiêu đề các cột (xem mẫu sổ thụ lý)
register-heading-twice = tiêu đề này xuất hiện hai lần
register-unknown-column = không phải cột của sổ thụ lý (xem tiêu đề các cột trong mẫu)
register-missing-column = thiếu cột này: dòng tiêu đề phải có đủ các cột bắt buộc của mẫu
register-merged = các ô bị gộp ({ $rows }): bỏ gộp ô và ghi giá trị vào từng ô
register-more-than-amount = đã thu { $collected } và đã miễn, giảm { $reduced }, nhiều hơn số tiền phải thi hành { $amount }
register-date-differs = { $on } khác với cột “{ $unable }” ({ $since })
register-unable-needs-date = việc chưa có điều kiện thi hành cần ngày của quyết định đó
register-enforceable-not-unable = việc đang “{ $enforcing }” nên có điều kiện thi hành: để trống ô này hoặc ghi trạng thái “{ $unable }”
register-reason-without-date = có lý do nhưng chưa có ngày ở cột “{ $since }”
register-status-date-missing = thiếu ngày của trạng thái “{ $name }”
register-entrusted-needs-agency = việc ủy thác cần mã của cơ quan nhận ủy thác
register-only-entrusted = chỉ ghi ô này khi trạng thái là “{ $entrusted }”
register-bad-ground = căn cứ “{ $ground }” không phù hợp với trạng thái “{ $name }” (chưa có điều kiện thi hành, gửi lại yêu cầu: no_means, item_gone hoặc address_unknown; hoãn, tạm đình chỉ, đình chỉ: mã trong rules/grounds.toml; các trạng thái khác: để trống)
register-closed-but-owed = việc ở trạng thái “{ $name }” nhưng còn phải thi hành { $owed }
register-within-year = việc thụ lý ngày { $accepted }, trong năm thống kê từ { $start }: toàn bộ số tiền thuộc năm đó
register-before-accepted = { $on } trước ngày thụ lý ({ $accepted })
register-after-closed = { $on } sau ngày kết thúc việc (“{ $name }”, { $closed })
register-no-amount = chưa có số tiền ở cột “{ $heading }”
register-amount-without-date = thiếu ngày cho số tiền ở cột “{ $heading }”
register-amount-range = phải từ 1 đ (lần gần nhất, ngày { $last }, thuộc năm thống kê của nó) đến { $value } của cột “{ $heading }”
register-cell-empty = ô này không được để trống
register-bad-mode = “{ $text }” không phải hình thức thụ lý: ghi “Chủ động” hoặc “Theo đơn”
register-bad-category = “{ $part }” không phải loại việc: ghi Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế (cách nhau bởi dấu “;”)
register-bad-status = “{ $text }” không phải trạng thái: ghi một trong các trạng thái { $names }
register-agency-column-missing = thiếu cột này trong trang “{ $sheet }”
register-too-large = tệp cần hơn 768 MiB bộ nhớ để đọc (khoảng 700.000 dòng sổ thụ lý): hãy chia nhỏ, ví dụ mỗi đơn vị một sổ
register-cell-error = ô có lỗi { $e }
register-cell-formula = ô chứa công thức mà tệp không lưu giá trị: mở tệp bằng Excel và lưu lại (Excel lưu cả giá trị), hoặc nhập giá trị
register-leading-zero = { $n } được nhập dạng số nên mất số 0 ở đầu: định dạng ô là văn bản (Text) rồi nhập lại
register-number-not-date = { $n } là số, không phải ngày: ghi ngày dạng dd/mm/yyyy hoặc định dạng ô là ngày
register-not-a-date = “{ $text }” không phải là ngày: ghi dạng dd/mm/yyyy (ví dụ 15/01/2025)
register-no-such-date = “{ $text }” không phải là ngày có thật
register-not-whole-number = { $n } không phải số đồng nguyên (từ 0 trở lên)
register-date-not-amount = ô là ngày, không phải số tiền
register-not-an-amount = “{ $text }” không phải số tiền: ghi 150000000 hoặc 150.000.000 (dấu chấm phân cách hàng nghìn)
register-not-whole-dong = “{ $text }” không phải số đồng nguyên
register-bad-csv = không đọc được tệp CSV: { $e }
register-too-many-cells = dòng { $row } có { $count } ô, nhiều hơn 16.384 cột của một trang tính
register-cell-too-long = dòng { $row } có ô dài { $count } ký tự, quá 32.767 ký tự của một ô trong Excel
workbook-damaged = sổ Excel bị hỏng, không đọc được (mở và lưu lại bằng Excel, hoặc gửi tệp CSV)
workbook-no-sheet = sổ Excel không có trang tính nào
workbook-sheet = trang tính “{ $name }”: { $e }
workbook-unreadable = tệp không phải sổ Excel (.xlsx) đọc được: { $error }
workbook-row-beyond = trang tính “{ $sheet }” có ô ở dòng { $row }, quá dòng cuối cùng của một trang tính (1.048.576): tệp không do chương trình bảng tính tạo ra
workbook-column-beyond = trang tính “{ $sheet }” có ô ở cột { $column }, quá cột cuối cùng của một trang tính (16.384, XFD): tệp không do chương trình bảng tính tạo ra
workbook-too-many-parts = sổ Excel có { $parts } phần, trong khi một sổ thường có khoảng mười (tối đa 1.000): tệp không do chương trình bảng tính tạo ra
workbook-shared-texts = sổ Excel khai báo { $declared } chuỗi văn bản dùng chung nhưng chỉ có { $held }: tệp bị hỏng hoặc không do chương trình bảng tính tạo ra
workbook-unpacks-too-large = sổ Excel giải nén ra hơn 4 GiB dữ liệu XML, vượt xa mọi sổ thụ lý: không đọc được
workbook-cell-too-long = sổ Excel có ô chứa hơn 32.767 ký tự, mức tối đa của một ô trong Excel: tệp không do chương trình bảng tính tạo ra
workbook-tag-too-long = sổ Excel có thẻ XML dài hơn 64 KiB: tệp không do chương trình bảng tính tạo ra
register-rows-one = dòng { $first }
register-rows-range = dòng { $first } đến { $last }

## Who may import what.

import-agency-not-allowed = đơn vị { $agency }: chỉ quản trị viên cấp quốc gia được khai báo đơn vị
import-case-not-allowed = việc { $case }: tài khoản không ghi nhận việc của đơn vị { $agency }

## Phối hợp với cơ quan liên quan (định dạng phiên bản 2).

line-bad-code = { $field }: “{ $code }” không phải là mã (1 đến 64 chữ cái, chữ số, “-”, “_”, “.” hoặc “/”)
line-bad-partner-kind = “{ $kind }” không phải là loại cơ quan phối hợp (court, procuracy, police_province, police_commune, finance, land, construction, social_insurance, bank, treasury, commune, employer, prison, enforcement_agency, other)
line-bad-digest = mã sha256 của tệp đính kèm “{ $digest }” không phải 64 chữ số thập lục phân viết thường
line-bad-media-type = tệp đính kèm loại “{ $media_type }” không phải PDF, PNG hay JPEG
field-named = trường { $field }
partner-duplicate = cơ quan phối hợp { $code } đã được khai báo
partner-unknown = cơ quan phối hợp { $code } chưa được khai báo (khai báo ở dòng trước)
coordination-unknown-agency = đơn vị { $agency } chưa được khai báo (khai báo ở dòng trước)
request-duplicate = văn bản đề nghị { $request } đã được gửi: mã này đã dùng
request-unknown = văn bản đề nghị { $request } chưa từng được gửi
request-other-province = văn bản đề nghị { $request }: cơ quan { $partner } thuộc tỉnh khác
request-no-rule = rules/requests.toml không có quy định thời hạn cho đề nghị “{ $kind }” gửi cơ quan loại { $partner } ngày { $on }
request-closed = văn bản đề nghị { $request } đã được trả lời hoặc đã rút
request-too-early = văn bản đề nghị { $request }: ngày ghi trước ngày { $after }, ngày gửi hoặc đôn đốc gần nhất
request-received-twice = văn bản đề nghị { $request } đã được ghi nhận là cơ quan đã nhận
request-reminded-twice = văn bản đề nghị { $request } đã được đôn đốc đủ hai lần
request-not-escalable = văn bản đề nghị { $request } chỉ được báo cáo Ban Chỉ đạo một lần, sau lần đôn đốc thứ hai
request-case-elsewhere = văn bản đề nghị { $request }: việc { $case } không thuộc đơn vị gửi hoặc đơn vị cấp dưới
import-fact-not-allowed = dòng “{ $kind }”: cơ quan phối hợp và văn bản đề nghị được ghi nhận trong thads bởi chính tài khoản thực hiện; chỉ quản trị viên cấp quốc gia hoặc máy chủ mới được nhập từ tệp
request-needs-agency = văn bản đề nghị phải ghi việc thi hành án hoặc, nếu không gắn với việc nào, đơn vị gửi
attachment-too-large = tệp đính kèm “{ $file }” lớn hơn { $max } MB
attachment-bad-type = tệp đính kèm “{ $file }” không phải PDF, PNG hay JPEG (thads kiểm tra nội dung tệp, không theo tên)
attachments-too-many = mỗi văn bản đề nghị đính kèm nhiều nhất { $max } tệp
request-not-overdue = văn bản đề nghị { $request } chưa quá hạn: hạn trả lời là ngày { $due }
request-report-not-closed = văn bản { $request } gửi báo cáo đến ngày { $report } để ký xác nhận, nhưng kỳ đó chưa được chốt số liệu cho đơn vị: hãy chốt số liệu trước
request-report-missing = văn bản { $request } đề nghị ký xác nhận số liệu: phải ghi ngày cuối của kỳ đã chốt (report)
request-not-cosigning = văn bản { $request } không phải đề nghị ký xác nhận số liệu: chỉ đề nghị ký xác nhận mới gửi kèm báo cáo hoặc được ký
request-no-signature = trả lời đề nghị ký xác nhận { $request } phải ký xác nhận báo cáo hoặc nêu nội dung chưa thống nhất
line-bad-signature = “{ $signature }” không phải là ý kiến ký xác nhận (signed, disputed)

## Miễn, giảm nghĩa vụ thi hành án: điều kiện của từng việc.

exemption-without-means = Chưa có điều kiện thi hành án từ ngày { $since }
exemption-paid-part = Đã thi hành được một phần: { $collected } trên { $amount } (từ 1/50 trở lên)
exemption-paid-none = Chưa thi hành được phần nào đáng kể: { $collected } trên { $amount } (dưới 1/50)
exemption-waited = Đã hết thời hạn { $years } năm kể từ quyết định thi hành án ngày { $since }
exemption-not-waited = Chưa hết thời hạn { $years } năm kể từ quyết định thi hành án ngày { $since }: từ ngày { $from }
exemption-outside-bands-part = Phần còn lại { $owed } không thuộc mức nào được xét cho người đã thi hành một phần
exemption-outside-bands-none = Khoản thu { $owed } không thuộc mức nào được xét cho người chưa thi hành
exemption-once-a-year = Lần xét gần nhất ngày { $last }: đã qua một năm
exemption-not-once-a-year = Đã được xét ngày { $last }: mỗi năm chỉ xét một lần, lần sau từ ngày { $from }
exemption-verified = Biên bản xác minh ngày { $on } chưa quá 3 tháng
exemption-verification-old = Biên bản xác minh ngày { $on } đã quá 3 tháng: cần xác minh lại trước khi lập hồ sơ
exemption-never-verified = Chưa có biên bản xác minh: cần xác minh trước khi lập hồ sơ

## Ban Chỉ đạo: phiên họp, kết luận, nhiệm vụ.

committee-duplicate = mã { $code } đã được dùng
committee-unknown = chưa có phiên họp, văn bản chỉ đạo hoặc nhiệm vụ { $code }
committee-not-province = Ban Chỉ đạo họp ở cấp tỉnh: { $agency } không phải Thi hành án dân sự tỉnh, thành phố
committee-empty-period = phiên họp { $code }: kỳ đánh giá kết thúc trước khi bắt đầu
committee-issued = hồ sơ phiên họp { $code } đã phát hành: nội dung và số liệu không sửa được nữa
committee-unknown-partner = cơ quan { $code } không phải cơ quan phối hợp của tỉnh
committee-too-early = kết luận { $code }: ngày báo cáo trước ngày họp { $after }
committee-not-issued = hồ sơ phiên họp { $code } chưa phát hành
line-bad-meeting-kind = loại phiên họp “{ $kind }” không có: quarterly, six_monthly, annual hoặc ad_hoc
line-bad-figures = số liệu của hồ sơ phải là JSON
line-bad-decision-kind = loại quyết định “{ $kind }” không có: establishment, change hoặc regulation
line-bad-member-role = vai trò “{ $role }” không có: head, deputy, member hoặc secretariat
committee-agency-elsewhere = đợt cao điểm { $code }: { $agency } không phải đơn vị của tỉnh
committee-no-such-step = việc { $case }: kế hoạch không có bước { $step } chưa thực hiện
committee-not-complex = việc { $case } không được theo dõi là việc phức tạp
committee-case-elsewhere = { $code }: việc { $case } không thuộc các đơn vị của tỉnh
committee-owner-elsewhere = việc { $case }: chấp hành viên { $executor } không thuộc các đơn vị của tỉnh
line-meeting-and-directive = một nhiệm vụ thuộc một phiên họp hoặc một văn bản chỉ đạo, không thuộc cả hai
committee-step-too-early = việc { $case }: bước của kế hoạch được ghi là xong trước ngày lập kế hoạch { $after }

## Chốt số liệu và ngày thống kê
close-unknown-agency = lần chốt số liệu ghi đơn vị { $agency }, đơn vị này chưa được khai báo
close-not-month-end = kỳ thống kê kết thúc vào ngày cuối tháng: { $to } không phải ngày cuối tháng (tháng kết thúc ngày { $end })
close-already = số liệu đến hết ngày { $through } đã được chốt: chốt đến ngày { $to } không thay đổi gì
close-bad-digest = mã sha256 của lần chốt không phải 64 chữ số thập lục phân viết thường
counted-not-after = ngày tính thống kê (counted_on) { $counted } không sau ngày của sự kiện { $on }
counted-backwards = sự kiện sẽ được tính vào ngày { $counted }, trước ngày tính thống kê của sự kiện trước đó của việc ({ $previous })
line-bad-timestamp = trường “{ $field }” ghi “{ $value }”, không phải thời điểm dạng 2026-01-05T08:30:00Z
import-counted-on-not-allowed = việc { $case }: ngày tính thống kê (counted_on) do thads xác định theo các lần chốt số liệu; chỉ quản trị viên cấp quốc gia hoặc máy chủ mới được nhập từ tệp
line-bad-judgment-kind = “{ $kind }” không phải loại bản án (civil, criminal, administrative, marriage_family, business, labour, bankruptcy, arbitration, other)
line-bad-budget-item = “{ $item }” không phải loại khoản thu ngân sách nhà nước (fine, court_fee, confiscation, illicit_gain, other)
line-creditors-sum = tổng số tiền của những người được thi hành án là { $sum }, khác số tiền phải thi hành của việc là { $amount }
line-creditors-empty = “creditors” không có người được thi hành án nào: bỏ trường này nếu chỉ có một người
line-bad-rank = “{ $rank }” không phải thứ tự thanh toán (alimony_wages_injury, court_fees, other)
line-creditor-twice = có hai người được thi hành án cùng tên “{ $creditor }”: khoản chi trả ghi tên người nhận, nên cần phân biệt (ví dụ ghi thêm năm sinh sau tên)
line-account-without-bank = người được thi hành án “{ $creditor }” có số tài khoản mà không có ngân hàng, hoặc ngược lại: cần ghi cả hai
check-budget-item-outside-state-budget = việc { $case }: budget_item ghi loại khoản thu ngân sách nhà nước, nhưng việc không thuộc nhóm thu cho ngân sách nhà nước (state_budget)

asset-duplicate = tài sản { $asset } được khai hai lần
asset-unknown = tài sản { $asset } chưa được ghi nhận (dòng “asset” phải có trước)
asset-unknown-agency = cơ quan { $agency } chưa được khai
asset-out-of-order = tài sản { $asset }: bước ngày { $on } có trước bước gần nhất, ngày { $last }
asset-ended = tài sản { $asset } đã { $state }: không còn bước nào sau đó
asset-incomplete = tài sản { $asset }: “{ $action }” cần số tiền (thẩm định giá, bán đấu giá, bán) hoặc biện pháp (áp dụng, chấm dứt biện pháp bảo đảm), và không nhận thông tin khác
asset-underwater = tài sản { $asset } đang thế chấp bảo đảm { $secured }, giá trị { $value } không lớn hơn nghĩa vụ được bảo đảm: không được kê biên (Điều 90 khoản 1 Luật THADS 2014)
asset-not-valued = tài sản { $asset } được đưa ra bán đấu giá hoặc bán trước khi thẩm định giá
asset-reduction = tài sản { $asset }: giá khởi điểm { $price } giảm quá { $percent }% so với lần trước (thấp nhất { $lowest }): { $law }
asset-too-early = tài sản { $asset }: người được thi hành án chỉ nhận tài sản sau { $required } lần giảm giá, mới có { $reductions } lần: { $law }
asset-revaluation = tài sản { $asset }: định giá lại { $price } sau giá { $previous }: đương sự chỉ yêu cầu định giá lại một lần, trước khi bán đấu giá; ngoài ra chỉ khi giá thay đổi từ { $percent }% trở lên: { $law }
asset-needs-auction = tài sản { $asset }: trị giá { $value }, phải bán đấu giá: chỉ tài sản dễ hư hỏng và động sản trị giá không quá { $limit } được bán không qua thủ tục đấu giá: { $law }
asset-below-starting-price = tài sản { $asset }: chủ sở hữu chung mua theo giá khởi điểm { $starting }, không phải { $price }
asset-not-in-force = tài sản { $asset }: chấm dứt biện pháp { $measure } đang không áp dụng
asset-no-rule = không có quy định nào của rules/assets.toml có hiệu lực ngày { $on }
asset-state-found = đã xác minh
asset-state-secured = đang áp dụng biện pháp bảo đảm
asset-state-seized = đã kê biên
asset-state-valued = đã thẩm định giá
asset-state-under_auction = đang bán đấu giá
asset-state-sold = đã bán
asset-state-handed_over = đã giao cho người được thi hành án
asset-state-released = đã giải tỏa
line-bad-asset-kind = “{ $kind }” không phải loại tài sản (land_use_right, house, vehicle, account, securities, movable)
line-bad-asset-action = “{ $action }” không phải bước xử lý tài sản (measure_applied, measure_lifted, seized, valued, auction_round, sold, handed_over, released)
line-bad-measure = “{ $measure }” không phải biện pháp bảo đảm (freeze_account, block_transfer, exit_ban)
line-bad-asset-detail = “{ $detail }” không phải thông tin của tài sản ({ $known })
asset-to-release = tài sản { $asset } đang thế chấp bảo đảm { $secured }: với giá khởi điểm { $price }, giá trị không còn lớn hơn nghĩa vụ được bảo đảm, cần giải tỏa kê biên thay vì tiếp tục giảm giá (Điều 90 khoản 1 Luật THADS 2014)
coercion-other-case = quyết định cưỡng chế { $coercion }: tài sản { $asset } là của việc thi hành án khác
coercion-no-percent = quyết định cưỡng chế { $coercion }: trừ vào thu nhập phải ghi tỷ lệ khấu trừ (percent)
coercion-deduction = quyết định cưỡng chế { $coercion }: khấu trừ { $percent }% thu nhập, quá mức { $max }% mà đương sự không có thỏa thuận: { $law }
coercion-not-a-share = quyết định cưỡng chế { $coercion }: tỷ lệ khấu trừ chỉ ghi cho quyết định trừ vào thu nhập, từ 1 đến 100%
coercion-planned-before = quyết định cưỡng chế { $coercion }: thời gian tổ chức cưỡng chế có trước ngày ra quyết định ({ $on })
line-bad-coercion-kind = “{ $kind }” không phải biện pháp cưỡng chế (account_deduction, wage_deduction, seizure, exploitation, hand_over, compel_act)
line-bad-planned = “{ $at }” không phải thời gian dạng YYYY-MM-DD HH:MM
coercion-no-rule = không có quy định nào của rules/coercion.toml có hiệu lực ngày { $on }
coercion-blackout = Không được tổ chức cưỡng chế vào { $at }: { $reasons } ({ $law })
blackout-night = ban đêm (từ { $from } giờ đến { $to } giờ sáng hôm sau)
blackout-day-off = ngày nghỉ, ngày lễ
blackout-tet = trong { $days } ngày trước và sau Tết Nguyên đán ({ $tet }) khi có huy động lực lượng
coercion-needs-police = cưỡng chế có huy động lực lượng cần chọn cơ quan công an được đề nghị bảo vệ
coercion-not-police = { $partner } không phải cơ quan công an đã khai báo
coercion-police-text = Đề nghị phối hợp bảo vệ cưỡng chế thi hành án theo quyết định cưỡng chế { $coercion }, dự kiến tổ chức vào { $at }.
warehouse-duplicate = mã { $code } đã được dùng cho một kho, vật chứng hoặc hội đồng tiêu hủy khác
warehouse-unknown = kho { $code } chưa được khai báo
warehouse-item-unknown = vật chứng { $item } chưa được nhập kho
warehouse-council-unknown = hội đồng tiêu hủy { $council } chưa được thành lập
warehouse-item-nothing = vật chứng { $item }: { $field } phải lớn hơn 0
warehouse-item-out-of-order = vật chứng { $item }: ngày ghi trước lần nhập, xuất gần nhất ({ $last })
warehouse-item-not-in-store = vật chứng { $item } không còn trong kho để xuất: { $status }
warehouse-item-not-withdrawn = vật chứng { $item } không đang tạm xuất nên không thể nhập lại kho
warehouse-council-too-small = hội đồng tiêu hủy { $council } phải có ít nhất { $min } thành viên
warehouse-item-elsewhere = vật chứng { $item } không thuộc kho { $warehouse }
warehouse-item-not-in-council = vật chứng { $item } không có trong danh sách tiêu hủy của hội đồng { $council }
warehouse-council-days = hội đồng tiêu hủy { $council } chỉ tiêu hủy từ { $from } đến { $to } (20 ngày kể từ ngày thành lập)
warehouse-destroy-no-minutes = vật chứng { $item }: tiêu hủy phải có biên bản tiêu hủy (minutes)
warehouse-counted-twice = vật chứng { $item } được kiểm đếm hai lần trong một biên bản kiểm kê
warehouse-no-rule = không có quy định nào của rules/warehouse.toml có hiệu lực ngày { $on }
item-status-in_store = đang trong kho
item-status-withdrawn = đang tạm xuất phục vụ tố tụng
item-status-return = đã trả lại chủ sở hữu
item-status-confiscate = đã xuất tịch thu
item-status-sell = đã xuất bán
item-status-destroy = đã tiêu hủy
line-bad-hundredths = { $field }: “{ $raw }” không phải số không âm có tối đa hai chữ số thập phân
line-bad-room = “{ $room }” không phải kho chuyên dụng (safe, weapons, hazardous, cold)
line-bad-item-kind = “{ $kind }” không phải loại vật chứng (cash, gold_valuables, weapon, vehicle, document, hazardous, perishable, other)
line-bad-purpose = “{ $purpose }” không phải mục đích xuất kho (return, confiscate, sell, destroy, withdraw)
