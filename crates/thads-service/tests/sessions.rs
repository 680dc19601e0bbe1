//! Sessions and sign-in throttling, on the backend the run asks for (see
//! thads-testdb): a session stands for its account until it is signed out,
//! idle too long, too old, or its account is disabled; repeated failures stop
//! an account name, and an address, from signing in for a while.

use thads_core::account::{AccountName, Role};
use thads_core::{AgencyCode, Day};
use thads_service::accounts::SignInError;
use thads_service::sessions::{MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS};
use thads_service::{Access, Actor, ReportRequest, Thads, period_report};
use thads_testdb::{TestDatabase, test_data};

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

async fn store_with_accounts(names: &[&str]) -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let example = test_data("sample/worked-example.jsonl");
    let console = Actor::console("root", "may-chu-1");
    thads
        .import(&console, "example", example.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let db_agency = AgencyCode::parse("DB").unwrap();
    for name in names {
        let name = AccountName::parse(name).unwrap();
        thads
            .add_account(&console, &name, Role::Leader, Some(&db_agency), PASSWORD)
            .await
            .unwrap();
    }
    (thads, db)
}

#[tokio::test]
async fn a_session_stands_for_its_account_until_it_ends() {
    let (thads, db) = store_with_accounts(&["lanh.dao", "pho.lanh.dao"]).await;
    let session = thads
        .sign_in("lanh.dao", PASSWORD, "10.0.0.7")
        .await
        .unwrap();
    assert_eq!(session.token.len(), 64);
    let actor = thads
        .session(&session.token, "10.0.0.9")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(actor.name, "lanh.dao");
    assert_eq!(actor.address, "10.0.0.9");
    assert_eq!(
        actor.access,
        Access::Account {
            role: Role::Leader,
            agency: Some(AgencyCode::parse("DB").unwrap())
        }
    );
    // The session acts with the account's rights.
    let request = ReportRequest {
        from: "2024-10-01".parse::<Day>().unwrap(),
        to: "2025-09-30".parse::<Day>().unwrap(),
        agency: None,
        category: None,
        by_agency: false,
        by_category: false,
        as_recorded: None,
        by_executor: false,
        by: None,
        judgment_kind: None,
        mode: None,
    };
    period_report(&thads.snapshot().await.unwrap(), &actor, request).unwrap();
    // The store keys the session by the token's hash, not by the token.
    let store = thads_store::Store::open(&db.url, db.key()).await.unwrap();
    assert!(store.session(&session.token).await.unwrap().is_none());
    use sha2::Digest;
    let hash = hex::encode(sha2::Sha256::digest(session.token.as_bytes()));
    assert!(store.session(&hash).await.unwrap().is_some());
    assert!(
        thads
            .session("not a token", "10.0.0.7")
            .await
            .unwrap()
            .is_none()
    );

    thads.sign_out(&actor, &session.token).await.unwrap();
    assert!(
        thads
            .session(&session.token, "10.0.0.7")
            .await
            .unwrap()
            .is_none()
    );

    // Idle for 31 minutes; opened 13 hours ago; account disabled.
    for (ending, name) in [
        (
            "UPDATE account_session SET last_seen_at = last_seen_at - 31 * 60 * 1000",
            "lanh.dao",
        ),
        (
            "UPDATE account_session SET created_at = created_at - 13 * 3600 * 1000, last_seen_at = last_seen_at - 60 * 1000",
            "lanh.dao",
        ),
        (
            "UPDATE account SET disabled_at = 1 WHERE name = 'pho.lanh.dao'",
            "pho.lanh.dao",
        ),
    ] {
        let session = thads.sign_in(name, PASSWORD, "10.0.0.7").await.unwrap();
        assert!(
            thads
                .session(&session.token, "10.0.0.7")
                .await
                .unwrap()
                .is_some()
        );
        db.run_sql(&[ending]).unwrap();
        assert!(
            thads
                .session(&session.token, "10.0.0.7")
                .await
                .unwrap()
                .is_none(),
            "{ending}"
        );
    }
    let log = thads
        .audit_log(&Actor::console("root", "may-chu-1"), Some("lanh.dao"), None)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.entry.action.as_str()).collect();
    assert_eq!(actions, ["sign_in", "sign_out", "sign_in", "sign_in"]);
}

#[tokio::test]
async fn repeated_failures_stop_an_account_then_an_address() {
    let (thads, _db) = store_with_accounts(&["lanh.dao", "thu.ky"]).await;
    for _ in 0..MAX_FAILURES_PER_ACCOUNT {
        assert!(matches!(
            thads
                .sign_in("lanh.dao", "đoán bừa một mật khẩu", "10.0.0.7")
                .await,
            Err(SignInError::Refused)
        ));
    }
    // Now even the right password waits, from anywhere.
    let refused = thads
        .sign_in("lanh.dao", PASSWORD, "10.0.0.8")
        .await
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "too many failed sign-ins for this account: try again in 15 minutes"
    );
    // Another account from the same address still signs in.
    thads.sign_in("thu.ky", PASSWORD, "10.0.0.7").await.unwrap();

    // Guessing over many names from one address stops the address.
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        let _ = thads
            .sign_in(&format!("khach.{i}"), "đoán bừa", "10.0.0.66")
            .await;
    }
    let refused = thads
        .sign_in("thu.ky", PASSWORD, "10.0.0.66")
        .await
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "too many failed sign-ins from this address: try again in 15 minutes"
    );
    thads
        .sign_in("thu.ky", PASSWORD, "10.0.0.67")
        .await
        .unwrap();

    // Every refusal is in the audit trail, with its address.
    let log = thads
        .audit_log(&Actor::console("root", "may-chu-1"), None, Some("khach.3"))
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].entry.action.as_str(), log[0].entry.address.as_str()),
        ("sign_in.refused", "10.0.0.66")
    );
}
