//! Who may do what, over which agencies: the rules every use case applies
//! before it reads or writes (the user interface only reflects them).
//!
//! A case outside an account's scope does not exist for it: the use cases
//! answer "no such case" or leave it out, never "forbidden". An operation a
//! role may not do at all is refused with [`Denied`].

use thads_core::account::Role;
use thads_core::agency::AgencyIndex;
use thads_core::{AgencyCode, AgencyTree};

use crate::Actor;

/// The rights an actor acts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The server's console (the command line): whoever runs it can reach
    /// the database directly, so it may do everything.
    Console,
    /// A signed-in account.
    Account {
        /// Its role.
        role: Role,
        /// The agency whose subtree it works on; `None`: the whole country.
        agency: Option<AgencyCode>,
    },
}

/// An operation the actor's role may not do at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {role} role may not {what}")]
pub struct Denied {
    /// The role.
    pub role: Role,
    /// What was attempted.
    pub what: &'static str,
}

/// The agencies an account's rights cover: a subtree, or everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Everything,
    Subtree(AgencyIndex),
    /// Its agency exactly (an executor's own office).
    Office(AgencyIndex),
    /// Its agency is not in the store: nothing.
    Nothing,
}

impl Reach {
    fn covers(self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        match self {
            Reach::Everything => true,
            Reach::Subtree(top) => tree.is_within(agency, top),
            Reach::Office(office) => agency == office,
            Reach::Nothing => false,
        }
    }
}

impl Actor {
    fn role(&self) -> Option<Role> {
        match &self.access {
            Access::Console => None,
            Access::Account { role, .. } => Some(*role),
        }
    }

    pub(crate) fn denied(&self, what: &'static str) -> Denied {
        Denied {
            role: self.role().unwrap_or(Role::Admin),
            what,
        }
    }

    /// The agencies of the account's subtree (or office, for an executor).
    fn reach(&self, tree: &AgencyTree) -> Reach {
        match &self.access {
            Access::Console => Reach::Everything,
            Access::Account { agency: None, .. } => Reach::Everything,
            Access::Account {
                role,
                agency: Some(code),
            } => match tree.index(code) {
                None => Reach::Nothing,
                Some(index) if *role == Role::Executor => Reach::Office(index),
                Some(index) => Reach::Subtree(index),
            },
        }
    }

    /// Whether the cases of `agency` exist for this actor: its subtree for
    /// leaders and statisticians, its own office for executors, none for
    /// the other roles (who see figures, accounts or requests, not cases).
    pub fn sees_cases_of(&self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        match self.role() {
            None => true,
            Some(Role::Leader | Role::Statistician | Role::Executor) => {
                self.reach(tree).covers(tree, agency)
            }
            Some(Role::Admin | Role::Steering | Role::Partner | Role::Keeper) => false,
        }
    }

    /// Whether this actor may record events on (and accept) the cases of
    /// `agency`: only executors, on their own office's cases.
    pub fn writes_cases_of(&self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        match self.role() {
            None => true,
            Some(Role::Executor) => self.reach(tree).covers(tree, agency),
            Some(_) => false,
        }
    }

    /// What of the store the actor sees, as a key: actors with the same
    /// key see the same cases (lists made for one serve the others).
    pub(crate) fn sight(&self, tree: &AgencyTree) -> (u8, AgencyIndex) {
        match self.reach(tree) {
            Reach::Everything => (0, 0),
            Reach::Subtree(top) => (1, top),
            Reach::Office(office) => (2, office),
            Reach::Nothing => (3, 0),
        }
    }

    /// Whether this actor may assign the cases of `agency` to executors
    /// (phân công): the leaders of its subtree, and the console.
    pub fn assigns_cases_of(&self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        match self.role() {
            None => true,
            Some(Role::Leader) => self.reach(tree).covers(tree, agency),
            Some(_) => false,
        }
    }

    /// May this actor assign cases at all?
    pub(crate) fn may_assign(&self) -> Result<(), Denied> {
        match self.role() {
            None | Some(Role::Leader) => Ok(()),
            Some(_) => Err(self.denied("assign cases")),
        }
    }

    /// May this actor see cases at all?
    pub(crate) fn may_see_cases(&self) -> Result<(), Denied> {
        match self.role() {
            None | Some(Role::Leader | Role::Statistician | Role::Executor) => Ok(()),
            Some(_) => Err(self.denied("see cases")),
        }
    }

    /// May this actor record the calendar's days off and days worked: the
    /// national administrator (the calendar is the country's).
    pub fn may_set_calendar(&self) -> Result<(), Denied> {
        if self.may_declare_agencies() {
            Ok(())
        } else {
            Err(self.denied("set the calendar"))
        }
    }

    /// May this actor set the targets of `agency`: leaders, over their
    /// subtree.
    pub(crate) fn may_set_targets(
        &self,
        tree: &AgencyTree,
        agency: AgencyIndex,
    ) -> Result<bool, Denied> {
        match self.role() {
            None => Ok(true),
            Some(Role::Leader) => Ok(self.reach(tree).covers(tree, agency)),
            Some(_) => Err(self.denied("set targets")),
        }
    }

    /// Whether the actor's role closes statistical periods at all (the
    /// console, leaders and statisticians).
    pub fn closes_periods(&self) -> bool {
        matches!(self.role(), None | Some(Role::Leader | Role::Statistician))
    }

    /// May this actor close the statistical periods of `scope` (`None`:
    /// the whole store): leaders and statisticians, over their subtree.
    pub fn may_close(&self, tree: &AgencyTree, scope: Option<AgencyIndex>) -> Result<bool, Denied> {
        match self.role() {
            None => Ok(true),
            Some(Role::Leader | Role::Statistician) => Ok(match (self.reach(tree), scope) {
                (Reach::Everything, _) => true,
                (reach, Some(scope)) => reach.covers(tree, scope),
                (_, None) => false,
            }),
            Some(_) => Err(self.denied("close statistical periods")),
        }
    }

    /// May this actor write case data at all?
    pub(crate) fn may_write_cases(&self) -> Result<(), Denied> {
        match self.role() {
            None | Some(Role::Executor) => Ok(()),
            Some(_) => Err(self.denied("record or import case events")),
        }
    }

    /// May this actor import a file at all (case records, or agencies)?
    /// Asked before a byte of the file is read: a file from someone who may
    /// not import is never looked at.
    pub fn may_import(&self) -> Result<(), Denied> {
        match self.may_write_cases() {
            Err(_) if self.may_declare_agencies() => Ok(()),
            Err(_) => Err(self.denied("import files")),
            Ok(()) => Ok(()),
        }
    }

    /// May this actor declare agencies (in an imported journal)?
    pub(crate) fn may_declare_agencies(&self) -> bool {
        matches!(self.access, Access::Console)
            || matches!(
                self.access,
                Access::Account {
                    role: Role::Admin,
                    agency: None
                }
            )
    }

    /// The agency a report covers: the one asked for if it is within the
    /// actor's reach (`None` if not: it does not exist for the actor), or,
    /// if none was asked for, the actor's own agency.
    pub(crate) fn report_scope(
        &self,
        tree: &AgencyTree,
        asked: Option<AgencyIndex>,
    ) -> Result<Option<Option<AgencyIndex>>, Denied> {
        if matches!(
            self.role(),
            Some(Role::Admin | Role::Partner | Role::Keeper)
        ) {
            return Err(self.denied("see reports"));
        }
        // An executor's reports cover its office, like its cases.
        Ok(match (self.reach(tree), asked) {
            (Reach::Everything, asked) => Some(asked),
            (Reach::Nothing, _) => None,
            (Reach::Subtree(top) | Reach::Office(top), None) => Some(Some(top)),
            (reach, Some(asked)) => reach.covers(tree, asked).then_some(Some(asked)),
        })
    }

    /// Whether the actor reads the reports of `agency` (and so its
    /// committee's dossier).
    pub fn sees_reports_of(&self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        matches!(self.report_scope(tree, Some(agency)), Ok(Some(Some(_))))
    }

    /// The subtree whose cases an export holds (`None`: all), if the actor
    /// may export.
    pub(crate) fn export_reach(&self, tree: &AgencyTree) -> Result<ExportReach, Denied> {
        match self.role() {
            None | Some(Role::Leader | Role::Statistician) => Ok(ExportReach(self.reach(tree))),
            Some(_) => Err(self.denied("export the journal")),
        }
    }

    /// May this actor add, change or disable accounts of `agency`
    /// (`None`: national accounts)?
    pub(crate) fn may_manage_accounts(
        &self,
        tree: &AgencyTree,
        agency: Option<&AgencyCode>,
    ) -> Result<bool, Denied> {
        match self.role() {
            None => Ok(true),
            Some(Role::Admin) => Ok(match (self.reach(tree), agency) {
                (Reach::Everything, _) => true,
                (_, None) => false,
                (reach, Some(code)) => tree.index(code).is_some_and(|i| reach.covers(tree, i)),
            }),
            Some(_) => Err(self.denied("manage accounts")),
        }
    }

    /// Whether the actor sees a warehouse of `agency`: its keepers; the
    /// leaders, statisticians and Steering Committee members whose
    /// subtree holds it; the console.
    pub fn sees_warehouse(
        &self,
        tree: &AgencyTree,
        agency: AgencyIndex,
        code: &thads_core::coordination::Code,
    ) -> bool {
        match self.role() {
            None => true,
            Some(Role::Keeper) => self.keeps(code),
            Some(Role::Leader | Role::Statistician | Role::Steering) => {
                self.reach(tree).covers(tree, agency)
            }
            Some(_) => false,
        }
    }

    /// Whether the actor records what enters and leaves a warehouse: the
    /// keepers it is given to, and the console.
    pub fn keeps(&self, code: &thads_core::coordination::Code) -> bool {
        match self.role() {
            None => true,
            Some(Role::Keeper) => self.warehouses.contains(code),
            Some(_) => false,
        }
    }

    /// Whether the actor declares warehouses: the console (a warehouse
    /// comes with the journal an administrator imports).
    pub fn keeps_every_warehouse(&self) -> bool {
        self.role().is_none()
    }

    /// May this actor see warehouses at all?
    pub fn may_see_warehouses(&self) -> Result<(), Denied> {
        match self.role() {
            None | Some(Role::Keeper | Role::Leader | Role::Statistician | Role::Steering) => {
                Ok(())
            }
            Some(_) => Err(self.denied("see the evidence warehouses")),
        }
    }

    /// May this actor read the audit trail?
    pub(crate) fn may_read_audit(&self) -> Result<(), Denied> {
        match self.role() {
            None | Some(Role::Admin) => Ok(()),
            Some(_) => Err(self.denied("read the audit trail")),
        }
    }
}

/// Which cases an export holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExportReach(Reach);

impl ExportReach {
    /// Whether an export holds the cases of `agency`.
    pub(crate) fn covers(self, tree: &AgencyTree, agency: AgencyIndex) -> bool {
        self.0.covers(tree, agency)
    }
}
