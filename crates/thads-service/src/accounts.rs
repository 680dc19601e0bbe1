//! Accounts: adding them, their passwords, disabling them, signing in.
//!
//! There is no default account and no default password: a fresh store has
//! no way in until someone at the server's console runs `thads user add`.
//! Passwords are kept as Argon2id hashes, and are never logged or audited.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use thads_core::AgencyCode;
use thads_core::account::{AccountName, Role};
use thads_core::executor::ExecutorCode;
use thads_store::{Account, StoreError};

use crate::{Access, Actor, Denied, Thads};

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why an account change was refused; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name is taken.
    #[error("an account named {0} exists already")]
    Exists(AccountName),
    /// No account has that name.
    #[error("there is no account named {0}")]
    Unknown(AccountName),
    /// The account is disabled already.
    #[error("the account {0} is disabled already")]
    AlreadyDisabled(AccountName),
    /// The agency is not in the store.
    #[error("agency {0} is not known (import the journal that declares it first)")]
    UnknownAgency(AgencyCode),
    /// This role works on one agency's cases and needs one.
    #[error("{0} accounts belong to an agency: give --agency")]
    AgencyNeeded(Role),
    /// The password is too weak.
    #[error("{0}")]
    WeakPassword(String),
    /// Only an executor's account is linked to an executor.
    #[error("{0} is not an executor's account")]
    NotAnExecutor(AccountName),
    /// Only a partner's account, or a committee member's, speaks for a
    /// partner organisation.
    #[error("the account {0} is not of the partner or steering role")]
    NotAPartner(AccountName),
    /// The partner is not declared, or not of the account's province.
    #[error("partner {0} is not declared in the account's province")]
    UnknownPartner(thads_core::coordination::Code),
    /// Warehouses are given to keepers' accounts only.
    #[error("{0} is not a keeper's account")]
    NotAKeeper(AccountName),
    /// The warehouse is not declared, or not of the account's agency.
    #[error("warehouse {0} is not declared for the account's agency")]
    UnknownWarehouse(thads_core::coordination::Code),
    /// No executor of that code works in the account's agency.
    #[error(
        "no executor {0} works in the account's agency (import the journal that declares it first)"
    )]
    UnknownExecutor(ExecutorCode),
    /// The actor's role may not manage accounts.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why signing in failed. Deliberately one message for an unknown name and
/// a wrong password, so that sign-in does not tell which names exist.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong name or password, or a disabled account.
    #[error("the account name or the password is wrong, or the account is disabled")]
    Refused,
    /// Too many failed sign-ins for this account name of late.
    #[error("too many failed sign-ins for this account: try again in {minutes} minutes")]
    ThrottledAccount {
        /// How long to wait, at most.
        minutes: i64,
    },
    /// Too many failed sign-ins from this address of late.
    #[error("too many failed sign-ins from this address: try again in {minutes} minutes")]
    ThrottledAddress {
        /// How long to wait, at most.
        minutes: i64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new random password: 20 letters and digits (about 98 bits) from the
/// system's randomness, in groups of five (`k7qmx-2fp9w-teh4r-n3bca`).
/// Letters and digits that look alike (0/o, 1/l/i) are left out.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the system has randomness");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(5)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Checks a new password: long enough, and not easy to guess (not a common
/// password, a keyboard pattern, a date, or the account's own name).
pub fn check_password(name: &AccountName, password: &str) -> Result<(), AccountError> {
    let weak = |why: String| Err(AccountError::WeakPassword(why));
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return weak(format!(
            "the password is too short: use at least {MIN_PASSWORD_CHARS} characters (a few unrelated words make a good one)"
        ));
    }
    let estimate = zxcvbn::zxcvbn(password, &[name.as_str(), "thads", "thads123"]);
    if (estimate.score() as u8) < 3 {
        let warning = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        return weak(format!(
            "the password is too easy to guess{warning}: add unrelated words, or choose another"
        ));
    }
    Ok(())
}

/// The Argon2id hash of a password, with a random salt, in PHC string format.
fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("Argon2 with its default parameters hashes any password")
        .to_string()
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash of nothing, checked when the account does not exist, so that a
/// wrong name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password of anyone"))
}

impl Thads {
    /// Adds an account. `agency` is the agency whose subtree it works on;
    /// only admins, leaders and statisticians may have none (the whole
    /// country).
    pub async fn add_account(
        &self,
        actor: &Actor,
        name: &AccountName,
        role: Role,
        agency: Option<&AgencyCode>,
        password: &str,
    ) -> Result<(), AccountError> {
        let tree = self.store.agencies().await?;
        let within = actor.may_manage_accounts(&tree, agency)?;
        match agency {
            // An agency outside the administrator's reach does not exist for it.
            Some(agency) if tree.index(agency).is_none() || !within => {
                return Err(AccountError::UnknownAgency(agency.clone()));
            }
            None if !within => return Err(actor.denied("add national accounts").into()),
            None if matches!(
                role,
                Role::Executor | Role::Steering | Role::Partner | Role::Keeper
            ) =>
            {
                return Err(AccountError::AgencyNeeded(role));
            }
            _ => {}
        }
        check_password(name, password)?;
        let now = crate::now_ms();
        let account = Account {
            name: name.clone(),
            role,
            agency: agency.cloned(),
            password_hash: hash_password(password),
            created_at_ms: now,
            disabled_at_ms: None,
            executor: None,
            partner: None,
            warehouses: Vec::new(),
        };
        let detail = serde_json::json!({
            "role": role.as_str(),
            "agency": agency.map(AgencyCode::as_str),
        });
        let audit = actor.entry("user.add", name.as_str(), detail);
        if self.store.add_account(&account, &audit).await? {
            Ok(())
        } else {
            Err(AccountError::Exists(name.clone()))
        }
    }

    /// Sets a new password.
    pub async fn set_password(
        &self,
        actor: &Actor,
        name: &AccountName,
        password: &str,
    ) -> Result<(), AccountError> {
        self.managed_account(actor, name).await?;
        check_password(name, password)?;
        let audit = actor.entry("user.passwd", name.as_str(), serde_json::json!({}));
        if self
            .store
            .set_password(name, &hash_password(password), &audit)
            .await?
        {
            Ok(())
        } else {
            Err(AccountError::Unknown(name.clone()))
        }
    }

    /// Links an executor's account to the executor it is (its to-do list
    /// then opens on that executor's steps), or unlinks it with `None`:
    /// an administrator's act, audited. The executor must work in the
    /// account's agency.
    pub async fn link_executor(
        &self,
        actor: &Actor,
        name: &AccountName,
        executor: Option<&ExecutorCode>,
    ) -> Result<(), AccountError> {
        let account = self.managed_account(actor, name).await?;
        if account.role != Role::Executor {
            return Err(AccountError::NotAnExecutor(name.clone()));
        }
        if let Some(code) = executor {
            let snapshot = self.store.snapshot().await?;
            let works_there = snapshot.executors.index(code).is_some_and(|i| {
                let agency = snapshot.agencies.get(snapshot.executors.agency_of(i));
                account.agency.as_ref() == Some(&agency.code)
            });
            if !works_there {
                return Err(AccountError::UnknownExecutor(code.clone()));
            }
        }
        let detail = serde_json::json!({ "executor": executor.map(ExecutorCode::as_str) });
        let audit = actor.entry("user.executor", name.as_str(), detail);
        let code = executor.map(ExecutorCode::as_str);
        if self.store.set_account_executor(name, code, &audit).await? {
            Ok(())
        } else {
            Err(AccountError::Unknown(name.clone()))
        }
    }

    /// Links a partner's account to the organisation it speaks for (or
    /// unlinks it): it then sees that organisation's requests, and no
    /// other's. A Steering Committee member's account is linked to the
    /// organisation the member comes from, whose tasks it reports on. The
    /// organisation must be of the account's province.
    pub async fn link_partner(
        &self,
        actor: &Actor,
        name: &AccountName,
        partner: Option<&thads_core::coordination::Code>,
    ) -> Result<(), AccountError> {
        let account = self.managed_account(actor, name).await?;
        if !matches!(account.role, Role::Partner | Role::Steering) {
            return Err(AccountError::NotAPartner(name.clone()));
        }
        if let Some(code) = partner {
            let snapshot = self.store.snapshot().await?;
            let tree = &snapshot.agencies;
            let province = |agency: &AgencyCode| tree.index(agency).map(|i| tree.root(i));
            let ours = snapshot.coordination.partner(code).is_some_and(|p| {
                account
                    .agency
                    .as_ref()
                    .is_some_and(|a| province(a).is_some() && province(a) == province(&p.agency))
            });
            if !ours {
                return Err(AccountError::UnknownPartner(code.clone()));
            }
        }
        let code = partner.map(|c| c.as_str());
        let detail = serde_json::json!({ "partner": code });
        let audit = actor.entry("user.partner", name.as_str(), detail);
        if self.store.set_account_partner(name, code, &audit).await? {
            Ok(())
        } else {
            Err(AccountError::Unknown(name.clone()))
        }
    }

    /// Gives a keeper's account the warehouses it keeps (none: it keeps
    /// none), an administrator's act, audited. Each must be of the
    /// account's agency or one below it.
    pub async fn link_warehouses(
        &self,
        actor: &Actor,
        name: &AccountName,
        warehouses: &[thads_core::coordination::Code],
    ) -> Result<(), AccountError> {
        let account = self.managed_account(actor, name).await?;
        if account.role != Role::Keeper {
            return Err(AccountError::NotAKeeper(name.clone()));
        }
        let (tree, coordination) = self.store.coordination().await?;
        let top = account.agency.as_ref().and_then(|a| tree.index(a));
        for code in warehouses {
            let ours = coordination.warehouses().get(code).is_some_and(|w| {
                let agency = tree.index(&w.warehouse.agency);
                matches!((agency, top), (Some(a), Some(top)) if tree.is_within(a, top))
            });
            if !ours {
                return Err(AccountError::UnknownWarehouse(code.clone()));
            }
        }
        let codes: Vec<&str> = warehouses.iter().map(|c| c.as_str()).collect();
        let detail = serde_json::json!({ "warehouses": codes });
        let audit = actor.entry("user.warehouses", name.as_str(), detail);
        if self
            .store
            .set_account_warehouses(name, warehouses, &audit)
            .await?
        {
            Ok(())
        } else {
            Err(AccountError::Unknown(name.clone()))
        }
    }

    /// The executor the actor's account is linked to, if any.
    pub async fn linked_executor(&self, actor: &Actor) -> Result<Option<ExecutorCode>, StoreError> {
        let Access::Account {
            role: Role::Executor,
            ..
        } = actor.access
        else {
            return Ok(None);
        };
        let Ok(name) = AccountName::parse(&actor.name) else {
            return Ok(None);
        };
        Ok(self.store.account(&name).await?.and_then(|a| a.executor))
    }

    /// Disables an account: it can no longer sign in. Accounts are never
    /// deleted, so that the audit trail keeps naming who did what.
    pub async fn disable_account(
        &self,
        actor: &Actor,
        name: &AccountName,
    ) -> Result<(), AccountError> {
        self.managed_account(actor, name).await?;
        let audit = actor.entry("user.disable", name.as_str(), serde_json::json!({}));
        if self
            .store
            .disable_account(name, crate::now_ms(), &audit)
            .await?
        {
            return Ok(());
        }
        match self.store.account(name).await? {
            Some(_) => Err(AccountError::AlreadyDisabled(name.clone())),
            None => Err(AccountError::Unknown(name.clone())),
        }
    }

    /// Every account the actor manages, by name.
    pub async fn accounts(&self, actor: &Actor) -> Result<Vec<Account>, AccountError> {
        let tree = self.store.agencies().await?;
        actor.may_manage_accounts(&tree, None)?;
        let mut kept = Vec::new();
        for account in self.store.accounts().await? {
            if actor.may_manage_accounts(&tree, account.agency.as_ref())? {
                kept.push(account);
            }
        }
        Ok(kept)
    }

    /// The account of that name, if the actor manages it (an account it
    /// does not manage does not exist for it).
    async fn managed_account(
        &self,
        actor: &Actor,
        name: &AccountName,
    ) -> Result<Account, AccountError> {
        let tree = self.store.agencies().await?;
        actor.may_manage_accounts(&tree, None)?;
        match self.store.account(name).await? {
            Some(account) if actor.may_manage_accounts(&tree, account.agency.as_ref())? => {
                Ok(account)
            }
            _ => Err(AccountError::Unknown(name.clone())),
        }
    }
}

/// The account named `name`, if `password` is its password and it is not
/// disabled.
pub(crate) async fn password_matches_account(
    store: &thads_store::Store,
    name: &str,
    password: &str,
) -> Result<Option<Account>, StoreError> {
    let account = match AccountName::parse(name) {
        Ok(name) => store.account(&name).await?,
        Err(_) => None,
    };
    let hash = account
        .as_ref()
        .map_or(decoy_hash(), |a| a.password_hash.as_str());
    let matches = password_matches(password, hash);
    Ok(account.filter(|account| matches && account.disabled_at_ms.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let name = AccountName::parse("nguyen.van.an").unwrap();
        for weak in [
            "short",
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "nguyen.van.an1",
            "thads1234567",
        ] {
            let refused = check_password(&name, weak).unwrap_err().to_string();
            assert!(
                refused.starts_with("the password is too"),
                "{weak}: {refused}"
            );
        }
        check_password(&name, "mưa rơi trên mái ngói cũ").unwrap();
        check_password(&name, "correct horse battery staple").unwrap();
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery staple");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(password_matches("correct horse battery staple", &hash));
        assert!(!password_matches("correct horse battery stapl", &hash));
        assert!(!password_matches("anything", "not a hash"));
    }
}
