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
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` ends the read at the size the walk saw, without a last read to find the end.
    file.take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    Ok(bytes)
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
