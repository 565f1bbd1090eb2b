//! Writes that never leave a half-written file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a file through a temporary file in the same directory, then renames it into place,
/// so readers see either the old content or the new one, never a part.
///
/// # Errors
///
/// Any I/O error from creating, writing, syncing or renaming; the target is untouched then.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    stage(path, write)?.commit()
}

/// A file written in full next to its target, put in place by [`Staged::commit`]: files
/// that belong together (a nodes and an edges table) are all written before any replaces
/// its old version. Dropped without a commit, it is removed and the target stays as it was.
#[derive(Debug)]
pub struct Staged {
    /// The written temporary file and where it goes; `None` when the target was written
    /// directly (a device or pipe).
    temp: Option<(tempfile::NamedTempFile, PathBuf)>,
}

impl Staged {
    /// Renames the file into place.
    ///
    /// # Errors
    ///
    /// The rename's error; the target is untouched then.
    pub fn commit(self) -> std::io::Result<()> {
        match self.temp {
            Some((temp, path)) => temp.persist(path).map(drop).map_err(|e| e.error),
            None => Ok(()),
        }
    }
}

/// Writes `path`'s new content through `write` into a temporary file beside it, synced, to
/// be put in place by [`Staged::commit`].
///
/// # Errors
///
/// Any I/O error from creating, writing or syncing; the target is untouched then.
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Staged> {
    // A device, pipe or socket (`-o /dev/null`, a FIFO) or a process's open file
    // (`-o /dev/stdout`) cannot be replaced by renaming a file over it, and must not be:
    // write to it directly, appending, as the shell's `>` or `>>` set it up.
    let link = std::fs::read_link(path).ok();
    let special = [Some(path), link.as_deref()]
        .into_iter()
        .flatten()
        .any(|p| p.starts_with("/dev") || p.starts_with("/proc"))
        || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if special {
        let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
        let mut buffered = std::io::BufWriter::new(&mut file);
        write(&mut buffered)?;
        buffered.flush()?;
        return Ok(Staged { temp: None });
    }
    // Found now, not when renaming: files staged together are then all put in place.
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        ));
    }
    // A file the user may not write is not replaced behind its back (renaming over it
    // would succeed in a folder they may write): as `cp` or the shell's `>` would, refuse.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && let Err(e) = std::fs::OpenOptions::new().write(true).open(path)
        && e.kind() == std::io::ErrorKind::PermissionDenied
    {
        return Err(std::io::Error::new(
            e.kind(),
            "the file is read-only (or not yours to write); make it writable or write elsewhere",
        ));
    }
    // A link to an ordinary file has that file replaced, and stays a link.
    let resolved = match link {
        Some(_) => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        None => path.to_path_buf(),
    };
    let path = resolved.as_path();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // The temporary file's name means nothing to the user: say what is wrong with the
    // folder instead.
    let mut temp = tempfile::Builder::new()
        .prefix(".roving-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| folder_error(dir, &e))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    // Temporary files are private (0600); give the result the target's mode if it exists,
    // else an ordinary file's, so reports can be shared as before.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    temp.as_file().sync_all()?;
    Ok(Staged {
        temp: Some((temp, path.to_path_buf())),
    })
}

/// Why no file can be made in `dir`, in words about the folder.
fn folder_error(dir: &Path, error: &std::io::Error) -> std::io::Error {
    let shown = dir.display();
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => format!("the folder '{shown}' does not exist"),
        std::io::ErrorKind::PermissionDenied => {
            format!("no permission to create files in '{shown}'")
        }
        std::io::ErrorKind::NotADirectory => format!("'{shown}' is not a folder"),
        kind => format!(
            "cannot create a file in '{shown}': {}",
            std::io::Error::from(kind)
        ),
    };
    std::io::Error::new(error.kind(), reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        write_atomic(Path::new("/dev/null"), |w| w.write_all(b"gone")).unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let full = write_atomic(Path::new("/dev/full"), |w| {
            w.write_all(&vec![b'x'; 100_000])
        });
        if Path::new("/dev/full").exists() {
            assert!(full.is_err(), "a full device is an error");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, |w| w.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_missing_folder_is_named_not_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nodir").join("x.csv");
        let error = write_atomic(&path, |w| w.write_all(b"x")).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("the folder '"), "{text}");
        assert!(text.ends_with("nodir' does not exist"), "{text}");
        assert!(!text.contains(".roving-"), "{text}");
    }

    #[test]
    fn staged_files_replace_nothing_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let first = stage(&a, |w| w.write_all(b"new a")).unwrap();
        let second = stage(&b, |w| {
            w.write_all(b"part")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(second.is_err());
        drop(first);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // A folder where a file should go is found while staging, before anything moves.
        let folder = dir.path().join("c.csv");
        std::fs::create_dir(&folder).unwrap();
        let error = stage(&folder, |w| w.write_all(b"c")).unwrap_err();
        assert_eq!(error.to_string(), "it is a folder");
        let first = stage(&a, |w| w.write_all(b"new a")).unwrap();
        let second = stage(&b, |w| w.write_all(b"new b")).unwrap();
        first.commit().unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
    }

    #[test]
    fn failed_write_leaves_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let result = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file removed"
        );
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let fresh = dir.path().join("fresh.txt");
            write_atomic(&fresh, |w| w.write_all(b"x")).unwrap();
            assert_eq!(
                std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }
}
