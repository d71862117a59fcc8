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
        NotADirectory => "途中にフォルダーではなくファイルがあります",
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

/// The largest text file tsushin reads. A four-page issue holds about 30 KB
/// of text in all; a file of this size would lay out as about 100 pages, and
/// anything larger is almost certainly the wrong file.
pub const MAX_TEXT_BYTES: usize = 512 * 1024;

/// A text file as decoded, with a warning when it was not saved as UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<Diagnostic>,
}

/// Reads a text file the coordinator wrote, accepting what Windows editors save.
pub fn read_text(path: &Path, display: &str) -> Result<Decoded, Diagnostic> {
    let len = std::fs::metadata(path).map_err(|e| io_error("読み込み", path, &e))?.len();
    if len > MAX_TEXT_BYTES as u64 {
        return Err(too_large(display, len));
    }
    let bytes = read(path)?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(too_large(display, bytes.len() as u64));
    }
    decode_text(&bytes, display)
}

fn too_large(display: &str, len: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "{display} が大きすぎます（{} KB。1 つのファイルは {} KB まで）",
        len.div_ceil(1024),
        MAX_TEXT_BYTES / 1024
    ))
    .at_path(display)
    .hint(
        "4 ページの通信の文章は全部で 30 KB ほどです。別のファイルを間違えてこの名前で保存していないか確かめてください",
    )
}

/// The one place where bytes become text.
///
/// UTF-8 with or without BOM is read silently, CRLF and CR line endings become
/// LF. UTF-16 with a BOM and Shift_JIS (Windows' CP932) are read too, with a
/// warning that says how to save the file as UTF-8. Anything else is refused
/// with the position of the first byte that cannot be read.
pub fn decode_text(bytes: &[u8], display: &str) -> Result<Decoded, Diagnostic> {
    let (text, was) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (strict_utf8(rest, 3, display)?, None)
    } else if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        (decode_strict(encoding, &bytes[bom..], bom, display)?, Some("UTF-16"))
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), None),
            Err(err) if looks_like_utf8(bytes) => return Err(utf8_error(display, bytes, 0, err.valid_up_to())),
            Err(_) => (decode_strict(encoding_rs::SHIFT_JIS, bytes, 0, display)?, Some("Shift_JIS")),
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let warning = was.map(|name| {
        Diagnostic::warning(format!("{display} は {name} で保存されています。読み込みましたが、UTF-8 で保存し直してください"))
            .at_path(display)
            .hint("メモ帳なら「名前を付けて保存」で文字コードを「UTF-8」にして保存します。ほかのパソコンや次の版で文字化けしないためです")
    });
    Ok(Decoded { text, warning })
}

/// Whether bytes that are not valid UTF-8 still look like UTF-8 with a few
/// broken bytes (rather than another encoding): more well-formed multi-byte
/// sequences than broken ones. Shift_JIS text almost never forms valid UTF-8
/// sequences, while UTF-8 Japanese text decoded as Shift_JIS gives garbage
/// without any error, so this has to be decided first.
fn looks_like_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > bad
}

fn strict_utf8(bytes: &[u8], base: usize, display: &str) -> Result<String, Diagnostic> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| utf8_error(display, bytes, base, e.valid_up_to()))
}

fn utf8_error(display: &str, bytes: &[u8], base: usize, valid_up_to: usize) -> Diagnostic {
    let line = bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() + 1;
    undecodable(display, base + valid_up_to, line)
}

/// Decodes with `encoding`, refusing (instead of replacing) bytes it cannot read.
fn decode_strict(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    base: usize,
    display: &str,
) -> Result<String, Diagnostic> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3));
    let mut read = 0;
    loop {
        let (result, n) = decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => text.reserve(bytes.len() - read + 16),
            encoding_rs::DecoderResult::Malformed(len, after) => {
                let offset = read.saturating_sub(usize::from(len) + usize::from(after));
                let line = text.matches('\n').count() + 1;
                return Err(undecodable(display, base + offset, line));
            }
        }
    }
}

/// An error for a byte that no supported encoding can read, with its offset
/// (1-based, as editors show it) and the line it is on.
fn undecodable(display: &str, offset: usize, line: usize) -> Diagnostic {
    Diagnostic::error(format!(
        "{display} の {line} 行目に読めない文字があります（ファイルの先頭から {} バイト目）",
        offset + 1
    ))
    .at_path(display)
    .hint("UTF-8（推奨）か Shift_JIS で保存されたテキストファイルだけを読み込めます")
    .hint("メモ帳などで開き、「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。おかしな文字があれば消してください")
}

pub fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists && !path.is_dir() {
            // A file has the name the folder should get.
            io_error("作成", path, &std::io::Error::from(std::io::ErrorKind::NotADirectory))
                .hint("出力先（-o）のフォルダーの名前と同じ名前のファイルがあります。別の出力先を指定してください")
        } else {
            io_error("作成", path, &e)
        }
    })
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
    remove_stale_temporaries(dir);
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
        return Err(
            Diagnostic::error(format!("{} はもうあります", target.display())).at_path(target.display().to_string())
        );
    }
    rename(stage.path(), target)?;
    // The staging folder is now `target`; nothing is left to clean up.
    let _ = stage.keep();
    Ok(())
}

/// Writes the folder `target` with `files` (relative path → bytes) as a
/// whole, replacing the folder there: the new one is put together in a
/// staging folder beside it; only when every file is written and flushed is
/// the old folder moved aside, the new one renamed into place and the old
/// one removed. A build that fails or is killed leaves the previous folder
/// as it was (killed between the two renames: under a hidden
/// `.tsushin-old-…` name beside it, which a later build removes once it is an
/// hour old); a half-written folder never takes its place.
pub fn replace_folder(target: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if target.exists() && !target.is_dir() {
        return Err(io_error("作成", target, &std::io::Error::from(std::io::ErrorKind::NotADirectory))
            .hint("同じ名前のファイルがあります。そのファイルの名前を変えるか、別の出力先を指定してください"));
    }
    create_dir_all(parent)?;
    let fail = |e: std::io::Error| io_error("作成", parent, &e);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tsushin-");
    // An ordinary folder (0777 less the umask) that others may read, as the
    // files in it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let stage = builder.tempdir_in(parent).map_err(fail)?;
    // Each file is flushed to disk before the swap; flushing them on threads
    // of their own lets the disk take the flushes together (a page and a few
    // photos: a handful of threads).
    let written: Vec<Result<(), Diagnostic>> = std::thread::scope(|scope| {
        let dir = stage.path();
        let handles: Vec<_> =
            files.iter().map(|(rel, bytes)| scope.spawn(move || write_atomic(&dir.join(rel), bytes))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    written.into_iter().collect::<Result<(), Diagnostic>>()?;
    if !target.exists() {
        rename(stage.path(), target)?;
        let _ = stage.keep();
        remove_stale_temporaries(parent);
        return Ok(());
    }
    // A free name beside the target for the old folder.
    let aside = tempfile::Builder::new().prefix(".tsushin-old-").tempdir_in(parent).map_err(fail)?;
    let old = aside.path().to_path_buf();
    aside.close().map_err(fail)?;
    rename(target, &old)?;
    if let Err(e) = rename(stage.path(), target) {
        // Put the old folder back; the new one is removed with the stage.
        let _ = std::fs::rename(&old, target);
        return Err(e);
    }
    let _ = stage.keep();
    // Best effort: a leftover copy of the old folder harms nothing.
    let _ = std::fs::remove_dir_all(&old);
    remove_stale_temporaries(parent);
    Ok(())
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(from, to).map_err(|e| io_error("作成", to, &e))
}

pub fn remove_file(path: &Path) -> Result<(), Diagnostic> {
    std::fs::remove_file(path).map_err(|e| io_error("削除", path, &e))
}

/// A build killed while writing leaves its temporary file behind, and one
/// killed while replacing a folder its staging folder (`.tsushin-…`) or the
/// old folder moved aside (`.tsushin-old-…`). Those older than an hour are
/// removed; younger ones may belong to a build still running.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else { continue };
        let file = kind.is_file() && name.ends_with(".tmp");
        if !name.starts_with(".tsushin-") || !(file || kind.is_dir()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > hour);
        if old {
            // Best effort: a leftover that cannot be removed harms nothing.
            let _ = if file { std::fs::remove_file(entry.path()) } else { std::fs::remove_dir_all(entry.path()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_a_folder_removes_what_killed_builds_left_only_when_old() {
        let tmp = tempfile::tempdir().unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let left = |name: &str, old: bool| {
            let dir = tmp.path().join(name);
            std::fs::create_dir_all(dir.join("images")).unwrap();
            std::fs::write(dir.join("index.html"), "old").unwrap();
            if old {
                std::fs::File::open(&dir).unwrap().set_modified(two_hours_ago).unwrap();
            }
            dir
        };
        let stale_old = left(".tsushin-old-abc123", true);
        let stale_stage = left(".tsushin-XyZ987", true);
        let running = left(".tsushin-old-young1", false);
        let own = left("2022-06-web", true);
        let target = tmp.path().join("2023-06-web");
        replace_folder(&target, &[("index.html".into(), b"new".to_vec())]).unwrap();
        assert!(!stale_old.exists() && !stale_stage.exists(), "leftovers over an hour old are removed");
        assert!(running.exists(), "a younger one may belong to a build still running");
        assert!(own.exists(), "the coordinator's folders are never touched");
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"new");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let d = decode_text(b"\xEF\xBB\xBFa\r\nb\rc\n", "x.md").unwrap();
        assert_eq!(d.text, "a\nb\nc\n");
        assert!(d.warning.is_none());
    }

    #[test]
    fn shift_jis_is_read_with_a_warning() {
        // 「春です。」 in Shift_JIS (CP932), then a CP932-only character ①.
        let d = decode_text(b"\x8Ft\x82\xC5\x82\xB7\x81B\r\n\x87\x40", "greeting.md").unwrap();
        assert_eq!(d.text, "春です。\n①");
        let w = d.warning.unwrap();
        assert!(w.message.contains("greeting.md は Shift_JIS で保存されています"), "{}", w.message);
        assert!(w.hints[0].contains("UTF-8"), "{:?}", w.hints);
    }

    #[test]
    fn utf16_with_bom_is_read_with_a_warning() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("春\r\nです".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("春\r\nです".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for bytes in [le, be] {
            let d = decode_text(&bytes, "notice.md").unwrap();
            assert_eq!(d.text, "春\nです");
            assert!(d.warning.unwrap().message.contains("UTF-16 で保存されています"));
        }
    }

    #[test]
    fn broken_utf8_names_line_and_offset() {
        // Valid UTF-8 Japanese with one stray byte on line 2: not Shift_JIS.
        let err = decode_text(
            "春です\nあ".bytes().chain([0xFF]).chain("い".bytes()).collect::<Vec<_>>().as_slice(),
            "greeting.md",
        )
        .unwrap_err();
        assert!(err.message.contains("greeting.md の 2 行目に読めない文字"), "{}", err.message);
        assert!(err.message.contains("14 バイト目"), "{}", err.message);
    }

    #[test]
    fn undecodable_in_every_encoding() {
        // 0x85 0x40 is unassigned in CP932 and invalid in UTF-8.
        let err = decode_text(b"ab\n\x85\x40", "greeting.md").unwrap_err();
        assert!(err.message.contains("2 行目"), "{}", err.message);
        assert!(err.message.contains("4 バイト目"), "{}", err.message);
        let err = decode_text(b"\xFF\xFEa", "x.md").unwrap_err();
        assert!(err.message.contains("バイト目"), "odd UTF-16 length: {}", err.message);
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
