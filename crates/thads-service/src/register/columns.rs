//! The register's columns: their headings, what each holds, and the names
//! a register writes for statuses, modes and categories.

use thads_core::{Category, Mode, Status};

/// The name of the register's sheet in a workbook.
pub const REGISTER_SHEET: &str = "Sổ thụ lý";
/// The name of the agencies' sheet in a workbook.
pub const AGENCY_SHEET: &str = "Đơn vị";
/// The name of the sheet that explains the columns.
pub const GUIDE_SHEET: &str = "Hướng dẫn";

/// A column of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The case code.
    Code,
    /// The number of the decision to enforce.
    Decision,
    /// The judgment enforced.
    Judgment,
    /// The accepting agency's code.
    Agency,
    /// Ex officio or on request.
    Mode,
    /// The categories, separated by `;`.
    Categories,
    /// The debtor's name.
    Debtor,
    /// The debtor's CCCD or tax code.
    DebtorId,
    /// The debtor's address.
    DebtorAddress,
    /// The creditor's name.
    Creditor,
    /// The creditor's CCCD or tax code.
    CreditorId,
    /// The creditor's address.
    CreditorAddress,
    /// The date of acceptance.
    AcceptedOn,
    /// The money to enforce.
    Amount,
    /// Money collected up to the register's day.
    Collected,
    /// Of which within the statistical year of the last collection.
    CollectedThisYear,
    /// The date of the last collection.
    CollectedOn,
    /// Money reduced up to the register's day.
    Reduced,
    /// Of which within the statistical year of the last reduction.
    ReducedThisYear,
    /// The date of the last reduction.
    ReducedOn,
    /// Not enforceable since this day.
    UnableSince,
    /// Why not enforceable.
    UnableReason,
    /// Where the case stands.
    Status,
    /// When it got there.
    StatusOn,
    /// The agency an entrusted case went to.
    EntrustedTo,
    /// The executor who holds the case (format version 2).
    Executor,
    /// The legal ground of the status (format version 2).
    Ground,
}

impl Column {
    /// Every column, in the template's order.
    pub const ALL: [Column; 27] = [
        Column::Code,
        Column::Decision,
        Column::Judgment,
        Column::Agency,
        Column::Mode,
        Column::Categories,
        Column::Debtor,
        Column::DebtorId,
        Column::DebtorAddress,
        Column::Creditor,
        Column::CreditorId,
        Column::CreditorAddress,
        Column::AcceptedOn,
        Column::Amount,
        Column::Collected,
        Column::CollectedThisYear,
        Column::CollectedOn,
        Column::Reduced,
        Column::ReducedThisYear,
        Column::ReducedOn,
        Column::UnableSince,
        Column::UnableReason,
        Column::Status,
        Column::StatusOn,
        Column::EntrustedTo,
        Column::Executor,
        Column::Ground,
    ];

    /// The column's heading in the template.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Code => "Mã việc",
            Column::Decision => "Số quyết định thi hành án",
            Column::Judgment => "Bản án, quyết định",
            Column::Agency => "Cơ quan thụ lý",
            Column::Mode => "Hình thức thụ lý",
            Column::Categories => "Phân loại",
            Column::Debtor => "Người phải thi hành án",
            Column::DebtorId => "Số định danh người phải thi hành án",
            Column::DebtorAddress => "Địa chỉ người phải thi hành án",
            Column::Creditor => "Người được thi hành án",
            Column::CreditorId => "Số định danh người được thi hành án",
            Column::CreditorAddress => "Địa chỉ người được thi hành án",
            Column::AcceptedOn => "Ngày thụ lý",
            Column::Amount => "Số tiền phải thi hành (đồng)",
            Column::Collected => "Đã thu (đồng)",
            Column::CollectedThisYear => "Trong đó thu trong năm thống kê (đồng)",
            Column::CollectedOn => "Ngày thu gần nhất",
            Column::Reduced => "Đã miễn, giảm (đồng)",
            Column::ReducedThisYear => "Trong đó miễn, giảm trong năm thống kê (đồng)",
            Column::ReducedOn => "Ngày miễn, giảm gần nhất",
            Column::UnableSince => "Chưa có điều kiện thi hành từ ngày",
            Column::UnableReason => "Lý do chưa có điều kiện thi hành",
            Column::Status => "Trạng thái",
            Column::StatusOn => "Ngày của trạng thái",
            Column::EntrustedTo => "Ủy thác cho",
            Column::Executor => "Chấp hành viên",
            Column::Ground => "Căn cứ",
        }
    }

    /// What the column holds, for the template's guide.
    pub fn guide(self) -> &'static str {
        match self {
            Column::Code => {
                "Bắt buộc. Mã của việc, duy nhất trong toàn hệ thống (ví dụ SL/2025/00017)."
            }
            Column::Decision => "Bắt buộc. Số quyết định thi hành án.",
            Column::Judgment => "Bắt buộc. Số bản án, quyết định được thi hành.",
            Column::Agency => "Bắt buộc. Mã cơ quan thụ lý (ví dụ SL-KV1).",
            Column::Mode => "Bắt buộc. “Chủ động” hoặc “Theo đơn”.",
            Column::Categories => {
                "Có thể để trống. Một hoặc nhiều loại, cách nhau bởi dấu “;”: Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế."
            }
            Column::Debtor | Column::Creditor => "Bắt buộc. Họ tên cá nhân hoặc tên tổ chức.",
            Column::DebtorId | Column::CreditorId => {
                "Có thể để trống. Số CCCD hoặc mã số thuế, ghi dạng văn bản để giữ số 0 ở đầu."
            }
            Column::DebtorAddress | Column::CreditorAddress => "Có thể để trống.",
            Column::AcceptedOn => "Bắt buộc. Ngày, ghi dd/mm/yyyy hoặc định dạng ô là ngày.",
            Column::Amount => {
                "Bắt buộc. Số đồng, không có phần lẻ (150000000 hoặc 150.000.000); 0 nếu việc không có giá trị tiền."
            }
            Column::Collected => {
                "Tổng số tiền đã thu đến ngày của sổ; để trống hoặc 0 nếu chưa thu."
            }
            Column::CollectedThisYear => {
                "Phần của “Đã thu” thu từ ngày 01/10 của năm thống kê chứa ngày thu gần nhất; để trống nếu toàn bộ được thu trong năm đó. Phần thu trước năm đó được ghi vào ngày 30/9 cuối năm trước."
            }
            Column::CollectedOn => "Ngày thu gần nhất; bắt buộc khi đã thu.",
            Column::Reduced => "Tổng số tiền đã được miễn, giảm; để trống hoặc 0 nếu không có.",
            Column::ReducedThisYear => {
                "Phần của “Đã miễn, giảm” trong năm thống kê chứa ngày miễn, giảm gần nhất; để trống nếu toàn bộ trong năm đó."
            }
            Column::ReducedOn => "Ngày miễn, giảm gần nhất; bắt buộc khi có miễn, giảm.",
            Column::UnableSince => {
                "Ngày quyết định chưa có điều kiện thi hành đang có hiệu lực; để trống nếu việc có điều kiện thi hành."
            }
            Column::UnableReason => {
                "Có thể để trống. Lý do chưa có điều kiện thi hành (được công khai)."
            }
            Column::Status => {
                "Bắt buộc. Đang thi hành; Chưa có điều kiện thi hành; Hoãn thi hành án; Tạm đình chỉ thi hành án; Thi hành xong; Đình chỉ thi hành án; Ủy thác thi hành án; Gửi lại yêu cầu thi hành án."
            }
            Column::StatusOn => {
                "Ngày hoãn, tạm đình chỉ, thi hành xong, đình chỉ hoặc ủy thác; để trống khi đang thi hành."
            }
            Column::EntrustedTo => "Mã cơ quan nhận ủy thác; chỉ ghi khi trạng thái là ủy thác.",
            Column::Executor => {
                "Có thể để trống. Mã Chấp hành viên được phân công (ví dụ HN-KV1-CHV01), đã khai báo trong hệ thống; được ghi là phân công từ ngày thụ lý."
            }
            Column::Ground => {
                "Có thể để trống. Căn cứ của trạng thái: khi chưa có điều kiện thi hành hoặc gửi lại yêu cầu, no_means (không có tài sản, thu nhập), item_gone (vật không còn) hoặc address_unknown (chưa xác định được địa chỉ); khi hoãn, tạm đình chỉ hoặc đình chỉ, mã căn cứ trong rules/grounds.toml (ví dụ l2014-a48-1-c)."
            }
        }
    }

    /// Whether a register must have the column (the others may be left out
    /// and are then empty on every row).
    pub fn required(self) -> bool {
        !matches!(
            self,
            Column::DebtorId
                | Column::DebtorAddress
                | Column::CreditorId
                | Column::CreditorAddress
                | Column::CollectedThisYear
                | Column::Reduced
                | Column::ReducedThisYear
                | Column::ReducedOn
                | Column::UnableReason
                | Column::EntrustedTo
                | Column::Executor
                | Column::Ground
        )
    }
}

/// Headings a register may have beyond its columns, and that are not read.
pub(super) const IGNORED_HEADINGS: [&str; 2] = ["stt", "ghi chu"];

/// The agencies' sheet's columns.
pub const AGENCY_COLUMNS: [&str; 3] = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"];

/// A status's name in the register.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Enforcing => "Đang thi hành",
        Status::Unable => "Chưa có điều kiện thi hành",
        Status::Postponed => "Hoãn thi hành án",
        Status::Suspended => "Tạm đình chỉ thi hành án",
        Status::Completed => "Thi hành xong",
        Status::Terminated => "Đình chỉ thi hành án",
        Status::Entrusted => "Ủy thác thi hành án",
        Status::Returned => "Gửi lại yêu cầu thi hành án",
    }
}

pub(super) fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::ExOfficio => "Chủ động",
        Mode::OnRequest => "Theo đơn",
    }
}

pub(super) fn category_name(category: Category) -> &'static str {
    match category {
        Category::StateBudget => "Ngân sách nhà nước",
        Category::CreditInstitution => "Tổ chức tín dụng",
        Category::CorruptionEconomic => "Tham nhũng, kinh tế",
        Category::StateCompensation => "Bồi thường nhà nước",
    }
}
