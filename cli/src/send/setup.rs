//! A run's settings and files, found before anything is read or sent:
//! the merchant, the environment, the client's settings, the journal and
//! results paths, the input's lock.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use juspay_customer::{BaseUrl, Environment, MerchantId};
use juspay_customer_client::Settings;

use crate::args::{EnvironmentArg, SendArgs};
use crate::error::Fatal;
use crate::outputs;

/// `INPUT.SUFFIX` beside the input.
pub(super) fn beside(input: &Path, suffix: &str) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    input.with_file_name(name)
}

pub(super) fn merchant_id(args: &SendArgs) -> Result<MerchantId, Fatal> {
    let text = match &args.merchant_id {
        Some(m) => m.clone(),
        None => std::env::var("JUSPAY_MERCHANT_ID")
            .map_err(|_| Fatal("no merchant id: pass --merchant-id or set JUSPAY_MERCHANT_ID".into()))?,
    };
    MerchantId::new(text).map_err(|e| Fatal(format!("the merchant id: {e}")))
}

pub(super) fn environment(args: &SendArgs) -> Result<Environment, Fatal> {
    if let Some(url) = &args.base_url {
        return BaseUrl::new(url)
            .map(Environment::Custom)
            .map_err(|e| Fatal(format!("--base-url: {e}")));
    }
    Ok(match args.environment {
        EnvironmentArg::Sandbox => Environment::Sandbox,
        EnvironmentArg::Production => Environment::Production,
    })
}

/// The client's settings for a run: the flags' attempts, timeout, rate and
/// concurrency; no deadline per record (a migration waits out the plan).
pub(super) fn settings(args: &SendArgs) -> Settings {
    let mut settings = Settings::default();
    settings.retry.max_attempts = args.max_attempts;
    settings.connect_timeout = Duration::from_secs_f64(args.timeout);
    settings.attempt_timeout = Duration::from_secs_f64(args.timeout);
    settings.deadline = None;
    settings.concurrency = NonZeroUsize::new(usize::from(args.concurrency));
    settings.rate = args.rate.0;
    settings
}

/// The run's files.
pub(super) struct Paths {
    pub(super) journal: PathBuf,
    pub(super) results: PathBuf,
    /// The input's lock, held to the end of the run; none for a dry run,
    /// which sends nothing and keeps nothing.
    pub(super) _lock: Option<std::fs::File>,
}

impl Paths {
    /// The journal and results paths, refused before anything is read when
    /// one is the input or the other, when another run holds the input, or
    /// (for a new run) when one exists already.
    pub(super) fn of(args: &SendArgs) -> Result<Paths, Fatal> {
        let input = &args.file;
        if input.as_os_str() == "-" {
            return Err(Fatal(
                "send reads a file, twice (standard input cannot be read again)".into(),
            ));
        }
        let journal = args.journal.clone().unwrap_or_else(|| beside(input, ".journal"));
        let results = args
            .results
            .clone()
            .unwrap_or_else(|| beside(input, ".results.csv"));
        outputs::refuse_collisions(&[
            ("the input", input),
            ("--journal", &journal),
            ("--results", &results),
        ])?;
        // Before the journal is looked at: a second run meets the first's
        // lock, whatever stage the first has reached.
        let lock = if args.dry_run {
            None
        } else {
            Some(lock_input(input)?)
        };
        if !args.resume && journal.exists() {
            return Err(Fatal(format!(
                "the journal {} exists: resume that run with --resume; or remove it (with its -wal file, if there is one) and the results to start over, sending with --operation get-or-create so that customers the first run made are taken as they are, not failed as already_exists",
                journal.display()
            )));
        }
        if !args.resume && results.exists() && !outputs::in_place(&results) {
            return Err(Fatal(format!(
                "{} exists: refusing to overwrite it (choose another --results)",
                results.display()
            )));
        }
        Ok(Paths {
            journal,
            results,
            _lock: lock,
        })
    }
}

/// An exclusive lock on the input for the whole run (an advisory lock of
/// the operating system: `flock` on Unix, `LockFileEx` on Windows, released
/// when the process ends, however it ends). A second `send` on the same
/// file is refused at once, before it reads a record or sends anything:
/// two runs would both send every record and share the journal's files.
pub(super) fn lock_input(input: &Path) -> Result<std::fs::File, Fatal> {
    let name = input.display();
    let file = std::fs::File::open(input).map_err(|e| Fatal::io(format!("cannot open {name}"), &e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Fatal(format!(
            "another juspay-customer send is running on {name}: let it finish, or stop it and run again with --resume"
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Fatal::io(format!("cannot lock {name}"), &e)),
    }
}

/// Removes files when dropped (a first pass that did not finish).
pub(super) struct RemoveOnDrop(pub(super) Vec<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}
