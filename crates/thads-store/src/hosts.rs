//! A PostgreSQL URL naming several hosts, as libpq reads it:
//! `postgres://USER@HOST1:5432,HOST2:5433/thads?target_session_attrs=read-write`.
//!
//! sqlx connects to one host, so the choice is made here: on opening, the
//! first host of the list that is what `target_session_attrs` asks for is
//! the pool's; every new connection checks again what its server is (a
//! primary, or a standby in recovery); and a watcher follows the primary
//! when a failover (pg_auto_failover's, say) moves it to another host. The
//! pool reads its connect options afresh at each attempt, so a request
//! waiting for a connection when the watcher moves on gets one from the new
//! primary.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool};
use sqlx::{ConnectOptions, Connection};

use crate::{Result, StoreError};

/// How often the watcher asks its host whether it is still what is wanted.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// How long a host may take to answer the watcher or the first choice.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// What a connection's server must be: libpq's `target_session_attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// Any server that answers (libpq's default).
    Any,
    /// One whose sessions may write.
    ReadWrite,
    /// One whose sessions are read-only.
    ReadOnly,
    /// A server not in recovery.
    Primary,
    /// A server in recovery: a hot standby.
    Standby,
    /// A standby if one answers, else any server.
    PreferStandby,
}

impl Wanted {
    fn parse(value: &str) -> Result<Wanted> {
        Ok(match value {
            "any" => Wanted::Any,
            "read-write" => Wanted::ReadWrite,
            "read-only" => Wanted::ReadOnly,
            "primary" => Wanted::Primary,
            "standby" => Wanted::Standby,
            "prefer-standby" => Wanted::PreferStandby,
            _ => {
                return Err(StoreError::UnsupportedUrl(format!(
                    "target_session_attrs={value} (thads knows any, read-write, read-only, primary, standby and prefer-standby)"
                )));
            }
        })
    }

    /// Whether a server in this state will do for a connection.
    fn accepts(self, server: Server) -> bool {
        match self {
            Wanted::Any | Wanted::PreferStandby => true,
            Wanted::ReadWrite => !server.read_only,
            Wanted::ReadOnly => server.read_only,
            Wanted::Primary => !server.in_recovery,
            Wanted::Standby => server.in_recovery,
        }
    }

    /// Whether a server is the one to stay with (a primary is accepted by
    /// prefer-standby, but not kept while a standby answers).
    fn settles_on(self, server: Server) -> bool {
        match self {
            Wanted::PreferStandby => server.in_recovery,
            wanted => wanted.accepts(server),
        }
    }
}

/// What a server said of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Server {
    in_recovery: bool,
    read_only: bool,
}

/// Asks the server at the other end of `connection` what it is.
async fn server_of(connection: &mut PgConnection) -> Result<Server> {
    let (in_recovery, read_only): (bool, String) =
        sqlx::query_as("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
            .fetch_one(&mut *connection)
            .await?;
    Ok(Server {
        in_recovery,
        read_only: read_only == "on",
    })
}

/// The hosts of a database URL, each with the options to reach it.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    /// Each host's own URL, as sqlx reads it (one host, no
    /// `target_session_attrs`), in the order the URL lists them.
    urls: Vec<String>,
    options: Vec<PgConnectOptions>,
    pub(crate) wanted: Wanted,
}

impl Hosts {
    /// Reads `postgres://[USER[:PASSWORD]@]HOST[:PORT][,HOST[:PORT]…][/DATABASE][?PARAMETERS]`.
    pub(crate) fn parse(url: &str) -> Result<Hosts> {
        let bad = || StoreError::UnsupportedUrl(url.to_owned());
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (user, hosts) = match authority.rsplit_once('@') {
            Some((user, hosts)) => (format!("{user}@"), hosts),
            None => (String::new(), authority),
        };
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let mut wanted = Wanted::Any;
        let mut kept = Vec::new();
        for parameter in query.split('&').filter(|p| !p.is_empty()) {
            match parameter.split_once('=') {
                Some(("target_session_attrs", value)) => wanted = Wanted::parse(value)?,
                _ => kept.push(parameter),
            }
        }
        let query = if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        };
        let mut urls = Vec::new();
        let mut options = Vec::new();
        for host in hosts.split(',') {
            if host.is_empty() && hosts.contains(',') {
                return Err(bad());
            }
            let one = format!("{scheme}://{user}{host}{path}{query}");
            options.push(PgConnectOptions::from_str(&one)?);
            urls.push(one);
        }
        Ok(Hosts {
            urls,
            options,
            wanted,
        })
    }

    /// Whether the URL lists more than one host.
    pub(crate) fn several(&self) -> bool {
        self.urls.len() > 1
    }

    /// The URL of host `index` alone.
    pub(crate) fn url(&self, index: usize) -> &str {
        &self.urls[index]
    }

    /// The options to reach host `index`, named for the server's views.
    pub(crate) fn options(&self, index: usize) -> PgConnectOptions {
        self.options[index].clone().application_name("thads")
    }

    /// What the server at host `index` is, if it answers in time. Asked in
    /// the URL's database, or in the server's `postgres` database while the
    /// URL's does not exist yet (`thads migrate` creates it).
    async fn ask(&self, index: usize) -> Option<Server> {
        let asked = async {
            let options = self.options(index);
            let mut connection = match options.connect().await {
                // 3D000: invalid catalog name, that is, no such database.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
                    options.database("postgres").connect().await?
                }
                connected => connected?,
            };
            let server = server_of(&mut connection).await;
            let _ = connection.close().await;
            server
        };
        match tokio::time::timeout(ANSWER_WITHIN, asked).await {
            Ok(Ok(server)) => Some(server),
            Ok(Err(error)) => {
                tracing::debug!(host = self.label(index), %error, "host did not answer");
                None
            }
            Err(_) => None,
        }
    }

    /// The first host that is what is wanted (for prefer-standby, the first
    /// standby, else the first that answers), asking each in turn.
    pub(crate) async fn choose(&self) -> Result<usize> {
        let mut answered = None;
        for index in 0..self.urls.len() {
            if let Some(server) = self.ask(index).await {
                if self.wanted.settles_on(server) {
                    return Ok(index);
                }
                if self.wanted.accepts(server) && answered.is_none() {
                    answered = Some(index);
                }
            }
        }
        answered.ok_or_else(|| StoreError::NoHost {
            hosts: self.labels(),
            wanted: self.wanted.to_string(),
        })
    }

    fn label(&self, index: usize) -> String {
        let options = &self.options[index];
        format!("{}:{}", options.get_host(), options.get_port())
    }

    fn labels(&self) -> String {
        (0..self.urls.len())
            .map(|i| self.label(i))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Refuses a new connection to a server that is not what is wanted, so
    /// that the pool never lends one (it tries again, with the options of
    /// the moment, until its acquire timeout).
    pub(crate) async fn check(wanted: Wanted, connection: &mut PgConnection) -> sqlx::Result<()> {
        let server = server_of(connection)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        if wanted.accepts(server) {
            Ok(())
        } else {
            Err(sqlx::Error::Protocol(format!(
                "the server is not one that {wanted} (in recovery: {}, read-only: {})",
                server.in_recovery, server.read_only
            )))
        }
    }
}

impl std::fmt::Display for Wanted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Wanted::Any => "answers",
            Wanted::ReadWrite => "accepts writes",
            Wanted::ReadOnly => "is read-only",
            Wanted::Primary => "is a primary",
            Wanted::Standby => "is a standby",
            Wanted::PreferStandby => "answers",
        })
    }
}

/// The watcher that keeps a pool on the host that is wanted; stops when
/// dropped (with the last clone of the store) or when the pool closes.
#[derive(Debug)]
pub(crate) struct Follower(tokio::task::JoinHandle<()>);

impl Drop for Follower {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Follower {
    /// Starts watching: `pool` connects to host `current` now; `moves`
    /// counts the moves to another host.
    pub(crate) fn start(
        pool: PgPool,
        hosts: Arc<Hosts>,
        current: usize,
        moves: Arc<AtomicU64>,
    ) -> Follower {
        Follower(tokio::spawn(follow(pool, hosts, current, moves)))
    }
}

async fn follow(pool: PgPool, hosts: Arc<Hosts>, mut current: usize, moves: Arc<AtomicU64>) {
    // One connection to the current host, kept to ask it cheaply.
    let mut watching: Option<PgConnection> = None;
    // Whether no host is what is wanted: said once, not every half second.
    let mut waiting = false;
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        if pool.is_closed() {
            return;
        }
        let asked = async {
            if watching.is_none() {
                watching = Some(hosts.options(current).connect().await?);
            }
            let connection = watching.as_mut().expect("connected just now");
            server_of(connection).await
        };
        match tokio::time::timeout(ANSWER_WITHIN, asked).await {
            Ok(Ok(server)) if hosts.wanted.settles_on(server) => {
                waiting = false;
                continue;
            }
            _ => watching = None,
        }
        match hosts.choose().await {
            Ok(chosen) if chosen != current => {
                tracing::warn!(
                    from = hosts.label(current),
                    to = hosts.label(chosen),
                    "the database moved: following it to the host that {}",
                    hosts.wanted
                );
                // Counted first: what is read from the new host is read
                // after the count moved (see `Store::moves`).
                moves.fetch_add(1, Ordering::SeqCst);
                pool.set_connect_options(hosts.options(chosen));
                current = chosen;
            }
            Ok(_) => waiting = false,
            Err(error) if !waiting => {
                tracing::warn!(%error, "waiting for a database host");
                waiting = true;
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_with_several_hosts_is_one_url_a_host() {
        let hosts = Hosts::parse(
            "postgres://thads:s%40cret@db1.example:5432,db2.example:5433,db3.example/thads?sslmode=disable&target_session_attrs=read-write",
        )
        .unwrap();
        assert_eq!(hosts.wanted, Wanted::ReadWrite);
        assert!(hosts.several());
        assert_eq!(
            hosts.urls,
            [
                "postgres://thads:s%40cret@db1.example:5432/thads?sslmode=disable",
                "postgres://thads:s%40cret@db2.example:5433/thads?sslmode=disable",
                "postgres://thads:s%40cret@db3.example/thads?sslmode=disable",
            ]
        );
        assert_eq!(
            hosts.labels(),
            "db1.example:5432, db2.example:5433, db3.example:5432"
        );
        assert_eq!(hosts.options[1].get_username(), "thads");
        assert_eq!(hosts.options[1].get_database(), Some("thads"));
    }

    #[test]
    fn a_url_with_one_host_is_itself() {
        let hosts = Hosts::parse("postgres://postgres@127.0.0.1:5432/thads").unwrap();
        assert!(!hosts.several());
        assert_eq!(hosts.wanted, Wanted::Any);
        assert_eq!(hosts.url(0), "postgres://postgres@127.0.0.1:5432/thads");
    }

    #[test]
    fn what_each_target_accepts() {
        let primary = Server {
            in_recovery: false,
            read_only: false,
        };
        let standby = Server {
            in_recovery: true,
            read_only: true,
        };
        // A primary whose sessions default to read-only.
        let read_only_primary = Server {
            in_recovery: false,
            read_only: true,
        };
        let accepts = |wanted: &str, server| Wanted::parse(wanted).unwrap().accepts(server);
        assert!(accepts("read-write", primary));
        assert!(!accepts("read-write", standby));
        assert!(!accepts("read-write", read_only_primary));
        assert!(accepts("primary", read_only_primary));
        assert!(accepts("standby", standby) && !accepts("standby", primary));
        assert!(accepts("read-only", standby) && !accepts("read-only", primary));
        assert!(accepts("any", standby) && accepts("prefer-standby", primary));
        assert!(!Wanted::PreferStandby.settles_on(primary));
        assert!(Wanted::PreferStandby.settles_on(standby));
    }

    #[test]
    fn an_unknown_target_is_refused_in_words() {
        let error =
            Hosts::parse("postgres://h1,h2/thads?target_session_attrs=fastest").unwrap_err();
        assert!(
            error.to_string().contains("target_session_attrs=fastest"),
            "{error}"
        );
        assert!(Hosts::parse("postgres://h1,,h2/thads").is_err());
    }
}
