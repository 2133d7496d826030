//! Where `check` writes: the verdicts (standard output, a file or nowhere)
//! and the optional files of valid and refused records.
//!
//! - Before anything is read, no output may be the input or another output
//!   (compared as files: device and inode, so `./a.csv`, a hard link and a
//!   symlink are caught), or the run would destroy its own input.
//! - A file is written under a temporary name beside its target and renamed
//!   onto it only when the run completes, so an interrupted or failed run
//!   never leaves a file that looks finished (the temporary one is removed).
//!   Its bytes are synced to disk before the rename and the directory after
//!   it, so that a power cut leaves either no file or the whole one, never a
//!   short file under the final name.
//! - A write error names its file. A closed standard output ends the run
//!   quietly when it is the only output; with output files open, the
//!   verdicts stop and the files are still written whole.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{ClosedPipe, Fatal, Stop};

/// One output: its writer and the name to put in an error message.
pub(crate) struct Output {
    writer: BufWriter<Box<dyn Write>>,
    name: String,
    kind: Kind,
    /// A JSON array of records: `Some(false)` until the first is written.
    /// Each record arrives as `,\n` and the element; the first `,` becomes
    /// the `[` and `commit` closes the array.
    array: Option<bool>,
}

enum Kind {
    /// Standard output; `keep_going`: other outputs are open, so a closed
    /// pipe only stops the verdicts. `closed`: it has been.
    Stdout { keep_going: bool, closed: bool },
    /// A writer of the program's own (`send` reading verdicts).
    Writer,
    /// A file being written at `partial`, renamed to `target` by `commit`;
    /// `file` is a second handle to it, to sync it.
    File {
        partial: PathBuf,
        target: PathBuf,
        file: std::fs::File,
    },
    /// A file renamed onto its target: nothing left to remove.
    Committed,
}

impl Output {
    /// Standard output. With `keep_going`, a closed pipe silences it
    /// instead of ending the run.
    pub(crate) fn stdout(keep_going: bool) -> Self {
        Output {
            writer: BufWriter::with_capacity(1 << 18, Box::new(io::stdout())),
            name: "standard output".to_owned(),
            kind: Kind::Stdout {
                keep_going,
                closed: false,
            },
            array: None,
        }
    }

    /// Any writer, named `name` in errors.
    pub(crate) fn writer(name: &str, writer: Box<dyn Write>) -> Self {
        Output {
            writer: BufWriter::with_capacity(1 << 16, writer),
            name: name.to_owned(),
            kind: Kind::Writer,
            array: None,
        }
    }

    /// A new file for `path`, written beside it as `.NAME.partial-PID`.
    pub(crate) fn create(path: &Path) -> Result<Self, Fatal> {
        let partial = partial_name(path);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .map_err(|e| Fatal::io(format!("cannot create {}", path.display()), &e))?;
        let handle = file
            .try_clone()
            .map_err(|e| Fatal::io(format!("cannot create {}", path.display()), &e))?;
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 18, Box::new(file) as Box<dyn Write>),
            name: path.display().to_string(),
            kind: Kind::File {
                partial,
                target: path.to_path_buf(),
                file: handle,
            },
            array: None,
        })
    }

    /// Makes this output a JSON array of the records written to it.
    pub(crate) fn into_array(mut self) -> Self {
        self.array = Some(false);
        self
    }

    /// A file when a path is given.
    pub(crate) fn optional(path: Option<&PathBuf>) -> Result<Option<Self>, Fatal> {
        path.map(|p| Output::create(p)).transpose()
    }

    fn failed(&self, e: &io::Error) -> Stop {
        match self.kind {
            Kind::Stdout { .. } if e.kind() == io::ErrorKind::BrokenPipe => ClosedPipe.into(),
            _ => Fatal::io(format!("writing {}", self.name), e).into(),
        }
    }

    /// Whether a closed standard output is to be swallowed: marks it closed.
    fn silence(&mut self, e: &io::Error) -> bool {
        match &mut self.kind {
            Kind::Stdout {
                keep_going: true,
                closed,
            } if e.kind() == io::ErrorKind::BrokenPipe => {
                *closed = true;
                true
            }
            _ => false,
        }
    }

    fn is_closed(&self) -> bool {
        matches!(self.kind, Kind::Stdout { closed: true, .. })
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        if self.is_closed() {
            return Ok(());
        }
        let bytes = match (self.array, bytes.split_first()) {
            (Some(false), Some((b',', rest))) => {
                self.array = Some(true);
                self.write_all(b"[")?;
                rest
            }
            _ => bytes,
        };
        self.write_all(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        match self.writer.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) if self.silence(&e) => Ok(()),
            Err(e) => Err(self.failed(&e)),
        }
    }

    /// Flushes, and for a file renames it onto its target: the run is
    /// complete.
    pub(crate) fn commit(mut self) -> Result<(), Stop> {
        if self.is_closed() {
            return Ok(());
        }
        match self.array {
            Some(true) => self.write_all(b"\n]\n")?,
            Some(false) => self.write_all(b"[]\n")?,
            None => {}
        }
        match self.writer.flush() {
            Ok(()) => {}
            Err(e) if self.silence(&e) => return Ok(()),
            Err(e) => return Err(self.failed(&e)),
        }
        if let Kind::File {
            partial,
            target,
            file,
        } = &self.kind
        {
            file.sync_all()
                .map_err(|e| Fatal::io(format!("writing {}", self.name), &e))?;
            std::fs::rename(partial, target).map_err(|e| {
                Fatal::io(
                    format!("cannot rename {} to {}", partial.display(), self.name),
                    &e,
                )
            })?;
            sync_dir(target);
            self.kind = Kind::Committed;
        }
        Ok(())
    }
}

impl Drop for Output {
    /// An output dropped without `commit` belongs to a run that did not
    /// finish: its temporary file is removed, the target left as it was.
    fn drop(&mut self) {
        if let Kind::File { partial, .. } = &self.kind {
            let _ = std::fs::remove_file(partial);
        }
    }
}

/// Syncs the directory holding `path`, so that a rename into it outlives a
/// power cut. Best effort: some file systems cannot sync a directory (and
/// Windows cannot open one), and the file itself is synced already.
pub(crate) fn sync_dir(path: &Path) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `dir/.NAME.partial-PID` for `dir/NAME`.
pub(crate) fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Writes to an optional output.
pub(crate) fn write_opt(out: &mut Option<Output>, bytes: &[u8]) -> Result<(), Stop> {
    match out {
        Some(o) if !bytes.is_empty() => o.write(bytes),
        _ => Ok(()),
    }
}

/// A file as the system knows it: device and inode when it exists, else the
/// absolute path it would have (its parent resolved).
#[derive(PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(Identity::Inode(meta.dev(), meta.ino()));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(Identity::Path(parent.join(path.file_name()?)))
}

/// Refuses, before anything is read or created, an output that is the
/// input or another output. `files` are (flag, path) pairs, the input
/// first as `("the input", path)`.
pub(crate) fn refuse_collisions(files: &[(&str, &Path)]) -> Result<(), Fatal> {
    let ids: Vec<Option<Identity>> = files.iter().map(|(_, p)| identity(p)).collect();
    for (i, (flag, path)) in files.iter().enumerate() {
        for (j, (other_flag, other)) in files.iter().enumerate().take(i) {
            if ids[i].is_some() && ids[i] == ids[j] {
                return Err(Fatal(format!(
                    "{flag} {} is the same file as {other_flag} {}: refusing to overwrite it",
                    path.display(),
                    other.display()
                )));
            }
        }
    }
    Ok(())
}
