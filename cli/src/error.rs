//! How a command fails: a message for the user (exit status 2), or a
//! closed standard output (a quiet end).

use std::io;

/// An I/O failure, already worded for the user (never a value of a
/// record, a key or a merchant id): exit status 2.
#[derive(Debug)]
pub(crate) struct Fatal(pub(crate) String);

impl Fatal {
    /// `what` failed with `error`, naming the file.
    pub(crate) fn io(what: impl std::fmt::Display, error: &io::Error) -> Self {
        Fatal(format!("{what}: {error}"))
    }
}

/// Ends the run because standard output was closed (`| head -1`).
pub(crate) struct ClosedPipe;

pub(crate) enum Stop {
    Fatal(Fatal),
    ClosedPipe(ClosedPipe),
}

impl From<Fatal> for Stop {
    fn from(f: Fatal) -> Self {
        Stop::Fatal(f)
    }
}

impl From<ClosedPipe> for Stop {
    fn from(c: ClosedPipe) -> Self {
        Stop::ClosedPipe(c)
    }
}
