//! Whether the database can take writes: errors that mean "not now" (a full disk, an I/O
//! error, a database that is away or busy past its timeout) are told apart from bugs, so that
//! clients get 503 with `Retry-After` and `/ready` says "not writable" until a write works.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

/// When (milliseconds on [`monotonic_ms`]) a request last met a storage failure; 0 once a
/// probe wrote.
static LAST_FAILURE: AtomicI64 = AtomicI64::new(0);

/// How long after a failure the database is reported not writable whatever a probe says (a
/// small write may fit where a referral does not).
const FAILURE_MEMORY_MS: i64 = 5_000;

/// Milliseconds since this process first asked, plus one (so never 0): failures are
/// remembered for an elapsed time, which a moved or stepped wall clock must not stretch.
fn monotonic_ms() -> i64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let elapsed = START.get_or_init(Instant::now).elapsed().as_millis();
    i64::try_from(elapsed).unwrap_or(i64::MAX).saturating_add(1)
}

/// Whether a database error means the storage cannot take the request now (rather than a
/// bug): records it for `/ready`.
pub fn is_unavailable(e: &DbErr) -> bool {
    const SIGNS: [&str; 10] = [
        "database or disk is full",
        "disk i/o error",
        "no space left on device",
        "unable to open database file",
        "database is locked",
        "pool timed out",
        "error communicating with database",
        "connection refused",
        "connection reset",
        "could not extend file",
    ];
    let text = e.to_string().to_ascii_lowercase();
    let unavailable = matches!(e, DbErr::ConnectionAcquire(_) | DbErr::Conn(_))
        || SIGNS.iter().any(|sign| text.contains(sign));
    if unavailable {
        LAST_FAILURE.store(monotonic_ms(), Ordering::Relaxed);
    }
    unavailable
}

/// Whether the database takes writes: not within a few seconds of a storage failure, and
/// after one only once a small committed write (a full disk fails at commit) succeeds again.
pub async fn is_writable(db: &DatabaseConnection) -> bool {
    let failed_at = LAST_FAILURE.load(Ordering::Relaxed);
    if failed_at == 0 {
        return true;
    }
    if monotonic_ms() - failed_at < FAILURE_MEMORY_MS {
        return false;
    }
    let probe = async {
        let txn = super::begin_write(db).await?;
        txn.execute_unprepared(
            "UPDATE tenants SET name = name WHERE id = (SELECT id FROM tenants LIMIT 1)",
        )
        .await?;
        txn.commit().await
    };
    let ok = tokio::time::timeout(std::time::Duration::from_millis(1500), probe)
        .await
        .is_ok_and(|r| r.is_ok());
    if ok {
        let _ = LAST_FAILURE.compare_exchange(failed_at, 0, Ordering::Relaxed, Ordering::Relaxed);
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::RuntimeErr;

    #[test]
    fn full_disks_and_absent_databases_are_unavailable_not_bugs() {
        let full = DbErr::Exec(RuntimeErr::Internal(
            "error returned from database: (code: 13) database or disk is full".into(),
        ));
        assert!(is_unavailable(&full));
        let away = DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
        assert!(is_unavailable(&away));
        let bug = DbErr::Exec(RuntimeErr::Internal("no such column: x".into()));
        assert!(!is_unavailable(&bug));
    }
}
