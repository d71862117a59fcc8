//! `tsushin schema <DIR>`: the JSON Schemas of tsushin.toml, issue.toml and
//! each section's front matter, written to a folder. `init` and `new` write
//! the same files into the newsletter's `schemas/` through [`write`].

use std::path::Path;

use crate::cli::args::{GlobalArgs, SchemaArgs};
use crate::cli::target::shown;
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::fs;
use crate::model::loader::schema;

pub fn run(global: &GlobalArgs, args: &SchemaArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let names = write(&args.dir)?;
    ui.info(format!("JSON Schema を書き出しました: {}", shown(&args.dir)));
    for name in names {
        ui.info(format!("  {name}"));
    }
    ui.info("tsushin.toml や issue.toml の 1 行目に #:schema の行を書くと、エディターがこのファイルを使います（docs/format.md）");
    Ok(())
}

/// Writes every schema into `dir` (created if missing), each file atomically;
/// returns their names.
pub fn write(dir: &Path) -> Result<Vec<&'static str>, Diagnostic> {
    fs::create_dir_all(dir)?;
    let files = schema::schemas();
    for file in &files {
        fs::write_atomic(&dir.join(file.name), file.json.as_bytes())?;
    }
    Ok(files.iter().map(|f| f.name).collect())
}
