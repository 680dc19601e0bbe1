//! Signing in and out, sessions, and throttling of failed sign-ins: what the
//! web application's cookies stand for. (Cookies, CSRF and security headers
//! are the web layer's; the rules are here, where they can be tested on
//! every backend.)
//!
//! A session is a random 256-bit token held by the client; the store keeps
//! only its SHA-256. It ends after [`IDLE_MS`] without use, [`ABSOLUTE_MS`]
//! after it was opened, at sign-out, or when its account is disabled.

use sha2::Digest;
use thads_store::{Account, StoreError};

use crate::accounts::{SignInError, password_matches_account};
use crate::{Actor, Thads, audit_entry, now_ms};

/// A session ends after this long without use: 30 minutes.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// A session ends this long after it was opened, used or not: 12 hours.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// Failed sign-ins are counted over this window: 15 minutes.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// This many failures for one account name within the window stop its
/// sign-ins until the window has passed.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// This many failures from one address within the window stop its sign-ins.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// A session's last use is written at most this often.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token for the client's cookie (64 hex digits). Only its hash is
    /// stored.
    pub token: String,
    /// Whose it is.
    pub account: Account,
}

fn token_hash(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// A new random token: 256 bits, in hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

impl Thads {
    /// Signs in from `address`: checks the throttles, then the name and
    /// password; opens a session. Failures are recorded and audited.
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        address: &str,
    ) -> Result<Session, SignInError> {
        let now = now_ms();
        let (by_account, by_address) = self
            .store
            .sign_in_failures(name, address, now - THROTTLE_WINDOW_MS)
            .await?;
        if by_account >= MAX_FAILURES_PER_ACCOUNT {
            return Err(SignInError::ThrottledAccount {
                minutes: THROTTLE_WINDOW_MS / 60_000,
            });
        }
        if by_address >= MAX_FAILURES_PER_ADDRESS {
            return Err(SignInError::ThrottledAddress {
                minutes: THROTTLE_WINDOW_MS / 60_000,
            });
        }
        let Some(account) = password_matches_account(&self.store, name, password).await? else {
            // Who tried is not known: the trail names the address.
            let audit = audit_entry("(not signed in)", address, "sign_in.refused", name);
            self.store
                .record_sign_in_failure(name, address, now, &audit)
                .await?;
            return Err(SignInError::Refused);
        };
        if by_account > 0 {
            self.store.clear_sign_in_failures(name).await?;
        }
        let token = new_token();
        let actor = Actor::account(&account, address);
        let audit = actor.entry("sign_in", account.name.as_str(), serde_json::json!({}));
        self.store
            .open_session(&token_hash(&token), &account.name, address, now, &audit)
            .await?;
        Ok(Session { token, account })
    }

    /// The actor a session token stands for, from `address`, if the session
    /// is open and its account active; marks it used.
    pub async fn session(&self, token: &str, address: &str) -> Result<Option<Actor>, StoreError> {
        let hash = token_hash(token);
        let Some(session) = self.store.session(&hash).await? else {
            return Ok(None);
        };
        let now = now_ms();
        let expired = now - session.last_seen_at_ms > IDLE_MS
            || now - session.created_at_ms > ABSOLUTE_MS
            || session.account.disabled_at_ms.is_some();
        if expired {
            self.store.close_session(&hash, None).await?;
            return Ok(None);
        }
        if now - session.last_seen_at_ms > TOUCH_EVERY_MS {
            self.store.touch_session(&hash, now).await?;
        }
        Ok(Some(Actor::account(&session.account, address)))
    }

    /// Signs out: ends the session (audited).
    pub async fn sign_out(&self, actor: &Actor, token: &str) -> Result<(), StoreError> {
        let audit = actor.entry("sign_out", &actor.name, serde_json::json!({}));
        self.store
            .close_session(&token_hash(token), Some(&audit))
            .await?;
        Ok(())
    }
}
