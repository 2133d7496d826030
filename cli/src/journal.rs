//! `send`'s journal: one SQLite file (WAL) holding every record's state, so
//! a run that dies at any moment can be resumed without sending a record
//! twice or re-creating one that may have been created.
//!
//! It holds what resuming needs and nothing more: each record's number in
//! the file (its key: a one-line JSON array holds many records on one
//! line) and the line it starts on, its
//! `object_reference_id` (the key Get or Create resolves by, and the check
//! that the input did not change), a 24-bit digest of the body it sends
//! (the check that its content did not change either), state, last
//! operation, attempts, the customer id, a failure's kind and whether
//! resuming sends it again; for the run, a salted SHA-256 of the merchant
//! id, so that a resume as another merchant is refused. Never a mobile
//! number, email, name, key, merchant id or token.
//!
//! The digest is the first 24 bits of SHA-256(salt ‖ form body), with 16
//! random bytes of salt per journal: a check, not an identity. A changed
//! record passes it by chance once in 16.7 million; it is that short so
//! that the journal cannot confirm a guessed body (a record of an id and a
//! ten-digit mobile number alone shares its digest with hundreds of other
//! numbers), and it is salted so that two journals' digests never compare.
//!
//! Durability: a record is marked `sent` ("may have been sent") before its
//! request leaves, in batches of up to the queue's length, each batch
//! committed with `synchronous=FULL` (the WAL synced to disk), so that not
//! even a power cut can lose the mark of a request that went out. Every
//! other write (attempts, an outcome) is its own transaction with
//! `synchronous=NORMAL`: it survives the process being killed (`kill -9`,
//! Ctrl-C, a panic); a power cut may lose the last few, which then read as
//! `sent`, and a resume settles those with Get or Create (SQLite's "WAL
//! mode" and "PRAGMA synchronous" documentation).
//!
//! Over 500 lines: one schema and the queries on it belong together (a
//! state written here is read there); 68 lines are tests.

use std::path::Path;
use std::sync::Mutex;

use juspay_customer::MerchantId;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Fatal;

/// The journal's layout version, in `run`.
/// 2: records are keyed by their number in the file, not their line (a
/// one-line JSON array holds many records on line 1).
/// 3: each record has a digest of its body, the run a salt for it.
const VERSION: &str = "3";

const SCHEMA: &str = "
CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    record INTEGER PRIMARY KEY,
    line INTEGER NOT NULL,
    object_reference_id TEXT NOT NULL UNIQUE,
    digest INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'created', 'existing', 'failed')),
    operation TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    customer_id TEXT,
    failure TEXT,
    resend INTEGER NOT NULL DEFAULT 1
);
";

/// A record's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Not sent yet.
    Pending,
    /// A request went out and its outcome is not known: it may have been
    /// carried out.
    Sent,
    /// Create returned the customer.
    Created,
    /// Get or Create returned the customer: it existed already (maybe from
    /// an earlier attempt whose answer was lost) or that call made it.
    Existing,
    /// The call failed; `failure` says how.
    Failed,
}

impl State {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sent => "sent",
            State::Created => "created",
            State::Existing => "existing",
            State::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<State> {
        Some(match s {
            "pending" => State::Pending,
            "sent" => State::Sent,
            "created" => State::Created,
            "existing" => State::Existing,
            "failed" => State::Failed,
            _ => return None,
        })
    }
}

/// One record's row.
pub(crate) struct Row {
    /// The line the record starts on.
    pub(crate) line: u64,
    pub(crate) object_reference_id: String,
    /// The digest of the body it sends (`Journal::digest`).
    pub(crate) digest: u32,
    pub(crate) state: State,
    pub(crate) attempts: u32,
    pub(crate) customer_id: Option<String>,
    pub(crate) failure: Option<String>,
    /// A failed record may be sent again on `--resume`: false when the
    /// server refused the record itself (400).
    pub(crate) resend: bool,
}

/// What the run was: resuming checks it is the same.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RunInfo {
    /// `create` or `get-or-create`.
    pub(crate) operation: String,
    /// The base URL requests go to.
    pub(crate) base_url: String,
    /// The merchant this run sends as (none in a dry run, which keeps no
    /// journal). The journal keeps a salted SHA-256 of it, not the id.
    pub(crate) merchant: Option<MerchantId>,
}

/// `SALT:SHA-256(SALT || merchant id)` in hex, with 16 random bytes of salt:
/// the journal can tell the run's merchant again without naming it.
fn merchant_fingerprint(merchant: &MerchantId, salt: &[u8]) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(salt);
    context.update(merchant.as_str().as_bytes());
    format!("{}:{}", hex(salt), hex(context.finish().as_ref()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// 16 random bytes.
fn salt() -> Result<[u8; 16], Fatal> {
    let mut salt = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut salt)
        .map_err(|_| Fatal("no randomness for the journal's salt".into()))?;
    Ok(salt)
}

/// An open journal, shared by the workers (one write at a time).
pub(crate) struct Journal {
    conn: Mutex<Connection>,
    name: String,
    /// The salt of the records' digests.
    salt: Vec<u8>,
}

/// Inserting a record whose `object_reference_id` an earlier line has.
pub(crate) struct Duplicate {
    pub(crate) first_line: u64,
}

/// Another process holds the journal.
fn in_use(name: &str) -> Fatal {
    Fatal(format!(
        "the journal {name} is in use by another juspay-customer send; let it finish, or stop it and --resume"
    ))
}

fn failed(name: &str, e: &rusqlite::Error) -> Fatal {
    Fatal(format!("journal {name}: {e}"))
}

impl Journal {
    /// Opens the file and takes it for this process alone (SQLite's
    /// exclusive locking mode, held until the process ends): a second
    /// `send` on the same journal is refused at once rather than sending
    /// the same records, and each write takes no file locks.
    fn open_conn(path: &Path, name: &str) -> Result<Connection, Fatal> {
        let conn = Connection::open(path).map_err(|e| failed(name, &e))?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .and_then(|()| conn.pragma_update(None, "journal_mode", "WAL"))
            .and_then(|()| conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|()| conn.execute_batch("BEGIN IMMEDIATE; COMMIT;"))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => in_use(name),
                _ => failed(name, &e),
            })?;
        Ok(conn)
    }

    /// A new journal at `path`, which must not exist yet.
    pub(crate) fn create(path: &Path, info: &RunInfo) -> Result<Journal, Fatal> {
        let name = path.display().to_string();
        let merchant = match &info.merchant {
            Some(m) => merchant_fingerprint(m, &salt()?),
            None => String::new(),
        };
        let digest_salt = salt()?;
        // create_new: never open an existing file as a new journal.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| Fatal::io(format!("cannot create the journal {name}"), &e))?;
        let conn = Journal::open_conn(path, &name)?;
        conn.execute_batch(SCHEMA).map_err(|e| failed(&name, &e))?;
        for (key, value) in [
            ("version", VERSION),
            ("operation", info.operation.as_str()),
            ("base_url", info.base_url.as_str()),
            ("merchant", merchant.as_str()),
            ("salt", hex(&digest_salt).as_str()),
            ("complete", "false"),
        ] {
            conn.execute(
                "INSERT INTO run (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(|e| failed(&name, &e))?;
        }
        Ok(Journal {
            conn: Mutex::new(conn),
            name,
            salt: digest_salt.to_vec(),
        })
    }

    /// Whether `path` is a send journal, read without writing: another
    /// program's SQLite file given as `--journal` is refused as it was,
    /// never switched to WAL or locked first.
    fn read_only_check(path: &Path, name: &str) -> Result<(), Fatal> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| failed(name, &e))?;
        let version = conn
            .query_row("SELECT value FROM run WHERE key = 'version'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional();
        match version {
            Ok(Some(_)) => Ok(()),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                Err(in_use(name))
            }
            // No `run` table, no version in it, or not SQLite at all.
            _ => Err(Fatal(format!("{name} is not a send journal (no run version)"))),
        }
    }

    /// An existing journal, and what its run was.
    pub(crate) fn open(path: &Path) -> Result<(Journal, RunInfo), Fatal> {
        let name = path.display().to_string();
        if !path.is_file() {
            return Err(Fatal(format!(
                "no journal {name} to resume (a first run makes it; leave out --resume)"
            )));
        }
        Journal::read_only_check(path, &name)?;
        let conn = Journal::open_conn(path, &name)?;
        let get = |key: &str| -> Result<String, Fatal> {
            conn.query_row("SELECT value FROM run WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .map_err(|e| failed(&name, &e))?
                .ok_or_else(|| Fatal(format!("{name} is not a send journal (no {key})")))
        };
        let version = get("version")?;
        if version != VERSION {
            return Err(Fatal(format!(
                "journal {name} has layout {version}; this juspay-customer reads layout {VERSION}"
            )));
        }
        if get("complete")? != "true" {
            return Err(Fatal(format!(
                "journal {name} was never completed: its first run stopped while checking the input, before anything was sent; remove it and run without --resume"
            )));
        }
        let info = RunInfo {
            operation: get("operation")?,
            base_url: get("base_url")?,
            merchant: None,
        };
        let salt = unhex(&get("salt")?)
            .filter(|s| s.len() == 16)
            .ok_or_else(|| Fatal(format!("{name} is not a send journal (its salt is not 16 bytes)")))?;
        Ok((
            Journal {
                conn: Mutex::new(conn),
                name,
                salt,
            },
            info,
        ))
    }

    /// Closes the file, folding its WAL in.
    pub(crate) fn close(self) -> Result<(), Fatal> {
        let conn = self
            .conn
            .into_inner()
            .map_err(|_| Fatal(format!("journal {}: a writer panicked", self.name)))?;
        conn.close().map_err(|(_, e)| failed(&self.name, &e))
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, Fatal> {
        self.conn
            .lock()
            .map_err(|_| Fatal(format!("journal {}: a writer panicked", self.name)))
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, Fatal> {
        f(&*self.lock()?).map_err(|e| failed(&self.name, &e))
    }

    /// Starts the one transaction the first pass writes in.
    pub(crate) fn begin(&self) -> Result<(), Fatal> {
        self.with(|c| c.execute_batch("BEGIN"))
    }

    /// Ends it, marking the journal complete: every record is in.
    pub(crate) fn commit_complete(&self) -> Result<(), Fatal> {
        self.with(|c| {
            c.execute("UPDATE run SET value = 'true' WHERE key = 'complete'", [])?;
            c.execute_batch("COMMIT")
        })
    }

    /// The digest of a record's form body: the first 24 bits of
    /// SHA-256(salt ‖ body).
    pub(crate) fn digest(&self, body: &str) -> u32 {
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        context.update(&self.salt);
        context.update(body.as_bytes());
        let d = context.finish();
        let d = d.as_ref();
        u32::from_be_bytes([0, d[0], d[1], d[2]])
    }

    /// Adds record number `record` (from 1), which starts on `line` and
    /// sends `body`, as pending; `Err` names the line that had its id first.
    pub(crate) fn insert(
        &self,
        record: u64,
        line: u64,
        object_reference_id: &str,
        body: &str,
    ) -> Result<Result<(), Duplicate>, Fatal> {
        let digest = self.digest(body);
        self.with(|c| {
            let mut insert = c.prepare_cached(
                "INSERT INTO records (record, line, object_reference_id, digest, state) VALUES (?1, ?2, ?3, ?4, 'pending')
                 ON CONFLICT (object_reference_id) DO NOTHING",
            )?;
            if insert.execute(params![record as i64, line as i64, object_reference_id, digest])? == 1 {
                return Ok(Ok(()));
            }
            let first: i64 = c
                .prepare_cached("SELECT line FROM records WHERE object_reference_id = ?1")?
                .query_row([object_reference_id], |r| r.get(0))?;
            Ok(Err(Duplicate {
                first_line: first as u64,
            }))
        })
    }

    /// The row of record number `record`.
    pub(crate) fn get(&self, record: u64) -> Result<Option<Row>, Fatal> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT line, object_reference_id, digest, state, attempts, customer_id, failure, resend FROM records WHERE record = ?1",
            )?
            .query_row([record as i64], row)
            .optional()
        })
    }

    /// How many records the journal holds.
    pub(crate) fn len(&self) -> Result<u64, Fatal> {
        self.with(|c| c.query_row("SELECT count(*) FROM records", [], |r| r.get::<_, i64>(0)))
            .map(|n| n as u64)
    }

    /// Whether the journal's run sent as `merchant`.
    pub(crate) fn is_merchant(&self, merchant: &MerchantId) -> Result<bool, Fatal> {
        let stored: String =
            self.with(|c| c.query_row("SELECT value FROM run WHERE key = 'merchant'", [], |r| r.get(0)))?;
        let salt = stored
            .split_once(':')
            .and_then(|(salt, _)| unhex(salt))
            .unwrap_or_default();
        Ok(merchant_fingerprint(merchant, &salt) == stored)
    }

    /// The run's operation from now on (a Create run resumed with Get or
    /// Create keeps to it).
    pub(crate) fn set_operation(&self, operation: &str) -> Result<(), Fatal> {
        self.update(
            "UPDATE run SET value = ?1 WHERE key = 'operation'",
            params![operation],
        )
    }

    /// One record's row changed.
    fn update(&self, sql: &str, params: impl rusqlite::Params) -> Result<(), Fatal> {
        self.with(|c| c.prepare_cached(sql)?.execute(params).map(drop))
    }

    /// Before records are handed to the senders: each may be sent from now
    /// on. One transaction, committed with the WAL synced to disk
    /// (`synchronous=FULL` for it alone), so that the mark outlives a power
    /// cut; the writes before it are synced with it.
    pub(crate) fn may_send(&self, records: &[u64]) -> Result<(), Fatal> {
        if records.is_empty() {
            return Ok(());
        }
        self.with(|c| {
            c.pragma_update(None, "synchronous", "FULL")?;
            let marked = (|| {
                let tx = c.unchecked_transaction()?;
                {
                    let mut mark = tx.prepare_cached(
                        "UPDATE records SET state = 'sent' WHERE record = ?1 AND state IN ('pending', 'failed')",
                    )?;
                    for record in records {
                        mark.execute([*record as i64])?;
                    }
                }
                tx.commit()
            })();
            c.pragma_update(None, "synchronous", "NORMAL")?;
            marked
        })
    }

    /// Before a request: `operation` goes out, as attempt `attempts`.
    pub(crate) fn sent(&self, record: u64, operation: &str, attempts: u32) -> Result<(), Fatal> {
        self.update(
            "UPDATE records SET state = 'sent', operation = ?2, attempts = ?3 WHERE record = ?1",
            params![record as i64, operation, attempts],
        )
    }

    /// After the call: the customer it gave.
    pub(crate) fn done(&self, record: u64, state: State, customer_id: &str) -> Result<(), Fatal> {
        self.update(
            "UPDATE records SET state = ?2, customer_id = ?3, failure = NULL WHERE record = ?1",
            params![record as i64, state.as_str(), customer_id],
        )
    }

    /// After the call: its failure, and whether resuming sends it again.
    pub(crate) fn failed(&self, record: u64, failure: &str, resend: bool) -> Result<(), Fatal> {
        self.update(
            "UPDATE records SET state = 'failed', failure = ?2, resend = ?3 WHERE record = ?1",
            params![record as i64, failure, resend],
        )
    }

    /// Every row in the file's order, handed to `each`.
    pub(crate) fn each(
        &self,
        mut each: impl FnMut(Row) -> Result<(), crate::Stop>,
    ) -> Result<(), crate::Stop> {
        let conn = self.lock()?;
        let mut stmt = conn
            .prepare(
                "SELECT line, object_reference_id, digest, state, attempts, customer_id, failure, resend FROM records ORDER BY record",
            )
            .map_err(|e| failed(&self.name, &e))?;
        let rows = stmt.query_map([], row).map_err(|e| failed(&self.name, &e))?;
        for r in rows {
            each(r.map_err(|e| failed(&self.name, &e))?)?;
        }
        Ok(())
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let state: String = r.get(3)?;
    Ok(Row {
        line: r.get::<_, i64>(0)? as u64,
        object_reference_id: r.get(1)?,
        digest: r.get(2)?,
        state: State::parse(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, "unknown state".into())
        })?,
        attempts: r.get(4)?,
        customer_id: r.get(5)?,
        failure: r.get(6)?,
        resend: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(name: &str) -> (Journal, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("juspay-journal-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.journal");
        let info = RunInfo {
            operation: "create".into(),
            base_url: "http://127.0.0.1:9".into(),
            merchant: None,
        };
        (Journal::create(&path, &info).unwrap(), path)
    }

    /// `may_send` marks pending and failed records `sent` (never a done
    /// one), and puts `synchronous` back to NORMAL (1) for the other writes.
    #[test]
    fn may_send_marks_and_restores_normal_sync() {
        let (j, _) = journal("may-send");
        j.begin().unwrap();
        for r in 1..=4u64 {
            j.insert(r, r + 1, &format!("cust_{r:08}"), "body")
                .unwrap()
                .ok()
                .unwrap();
        }
        j.commit_complete().unwrap();
        j.done(2, State::Created, "cst_2").unwrap();
        j.failed(3, "unexpected (status 503)", true).unwrap();
        j.may_send(&[1, 2, 3]).unwrap();
        let states: Vec<State> = (1..=4).map(|r| j.get(r).unwrap().unwrap().state).collect();
        assert_eq!(states, [State::Sent, State::Created, State::Sent, State::Pending]);
        let sync: i64 = j
            .with(|c| c.query_row("PRAGMA synchronous", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(sync, 1, "NORMAL");
    }

    /// The digest is 24 bits, differs with the body and with the journal's
    /// salt, and reads back from the journal.
    #[test]
    fn digests_are_salted_per_journal() {
        let (a, path) = journal("digest-a");
        let (b, _) = journal("digest-b");
        let body = "object_reference_id=cust_00000001&mobile_number=9876543210";
        assert!(a.digest(body) < 1 << 24);
        assert_ne!(
            a.digest(body),
            a.digest("object_reference_id=cust_00000001&mobile_number=9876543211")
        );
        assert_ne!(
            a.digest(body),
            b.digest(body),
            "another salt (a 1 in 16.7 million chance of equal)"
        );
        a.begin().unwrap();
        a.insert(1, 2, "cust_00000001", body).unwrap().ok().unwrap();
        a.commit_complete().unwrap();
        let want = a.digest(body);
        a.close().unwrap();
        let (a, _) = Journal::open(&path).unwrap();
        assert_eq!(a.get(1).unwrap().unwrap().digest, want);
        assert_eq!(a.digest(body), want, "the salt is the journal's");
    }
}
