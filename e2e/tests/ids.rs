//! Ids are data, never syntax: jobs whose ids hold a space, `+`, `/`, `#`, `%`, `?`, `&`, `.`,
//! `:` or non-ASCII characters open, deep-link, reload, are found by "Find job" (typed, or as
//! the dashboard's own link) and cancel as themselves. Each request is checked on the
//! simulator's side: the raw path it received decodes to exactly the id, and the job it
//! answered with is that job (`job_a b` and `job_a+b` both exist, so a space sent as `+`
//! would open the other one).

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::list::{FROZEN_3000, js, open_list, settled_state, sim_json, wait_for_js};
use jobscope_e2e::{Env, UI_TIMEOUT, with_app};
use serde_json::{Value, json};

/// One of each kind of character that means something in a URL, and some that do not.
const IDS: [&str; 11] = [
    "job_a b",
    "job_a+b",
    "job_a/b",
    "job_a#b",
    "job_100%",
    // A double decode would read `job_%41` as `job_A`.
    "job_%41",
    "job_a?b",
    "job_a&b=c",
    "job_a.b",
    "job_a:b",
    "job_é✓",
];

/// Inserts a queued job with exactly each of `ids`, then opens the list with the refresh
/// off (so every API request is the one a step makes).
async fn insert_and_open(env: &Env, ids: &[&str]) {
    let client = &env.client;
    set_refresh(client, &env.base_url, "off").await;
    for id in ids {
        sim_json(
            client,
            "POST",
            "/_sim/jobs",
            json!({ "id": id, "status": "QUEUED" }),
        )
        .await;
    }
    open_list(env, "/").await;
    settled_state(client).await;
}

/// The simulator's request log, cleared.
async fn clear_requests(client: &Client) {
    sim_json(client, "DELETE", "/_sim/requests", Value::Null).await;
}

/// The job requests (`/v1/jobs/…`, not the list) the simulator received since the log was
/// cleared, as `(method, raw path, decoded path)`.
async fn job_requests(client: &Client) -> Vec<(String, String, String)> {
    let log = sim_json(client, "GET", "/_sim/requests", Value::Null).await;
    log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().starts_with("/v1/jobs/"))
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                r["decodedPath"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Percent-decoding once (as the server's router does): the path never holds a raw `+`, so
/// form decoding is the same.
fn decoded(raw: &str) -> String {
    url::form_urlencoded::parse(format!("p={raw}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Every job request since the log was cleared went to `id` (its `suffix`: `""` or
/// `"/cancel"`), encoded once, and there was at least one.
async fn requests_went_to(client: &Client, id: &str, what: &str) {
    let requests = job_requests(client).await;
    assert!(
        !requests.is_empty(),
        "{what} {id:?}: no request for the job"
    );
    for (method, raw, decoded_path) in requests {
        let expected = if method == "POST" {
            format!("/v1/jobs/{id}/cancel")
        } else {
            format!("/v1/jobs/{id}")
        };
        assert!(!raw.contains('+'), "{what} {id:?}: a raw + in {raw}");
        assert_eq!(decoded(&raw), expected, "{what} {id:?}: {method} {raw}");
        assert_eq!(
            decoded_path, expected,
            "{what} {id:?}: the simulator read {raw}"
        );
    }
}

/// The drawer shows job `id` as the API sent it: its title names it, and its raw JSON (only
/// there after a successful read of that job) has that id.
async fn drawer_shows(client: &Client, id: &str, what: &str) {
    let script = r#"
        const drawer = document.querySelector('dialog.drawer[open]');
        const body = drawer?.querySelector('[data-drawer-job]');
        const raw = drawer?.querySelector('.raw-json code')?.textContent;
        if (!body || !raw) return null;
        return { shown: body.getAttribute('data-drawer-job'), raw: JSON.parse(raw).id };
    "#;
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let now = js(client, script).await;
        if now == json!({ "shown": id, "raw": id }) {
            break;
        }
        let error = js(
            client,
            "return document.querySelector('dialog.drawer[open] .notice-error')?.textContent ?? null;",
        )
        .await;
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} {id:?}: the drawer shows {now} (error: {error})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let in_url = js(
        client,
        "return new URLSearchParams(location.search).get('job');",
    )
    .await;
    assert_eq!(in_url, json!(id), "{what}: the address names the job");
}

async fn close_drawer(client: &Client) {
    client
        .find(Locator::Css("dialog.drawer[open] .drawer-close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_js(
        client,
        "return document.querySelector('dialog.drawer[open]') === null;",
        json!(true),
    )
    .await;
}

/// `id` as a CSS string (for an attribute selector).
fn css_string(id: &str) -> String {
    format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""))
}

#[tokio::test]
async fn odd_ids_open_from_their_row_and_cancel_as_themselves() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        insert_and_open(&env, &IDS).await;
        for id in IDS {
            clear_requests(&client).await;
            let row = format!("[data-job-id={}] .cell-type", css_string(id));
            client
                .find(Locator::Css(&row))
                .await
                .unwrap_or_else(|err| panic!("no row for {id:?}: {err}"))
                .click()
                .await
                .unwrap();
            drawer_shows(&client, id, "row click").await;
            requests_went_to(&client, id, "row click").await;

            // Cancel from the drawer: the API cancels this job and no other.
            clear_requests(&client).await;
            client
                .find(Locator::Css("dialog.drawer[open] .cancel-job"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            client
                .wait()
                .at_most(UI_TIMEOUT)
                .for_element(Locator::Css("dialog.cancel-dialog[open] .confirm-cancel"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_js(
                &client,
                &format!(
                    "return document.querySelector('dialog.drawer[open] .cancel-notice')?.textContent.startsWith({}) ?? false;",
                    json!(format!("Job {id} was cancelled."))
                ),
                json!(true),
            )
            .await;
            requests_went_to(&client, id, "cancel").await;
            let posts = job_requests(&client)
                .await
                .into_iter()
                .filter(|(method, _, _)| method == "POST")
                .count();
            assert_eq!(posts, 1, "{id:?}: one cancel");
            close_drawer(&client).await;
        }
        // Each job is cancelled, and only the one asked for: look them up as the API has them.
        let listed = sim_json(&client, "GET", "/v1/jobs?limit=50", Value::Null).await;
        for id in IDS {
            let job = listed["data"]
                .as_array()
                .unwrap()
                .iter()
                .find(|job| job["id"] == id)
                .unwrap_or_else(|| panic!("{id:?} listed"));
            assert_eq!(job["status"], "CANCELLED", "{id:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn odd_ids_deep_link_and_survive_a_reload() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        insert_and_open(&env, &IDS).await;
        for id in IDS {
            // A link as another tool would write it: the id encoded by the browser's own
            // `encodeURIComponent`, beside a filter.
            let encoded = js(
                &client,
                &format!("return encodeURIComponent({});", json!(id)),
            )
            .await;
            let link = format!("/?status=QUEUED&job={}", encoded.as_str().unwrap());
            clear_requests(&client).await;
            client.goto(&env.url(&link)).await.unwrap();
            drawer_shows(&client, id, "deep link").await;
            requests_went_to(&client, id, "deep link").await;

            clear_requests(&client).await;
            client.refresh().await.unwrap();
            drawer_shows(&client, id, "reload").await;
            requests_went_to(&client, id, "reload").await;
        }
    })
    .await;
}

#[tokio::test]
async fn find_job_takes_odd_ids_and_the_dashboards_own_links_to_them() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        insert_and_open(&env, &IDS).await;
        let mut links = Vec::new();
        for id in IDS {
            // Typed into "Find job", then Enter.
            clear_requests(&client).await;
            let input = client.find(Locator::Css("input[name=jump]")).await.unwrap();
            input.clear().await.unwrap();
            input.send_keys(id).await.unwrap();
            input.send_keys(&Key::Enter.to_string()).await.unwrap();
            drawer_shows(&client, id, "Find job").await;
            requests_went_to(&client, id, "Find job").await;
            // The address now is the link "Copy link" copies.
            let href = js(&client, "return location.href;").await;
            links.push((id, href.as_str().unwrap().to_owned()));
            close_drawer(&client).await;
        }
        // Pasted back, each link opens its job.
        for (id, link) in links {
            clear_requests(&client).await;
            let input = client.find(Locator::Css("input[name=jump]")).await.unwrap();
            input.clear().await.unwrap();
            input.send_keys(&link).await.unwrap();
            input.send_keys(&Key::Enter.to_string()).await.unwrap();
            drawer_shows(&client, id, "a pasted link").await;
            requests_went_to(&client, id, "a pasted link").await;
            close_drawer(&client).await;
        }
        // What is no id at all says so, and opens nothing.
        let input = client.find(Locator::Css("input[name=jump]")).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys("   ").await.unwrap();
        input.send_keys(&Key::Enter.to_string()).await.unwrap();
        wait_for_js(
            &client,
            "return document.querySelector('#jump-problem').textContent;",
            json!("Enter a job id such as job_2x7Kf3aQ, or a link to a job."),
        )
        .await;
        let open = js(
            &client,
            "return !!document.querySelector('dialog.drawer[open]');",
        )
        .await;
        assert_eq!(open, false);
    })
    .await;
}
