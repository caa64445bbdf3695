//! Accessibility checks with axe-core, run in the page under test.
//!
//! `axe.min.js` comes from the npm package that `cargo xtask test` installs into
//! `<target>/tools/axe` and names in `JOBSCOPE_AXE`; run alone, the tests look there too. It
//! is injected through WebDriver's execute, which the page's Content-Security-Policy does not
//! govern, so the policy stays as strict as it ships.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::Client;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{Value, json};

/// What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
pub const TAGS: &[&str] = &[
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// Runs axe over the document and answers its violations, each reduced to its id, impact,
/// help text and failing nodes (target, HTML, failure summary), and how many of the nodes
/// axe examined (passed, failed or could not decide) lie inside the `scope` selector.
const RUN: &str = r#"
    const [tags, scope, done] = arguments;
    axe.run(document, { runOnly: { type: 'tag', values: tags } })
        .then((results) => {
            const within = (node) => node.target.length === 1
                && document.querySelector(node.target[0])?.closest(scope) != null;
            const examined = [...results.passes, ...results.violations, ...results.incomplete]
                .flatMap((rule) => rule.nodes)
                .filter(within).length;
            done({
                examined,
                violations: results.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
                })),
            });
        })
        .catch((err) => done({ error: String(err) }));
"#;

/// What one axe run found.
pub struct Audit {
    /// axe's violations, reduced (see [`report`]).
    pub violations: Vec<Value>,
    /// How many checks axe made on nodes inside the scope: zero means it never saw the state.
    pub examined: u64,
}

/// `JOBSCOPE_AXE`, else axe-core's `axe.min.js` where xtask installs it in the target dir.
pub fn axe_path() -> PathBuf {
    std::env::var_os("JOBSCOPE_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| crate::workspace_root().join("target"))
                .join("tools/axe/node_modules/axe-core/axe.min.js")
        })
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "no axe-core at {} ({err}): run `cargo xtask test` once, which installs it",
                path.display()
            )
        })
    })
}

/// Loads axe into the current page unless it is there already (a navigation drops it).
pub async fn inject(client: &Client) {
    let present = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if present != json!(true) {
        client.execute(axe_source(), vec![]).await.unwrap();
        let loaded = client
            .execute("return typeof window.axe?.run === 'function';", vec![])
            .await
            .unwrap();
        assert_eq!(loaded, json!(true), "axe.min.js did not define window.axe");
    }
}

/// Runs axe over the page now, counting the checks made inside `scope` (a CSS selector for
/// the state under test, such as `dialog.settings[open]`).
pub async fn audit(client: &Client, scope: &str) -> Audit {
    // A full run takes a few seconds, more on a busy machine than WebDriver's default 30 s
    // allows for a script.
    let timeouts = TimeoutConfiguration::new(Some(Duration::from_secs(180)), None, None);
    client.update_timeouts(timeouts).await.unwrap();
    inject(client).await;
    let answer = client
        .execute_async(RUN, vec![json!(TAGS), json!(scope)])
        .await
        .unwrap();
    match (answer["violations"].as_array(), answer["examined"].as_u64()) {
        (Some(violations), Some(examined)) => Audit {
            violations: violations.clone(),
            examined,
        },
        _ => panic!("axe.run failed: {answer}"),
    }
}

/// How many failing nodes a report shows per violation.
const NODES_SHOWN: usize = 4;

/// One readable paragraph per violation.
pub fn report(state: &str, violations: &[Value]) -> String {
    let mut text = format!("{} axe violation(s) in {state}:\n", violations.len());
    for violation in violations {
        let nodes = violation["nodes"].as_array().map_or(&[][..], Vec::as_slice);
        let _ = writeln!(
            text,
            "- {} ({}): {} [{} node(s)]",
            violation["id"].as_str().unwrap_or("?"),
            violation["impact"].as_str().unwrap_or("?"),
            violation["help"].as_str().unwrap_or("?"),
            nodes.len()
        );
        // A few examples say where; the rows repeat one markup many times.
        for node in nodes.iter().take(NODES_SHOWN) {
            let summary = node["summary"]
                .as_str()
                .unwrap_or_default()
                .replace('\n', " ");
            let _ = writeln!(
                text,
                "    {} {}\n      {summary}",
                node["target"],
                node["html"].as_str().unwrap_or_default()
            );
        }
        if nodes.len() > NODES_SHOWN {
            let _ = writeln!(text, "    … and {} more", nodes.len() - NODES_SHOWN);
        }
    }
    text
}
