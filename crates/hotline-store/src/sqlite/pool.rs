//! The SQLite connections: one writer thread that owns the write connection and commits in
//! groups, one checkpoint thread, and a small pool of read connections.
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::{StoreError, StoreResult};

/// Read connections kept open.
const READERS: usize = 4;

/// Work for the writer thread: it runs on the write connection inside the group's transaction
/// and returns what to tell the caller once the commit's outcome is known.
type Job = Box<dyn FnOnce(&mut Connection) -> Reply + Send>;
type Reply = Box<dyn FnOnce(Result<(), String>) + Send>;

/// Most jobs one commit takes.
const GROUP: usize = 256;

struct Inner {
    /// Tells the checkpoint thread the store is gone.
    stop: Arc<AtomicBool>,
    jobs: std::sync::mpsc::Sender<Job>,
    readers: Mutex<Vec<Connection>>,
    path: String,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

fn open_conn(path: &str) -> StoreResult<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // NORMAL in WAL mode: a commit survives a crash of the process (the WAL is written before
    // the call returns); only a power loss can lose the last commits. 4 KiB pages (set before
    // WAL, so only a new file takes it): an intake commit dirties a page in each of a dozen
    // indexes, and each goes to the WAL whole. Against 16 KiB pages: 2,000 against 1,500
    // tickets a second on one task, for about a tenth more disk.
    conn.execute_batch(
        "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;",
    )?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

impl SqliteStore {
    /// Open (creating if needed) the database file. Use `:memory:`-like paths only in tests:
    /// every connection must see the same file.
    pub fn open(path: &str) -> StoreResult<Self> {
        if let Some(dir) = Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let writer = open_conn(path)?;
        // Checkpoints (copying the WAL back into the database file, with its fsync) run on their
        // own thread, so a commit never waits for one.
        writer.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        let checkpointer = open_conn(path)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = stop.clone();
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(checkpointer, stop_flag))
            .map_err(|e| StoreError::Backend(format!("cannot start the checkpoint thread: {e}")))?;
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(writer, queue))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                stop,
                jobs,
                readers: Mutex::new(Vec::new()),
                path: path.to_string(),
            }),
        })
    }

    pub(super) async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let result = f(conn);
            Box::new(move |commit: Result<(), String>| {
                let out = match (result, commit) {
                    (Ok(v), Ok(())) => Ok(v),
                    (Ok(_), Err(e)) => Err(StoreError::Backend(format!("commit failed: {e}"))),
                    (Err(e), _) => Err(e),
                };
                let _ = tx.send(out);
            })
        });
        self.inner
            .jobs
            .send(job)
            .map_err(|_| StoreError::Backend("the writer thread has stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Backend("the writer thread dropped a job".into()))?
    }

    pub(super) async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let taken = inner
                .readers
                .lock()
                .map_err(|_| StoreError::Backend("pool lock poisoned".into()))?
                .pop();
            let conn = match taken {
                Some(c) => c,
                None => open_conn(&inner.path)?,
            };
            let out = f(&conn);
            if let Ok(mut pool) = inner.readers.lock() {
                if pool.len() < READERS {
                    pool.push(conn);
                }
            }
            out
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
    }
}

/// The writer thread: group commit. Each job opens its own savepoint, so one failing job rolls
/// back alone; callers hear their results only after the group's COMMIT returned.
fn writer_loop(mut conn: Connection, queue: std::sync::mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut group = vec![first];
        while group.len() < GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let in_tx = conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        let replies: Vec<Reply> = group.into_iter().map(|job| job(&mut conn)).collect();
        let outcome = if in_tx {
            conn.execute_batch("COMMIT").map_err(|e| {
                let _ = conn.execute_batch("ROLLBACK");
                e.to_string()
            })
        } else {
            Ok(())
        };
        for reply in replies {
            reply(outcome.clone());
        }
    }
}

/// Every quarter second, copy what the WAL holds into the database without blocking anyone.
/// Once the WAL holds more than `RESTART_WAL_BYTES`, ask for a restart: the next commit writes
/// from the start of the file again, over pages the kernel already caches, instead of growing
/// the file (a file grown to a gigabyte by a burst of intake made every commit allocate fresh
/// pages). The checkpoint connection gives up after a short wait, so a long read never holds
/// up writers. On stop, the WAL is truncated. Stops when the store's writer is gone (the
/// database file can no longer change).
fn checkpoint_loop(conn: Connection, stop: Arc<AtomicBool>) {
    const RESTART_WAL_BYTES: i64 = 32 << 20;
    let _ = conn.busy_timeout(std::time::Duration::from_millis(50));
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap_or(4096);
    let restart_frames = RESTART_WAL_BYTES / page_size.max(512);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(250));
        if stop.load(Ordering::Relaxed) {
            let _ = conn.busy_timeout(std::time::Duration::from_secs(10));
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            return;
        }
        let frames: rusqlite::Result<(i64, i64, i64)> =
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            });
        match frames {
            Ok((_, log, _)) if log > restart_frames => {
                let _ = conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()));
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
}
