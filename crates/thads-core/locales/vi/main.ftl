# Tiếng Việt: the pages' default language.

nav-label = Chức năng chính
nav-dashboard = Tổng quan
nav-cases = Việc thi hành án
nav-accept = Thụ lý việc mới
nav-reports = Báo cáo thống kê
nav-targets = Chỉ tiêu
nav-import = Nhập dữ liệu
lang-switch = English
logout = Đăng xuất
back-home = Về trang tổng quan

role-admin = Quản trị viên
role-leader = Lãnh đạo
role-executor = Chấp hành viên
role-statistician = Thống kê viên
role-steering = Ban Chỉ đạo
role-partner = Cơ quan phối hợp
role-console = Máy chủ

login-title = Đăng nhập
login-heading = Thi hành án dân sự — đăng nhập
login-name = Tên đăng nhập
login-password = Mật khẩu
login-submit = Đăng nhập
login-refused = Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.
login-throttled-account = Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau { $minutes } phút.
login-throttled-address = Máy này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau { $minutes } phút.

error-internal = Lỗi hệ thống: yêu cầu chưa được thực hiện. Hãy thử lại hoặc báo quản trị viên.
error-not-found = Không tìm thấy
error-not-found-text = Trang hoặc dữ liệu này không có, hoặc nằm ngoài phạm vi của tài khoản.
error-denied = Không được phép
error-bad-request = Yêu cầu không hợp lệ
cases-denied = Vai trò của tài khoản này không xem danh sách việc thi hành án.
record-denied = Chỉ chấp hành viên của đơn vị mới được ghi nhận việc thi hành án.
reports-denied = Vai trò của tài khoản này không xem báo cáo thống kê.
import-denied = Chỉ chấp hành viên mới được nhập dữ liệu việc thi hành án.
target-denied = Chỉ lãnh đạo mới được đặt chỉ tiêu cho đơn vị thuộc quyền.
agency-not-found = Không có đơn vị { $agency } trong phạm vi của tài khoản.
case-not-found = Không có việc thi hành án { $code } trong phạm vi của tài khoản.

unit-billion = tỷ đồng
all = Tất cả
total = Tổng cộng
agency = Đơn vị
category = Nhóm việc
status = Tình trạng
amount = Số tiền phải thi hành
owed = Còn phải thi hành
collected = Đã thu
reduced = Đã miễn, giảm
debtor = Người phải thi hành án
creditor = Người được thi hành án
party-name = Họ tên / tên tổ chức
identity = Số CCCD / mã số thuế
address = Địa chỉ
decision = Quyết định thi hành án
judgment = Bản án, quyết định
mode = Hình thức thụ lý
mode-on_request = Theo đơn
mode-ex_officio = Chủ động
case = Việc
case-code = Mã việc
accepted-on = Ngày thụ lý
target = Chỉ tiêu
target-none = Chưa đặt chỉ tiêu
gap = Chênh lệch
save = Lưu
pages = Trang
page-previous = Trang trước
page-next = Trang sau
page-of = Trang { $page } / { $pages }

category-state_budget = Thu cho ngân sách nhà nước
category-credit_institution = Liên quan tổ chức tín dụng
category-corruption_economic = Tham nhũng, kinh tế
category-official-state_budget = Thu cho ngân sách nhà nước
category-official-credit_institution = Liên quan đến tổ chức tín dụng
category-official-corruption_economic = Dân sự trong án hình sự về tham nhũng, kinh tế

status-enforcing = Đang thi hành
status-unable = Chưa có điều kiện
status-postponed = Hoãn
status-suspended = Tạm đình chỉ
status-completed = Thi hành xong
status-terminated = Đình chỉ
status-entrusted = Ủy thác

kind-accepted = Thụ lý
kind-unable = Chưa có điều kiện thi hành
kind-able = Có điều kiện thi hành trở lại
kind-collected = Thu được tiền, tài sản
kind-reduced = Miễn, giảm nghĩa vụ
kind-postponed = Hoãn thi hành án
kind-suspended = Tạm đình chỉ thi hành án
kind-resumed = Tiếp tục thi hành án
kind-completed = Thi hành xong
kind-terminated = Đình chỉ thi hành án
kind-entrusted = Ủy thác thi hành án

dashboard-title = Tổng quan năm thống kê
dashboard-period = Năm thống kê { $year }: từ { $from } đến { $to }.
dashboard-cases-rate = Tỷ lệ về việc
dashboard-money-rate = Tỷ lệ về tiền
dashboard-completed-of = Xong { $done } trên { $of } có điều kiện
dashboard-accepted = Tổng số thụ lý
dashboard-new = trong đó thụ lý mới: { $count } việc
dashboard-chart = Tỷ lệ thi hành xong lũy kế theo tháng
dashboard-by-office = Theo đơn vị
dashboard-backlog = Việc còn phải thi hành theo nhóm
dashboard-backlog-cases = Số việc chuyển kỳ sau
dashboard-backlog-money = Số tiền chuyển kỳ sau
dashboard-largest = Các việc chưa xong có số tiền lớn nhất
chart-label = Tỷ lệ thi hành xong lũy kế theo tháng, về việc và về tiền
chart-month = T{ $month }
chart-cases = Về việc
chart-money = Về tiền
chart-target = Chỉ tiêu

cases-title = Việc thi hành án
cases-search = Tìm theo mã việc, tên đương sự, số quyết định, số bản án
cases-search-hint = ví dụ: nguyen van an
cases-find = Tìm
cases-clear = Xóa bộ lọc
cases-count = Tìm thấy { $count } việc
cases-none = Không có việc nào khớp với điều kiện tìm kiếm.
enforceable = Điều kiện thi hành
enforceable-yes = Có điều kiện
enforceable-no = Chưa có điều kiện
amount-from = Số tiền từ
amount-to = Số tiền đến
accepted-from = Thụ lý từ ngày
accepted-to = Thụ lý đến ngày

case-parties = Đương sự và quyết định
case-money = Tiền
case-timeline = Diễn biến
case-record = Ghi nhận diễn biến mới
case-changed = Việc này vừa được người khác cập nhật sau khi bạn mở trang. Hãy xem lại diễn biến mới nhất rồi ghi nhận lại.
event-on = Ngày
event-amount = Số tiền (đồng)
event-reason = Lý do
event-to = Ủy thác cho đơn vị
event-record = Ghi nhận
event-entrusted-to = cho { $agency }

form-rule-out-of-order = Ngày này trước diễn biến gần nhất của việc ({ $previous }).
form-rule-more-than-owed = Số tiền lớn hơn số còn phải thi hành ({ $owed }).
form-rule-no-amount = Số tiền phải từ 1 đồng trở lên.
form-rule-still-owed = Chưa thể kết thúc: việc còn phải thi hành { $owed }. Hãy ghi nhận khoản thu hoặc miễn, giảm trước.
form-rule-not-allowed-now = Tình trạng hiện tại của việc không cho phép ghi nhận diễn biến này.

field-bad-amount = Số tiền phải là số đồng nguyên, ví dụ 150.000.000 (tối đa 1.000.000.000.000.000, một triệu tỷ đồng).
field-bad-date = Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/01/2026.
field-bad-agency = Đơn vị không hợp lệ.
field-unknown-agency = Không có đơn vị này trong phạm vi của tài khoản.
field-bad-code = Mã việc gồm 1–64 ký tự, không có dấu cách, ví dụ HN-KV1/2026/00123.
field-bad-identity = Số CCCD gồm 12 chữ số; mã số thuế gồm 10 chữ số (hoặc 10 chữ số, dấu gạch và 3 chữ số).
field-choose-mode = Hãy chọn hình thức thụ lý.
field-required = Không được để trống.
field-duplicate-code = Mã việc này đã được thụ lý: hãy dùng mã khác.
form-has-errors = Chưa lưu: hãy sửa các ô được đánh dấu bên dưới.

accept-title = Thụ lý việc thi hành án
accept-decision = Quyết định thi hành án
accept-submit = Thụ lý

reports-title = Báo cáo thống kê
report-title = Kết quả thi hành án dân sự
report-year = Năm thống kê
report-period-choice = Kỳ báo cáo
report-from = Từ ngày
report-to = Đến ngày
report-show = Xem
report-custom-hint = Chọn "Tùy chọn ngày" để dùng các ô từ ngày, đến ngày.
report-period = Từ ngày { $from } đến ngày { $to }
report-empty-period = Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.
period-to-date = Lũy kế đến hôm nay
period-month = Tháng { $month } (lũy kế từ 1/10)
period-months = { $months } tháng
period-custom = Tùy chọn ngày
scope-national = Toàn quốc
scope-own = Đơn vị của tôi
form-cases = Biểu 1: Kết quả thi hành án về việc
form-money = Biểu 2: Kết quả thi hành án về tiền (đồng)
download-xlsx = Tải Excel (biểu mẫu)
download-csv = Tải CSV
download-json = Tải JSON
print-layout = Bản in

line-total = Tổng số thụ lý
line-carried_in = Năm trước chuyển sang
line-new = Thụ lý mới
line-entrusted_out = Ủy thác
line-to_enforce = Tổng số phải thi hành
line-enforceable = Có điều kiện thi hành
line-completed = Thi hành xong
line-terminated = Đình chỉ thi hành án
line-reduced = Giảm thi hành án
line-in_progress = Đang thi hành
line-postponed = Hoãn thi hành án
line-suspended = Tạm đình chỉ thi hành án
line-not_enforceable = Chưa có điều kiện thi hành
line-carried_out = Chuyển kỳ sau
line-rate = Tỷ lệ thi hành xong (%)

targets-title = Chỉ tiêu năm
targets-hint = Chỉ tiêu là tỷ lệ thi hành xong phải đạt đến 30/9, về việc và về tiền, ví dụ 84 hoặc 84,41.
targets-saved = Đã lưu chỉ tiêu.
target-bad-rate = Chỉ tiêu là một tỷ lệ phần trăm, ví dụ 84 hoặc 84,41.
target-above-hundred = Chỉ tiêu không vượt quá 100%.

import-title = Nhập dữ liệu
import-hint = Tải lên một tệp sổ theo dõi (JSON Lines) hoặc một sổ thụ lý (Excel .xlsx hoặc .csv, theo mẫu). Tệp được kiểm tra trước: bạn xem số việc, các dòng đầu và mọi lỗi, rồi mới xác nhận nhập. Tệp chỉ được nhập khi không có lỗi nào; nếu có lỗi, không dòng nào được lưu.
import-file = Tệp dữ liệu (.jsonl, .xlsx, .csv)
import-check = Kiểm tra tệp
import-template = Mẫu sổ thụ lý:
import-template-xlsx = tải mẫu Excel (có hướng dẫn)
import-template-csv = tải mẫu CSV
import-preview-title = Kiểm tra trước khi nhập
import-preview = Tệp { $file } có { $cases } việc, { $events } diễn biến, { $agencies } đơn vị mới.
import-first-cases = Các việc đầu tiên trong tệp
import-line = Dòng
import-confirm = Xác nhận nhập
import-cancel = Hủy
import-expired = Tệp đã kiểm tra không còn được giữ (quá 30 phút hoặc đã nhập). Hãy tải tệp lên lại.
import-no-file = Hãy chọn một tệp để nhập.
import-too-large = Tệp lớn hơn 512 MB, mức tối đa của một lần tải lên: hãy chia nhỏ tệp (ví dụ mỗi đơn vị một tệp), hoặc nhập bằng dòng lệnh “thads import”.
import-busy = Máy chủ đang giữ quá nhiều tệp chờ xác nhận nhập. Hãy thử lại sau ít phút.
import-unreadable = Không nhập được tệp { $file }: { $message }. Không có dữ liệu nào được nhập.
import-done = Đã nhập tệp { $file }: { $cases } việc mới, { $events } diễn biến, { $agencies } đơn vị.
import-faults = Tệp { $file } có { $count } lỗi; không có dữ liệu nào được nhập.
import-more-faults = … và { $count } lỗi khác.

nav-debtors = Danh sách công khai
debtors-title = Danh sách người phải thi hành án chưa có điều kiện thi hành
debtors-hint = Danh sách để niêm yết, đăng tải công khai: chỉ gồm các thông tin pháp luật yêu cầu, không có số định danh cá nhân.
debtors-as-of = Tính đến ngày
debtors-number = STT
debtors-reason = Lý do chưa có điều kiện thi hành
debtors-count = { $count } người phải thi hành án chưa có điều kiện thi hành — { $scope }, tính đến ngày { $day }
debtors-more = Trang này hiện 200 dòng đầu; tệp Excel và CSV có đủ danh sách.
download-xlsx-list = Tải Excel

## The command line.

cli-imported = đã nhập { $file }: { $agencies } đơn vị, { $cases } việc, { $events } diễn biến
cli-more-faults = … và { $count } lỗi khác
cli-nothing-imported = không nhập dữ liệu nào: { $file } có { $count } lỗi

## The working-day calendar.

day-off-new-year = Tết Dương lịch
day-off-tet = Tết Âm lịch
day-off-hung-kings = Giỗ Tổ Hùng Vương
day-off-reunification = Ngày Chiến thắng
day-off-labour = Ngày Quốc tế lao động
day-off-national-day = Quốc khánh
day-off-national-day-beside = Quốc khánh (ngày liền kề)
day-off-substitute = Nghỉ bù cho ngày { $for }
day-off-decided = { $reason }
calendar-worked = làm việc

## The calendar page.

nav-calendar = Lịch làm việc
calendar-title = Lịch ngày làm việc
calendar-year = Năm
calendar-hint = Ngày nghỉ theo Bộ luật Lao động (Điều 112), Tết và Giỗ Tổ Hùng Vương theo âm lịch, ngày nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần, và các quyết định của Thủ tướng. Thời hạn được tính theo lịch này.
calendar-days-off = Ngày nghỉ (ngoài thứ Bảy, Chủ nhật)
calendar-worked-weekends = Thứ Bảy, Chủ nhật làm việc
calendar-none = Không có.
calendar-date = Ngày
calendar-reason = Lý do
calendar-set-title = Ghi nhận quyết định
calendar-kind = Ngày này là
calendar-kind-off = ngày nghỉ
calendar-kind-working = ngày làm việc
calendar-saved = Đã ghi nhận quyết định.
calendar-no-reason = Hãy ghi lý do (văn bản quyết định ngày này).
calendar-denied = Chỉ quản trị viên cấp quốc gia được ghi nhận ngày nghỉ, ngày làm việc.
