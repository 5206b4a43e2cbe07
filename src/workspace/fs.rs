//! Reading and writing article files: only regular files are read, up to a size limit, and
//! fixes are written atomically.

use std::io::{self, Read, Write};
use std::path::Path;

/// The largest file read by default: far above any real article (the largest real one is
/// about 60 KB), and small enough that a stray huge file cannot exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The prefix of the temporary files fixes are written through.
pub const TEMP_PREFIX: &str = ".contentlint-";

/// Reads the regular file at `path`, if it is at most `limit` bytes. A FIFO, a device or a
/// directory is refused without being opened for reading (a FIFO would block forever, a
/// device may never end).
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if metadata.is_dir() {
        return Err("it is a directory, not a Markdown file".to_string());
    }
    if !metadata.is_file() {
        return Err("it is not a regular file (a pipe, socket or device)".to_string());
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // The file may grow between the look and the read: never read past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn too_large(size: u64, limit: u64) -> String {
    format!(
        "it is {} bytes, more than the limit of {limit} bytes (`max-file-size` in contentlint.toml)",
        size
    )
}

/// Reads the file at `path`, which the walk saw as a regular file of `size` bytes: one open
/// and one read, without looking at the file again. Of a file that grew meanwhile, the first
/// `size` bytes are read (its stamp then differs, and the next run reads it again).
pub fn read_known(path: &Path, size: u64, limit: u64) -> Result<Vec<u8>, String> {
    if size > limit {
        return Err(too_large(size, limit));
    }
    let file = folders::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` ends the read at the size the walk saw, without a last read to find the end.
    file.take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    Ok(bytes)
}

/// The size and modification time of the regular file at `path` (following links, as
/// reading does); `None` for anything else, or when it cannot be looked at.
pub fn stat(path: &Path) -> Option<super::discover::Meta> {
    folders::stat(path)
}

/// Forgets the folders kept open: the next file of each is looked up from its path again.
/// Called at the start of every check, so that a long-running process (an editor's server,
/// watch mode) never reads through a folder that was replaced since.
pub fn forget_folders() {
    folders::forget();
}

/// Opening and looking at files relative to their folder. Files are visited folder by folder,
/// so each thread keeps the folder of its last file open and looks the next one up relative
/// to it: the kernel then resolves one name instead of every component of the path.
#[cfg(unix)]
mod folders {
    use std::cell::RefCell;
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    use rustix::fd::OwnedFd;
    use rustix::fs::{AtFlags, Mode, OFlags};

    use crate::workspace::discover::Meta;

    /// Bumped by [`forget`]: a thread's open folder from an earlier generation is reopened.
    static GENERATION: AtomicU64 = AtomicU64::new(0);

    struct Open {
        generation: u64,
        dir: PathBuf,
        fd: Option<OwnedFd>,
    }

    thread_local! {
        static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
    }

    pub fn forget() {
        GENERATION.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `f` with the open folder of `path` and the file's name, or `None` when the folder
    /// cannot be opened.
    fn with_folder<T>(path: &Path, f: impl FnOnce(Option<(&OwnedFd, &std::ffi::OsStr)>) -> T) -> T {
        // Split at the last separator as bytes: `Path::parent` parses every component.
        let bytes = path.as_os_str().as_encoded_bytes();
        let Some(slash) = bytes
            .iter()
            .rposition(|&b| std::path::is_separator(b as char))
        else {
            return f(None);
        };
        if slash + 1 == bytes.len() {
            return f(None);
        }
        // SAFETY: both halves are split at an ASCII separator of encoded bytes.
        let (dir, name) = unsafe {
            (
                Path::new(std::ffi::OsStr::from_encoded_bytes_unchecked(
                    &bytes[..slash.max(1)],
                )),
                std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes[slash + 1..]),
            )
        };
        let generation = GENERATION.load(Ordering::Relaxed);
        OPEN.with(|open| {
            let mut open = open.borrow_mut();
            let stale = open
                .as_ref()
                .is_none_or(|o| o.generation != generation || o.dir.as_os_str() != dir.as_os_str());
            if stale {
                let fd = rustix::fs::open(
                    dir,
                    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                    Mode::empty(),
                )
                .ok();
                *open = Some(Open {
                    generation,
                    dir: dir.to_path_buf(),
                    fd,
                });
            }
            let fd = open.as_ref().and_then(|o| o.fd.as_ref());
            f(fd.map(|fd| (fd, name)))
        })
    }

    /// Opens the file for reading. Without blocking: a FIFO that took a file's place after the
    /// walk must not hang the run (reading it then finds no data).
    pub fn open(path: &Path) -> io::Result<File> {
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let opened = with_folder(path, |folder| {
            folder.map(|(fd, name)| rustix::fs::openat(fd, name, flags, Mode::empty()))
        });
        match opened {
            Some(Ok(fd)) => Ok(File::from(fd)),
            // The folder could not be opened, or was replaced: go by the path.
            _ => rustix::fs::open(path, flags, Mode::empty())
                .map(File::from)
                .map_err(io::Error::from),
        }
    }

    pub fn stat(path: &Path) -> Option<Meta> {
        let stat = with_folder(path, |folder| {
            folder.and_then(|(fd, name)| rustix::fs::statat(fd, name, AtFlags::empty()).ok())
        });
        match stat {
            Some(stat) => rustix::fs::FileType::from_raw_mode(stat.st_mode)
                .is_file()
                .then(|| Meta {
                    size: stat.st_size as u64,
                    // The field types vary between platforms.
                    #[allow(clippy::unnecessary_cast)]
                    modified: Meta::modified_at(stat.st_mtime as i64, stat.st_mtime_nsec as u32),
                }),
            None => Meta::now(path),
        }
    }
}

#[cfg(not(unix))]
mod folders {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    use crate::workspace::discover::Meta;

    pub fn forget() {}

    pub fn open(path: &Path) -> io::Result<File> {
        File::open(path)
    }

    pub fn stat(path: &Path) -> Option<Meta> {
        Meta::now(path)
    }
}

/// Replaces the file at `path` with `contents` atomically: a temporary file in the same
/// directory, the original's permissions, then a rename. A read-only file is not written; a
/// symbolic link stays a link, and the file it points to is replaced.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    // Through a symbolic link, write the file it points to and keep the link.
    let real = std::fs::canonicalize(path)?;
    let path = real.as_path();
    let metadata = std::fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), metadata.permissions())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// An I/O error as a short reason, without the `(os error N)` suffix.
pub fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_permissions_and_refuses_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&path, b"new").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        #[cfg(not(unix))]
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");

        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert!(write_atomic(&path, b"newer").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn only_regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        assert!(read(&path, 4).unwrap_err().contains("more than the limit"));
        assert!(read(dir.path(), 10).unwrap_err().contains("directory"));
        #[cfg(unix)]
        assert!(
            read(Path::new("/dev/zero"), 10)
                .unwrap_err()
                .contains("not a regular file")
        );
    }
}
