//! The name lists the statistics go with: at a period's end, the cases of
//! a kind (Circular 05/2024/TT-BTP, Art. 8), and each month the cases whose
//! enforcement ended, for the procuracy (Decree 152/2024, Art. 32(2)). Each
//! is a list of register rows (`register`), written as the register is.

use thads_core::event::Kind;
use thads_core::{AgencyCode, Category, Day, Status};

use crate::register::{RegisterBook, RowFold};
use crate::{Actor, ExportError, Thads};

/// Which cases a period-end list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Being enforced at the period's end (line 10, đang thi hành).
    Enforcing,
    /// Not enforceable and moved to the separate register (sổ theo dõi
    /// riêng).
    SeparateRegister,
    /// Still open, of the cases related to credit institutions.
    CreditInstitution,
    /// Still open, of the cases of the State's liability to compensate.
    StateCompensation,
}

impl ListKind {
    /// Every kind.
    pub const ALL: [ListKind; 4] = [
        ListKind::Enforcing,
        ListKind::SeparateRegister,
        ListKind::CreditInstitution,
        ListKind::StateCompensation,
    ];

    /// Its name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Enforcing => "enforcing",
            ListKind::SeparateRegister => "separate-register",
            ListKind::CreditInstitution => "credit-institution",
            ListKind::StateCompensation => "state-compensation",
        }
    }

    /// Whether a case in this state at the list's day is on it.
    fn keeps(self, case: &RowFold) -> bool {
        let state = case.state();
        match self {
            ListKind::Enforcing => state.status() == Status::Enforcing,
            ListKind::SeparateRegister => {
                state.closed.is_none() && !state.enforceable && state.apart
            }
            ListKind::CreditInstitution => open_of(case, Category::CreditInstitution),
            ListKind::StateCompensation => open_of(case, Category::StateCompensation),
        }
    }
}

/// Whether a case is open at the list's day, and of a category.
fn open_of(case: &RowFold, category: Category) -> bool {
    case.state().closed.is_none() && case.acceptance().categories.contains(&category)
}

/// How enforcement ends (Law on Civil Judgment Enforcement, Art. 52): the
/// obligation done, the enforcement terminated, the request returned.
fn ended(kind: Kind) -> bool {
    matches!(kind, Kind::Completed | Kind::Terminated | Kind::Returned)
}

impl Thads {
    /// The cases of a kind at the end of `to`, within `agency`'s subtree
    /// (all the actor may export if `None`), as register rows.
    pub async fn period_list(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        to: Day,
        kind: ListKind,
    ) -> Result<RegisterBook, ExportError> {
        self.register_of(actor, agency, to, &|case| kind.keeps(case))
            .await
    }

    /// The cases whose enforcement ended in a month (its first day given):
    /// completed, terminated or returned then, in their state at its end.
    pub async fn ended_in_month(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        month: Day,
    ) -> Result<RegisterBook, ExportError> {
        let (first, last) = (month, month.month_end());
        self.register_of(actor, agency, last, &|case| {
            case.state()
                .closed
                .is_some_and(|(kind, on)| ended(kind) && first <= on && on <= last)
        })
        .await
    }
}
