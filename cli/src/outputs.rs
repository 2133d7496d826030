//! Where `check` writes: the verdicts (standard output, a file or nowhere)
//! and the optional files of valid and refused records. A write error names
//! its file; a closed standard output ends the run quietly.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{ClosedPipe, Fatal, Stop};

/// One output: its writer and the name to put in an error message.
pub(crate) struct Output {
    writer: Box<dyn Write>,
    name: String,
    stdout: bool,
}

impl Output {
    /// Standard output.
    pub(crate) fn stdout() -> Self {
        Output {
            writer: Box::new(BufWriter::with_capacity(1 << 18, io::stdout())),
            name: "standard output".to_owned(),
            stdout: true,
        }
    }

    /// A new file at `path` (replaced if it exists).
    pub(crate) fn create(path: &Path) -> Result<Self, Fatal> {
        let file =
            File::create(path).map_err(|e| Fatal::io(format!("cannot create {}", path.display()), &e))?;
        Ok(Output {
            writer: Box::new(BufWriter::with_capacity(1 << 18, file)),
            name: path.display().to_string(),
            stdout: false,
        })
    }

    /// A file when a path is given.
    pub(crate) fn optional(path: Option<&PathBuf>) -> Result<Option<Self>, Fatal> {
        path.map(|p| Output::create(p)).transpose()
    }

    fn failed(&self, e: &io::Error) -> Stop {
        if self.stdout && e.kind() == io::ErrorKind::BrokenPipe {
            ClosedPipe.into()
        } else {
            Fatal::io(format!("writing {}", self.name), e).into()
        }
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        match self.writer.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.failed(&e)),
        }
    }

    pub(crate) fn flush(&mut self) -> Result<(), Stop> {
        match self.writer.flush() {
            Ok(()) => Ok(()),
            Err(e) => Err(self.failed(&e)),
        }
    }
}

/// Writes to an optional output.
pub(crate) fn write_opt(out: &mut Option<Output>, bytes: &[u8]) -> Result<(), Stop> {
    match out {
        Some(o) if !bytes.is_empty() => o.write(bytes),
        _ => Ok(()),
    }
}
