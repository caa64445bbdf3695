//! A chunk of the split release build that cannot be fetched (a deploy replaced the files, or
//! the connection dropped), end to end (issue 16, item 1): the page says so in plain words
//! with Try again (or Retry) and Reload jobscope, nothing already loaded is lost, nothing
//! panics, and the part works once its file is back. The same for the parts' stylesheet.

use fantoccini::Client;
use jobscope_e2e::app::{CAPTURE_DOWNLOADS, export, set_refresh};
use jobscope_e2e::chunks::parts::{
    chunk_error, chunk_errors_shown, click_chunk_button, first_row_id, list_state,
    open_and_cancel_settings, panics_logged, wait_for_drawer,
};
use jobscope_e2e::chunks::{DistCopy, parts_stylesheet, split_file, wait_for_fetches};
use jobscope_e2e::list::{FROZEN_3000, click, js, open_list_in, wait_for_js};
use jobscope_e2e::with_site;
use serde_json::{Value, json};

#[tokio::test]
async fn a_drawer_chunk_that_cannot_load_says_so_keeps_the_list_and_loads_on_try_again() {
    let copy = DistCopy::new();
    let drawer = split_file(&copy.dir(), "drawer");
    // As after a deploy that replaced the files: this build's drawer is gone from the host.
    copy.take_away(&drawer);
    let dir = copy.dir();
    with_site(Some(&dir), None, FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list_in(&client, &env.url("/")).await;
        // The idle prefetch has tried (and failed) by now; a click tries again.
        wait_for_fetches(&client, "prefetch of the export chunk (the last)", |f| f.count("split_export-") > 0).await;
        let before = list_state(&client).await;

        let id = first_row_id(&client).await;
        click(&client, &format!("[data-job-id=\"{id}\"] .cell-type")).await;
        let error = chunk_error(&client).await;
        assert_eq!(error["what"], json!("the job details"), "{error}");
        assert_eq!(error["role"], json!("alert"), "{error}");
        let text = error["text"].as_str().unwrap_or_default();
        assert!(text.contains("Cannot show the job details"), "{error}");
        assert!(text.contains("could not be loaded"), "{error}");
        assert_eq!(error["buttons"], json!(["Try again", "Reload jobscope"]), "{error}");
        assert_eq!(error["loading"], json!(0), "{error}");
        assert_eq!(
            js(&client, "return !!document.querySelector('dialog.drawer[open]');").await,
            json!(false),
            "no empty drawer"
        );

        // Nothing already loaded is lost, and the app still answers.
        assert_eq!(list_state(&client).await, before);
        open_and_cancel_settings(&client).await;
        assert_eq!(list_state(&client).await, before);
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());

        // Reload jobscope reloads the page; the address still names the job, whose drawer
        // still cannot load: the same message, the list loaded again.
        wait_for_js(&client, "return new URLSearchParams(location.search).get('job');", json!(id)).await;
        js(&client, "window.__beforeReload = true; return null;").await;
        click_chunk_button(&client, "Reload jobscope").await;
        wait_for_js(&client, "return window.__beforeReload === undefined && !!document.querySelector('[data-job-id]');", json!(true)).await;
        let again = chunk_error(&client).await;
        assert_eq!(again["what"], json!("the job details"), "{again}");
        assert_eq!(again["buttons"], json!(["Try again", "Reload jobscope"]), "{again}");
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());

        // The file is back (say, the old deploy's files restored): Try again opens the drawer.
        copy.put_back(&drawer);
        click_chunk_button(&client, "Try again").await;
        wait_for_drawer(&client, &id).await;
        assert_eq!(
            chunk_errors_shown(&client).await,
            json!(0)
        );
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());
        drop(copy);
    })
    .await;
}

#[tokio::test]
async fn a_parts_stylesheet_that_cannot_load_says_so_and_the_drawer_opens_styled_on_try_again() {
    let copy = DistCopy::new();
    let stylesheet = parts_stylesheet(&copy.dir());
    // The drawer's code is there but not its style: it is not shown unstyled.
    copy.take_away(&stylesheet);
    let dir = copy.dir();
    with_site(Some(&dir), None, FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list_in(&client, &env.url("/")).await;
        // The idle prefetch asked for the stylesheet (and failed) by now; a click asks again.
        wait_for_fetches(&client, "prefetch of the stylesheet and the drawer", |f| {
            f.count("parts-") > 0 && f.count("split_drawer-") > 0
        })
        .await;
        let before = list_state(&client).await;

        let id = first_row_id(&client).await;
        click(&client, &format!("[data-job-id=\"{id}\"] .cell-type")).await;
        let error = chunk_error(&client).await;
        assert_eq!(error["what"], json!("the job details"), "{error}");
        assert!(
            error["text"]
                .as_str()
                .unwrap_or_default()
                .contains("could not be loaded"),
            "{error}"
        );
        assert_eq!(
            error["buttons"],
            json!(["Try again", "Reload jobscope"]),
            "{error}"
        );
        assert_eq!(
            js(
                &client,
                "return !!document.querySelector('dialog.drawer[open]');"
            )
            .await,
            json!(false),
            "no unstyled drawer"
        );
        assert_eq!(list_state(&client).await, before);
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());

        // The file is back: Try again fetches it again and opens the drawer, styled.
        copy.put_back(&stylesheet);
        click_chunk_button(&client, "Try again").await;
        wait_for_drawer(&client, &id).await;
        assert_eq!(chunk_errors_shown(&client).await, json!(0));
        assert_eq!(list_state(&client).await, before);
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());
        drop(copy);
    })
    .await;
}

#[tokio::test]
async fn an_export_chunk_that_cannot_load_says_so_and_a_later_export_works() {
    let copy = DistCopy::new();
    let export_chunk = split_file(&copy.dir(), "export");
    copy.take_away(&export_chunk);
    let dir = copy.dir();
    with_site(Some(&dir), None, FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list_in(&client, &env.url("/")).await;
        let before = list_state(&client).await;
        js(&client, CAPTURE_DOWNLOADS).await;

        let failure = export_failure(&client).await;
        assert_eq!(
            failure["text"],
            json!(
                "The export could not start: this part of jobscope could not be loaded: the \
                 connection may be down, or a new version was deployed since this page was opened."
            )
        );
        assert_eq!(
            js(&client, "return window.__downloads.length;").await,
            json!(0)
        );
        assert_eq!(list_state(&client).await, before);
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());

        // Back on the host: the next export runs and the error goes.
        copy.put_back(&export_chunk);
        let csv = export(&client, "loaded-csv").await;
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains(&first_row_id(&client).await));
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.export [role=alert]').length;"
            )
            .await,
            json!(0)
        );
        drop(copy);
    })
    .await;
}

/// Exports the loaded rows as CSV and waits for the export's alert: `{ text, buttons }`.
async fn export_failure(client: &Client) -> Value {
    click(client, ".export-menu summary").await;
    click(client, "[data-export=\"loaded-csv\"]").await;
    let alert = "document.querySelector('.export [role=alert]')";
    wait_for_js(client, &format!("return !!{alert};"), json!(true)).await;
    js(
        client,
        &format!(
            "const alert = {alert}; return {{ text: (alert.querySelector('p') ?? alert).textContent, buttons: Array.from(alert.querySelectorAll('button'), (b) => b.textContent) }};"
        ),
    )
    .await
}

/// Issue 16: "a chunk that fails to load ... gives a clear message with a reload button".
#[tokio::test]
async fn an_export_chunk_that_cannot_load_offers_to_reload_jobscope() {
    let copy = DistCopy::new();
    copy.take_away(&split_file(&copy.dir(), "export"));
    let dir = copy.dir();
    with_site(Some(&dir), None, FROZEN_3000, |env| async move {
        open_list_in(&env.client, &env.url("/")).await;
        let failure = export_failure(&env.client).await;
        assert_eq!(failure["buttons"], json!(["Reload jobscope"]), "{failure}");
        drop(copy);
    })
    .await;
}

/// The Booper list's first page with the Booper chunk (its reader and rows) gone: the list's
/// error says why with Reload jobscope and Retry, and Retry reads the page once it is back.
#[tokio::test]
async fn a_booper_chunk_that_cannot_load_says_so_and_retry_reads_the_page() {
    let copy = DistCopy::new();
    let booper = split_file(&copy.dir(), "booper");
    copy.take_away(&booper);
    let dir = copy.dir();
    with_site(Some(&dir), None, FROZEN_3000, |env| async move {
        let client = env.client.clone();
        client.goto(&env.url("/?backend=booper")).await.unwrap();
        let error = list_error(&client).await;
        assert_eq!(
            error["text"],
            json!(
                "jobscope could not load the part of itself that reads this job API: the \
                 connection may be down, or a new version was deployed since this page was opened."
            ),
            "{error}"
        );
        assert_eq!(error["buttons"], json!(["Reload jobscope", "Retry"]), "{error}");
        assert_eq!(list_state(&client).await["rows"], json!(0));
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());
        // The rest of the app still answers.
        open_and_cancel_settings(&client).await;

        // Retry without the file: the same error, asked for once more (never in a loop).
        js(&client, "window.__shown = document.querySelector('.list-error'); return null;").await;
        click(&client, ".list-error-actions .button").await;
        wait_for_js(
            &client,
            "const error = document.querySelector('.list-error'); return !!error && error !== window.__shown;",
            json!(true),
        )
        .await;
        assert_eq!(list_error(&client).await["text"], error["text"]);

        // Back on the host: Retry reads the page and draws its rows.
        copy.put_back(&booper);
        click(&client, ".list-error-actions .button").await;
        wait_for_js(
            &client,
            "return !!document.querySelector('[data-job-id] .cell-request code') && !document.querySelector('.list-error');",
            json!(true),
        )
        .await;
        assert_eq!(panics_logged(&client).await, Vec::<String>::new());
        drop(copy);
    })
    .await;
}

/// The list's error, once it shows: `{ text, buttons }`.
async fn list_error(client: &Client) -> Value {
    wait_for_js(
        client,
        "return !!document.querySelector('.list-error');",
        json!(true),
    )
    .await;
    js(
        client,
        "const error = document.querySelector('.list-error'); return { text: error.querySelector('p').textContent, buttons: Array.from(error.querySelectorAll('button'), (b) => b.textContent) };",
    )
    .await
}
