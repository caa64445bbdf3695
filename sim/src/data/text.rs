//! Free text for generated jobs, including hostile strings that exercise the dashboard's
//! escaping and layout: markup and script, quotes, very long text, right-to-left, emoji.

/// Markup, script, quotes, a 5,000-character text, right-to-left text and emoji. Whatever
/// would run if the page ever treated one as markup, an attribute or a link sets
/// `window.__jobscope_pwned`, which the end-to-end tests check stays unset.
pub fn hostile() -> Vec<String> {
    vec![
        "<script>window.__jobscope_pwned = true</script>".to_owned(),
        "<img src=x onerror=\"window.__jobscope_pwned = true\">".to_owned(),
        // Breaks out of a quoted attribute; `&amp;` must not be decoded to `&`.
        "\"quoted\" onmouseover=\"window.__jobscope_pwned = true\" 'single' `back` &amp; & \
         ampersand </td></tr></table>"
            .to_owned(),
        format!(
            "Very long failure: {}",
            "lorem ipsum dolor sit amet ".repeat(185)
        ),
        "שגיאה בעיבוד הקובץ: הקישור אינו זמין".to_owned(),
        "Upload failed 😱🔥 — retry later 🚀".to_owned(),
        // `void`: followed as a link, it would set the marker and stay on the page.
        "javascript:void(window.__jobscope_pwned = true)".to_owned(),
        "\u{202e}gnp.exe".to_owned(),
    ]
}

/// Failure codes and messages by job type.
pub fn failures(job_type_index: usize) -> &'static [(&'static str, &'static str)] {
    match job_type_index {
        0 => &[
            (
                "GENERATION_TIMEOUT",
                "The model did not answer within 120 s",
            ),
            (
                "CONTENT_FILTERED",
                "The generated post was blocked by the content policy",
            ),
            (
                "QUOTA_EXCEEDED",
                "The workspace has used its monthly generation quota",
            ),
        ],
        3 => &[
            (
                "SOURCE_UNREACHABLE",
                "GET https://example.com/article returned 404 Not Found",
            ),
            (
                "ROBOTS_DISALLOWED",
                "robots.txt disallows fetching this URL",
            ),
            ("TIMEOUT", "The page did not load within 30 s"),
        ],
        4 => &[
            ("VIDEO_PRIVATE", "The video is private or has been removed"),
            ("NO_TRANSCRIPT", "The video has no captions to ingest"),
        ],
        _ => &[
            (
                "UNSUPPORTED_FORMAT",
                "The file is not a PDF, DOCX, TXT or Markdown document",
            ),
            ("FILE_TOO_LARGE", "The file is larger than 50 MB"),
            (
                "PARSE_ERROR",
                "The document could not be parsed (page 3 is corrupt)",
            ),
        ],
    }
}

/// Progress messages by job type, one per stage.
pub fn stages(job_type_index: usize) -> &'static [&'static str] {
    match job_type_index {
        0 => &[
            "Drafting outline",
            "Writing post",
            "Polishing tone",
            "Saving post",
        ],
        3 => &[
            "Fetching page",
            "Extracting text",
            "Chunking",
            "Embedding",
            "Indexing",
        ],
        4 => &["Fetching video", "Transcribing", "Chunking", "Embedding"],
        _ => &[
            "Uploading",
            "Parsing document",
            "Chunking",
            "Embedding",
            "Indexing",
        ],
    }
}

/// Workspace projects jobs belong to.
pub const PROJECTS: &[&str] = &[
    "proj_marketing",
    "proj_support_kb",
    "proj_sales_enablement",
    "proj_research",
    "proj_onboarding",
];

/// `message` stretched to exactly `bytes` bytes of ASCII without spaces or line breaks (a
/// minified stack trace, say): `--error-bytes` for measuring heavy rows.
pub fn long_message(message: &str, bytes: usize) -> String {
    let word: String = message
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect();
    let unit = format!("{word}>at_worker::run(job.rs:42)>");
    unit.repeat(bytes / unit.len() + 1)[..bytes].to_owned()
}
