//! Accounts: their names and roles.

use std::fmt;

/// What an account may do (enforced by the service layer; see its `access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Users, agencies, settings; no change to case data.
    Admin,
    /// Lãnh đạo: reads everything of its agency's subtree, sets targets.
    Leader,
    /// Chấp hành viên: records events on the cases of its own office.
    Executor,
    /// Thống kê: reports and exports of its subtree.
    Statistician,
    /// Ban Chỉ đạo: dashboards and reports of its province, read only.
    Steering,
    /// Cơ quan phối hợp: only the requests addressed to its agency.
    Partner,
    /// Thủ kho vật chứng: the evidence warehouses it is given, nothing else.
    Keeper,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Leader,
        Role::Executor,
        Role::Statistician,
        Role::Steering,
        Role::Partner,
        Role::Keeper,
    ];

    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Executor => "executor",
            Role::Statistician => "statistician",
            Role::Steering => "steering",
            Role::Partner => "partner",
            Role::Keeper => "keeper",
        }
    }

    /// The role named `s`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account's sign-in name: 3 to 64 of `a-z`, `0-9`, `.`, `_`, `-`,
/// starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountName(String);

/// Why an account name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” is not an account name: use 3 to 64 lowercase letters a–z, digits, “.”, “_” or “-”, starting with a letter"
)]
pub struct BadAccountName(pub String);

impl AccountName {
    /// Checks a name.
    pub fn parse(s: &str) -> Result<AccountName, BadAccountName> {
        let ok = (3..=64).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
        if ok {
            Ok(AccountName(s.to_owned()))
        } else {
            Err(BadAccountName(s.to_owned()))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_by_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn account_names_are_plain() {
        assert!(AccountName::parse("nguyen.van.an").is_ok());
        assert!(AccountName::parse("cv_sl-01").is_ok());
        for bad in ["ab", "Nguyen", "1abc", "nguyễn", "a b c", ""] {
            assert!(AccountName::parse(bad).is_err(), "{bad}");
        }
    }
}
