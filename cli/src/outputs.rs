//! Where `check` writes: the verdicts (standard output, a file or nowhere)
//! and the optional files of valid and refused records.
//!
//! - Before anything is read, no output may be the input or another output
//!   (compared as files: device and inode, so `./a.csv`, a hard link and a
//!   symlink are caught), or the run would destroy its own input.
//! - A regular file (or a new path) is written under a temporary name
//!   beside its target and renamed onto it only when the run completes, so
//!   an interrupted or failed run never leaves a file that looks finished
//!   (the temporary one is removed). Its bytes are synced to disk before the
//!   rename and the directory after it, so that a power cut leaves either no
//!   file or the whole one, never a short file under the final name. A
//!   symbolic link stays a link: the file it names is the one replaced.
//! - Anything else (a FIFO, a process substitution `>(gzip > x.gz)`, a
//!   character device such as `/dev/null`, a socket, and every path under
//!   `/dev/` or `/proc/`, `/dev/stdout` among them) is opened as it is and
//!   written in place: renaming a file over it would destroy it, or leave
//!   its reader with nothing. Its reader sees the bytes as they come; a
//!   failed write (`/dev/full`) ends the run with status 2.
//! - A write error names its file. A closed standard output ends the run
//!   quietly when it is the only output; with output files open, the
//!   verdicts stop and the files are still written whole.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{ClosedPipe, Fatal, Stop};

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
    /// A file being written at `partial`, renamed to `target` by `commit`;
    /// `file` is a second handle to it, to sync it.
    File {
        partial: PathBuf,
        target: PathBuf,
        file: std::fs::File,
    },
    /// A target that is not a regular file, written in place.
    InPlace,
    /// A file renamed onto its target: nothing left to remove.
    Committed,
}

/// The outputs' buffer. A chunk's output (a verdict chunk is some 200
/// KiB) at least this long goes straight to the file or pipe, where a
/// larger buffer took a copy of it first (about 200 instructions a record
/// on the thread that also reads); shorter writes are gathered.
const BUFFER: usize = 1 << 16;

impl Output {
    /// Standard output. With `keep_going`, a closed pipe silences it
    /// instead of ending the run.
    pub(crate) fn stdout(keep_going: bool) -> Self {
        Output {
            writer: BufWriter::with_capacity(BUFFER, Box::new(io::stdout())),
            name: "standard output".to_owned(),
            kind: Kind::Stdout {
                keep_going,
                closed: false,
            },
            array: None,
        }
    }

    /// The output for `path`: a FIFO, a device or anything under `/dev/`
    /// or `/proc/` opened in place; otherwise a new file written beside
    /// its target (the file a symbolic link names) as `.NAME.partial-PID`.
    pub(crate) fn create(path: &Path) -> Result<Self, Fatal> {
        match target(path) {
            Target::InPlace => Output::in_place(path),
            Target::Replace(target) => Output::beside(path, &target),
        }
    }

    /// Opens `path` as it is (never created, never truncated: a device or
    /// a FIFO has nothing to truncate) and writes to it directly.
    fn in_place(path: &Path) -> Result<Self, Fatal> {
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Fatal::io(format!("cannot open {}", path.display()), &e))?;
        Ok(Output {
            writer: BufWriter::with_capacity(BUFFER, Box::new(file) as Box<dyn Write>),
            name: path.display().to_string(),
            kind: Kind::InPlace,
            array: None,
        })
    }

    /// A new file, written at `.NAME.partial-PID` beside `target` and
    /// renamed onto it by `commit`; `path` as the user gave it, for messages.
    fn beside(path: &Path, target: &Path) -> Result<Self, Fatal> {
        let partial = partial_name(target);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .map_err(|e| Fatal::io(format!("cannot create {}", path.display()), &e))?;
        let handle = file
            .try_clone()
            .map_err(|e| Fatal::io(format!("cannot create {}", path.display()), &e))?;
        Ok(Output {
            writer: BufWriter::with_capacity(BUFFER, Box::new(file) as Box<dyn Write>),
            name: path.display().to_string(),
            kind: Kind::File {
                partial,
                target: target.to_path_buf(),
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
    pub(crate) fn optional(path: Option<&Path>) -> Result<Option<Self>, Fatal> {
        path.map(Output::create).transpose()
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

/// Where an output's bytes go.
enum Target {
    /// Written in place: not a regular file, or a path under `/dev/` or
    /// `/proc/` (`/dev/stdout` names whatever standard output is).
    InPlace,
    /// Written beside this path and renamed onto it: the path given, or for
    /// a symbolic link the file it names.
    Replace(PathBuf),
}

/// Whether an output at `path` is written in place (a FIFO, a device, a
/// path under `/dev/` or `/proc/`): such a target exists without being a
/// file to keep from overwriting.
pub(crate) fn in_place(path: &Path) -> bool {
    matches!(target(path), Target::InPlace)
}

fn target(path: &Path) -> Target {
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return Target::InPlace;
    }
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Target::InPlace,
        // An existing file (through any links): replace the file itself.
        Ok(_) => Target::Replace(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())),
        // A dangling link is written where it points, as a shell's `>` does.
        Err(_) => match std::fs::read_link(path) {
            Ok(to) => Target::Replace(path.parent().map_or(to.clone(), |dir| dir.join(&to))),
            Err(_) => Target::Replace(path.to_path_buf()),
        },
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

/// A file as the system knows it: the file itself when it exists (device
/// and inode on Unix, the volume and file index elsewhere, through
/// `same-file`), else the absolute path it would have (its parent
/// resolved). `None` when it cannot be told.
#[derive(PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Handle(same_file::Handle),
    Path(PathBuf),
}

/// What `path` is, and whether it is a character device (which outputs may
/// share: `/dev/null` twice is no loss).
fn identity(path: &Path) -> Option<(Identity, bool)> {
    if let Ok(meta) = std::fs::metadata(path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{FileTypeExt, MetadataExt};
            // From the metadata, never by opening: opening a FIFO waits
            // for its other end.
            let device = meta.file_type().is_char_device();
            return Some((Identity::Inode(meta.dev(), meta.ino()), device));
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            return same_file::Handle::from_path(path)
                .ok()
                .map(|h| (Identity::Handle(h), false));
        }
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some((Identity::Path(parent.join(path.file_name()?)), false))
}

/// Refuses, before anything is read or created, an output that is the
/// input or another output. `files` are (flag, path) pairs, the input
/// first as `("the input", path)`. Outputs may share a character device
/// (`/dev/null`); nothing may share the input.
pub(crate) fn refuse_collisions(files: &[(&str, &Path)]) -> Result<(), Fatal> {
    let ids: Vec<Option<(Identity, bool)>> = files.iter().map(|(_, p)| identity(p)).collect();
    for (i, (flag, path)) in files.iter().enumerate() {
        for (j, (other_flag, other)) in files.iter().enumerate().take(i) {
            let (Some((a, device)), Some((b, _))) = (&ids[i], &ids[j]) else {
                continue;
            };
            let shared_device = *device && *other_flag != "the input";
            if a == b && !shared_device {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths under /dev and /proc are written in place whatever they are
    /// now (`/dev/stdout` may name a regular file: the shell's `>`).
    #[test]
    fn device_paths_are_written_in_place() {
        for path in [
            "/dev/stdout",
            "/dev/null",
            "/dev/full",
            "/dev/fd/1",
            "/proc/self/fd/2",
        ] {
            assert!(in_place(Path::new(path)), "{path}");
        }
        let dir = std::env::temp_dir().join(format!("juspay-outputs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.csv");
        assert!(!in_place(&file), "a new path");
        std::fs::write(&file, "x").unwrap();
        assert!(!in_place(&file), "a regular file");
        assert!(in_place(&dir), "a directory is opened, and refused, as it is");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
