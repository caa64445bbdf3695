//! The wasm split: the first step of trunk's release `post_build` hook. It turns trunk's
//! one wasm module into a main module plus chunks that load on first use, so the first screen
//! downloads only its own code (issue 16).
//!
//! trunk 0.21 cannot split (trunk issue 1022), so the hook redoes the tail of trunk's pipeline
//! from the same cargo output (`target/wasm32-unknown-unknown/release/jobscope.wasm`, linked
//! with `--emit-relocs` by `.cargo/config.toml`):
//! 1. `wasm_split_cli_support` (the library behind `wasm-split-cli`, which cargo-leptos uses)
//!    cuts the module at each `#[wasm_split]` point (`src/chunks.rs`) into `main.wasm`, one
//!    `.wasm` per chunk and a loader script the main module imports;
//! 2. `wasm-bindgen --target web --no-demangle --keep-lld-exports` on `main.wasm` (the chunks
//!    link to the main module by its lld export names);
//! 3. binaryen's `wasm-opt -Oz` on every `.wasm` (trunk's own wasm-opt is off in index.html);
//! 4. every file is renamed by its content hash (`name-<16 hex>.ext`, which hosts cache as
//!    immutable), the loader and the glue are rewritten to each other's new names, trunk's
//!    unsplit files are removed and `index.html` points at the new ones, with fresh SRI.
//!
//! Debug builds (`trunk serve`) have no split points (`src/chunks.rs` compiles them only in
//! release) and are left alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::asset_name::{hash16, hashed_name};

/// The cargo binary trunk builds (index.html's `data-bin`).
pub const BIN: &str = "jobscope";

/// The loader's name before hashing: the main module imports it under this name.
const LINK_NAME: &str = "./__wasm_split.js";

/// Where the split module's pieces are, before they are hashed into the build.
#[derive(Debug, Default)]
pub struct Pieces {
    /// wasm-bindgen's glue (`jobscope.js`).
    pub glue: String,
    /// The optimized main module.
    pub main_wasm: Vec<u8>,
    /// The loader of the chunks (`__wasm_split.js`).
    pub loader: String,
    /// Each chunk: its file name as the loader names it (`split_drawer.wasm`) and its bytes.
    pub chunks: BTreeMap<String, Vec<u8>>,
}

/// The hashed files to write, by name, and the names `index.html` must load.
#[derive(Debug)]
pub struct Named {
    pub files: BTreeMap<String, Vec<u8>>,
    /// `jobscope-<hash>` (the glue is `<stem>.js`, the main module `<stem>_bg.wasm`).
    pub stem: String,
    /// The loader's file name (`jobscope_split-<hash>.js`).
    pub loader: String,
}

/// Replaces each quoted occurrence of `from` (`"./x"` or `'./x'`, after `prefix`) in `text`,
/// failing when there is none: a loader or glue that no longer names the file means the tools
/// changed.
fn replace_quoted(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    replace_after(text, "", from, to, what)
}

/// Replaces the module specifier `from` of every `import … from "./x"` in `text`. Only there:
/// the glue also keys its import object by the wasm's own import module name, which stays.
fn replace_import(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    replace_after(text, "from ", from, to, what)
}

fn replace_after(text: &str, prefix: &str, from: &str, to: &str, what: &str) -> Result<String> {
    let mut out = text.to_owned();
    let mut found = false;
    for quote in ['"', '\''] {
        let needle = format!("{prefix}{quote}{from}{quote}");
        if out.contains(&needle) {
            out = out.replace(&needle, &format!("{prefix}{quote}{to}{quote}"));
            found = true;
        }
    }
    if !found {
        bail!("{what} does not name {from}: did wasm-bindgen or wasm-split change their output?");
    }
    Ok(out)
}

/// Names every piece by its content. Chunks are leaves (named by their own bytes); the glue and
/// the loader import each other, so they share one hash over both and the main module.
pub fn name(pieces: &Pieces) -> Result<Named> {
    let mut files = BTreeMap::new();
    let mut loader = pieces.loader.clone();
    for (chunk, bytes) in &pieces.chunks {
        let hashed = hashed_name(chunk, bytes);
        loader = replace_quoted(
            &loader,
            &format!("./{chunk}"),
            &format!("./{hashed}"),
            "the loader",
        )?;
        files.insert(hashed, bytes.clone());
    }
    let hash = hash16(&[pieces.glue.as_bytes(), loader.as_bytes(), &pieces.main_wasm]);
    let stem = format!("{BIN}-{hash}");
    let loader_name = format!("{BIN}_split-{hash}.js");
    let loader = replace_import(
        &loader,
        &format!("./{BIN}.js"),
        &format!("./{stem}.js"),
        "the loader",
    )?;
    let glue = replace_import(
        &pieces.glue,
        LINK_NAME,
        &format!("./{loader_name}"),
        "wasm-bindgen's glue",
    )?;
    files.insert(format!("{stem}.js"), glue.into_bytes());
    files.insert(format!("{stem}_bg.wasm"), pieces.main_wasm.clone());
    files.insert(loader_name.clone(), loader.into_bytes());
    Ok(Named {
        files,
        stem,
        loader: loader_name,
    })
}

/// trunk's unsplit output in `staging`: the stem `jobscope-<hash>` of its glue and module.
pub fn trunk_stem(staging: &Path) -> Result<String> {
    let prefix = format!("{BIN}-");
    for entry in
        std::fs::read_dir(staging).with_context(|| format!("cannot read {}", staging.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm")
            && stem.starts_with(&prefix)
            && staging.join(format!("{stem}.js")).is_file()
        {
            return Ok(stem.to_owned());
        }
    }
    bail!(
        "no {prefix}<hash>_bg.wasm with its .js in {}: is this trunk's release output?",
        staging.display()
    )
}

/// `sha384-…` of `bytes`, as an SRI `integrity` value.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Points `html` (trunk's index.html) at the split build: trunk's `old` stem becomes `named`'s
/// (links and the start script), each link's SRI is recomputed, and the loader is preloaded
/// beside the glue (the glue imports it: one round trip less).
pub fn rewrite_html(html: &str, old: &str, named: &Named) -> Result<String> {
    if !html.contains(&format!("./{old}.js")) {
        bail!("index.html does not load ./{old}.js: is this trunk's output?");
    }
    let mut html = html.replace(old, &named.stem);
    for file in [
        format!("{}.js", named.stem),
        format!("{}_bg.wasm", named.stem),
    ] {
        let bytes = named.files.get(&file).context("a named file is missing")?;
        html = set_integrity(&html, &file, &integrity(bytes));
    }
    let glue_link = format!("<link rel=\"modulepreload\" href=\"./{}.js\"", named.stem);
    if let Some(at) = html.find(&glue_link) {
        let loader = &named.loader;
        let bytes = named.files.get(loader).context("the loader is missing")?;
        let link = format!(
            "<link rel=\"modulepreload\" href=\"./{loader}\" crossorigin=\"anonymous\" integrity=\"{}\">",
            integrity(bytes)
        );
        html.insert_str(at, &link);
    }
    Ok(html)
}

/// Sets the `integrity` of the tag whose `href` is `./file` (trunk writes one per asset).
fn set_integrity(html: &str, file: &str, value: &str) -> String {
    let href = format!("href=\"./{file}\"");
    let Some(start) = html.find(&href) else {
        return html.to_owned();
    };
    let tag_start = html[..start].rfind('<').unwrap_or(start);
    let tag_end = html[start..]
        .find('>')
        .map_or(html.len(), |end| start + end);
    let tag = &html[tag_start..tag_end];
    let Some(attr) = tag.find("integrity=\"") else {
        return html.to_owned();
    };
    let value_start = tag_start + attr + "integrity=\"".len();
    let Some(value_len) = html[value_start..].find('"') else {
        return html.to_owned();
    };
    format!(
        "{}{value}{}",
        &html[..value_start],
        &html[value_start + value_len..]
    )
}

/// The hook: split, bind, optimize and name the release build in trunk's staging dir.
pub fn run(dir: Option<PathBuf>) -> Result<ExitCode> {
    if crate::workspace::debug_hook(&dir) {
        return Ok(ExitCode::SUCCESS);
    }
    let staging = crate::workspace::staging_dir(dir)?;
    let target = crate::workspace::target_dir()?;
    let raw = target
        .join("wasm32-unknown-unknown")
        .join("release")
        .join(format!("{BIN}.wasm"));
    let work = target.join("split");
    let pieces = build(&raw, &work)?;
    let named = name(&pieces)?;
    let old = trunk_stem(&staging)?;
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}", index.display()))?;
    let html = rewrite_html(&html, &old, &named)?;
    for file in [format!("{old}.js"), format!("{old}_bg.wasm")] {
        std::fs::remove_file(staging.join(&file))
            .with_context(|| format!("cannot remove trunk's {file}"))?;
    }
    for (file, bytes) in &named.files {
        std::fs::write(staging.join(file), bytes)
            .with_context(|| format!("cannot write {file}"))?;
    }
    std::fs::write(&index, html).with_context(|| format!("cannot write {}", index.display()))?;
    let chunks = pieces.chunks.len();
    eprintln!(
        "xtask post-build: main module {} KB, {chunks} chunk{} ({} KB)",
        pieces.main_wasm.len() / 1024,
        if chunks == 1 { "" } else { "s" },
        pieces.chunks.values().map(Vec::len).sum::<usize>() / 1024
    );
    Ok(ExitCode::SUCCESS)
}

/// Steps 1–3 in `work` (emptied first): the pieces, optimized, not yet named.
pub fn build(raw: &Path, work: &Path) -> Result<Pieces> {
    let input = std::fs::read(raw).with_context(|| {
        format!(
            "cannot read {} (cargo's output that trunk just bound)",
            raw.display()
        )
    })?;
    if work.exists() {
        std::fs::remove_dir_all(work)
            .with_context(|| format!("cannot empty {}", work.display()))?;
    }
    let split_dir = work.join("split");
    let main_path = split_dir.join("main.wasm");
    let main_module = format!("./{BIN}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main_path;
    options.link_name = LINK_NAME;
    options.main_module = &main_module;
    options.target.web();
    wasm_split_cli_support::transform(options)
        .map_err(|err| anyhow::anyhow!("wasm-split failed on {}: {err:#}", raw.display()))?;

    let bound = work.join("bound");
    let status = Command::new("wasm-bindgen")
        .arg(&main_path)
        .args(["--target", "web", "--no-demangle", "--keep-lld-exports"])
        .args(["--no-typescript", "--out-name", BIN, "--out-dir"])
        .arg(&bound)
        .status()
        .context("cannot run wasm-bindgen (trunk's; `cargo xtask` installs it)")?;
    anyhow::ensure!(status.success(), "wasm-bindgen failed on the main module");
    if bound.join("snippets").exists() {
        bail!("wasm-bindgen wrote snippets/: the split build does not copy them yet");
    }

    let main_wasm = bound.join(format!("{BIN}_bg.wasm"));
    optimize(&main_wasm)?;
    let mut chunks = BTreeMap::new();
    for entry in std::fs::read_dir(&split_dir)? {
        let path = entry?.path();
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path == main_path || !file.ends_with(".wasm") {
            continue;
        }
        optimize(&path)?;
        chunks.insert(file, std::fs::read(&path)?);
    }
    Ok(Pieces {
        glue: std::fs::read_to_string(bound.join(format!("{BIN}.js")))?,
        main_wasm: std::fs::read(&main_wasm)?,
        loader: std::fs::read_to_string(split_dir.join(LINK_NAME.trim_start_matches("./")))?,
        chunks,
    })
}

/// binaryen's `wasm-opt -Oz` in place (132 from npm: Debian's 108 breaks the module).
fn optimize(wasm: &Path) -> Result<()> {
    let status = Command::new("wasm-opt")
        .arg(wasm)
        .arg("-Oz")
        .arg("--output")
        .arg(wasm)
        .status()
        .context("cannot run wasm-opt (binaryen; `cargo xtask` installs it into target/tools)")?;
    anyhow::ensure!(status.success(), "wasm-opt failed on {}", wasm.display());
    Ok(())
}

#[cfg(test)]
mod tests;
