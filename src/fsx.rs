//! Every file operation goes through here, so every failure names its path
//! and says in Japanese what to do.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Why an I/O error happened, in words a coordinator understands.
fn reason(err: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "ファイルが見つかりません",
        PermissionDenied => "読み書きの権限がありません",
        IsADirectory => "ファイルではなくフォルダーです",
        StorageFull => "ディスクの空きがありません",
        ReadOnlyFilesystem => "書き込みできない場所です",
        _ => "読み書きできませんでした",
    }
}

fn io_error(action: &str, path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{} を{action}できません: {}（{err}）", path.display(), reason(err)))
        .at_path(path.display().to_string())
}

pub fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| io_error("読み込み", path, &e))
}

/// Reads a text file the coordinator wrote, accepting what Windows editors save.
///
/// UTF-8 with or without BOM is read as is, CRLF and CR line endings become LF.
/// Anything that is not valid UTF-8 is refused with the byte offset of the first
/// bad byte.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    let bytes = read(path)?;
    decode_text(&bytes, display)
}

pub fn decode_text(bytes: &[u8], display: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(format!(
            "{display} は UTF-8 の文字コードではありません（{} バイト目に読めない文字があります）",
            e.valid_up_to() + 1
        ))
        .at_path(display)
        .hint("メモ帳などで開き、「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください")
    })?;
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_owned() })
}

pub fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|e| io_error("作成", path, &e))
}

/// Entries of a folder, sorted by name so that output never depends on the
/// order the file system happens to return.
pub fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(path).map_err(|e| io_error("読み込み", path, &e))?;
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| io_error("読み込み", path, &e))?.path());
    }
    paths.sort();
    Ok(paths)
}

/// Writes a file atomically: the bytes go to a temporary file in the same folder,
/// are flushed to disk, and only then replace the target. A build that fails or is
/// killed half-way leaves the previous file exactly as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_dir_all(dir)?;
    let fail = |e: std::io::Error| io_error("書き込み", path, &e);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tsushin-").suffix(".tmp");
    // Temporary files are private by default; the result is an ordinary file
    // (0666 less the umask, usually 0644) that others may open and share.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Every file under `dir` (recursively), sorted; hidden entries are skipped.
pub fn walk_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for path in read_dir_sorted(&d)? {
            if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// When a file was last changed; `None` when it does not exist.
pub fn modified(path: &Path) -> Result<Option<std::time::SystemTime>, Diagnostic> {
    match std::fs::metadata(path).and_then(|m| m.modified()) {
        Ok(time) => Ok(Some(time)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("確認", path, &e)),
    }
}

/// A temporary folder inside `parent`, for putting a whole folder together
/// before moving it into place with [`rename`]; removed if that never happens.
pub fn staging_dir(parent: &Path) -> Result<tempfile::TempDir, Diagnostic> {
    create_dir_all(parent)?;
    tempfile::Builder::new().prefix(".tsushin-").tempdir_in(parent).map_err(|e| io_error("作成", parent, &e))
}

/// Creates the folder `target` with `files` (relative path → bytes) and the
/// empty folders `dirs`, all at once: it is put together in a staging folder
/// beside it and renamed into place, so it is never seen half made.
pub fn create_folder(target: &Path, files: &[(String, Vec<u8>)], dirs: &[&str]) -> Result<(), Diagnostic> {
    let parent = target.parent().unwrap_or(Path::new("."));
    let stage = staging_dir(parent)?;
    for (rel, bytes) in files {
        write_atomic(&stage.path().join(rel), bytes)?;
    }
    for rel in dirs {
        create_dir_all(&stage.path().join(rel))?;
    }
    if target.exists() {
        return Err(Diagnostic::error(format!("{} はもうあります", target.display())).at_path(target.display().to_string()));
    }
    rename(stage.path(), target)?;
    // The staging folder is now `target`; nothing is left to clean up.
    let _ = stage.keep();
    Ok(())
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(from, to).map_err(|e| io_error("作成", to, &e))
}

pub fn remove_file(path: &Path) -> Result<(), Diagnostic> {
    std::fs::remove_file(path).map_err(|e| io_error("削除", path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode_text(b"\xEF\xBB\xBFa\r\nb\rc\n", "x.md").unwrap();
        assert_eq!(text, "a\nb\nc\n");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        // "あ" in Shift_JIS is 0x82 0xA0.
        let err = decode_text(b"ab\x82\xA0", "greeting.md").unwrap_err();
        assert!(err.message.contains("greeting.md"), "{}", err.message);
        assert!(err.message.contains("3 バイト目"), "{}", err.message);
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files are left behind");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        // Whatever the umask removes, the owner can read and write, and the
        // mode is not the 0600 of a private temporary file.
        assert_eq!(mode & 0o600, 0o600);
        let umask_allows_others = {
            let probe = dir.path().join("probe");
            std::fs::write(&probe, b"").unwrap();
            std::fs::metadata(&probe).unwrap().permissions().mode() & 0o077
        };
        assert_eq!(mode & 0o077, umask_allows_others, "same as a file made with std::fs::write");
    }
}
