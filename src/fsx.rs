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
    let mut tmp = tempfile::Builder::new()
        .prefix(".tsushin-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
}
