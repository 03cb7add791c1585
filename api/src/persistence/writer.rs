//! One writer task that commits waiting writes together (group commit). A durable write costs
//! one flush of the log whatever its size, and on SQLite only one transaction writes at a
//! time: many small transactions queue for the lock and the disk. The writer takes every write
//! waiting when it is free, runs each in its own savepoint of one transaction and commits
//! once; each caller hears back only after that commit, so nothing is acknowledged before it
//! is on disk. A write that fails is rolled back to its savepoint and leaves the others alone.

use futures_util::FutureExt;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// A kind of write the writer commits in batches.
pub trait Batch: Sized + Send + Sync + 'static {
    /// Writes the items in the transaction, in as few statements as it can. A batch that fails
    /// is rolled back and each item written alone, so one bad item refuses only itself.
    fn write_all(
        items: &[Self],
        txn: &DatabaseTransaction,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;
}

/// Most writes committed together.
const MAX_BATCH: usize = 64;
/// Writes waiting beyond this make their callers wait to queue (back-pressure).
const QUEUE: usize = 1024;

struct Job<T> {
    item: T,
    done: oneshot::Sender<Result<(), DbErr>>,
}

/// The handle to a writer task; cloned freely. The task ends when every handle is gone.
pub struct Writer<T> {
    queue: mpsc::Sender<Job<T>>,
}

impl<T> Clone for Writer<T> {
    fn clone(&self) -> Self {
        Self {
            queue: self.queue.clone(),
        }
    }
}

impl<T: Batch> Writer<T> {
    /// Starts the writer over `db` (on the current tokio runtime).
    pub fn spawn(db: DatabaseConnection) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, waiting));
        Self { queue }
    }

    /// Writes `item` in the next batch; `Ok` once the batch is committed, else the item's own
    /// error, the commit's, or that of a database that could not be reached.
    pub async fn write(&self, item: T) -> Result<(), DbErr> {
        let (done, answer) = oneshot::channel();
        self.queue
            .send(Job { item, done })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the database writer stopped".into())
}

/// Takes the writes waiting and commits them, batch after batch.
async fn run<T: Batch>(db: DatabaseConnection, mut waiting: mpsc::Receiver<Job<T>>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while waiting.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (items, done): (Vec<T>, Vec<_>) = jobs.drain(..).map(|j| (j.item, j.done)).unzip();
        match commit(&db, &items).await {
            Ok(outcomes) => {
                for (d, outcome) in done.into_iter().zip(outcomes) {
                    let _ = d.send(outcome);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, writes = items.len(), "a batch of writes failed");
                for d in done {
                    let _ = d.send(Err(e.clone()));
                }
            }
        }
    }
}

/// Writes the items in one transaction: all together, else one by one; each item's outcome,
/// or the error that lost the whole transaction.
async fn commit<T: Batch>(
    db: &DatabaseConnection,
    items: &[T],
) -> Result<Vec<Result<(), DbErr>>, DbErr> {
    let txn = super::begin_write(db).await?;
    let together = items.len() > 1 && attempt(&txn, items).await?.is_ok();
    let outcomes = if together {
        items.iter().map(|_| Ok(())).collect()
    } else {
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            outcomes.push(attempt(&txn, std::slice::from_ref(item)).await?);
        }
        outcomes
    };
    txn.commit().await?;
    Ok(outcomes)
}

/// Writes items in a savepoint, rolled back if they fail (or panic); `Err` only when the
/// savepoint itself fails, which loses the transaction.
async fn attempt<T: Batch>(
    txn: &DatabaseTransaction,
    items: &[T],
) -> Result<Result<(), DbErr>, DbErr> {
    let savepoint = txn.begin().await?;
    let outcome = AssertUnwindSafe(T::write_all(items, &savepoint))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| Err(DbErr::Custom("a write panicked".into())));
    match outcome {
        Ok(()) => savepoint.commit().await?,
        Err(_) => savepoint.rollback().await?,
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Statement};

    /// A key to insert; "panic" panics.
    struct Key(&'static str);

    impl Batch for Key {
        async fn write_all(items: &[Self], txn: &DatabaseTransaction) -> Result<(), DbErr> {
            assert!(items.iter().all(|k| k.0 != "panic"), "a bug");
            let values: Vec<String> = items.iter().map(|k| format!("('{}')", k.0)).collect();
            let sql = format!("INSERT INTO t VALUES {}", values.join(","));
            txn.execute_unprepared(&sql).await.map(|_| ())
        }
    }

    async fn table() -> DatabaseConnection {
        let db = super::super::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared("CREATE TABLE t (k TEXT PRIMARY KEY)")
            .await
            .unwrap();
        db
    }

    async fn keys(db: &DatabaseConnection) -> Vec<String> {
        let sql = Statement::from_string(db.get_database_backend(), "SELECT k FROM t ORDER BY k");
        let rows = db.query_all_raw(sql).await.unwrap();
        rows.iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn concurrent_writes_are_committed_and_a_failing_one_leaves_the_others() {
        let db = table().await;
        let writer = Writer::spawn(db.clone());
        let (a, b, dup, c) = tokio::join!(
            writer.write(Key("a")),
            writer.write(Key("b")),
            writer.write(Key("a")),
            writer.write(Key("c")),
        );
        assert!(a.is_ok() && b.is_ok() && c.is_ok());
        assert!(dup.is_err(), "the second 'a' breaks the primary key");
        assert_eq!(keys(&db).await, ["a", "b", "c"]);
    }

    #[tokio::test]
    async fn a_panicking_write_is_refused_and_the_writer_goes_on() {
        let db = table().await;
        let writer = Writer::spawn(db.clone());
        let (bug, fine) = tokio::join!(writer.write(Key("panic")), writer.write(Key("y")));
        assert!(bug.is_err() && fine.is_ok());
        writer.write(Key("z")).await.unwrap();
        assert_eq!(keys(&db).await, ["y", "z"]);
    }

    #[tokio::test]
    async fn a_batch_that_cannot_begin_refuses_every_write() {
        let db = table().await;
        let writer = Writer::<Key>::spawn(db.clone());
        db.close_by_ref().await.unwrap();
        assert!(writer.write(Key("a")).await.is_err());
    }
}
