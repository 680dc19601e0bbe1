//! No password and no ID number ever reaches the logs, at any level, from
//! any crate. (A test binary of its own: tracing caches which log sites are
//! enabled process-wide, so a capture must not share its process with other
//! tests.)

use std::sync::{Arc, Mutex};

use thads_core::account::{AccountName, Role};
use thads_service::{Actor, Thads};
use thads_testdb::{TestDatabase, test_data};

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

/// Collects every log line of every target, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn passwords_and_id_numbers_never_reach_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let db = TestDatabase::migrated();
            let thads = Thads::open(&db.url, db.key()).await.unwrap();
            let example = test_data("sample/worked-example.jsonl");
            let admin = Actor::console("root", "may-chu-1");
            thads
                .import(
                    &admin,
                    "worked-example.jsonl",
                    example.as_bytes(),
                    &mut |_| {},
                )
                .await
                .unwrap();
            thads
                .add_account(
                    &admin,
                    &AccountName::parse("quan.tri").unwrap(),
                    Role::Admin,
                    None,
                    PASSWORD,
                )
                .await
                .unwrap();
            let session = thads
                .sign_in("quan.tri", PASSWORD, "10.0.0.7")
                .await
                .unwrap();
            thads
                .session(&session.token, "10.0.0.7")
                .await
                .unwrap()
                .unwrap();
            thads
                .sign_in("quan.tri", "sai mật khẩu rồi nhé", "10.0.0.7")
                .await
                .unwrap_err();
            thads.export(&admin, &mut Vec::new()).await.unwrap();
        });
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("file imported"), "the capture works: {logs}");
    for secret in [PASSWORD, "sai mật khẩu", "$argon2id", "011188001234"] {
        assert!(!logs.contains(secret), "{secret} is in the logs");
    }
}
