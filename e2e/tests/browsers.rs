//! What differs between browsers: each run really drives the browser it names, and an empty
//! date filter cannot be mistaken for a set one in any of them (WebKit fills an empty
//! `<input type="date">` with today's date in grey). `cargo xtask test` runs these in
//! Chromium, Firefox and WebKit.

use fantoccini::Client;
use jobscope_e2e::browser::Browser;
use jobscope_e2e::list::{FROZEN_3000, js, open_list};
use jobscope_e2e::{with_app, with_app_in};
use serde_json::{Value, json};

#[tokio::test]
async fn the_session_runs_in_the_browser_the_run_names() {
    with_app(FROZEN_3000, |env| async move {
        open_list(&env, "/").await;
        let agent = js(&env.client, "return navigator.userAgent;").await;
        let agent = agent.as_str().unwrap_or_default().to_owned();
        let engine = match env.browser {
            Browser::Chromium => agent.contains("Chrome/"),
            Browser::Firefox => agent.contains("Firefox/") && !agent.contains("Chrome/"),
            Browser::WebKit => agent.contains("AppleWebKit/") && !agent.contains("Chrome/"),
        };
        assert!(
            engine,
            "{:?} run, but the browser says {agent}",
            env.browser
        );
        assert_eq!(env.browser, Browser::from_env());
    })
    .await;
}

/// How each date and time input of the range reads: its value, whether its own text is
/// shown, and whether the "not set" label over it is.
async fn bounds(client: &Client) -> Value {
    let script = r#"
        return Array.from(document.querySelectorAll('.date-edge input')).map((input) => {
            const next = input.nextElementSibling;
            const label = next && next.classList.contains('date-unset') ? next : null;
            return {
                name: input.name,
                value: input.value,
                textShown: getComputedStyle(input).color !== 'rgba(0, 0, 0, 0)',
                notSet: label !== null && getComputedStyle(label).display !== 'none'
                    ? label.textContent : null,
            };
        });
    "#;
    js(client, script).await
}

#[tokio::test]
async fn an_empty_date_bound_reads_not_set_and_a_set_one_its_date() {
    // In UTC, so the bound below is 2026-10-20 in the browser's own zone.
    with_app_in(Some("UTC"), FROZEN_3000, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/?dateFrom=2026-10-20T00:00:00Z").await;
        let bound = |name: &str, value: &str, text: bool, not_set: Option<&str>| {
            json!({ "name": name, "value": value, "textShown": text, "notSet": not_set })
        };
        assert_eq!(
            bounds(&client).await,
            json!([
                bound("fromDate", "2026-10-20", true, None),
                // An empty time means the whole day: blank, not the current time (WebKit's).
                bound("fromTime", "", false, None),
                bound("toDate", "", false, Some("not set")),
                bound("toTime", "", false, None),
            ])
        );

        // Focused, an empty bound shows the browser's own editor, to type into.
        js(
            &client,
            "document.querySelector('input[name=toDate]').focus(); return null;",
        )
        .await;
        let to = &bounds(&client).await[2];
        assert_eq!(to["textShown"], true, "{to}");
        assert_eq!(to["notSet"], Value::Null, "{to}");
    })
    .await;
}
