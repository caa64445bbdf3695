//! `cargo xtask csp`: trunk's `post_build` hook. Makes the built `index.html` run under a
//! strict Content-Security-Policy: every inline `<script>` (trunk's module that starts the
//! wasm, and `trunk serve`'s reload script) moves to an external file named by its content
//! hash, with an SRI `integrity`, and the policy goes in as a `<meta>` tag ahead of every
//! asset. So `script-src 'self' 'wasm-unsafe-eval'` suffices: no `unsafe-inline`, no hashes
//! or nonces to keep in step with trunk's output.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

/// Extra `connect-src` sources (space-separated), e.g. the API origin of a cross-origin
/// deployment; only whoever deploys knows it, so it is read at build time.
pub const CONNECT_SRC_VAR: &str = "JOBSCOPE_CONNECT_SRC";

/// What `cargo xtask test` builds with: the end-to-end tests run an API on another local port.
pub const TEST_CONNECT_SRC: &str = "http://127.0.0.1:*";

/// The policy, as the `<meta>` tag carries it (`frame-ancestors` only works as a header).
pub fn policy(connect_extra: &[String]) -> String {
    let mut connect = String::from("'self'");
    for source in connect_extra {
        connect.push(' ');
        connect.push_str(source);
    }
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src {connect}; font-src 'self'; base-uri 'self'; \
         form-action 'self'; manifest-src 'self'"
    )
}

/// Why a page or a setting cannot be made to run under the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CspError {
    /// `JOBSCOPE_CONNECT_SRC` holds something that is not one source expression.
    BadSource(String),
    /// The page has no `<head>` to put the policy in.
    NoHead,
    /// A `<script`, `<link` or `<style` comes before where the policy would go, so it would
    /// load unchecked (a `<meta>` policy covers only what follows it).
    AssetBeforePolicy,
    /// A tag is not closed (`<script` without `>` or `</script>`).
    Unclosed(&'static str),
    /// No script starts the app: not a trunk page, or trunk changed its output.
    NoStartScript,
}

impl fmt::Display for CspError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadSource(source) => write!(
                f,
                "{CONNECT_SRC_VAR}: `{source}` is not a CSP source (e.g. `https://api.example.com` \
                 or `http://127.0.0.1:*`; separate several with spaces)"
            ),
            Self::NoHead => f.write_str("index.html has no <head>"),
            Self::AssetBeforePolicy => f.write_str(
                "index.html loads a script, link or style before <meta charset>: the policy \
                 must come first",
            ),
            Self::Unclosed(what) => write!(f, "index.html has an unclosed {what}"),
            Self::NoStartScript => {
                f.write_str("index.html has no <script type=\"module\">: is this trunk's output?")
            }
        }
    }
}

impl std::error::Error for CspError {}

/// The space-separated sources of `JOBSCOPE_CONNECT_SRC`. Anything that could end the
/// directive or the attribute (`;`, `,`, quotes, `<`, `>`, `&`) is refused rather than escaped:
/// it would change the policy, not extend `connect-src`.
pub fn parse_sources(text: &str) -> Result<Vec<String>, CspError> {
    text.split_ascii_whitespace()
        .map(|source| {
            let valid = source
                .bytes()
                .all(|byte| byte.is_ascii_graphic() && !b"\"';,<>&\\`".contains(&byte));
            if valid {
                Ok(source.to_owned())
            } else {
                Err(CspError::BadSource(source.to_owned()))
            }
        })
        .collect()
}

/// A script moved out of the page: its file name and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalScript {
    pub file_name: String,
    pub content: String,
}

/// The page under the policy, and the scripts to write beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub html: String,
    pub scripts: Vec<ExternalScript>,
}

/// Moves every inline script of `html` to an external file loaded from `public_url` (trunk's,
/// `./` here) and puts `policy` in a `<meta>` right after `<meta charset>` (or at the start of
/// `<head>`), replacing a policy already there, so running it again just updates the policy.
pub fn rewrite(html: &str, public_url: &str, policy: &str) -> Result<Rewritten, CspError> {
    let (html, scripts) = externalise_scripts(html, public_url)?;
    let html = put_policy(&html, policy)?;
    Ok(Rewritten { html, scripts })
}

fn externalise_scripts(
    html: &str,
    public_url: &str,
) -> Result<(String, Vec<ExternalScript>), CspError> {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    // A module script, inline or (on a second run) already external, starts the app.
    let mut has_module = false;
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = find_tag(&lower, "<script", from) {
        let open_end = tag_end(html, open).ok_or(CspError::Unclosed("<script"))?;
        let close = lower[open_end..]
            .find("</script")
            .map(|at| open_end + at)
            .ok_or(CspError::Unclosed("<script>"))?;
        let close_end = lower[close..]
            .find('>')
            .map(|at| close + at + 1)
            .ok_or(CspError::Unclosed("</script"))?;
        let attributes = parse_attributes(&html[open + "<script".len()..open_end - 1]);
        from = close_end;
        let is_module = attributes
            .iter()
            .any(|(name, value)| name == "type" && value.eq_ignore_ascii_case("module"));
        has_module |= is_module;
        if attributes.iter().any(|(name, _)| name == "src") {
            continue;
        }
        let mut content = html[open_end..close].to_owned();
        // The module starts the app; anything else inline is `trunk serve`'s reload script.
        let stem = if is_module { "start" } else { "script" };
        if !is_module {
            content = fill_reload_placeholders(&content, public_url);
        }
        let file_name = format!("{stem}-{}.js", &sha256_hex(content.as_bytes())[..16]);
        let mut tag = String::from("<script");
        for (name, value) in &attributes {
            tag.push_str(&format!(" {name}=\"{}\"", value.replace('"', "&quot;")));
        }
        tag.push_str(&format!(
            " src=\"{public_url}{file_name}\" integrity=\"{}\"></script>",
            sri_sha384(content.as_bytes())
        ));
        out.push_str(&html[copied..open]);
        out.push_str(&tag);
        copied = close_end;
        scripts.push(ExternalScript { file_name, content });
    }
    out.push_str(&html[copied..]);
    if has_module {
        Ok((out, scripts))
    } else {
        Err(CspError::NoStartScript)
    }
}

/// `trunk serve` fills its reload script's placeholders in HTML responses only, so a script
/// moved to a file gets them filled here, as trunk does when it has no `Host` header: the
/// page's own host, and the WebSocket base (trunk's serve base: `/` for a relative public URL).
fn fill_reload_placeholders(script: &str, public_url: &str) -> String {
    let ws_base = if public_url.starts_with('/') {
        public_url
    } else {
        "/"
    };
    script
        .replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("`{{__TRUNK_ADDRESS__}}`", "window.location.host")
        .replace("{{__TRUNK_WS_BASE__}}", ws_base)
}

fn put_policy(html: &str, policy: &str) -> Result<String, CspError> {
    let lower = html.to_ascii_lowercase();
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
    // A policy already there (a second run, to change `connect-src`) is replaced in place.
    let mut from = 0;
    while let Some(at) = find_tag(&lower, "<meta", from) {
        let end = tag_end(html, at).ok_or(CspError::Unclosed("<meta"))?;
        let attributes = parse_attributes(&html[at + "<meta".len()..end - 1]);
        let is_policy = attributes.iter().any(|(name, value)| {
            name == "http-equiv" && value.eq_ignore_ascii_case("content-security-policy")
        });
        if is_policy {
            return Ok(format!("{}{meta}{}", &html[..at], &html[end..]));
        }
        from = end;
    }
    let head = find_tag(&lower, "<head", 0).ok_or(CspError::NoHead)?;
    let head_end = tag_end(html, head).ok_or(CspError::Unclosed("<head"))?;
    // After `<meta charset>`, which must stay within the first 1024 bytes.
    let mut at = head_end;
    if let Some(charset) = find_tag(&lower, "<meta", head_end) {
        let end = tag_end(html, charset).ok_or(CspError::Unclosed("<meta"))?;
        let attributes = parse_attributes(&html[charset + "<meta".len()..end - 1]);
        if attributes.iter().any(|(name, _)| name == "charset") {
            at = end;
        }
    }
    let first_asset = ["<script", "<link", "<style"]
        .iter()
        .filter_map(|tag| find_tag(&lower, tag, 0))
        .min();
    if first_asset.is_some_and(|asset| asset < at) {
        return Err(CspError::AssetBeforePolicy);
    }
    Ok(format!("{}\n    {meta}{}", &html[..at], &html[at..]))
}

/// The next `<name` that opens a tag of that name (not `<scripts`), from byte `from`.
fn find_tag(lower: &str, name: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = lower.get(at..)?.find(name) {
        let start = at + found;
        let next = lower.as_bytes().get(start + name.len());
        if next.is_none_or(|byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/')) {
            return Some(start);
        }
        at = start + name.len();
    }
    None
}

/// The byte after the `>` that ends the tag opened at `open`; quoted values may hold `>`.
fn tag_end(html: &str, open: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, ch) in html.get(open..)?.char_indices() {
        match (quote, ch) {
            (None, '"' | '\'') => quote = Some(ch),
            (Some(q), _) if ch == q => quote = None,
            (None, '>') => return Some(open + offset + 1),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag's inside (`type="module" defer`), names lower-cased, values
/// unquoted (a bare name has an empty value).
fn parse_attributes(inside: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = inside.trim_end_matches('/').trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|ch: char| ch.is_ascii_whitespace() || ch == '=')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (text, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or_default())
                }
                _ => {
                    let end = after
                        .find(|ch: char| ch.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = text.to_owned();
            rest = remaining.trim_start();
        }
        if !name.is_empty() {
            attributes.push((name, value));
        }
    }
    attributes
}

/// Lower-case hex SHA-256, whose first 16 digits name a file as trunk names its assets (the
/// simulator and CDNs cache such names as immutable).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A Subresource Integrity value, as trunk writes for its own assets.
pub fn sri_sha384(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Rewrites `dir/index.html` (default: trunk's `TRUNK_STAGING_DIR`) and writes the scripts
/// beside it.
pub fn run(dir: Option<PathBuf>) -> Result<ExitCode> {
    let dir = crate::workspace::staging_dir(dir)?;
    // trunk's `public_url` (`./` in Trunk.toml), so the moved scripts load like the others.
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "./".to_owned());
    let extra = parse_sources(&std::env::var(CONNECT_SRC_VAR).unwrap_or_default())?;
    apply(&dir, &public_url, &policy(&extra))?;
    Ok(ExitCode::SUCCESS)
}

fn apply(dir: &Path, public_url: &str, policy: &str) -> Result<()> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}", index.display()))?;
    let rewritten = rewrite(&html, public_url, policy)?;
    for script in &rewritten.scripts {
        let path = dir.join(&script.file_name);
        std::fs::write(&path, &script.content)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::write(&index, rewritten.html)
        .with_context(|| format!("cannot write {}", index.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace;

    /// trunk 0.21.14's `index.html` for this app with `public_url = "./"`, as built.
    const TRUNK_HTML: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>jobscope</title>
    
<script type="module">
import init, * as bindings from './jobscope-30d4b97e8e1b3494.js';
const wasm = await init({ module_or_path: './jobscope-30d4b97e8e1b3494_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));

</script>
    <link rel="stylesheet" href="./main-3b89649b9e346f0b.css" integrity="sha384-tyUNJWaDdGT05jk5kq/iH/0QfTBFqL753Kke0p6kYlMTt0SWFk9GZ58qj/f5SluF"/>
  <link rel="modulepreload" href="./jobscope-30d4b97e8e1b3494.js" crossorigin="anonymous" integrity="sha384-z4rVCUOEI7Fz6bbphQ60LIiudRi3Qft2LiWQwfpSRfNjIxLjWlKaTflMTTJeEtBw"></head>
  <body>
    <noscript>jobscope needs JavaScript and WebAssembly to run.</noscript>
  </body>
</html>
"#;

    fn policy_of(html: &str) -> String {
        let start = html
            .find("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .expect("a policy meta");
        let rest = &html[start..];
        let content = &rest[rest.find("content=\"").unwrap() + 9..];
        content[..content.find('"').unwrap()].to_owned()
    }

    #[test]
    fn the_start_module_moves_to_a_hashed_file_with_integrity() {
        let out = rewrite(TRUNK_HTML, "./", &policy(&[])).unwrap();
        assert_eq!(out.scripts.len(), 1);
        let script = &out.scripts[0];
        assert!(
            script
                .content
                .contains("import init, * as bindings from './jobscope-30d4b97e8e1b3494.js';")
        );
        assert!(script.content.contains("window.wasmBindings = bindings;"));
        let hash = &sha256_hex(script.content.as_bytes())[..16];
        assert_eq!(script.file_name, format!("start-{hash}.js"));
        let tag = format!(
            "<script type=\"module\" src=\"./start-{hash}.js\" integrity=\"{}\"></script>",
            sri_sha384(script.content.as_bytes())
        );
        assert!(out.html.contains(&tag), "{}", out.html);
        // No inline script is left, and trunk's own tags (and their SRI) are untouched.
        assert!(!out.html.contains("import init"));
        assert_eq!(out.html.matches("<script").count(), 1);
        for line in TRUNK_HTML.lines().filter(|line| line.contains("<link")) {
            assert!(out.html.contains(line), "{line}");
        }
    }

    #[test]
    fn the_policy_comes_right_after_the_charset_before_every_asset() {
        let out = rewrite(TRUNK_HTML, "./", &policy(&[])).unwrap();
        let meta = out
            .html
            .find("http-equiv=\"Content-Security-Policy\"")
            .unwrap();
        assert!(out.html.find("<meta charset").unwrap() < meta);
        assert!(meta < out.html.find("<script").unwrap());
        assert!(meta < out.html.find("<link").unwrap());
        assert_eq!(
            policy_of(&out.html),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'self'; \
             form-action 'self'; manifest-src 'self'"
        );
        assert!(!out.html.contains("unsafe-inline") && !out.html.contains("'unsafe-eval'"));
    }

    #[test]
    fn extra_connect_sources_extend_connect_src_only() {
        let extra = parse_sources("  https://api.scripe.io\thttp://127.0.0.1:*  ").unwrap();
        let out = rewrite(TRUNK_HTML, "./", &policy(&extra)).unwrap();
        assert!(
            policy_of(&out.html)
                .contains("; connect-src 'self' https://api.scripe.io http://127.0.0.1:*; ")
        );
    }

    #[test]
    fn sources_that_would_change_the_policy_are_refused() {
        assert_eq!(parse_sources(""), Ok(vec![]));
        for bad in [
            "https://a.example; script-src *",
            "https://a.example,https://b.example",
            "'unsafe-inline'",
            "\"><script>",
            "https://a.example&x",
        ] {
            assert!(
                matches!(parse_sources(bad), Err(CspError::BadSource(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_second_run_only_replaces_the_policy() {
        let first = rewrite(TRUNK_HTML, "./", &policy(&[])).unwrap();
        let extra = vec!["https://api.scripe.io".to_owned()];
        let second = rewrite(&first.html, "./", &policy(&extra)).unwrap();
        assert!(second.scripts.is_empty());
        assert_eq!(second.html.matches("Content-Security-Policy").count(), 1);
        assert_eq!(policy_of(&second.html), policy(&extra));
        assert_eq!(
            second.html.replace(&policy(&extra), ""),
            first.html.replace(&policy(&[]), "")
        );
    }

    #[test]
    fn trunk_serves_reload_script_moves_out_too_with_its_placeholders_filled() {
        let reload = "(function () { const address = '{{__TRUNK_ADDRESS__}}'; \
                      const base = '{{__TRUNK_WS_BASE__}}'; new WebSocket(address + base); })()";
        let html = TRUNK_HTML.replace("</body>", &format!("<script>{reload}</script></body>"));
        for (public_url, base) in [("./", "/"), ("/tools/jobs/", "/tools/jobs/")] {
            let out = rewrite(&html, public_url, &policy(&[])).unwrap();
            assert_eq!(out.scripts.len(), 2);
            let moved = &out.scripts[1];
            assert!(moved.file_name.starts_with("script-"));
            let tag = format!("<script src=\"{public_url}{}\"", moved.file_name);
            assert!(out.html.contains(&tag));
            assert!(!out.html.contains("WebSocket"));
            assert_eq!(
                moved.content,
                format!(
                    "(function () {{ const address = window.location.host; \
                     const base = '{base}'; new WebSocket(address + base); }})()"
                )
            );
        }
    }

    #[test]
    fn scripts_with_src_stay_and_attribute_quoting_is_understood() {
        let html = TRUNK_HTML.replace(
            "<title>",
            "<script src='./a-0123456789abcdef.js' data-x=\"a>b\"></script><title>",
        );
        let out = rewrite(&html, "./", &policy(&[])).unwrap();
        assert_eq!(out.scripts.len(), 1);
        assert!(
            out.html
                .contains("<script src='./a-0123456789abcdef.js' data-x=\"a>b\"></script>")
        );
    }

    #[test]
    fn pages_that_cannot_be_secured_are_errors() {
        assert_eq!(
            rewrite("<html><body></body></html>", "./", "p"),
            Err(CspError::NoStartScript)
        );
        let no_head = "<html><body><script type=module>x</script></body></html>";
        assert_eq!(rewrite(no_head, "./", "p"), Err(CspError::NoHead));
        let early = "<html><head><link rel=stylesheet href=a.css><meta charset=utf-8>\
                     <script type=module>x</script></head></html>";
        assert_eq!(rewrite(early, "./", "p"), Err(CspError::AssetBeforePolicy));
        let unclosed = "<html><head><script type=module>x</head></html>";
        assert_eq!(
            rewrite(unclosed, "./", "p"),
            Err(CspError::Unclosed("<script>"))
        );
    }

    #[test]
    fn hashes_match_known_vectors() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // `echo -n abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri_sha384(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn apply_writes_the_scripts_beside_the_page() {
        let dir = std::env::temp_dir().join(format!("jobscope-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), TRUNK_HTML).unwrap();
        apply(&dir, "./", &policy(&[])).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        let name = html
            .split("src=\"./")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let script = std::fs::read(dir.join(&name)).unwrap();
        assert!(html.contains(&sri_sha384(&script)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn trunk_builds_relative_urls_and_runs_this_after_each_build() {
        let trunk: toml::Table = toml::from_str(&workspace::read("Trunk.toml").unwrap()).unwrap();
        assert_eq!(trunk["build"]["public_url"].as_str(), Some("./"));
        let hooks = trunk["hooks"].as_array().unwrap();
        let hook = hooks
            .iter()
            .find(|hook| hook["stage"].as_str() == Some("post_build"))
            .expect("a post_build hook");
        let arguments: Vec<&str> = hook["command_arguments"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|argument| argument.as_str())
            .collect();
        assert_eq!(hook["command"].as_str(), Some("cargo"));
        assert!(
            arguments.ends_with(&["xtask", "--", "post-build"]),
            "{arguments:?}"
        );
    }
}
