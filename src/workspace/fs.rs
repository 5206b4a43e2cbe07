//! Reading and writing article files: only regular files are read, up to a size limit, and
//! fixes are written atomically.

use std::io::{self, Read, Write};
use std::path::Path;
use std::time::SystemTime;

/// The largest file read by default: far above any real article (the largest real one is
/// about 60 KB), and small enough that a stray huge file cannot exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The prefix of the temporary files fixes are written through.
pub const TEMP_PREFIX: &str = ".contentlint-";

/// Reads the regular file at `path`, if it is at most `limit` bytes. A FIFO, a device or a
/// directory is refused without being read (a FIFO would block forever, a device may never
/// end): the file is opened without blocking and looked at through what was opened, so the
/// path is resolved once and what is read is what was looked at. Of a file that grows
/// meanwhile, the bytes it had when it was looked at are read.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = match folders::open(path) {
        Ok(file) => file,
        // Some systems refuse to open a folder for reading: say what it is.
        Err(_) if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) => {
            return Err(DIRECTORY.to_string());
        }
        Err(error) => return Err(io_reason(&error)),
    };
    let (kind, size) = folders::kind_and_size(&file).map_err(|e| io_reason(&e))?;
    match kind {
        Kind::Directory => Err(DIRECTORY.to_string()),
        Kind::Other => Err("it is not a regular file (a pipe, socket or device)".to_string()),
        Kind::File if size > limit => Err(too_large(size, limit)),
        Kind::File => read_size(file, size),
    }
}

/// What an open file is.
enum Kind {
    File,
    Directory,
    Other,
}

/// Reads the first `size` bytes of `file`: one read, without a last one to find the end.
fn read_size(file: std::fs::File, size: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    Ok(bytes)
}

/// Why a folder named like an article is not checked.
pub const DIRECTORY: &str = "it is a directory, not a Markdown file";

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
    read_size(file, size)
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

    /// What the open `file` is, and its size: `fstat`, which looks at the file itself
    /// (`File::metadata` resolves an empty path first).
    pub fn kind_and_size(file: &File) -> io::Result<(super::Kind, u64)> {
        let stat = rustix::fs::fstat(file)?;
        let kind = match rustix::fs::FileType::from_raw_mode(stat.st_mode) {
            rustix::fs::FileType::RegularFile => super::Kind::File,
            rustix::fs::FileType::Directory => super::Kind::Directory,
            _ => super::Kind::Other,
        };
        Ok((kind, stat.st_size as u64))
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

    pub fn kind_and_size(file: &File) -> io::Result<(super::Kind, u64)> {
        let metadata = file.metadata()?;
        let kind = if metadata.is_file() {
            super::Kind::File
        } else if metadata.is_dir() {
            super::Kind::Directory
        } else {
            super::Kind::Other
        };
        Ok((kind, metadata.len()))
    }

    pub fn stat(path: &Path) -> Option<Meta> {
        Meta::now(path)
    }
}

/// Replaces the file at `path` with `contents`, if it still holds `expected` (the text the
/// fixes were worked out from; a file that is not UTF-8 is compared as decoded with
/// replacement characters, as it was checked).
///
/// - A file with one name is replaced atomically: a temporary file in the same directory
///   (named [`TEMP_PREFIX`]`XXXXXX`), with the original's permissions and, where permitted,
///   its owner and group, then a rename. A reader sees the old bytes or the new ones, never a
///   mix, and an interrupted run leaves at most a temporary file, which the next run removes.
/// - A file with several names (hard links) is rewritten in place, so that every name sees
///   the fix and the file keeps its owner: a rename would give this name a new file and leave
///   the others with the old bytes.
/// - Through a symbolic link, the file it points to is written and the link stays.
/// - A read-only file is not written, and neither is a file that changed since it was read
///   (another program, or a run that took no lock, wrote it meanwhile): writing would lose
///   that change.
pub fn write_fixed(path: &Path, expected: &str, contents: &[u8]) -> io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let path = real.as_path();
    let metadata = std::fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let unchanged = |bytes: &[u8]| String::from_utf8_lossy(bytes) == expected;
    let changed = || {
        io::Error::other(
            "it changed on disk while it was being fixed, so the fixes were not written (run again)",
        )
    };
    if links(&metadata) > 1 {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        let mut now = Vec::new();
        file.read_to_end(&mut now)?;
        if !unchanged(&now) {
            return Err(changed());
        }
        use std::io::Seek;
        file.seek(io::SeekFrom::Start(0))?;
        file.write_all(contents)?;
        file.set_len(contents.len() as u64)?;
        return file.sync_all();
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), metadata.permissions())?;
    keep_owner(temp.as_file(), &metadata);
    // The last look before the rename: the bytes must still be the ones the fixes were made
    // from. (Two contentlint runs also take the content root's lock; see [`FixLock`].)
    if !unchanged(&std::fs::read(path)?) {
        return Err(changed());
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How many random characters follow [`TEMP_PREFIX`] in a temporary file's name.
const TEMP_RANDOM: usize = 6;

/// Whether `name` is that of a temporary file [`write_fixed`] makes: the prefix, then six
/// letters or digits, and nothing else.
pub fn is_temporary(name: &std::ffi::OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes
        .strip_prefix(TEMP_PREFIX.as_bytes())
        .is_some_and(|rest| rest.len() == TEMP_RANDOM && rest.iter().all(u8::is_ascii_alphanumeric))
}

/// Removes the temporaries of `candidates` (paths whose names pass [`is_temporary`]) that are
/// regular files last modified before `started`: what a `--fix` that was killed left behind.
/// Returns how many were removed. Only call it while holding the [`FixLock`]: a run that
/// holds it may be writing through a temporary file right now.
pub fn remove_stale_temporaries(candidates: &[std::path::PathBuf], started: SystemTime) -> usize {
    candidates
        .iter()
        .filter(|path| path.file_name().is_some_and(is_temporary))
        .filter(|path| {
            std::fs::symlink_metadata(path)
                .is_ok_and(|m| m.file_type().is_file() && m.modified().is_ok_and(|t| t < started))
        })
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count()
}

#[cfg(unix)]
fn links(metadata: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives the temporary file the original's owner and group, where the user may (root may;
/// anyone may keep their own user and choose among their groups). Otherwise the new file is
/// the writer's, as any editor's save would make it.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, original: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let (uid, gid) = (original.uid(), original.gid());
    if std::os::unix::fs::fchown(file, Some(uid), Some(gid)).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(gid));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) {}

/// An advisory lock on the content root, held while fixing, so that two `--fix` runs at once
/// take turns instead of each writing its own fixes over the other's. (The lock is on the
/// folder itself: nothing is created in it.) Where a folder cannot be locked, there is no
/// lock, and [`write_fixed`]'s last look still refuses to overwrite a change.
pub struct FixLock {
    _folder: Option<std::fs::File>,
}

impl FixLock {
    /// Takes the lock on `dir`, waiting for another run that holds it; `waiting` is called
    /// first when that is the case.
    pub fn wait(dir: &Path, waiting: impl FnOnce()) -> Self {
        let folder = std::fs::File::open(dir)
            .ok()
            .filter(|folder| match folder.try_lock() {
                Ok(()) => true,
                Err(std::fs::TryLockError::WouldBlock) => {
                    waiting();
                    folder.lock().is_ok()
                }
                Err(std::fs::TryLockError::Error(_)) => false,
            });
        Self { _folder: folder }
    }

    /// Takes the lock on `dir` if no other run holds it.
    pub fn try_take(dir: &Path) -> Option<Self> {
        let folder = std::fs::File::open(dir).ok()?;
        folder.try_lock().ok()?;
        Some(Self {
            _folder: Some(folder),
        })
    }
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
            write_fixed(&path, "old", b"new").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        #[cfg(not(unix))]
        write_fixed(&path, "old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");

        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert!(write_fixed(&path, "new", b"newer").is_err());
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
        write_fixed(&link, "old", b"new").unwrap();
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

    #[test]
    fn a_file_that_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "another program wrote this").unwrap();
        let error = write_fixed(&path, "what was read", b"fixed").unwrap_err();
        assert!(error.to_string().contains("changed on disk"), "{error}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "another program wrote this"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A file that is not UTF-8 is compared as it was checked: decoded with replacements.
        std::fs::write(&path, b"caf\xe9").unwrap();
        write_fixed(&path, "caf\u{fffd}", "café".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "café");
    }

    #[cfg(unix)]
    #[test]
    fn every_name_of_a_hard_linked_file_sees_the_fix() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let other = dir.path().join("b.md");
        std::fs::write(&path, "old text, longer than the new").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        write_fixed(&path, "old text, longer than the new", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
        assert_eq!(std::fs::metadata(&other).unwrap().nlink(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_and_group_stay_where_the_writer_may_keep_them() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        let me = std::fs::metadata(&path).unwrap();
        // Root may give the file to anyone: as root, the file belongs to someone else first.
        let (uid, gid) = if me.uid() == 0 {
            (4242, 4343)
        } else {
            (me.uid(), me.gid())
        };
        if me.uid() == 0 {
            std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        }
        write_fixed(&path, "old", b"new").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (uid, gid));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn only_old_temporaries_of_our_own_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            ".contentlint-a1B2c3",
            ".contentlint-a1B2c3x",
            ".contentlint-",
            ".contentlint_cache",
            "contentlint-a1B2c3",
        ];
        let paths: Vec<_> = names.iter().map(|n| dir.path().join(n)).collect();
        for path in &paths {
            std::fs::write(path, "x").unwrap();
        }
        let names: Vec<bool> = paths
            .iter()
            .map(|p| is_temporary(p.file_name().unwrap()))
            .collect();
        assert_eq!(names, [true, false, false, false, false]);
        let long_ago = SystemTime::UNIX_EPOCH;
        assert_eq!(remove_stale_temporaries(&paths, long_ago), 0, "too new");
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        assert_eq!(remove_stale_temporaries(&paths, later), 1);
        assert!(!paths[0].exists());
        assert!(paths[1..].iter().all(|p| p.exists()));
    }

    #[cfg(unix)]
    #[test]
    fn one_run_at_a_time_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let held = FixLock::wait(dir.path(), || panic!("nobody holds it yet"));
        assert!(held._folder.is_some());
        assert!(FixLock::try_take(dir.path()).is_none());
        drop(held);
        assert!(FixLock::try_take(dir.path()).is_some());
    }
}
