//! Settings and API keys end to end: the app from one origin reads a keyed API on another.
//! No key gives a clear prompt, a wrong key the 403 message, the right key the API's rows;
//! the key never reaches the URL or `localStorage`; API versions are switched in one click.

use fantoccini::{Client, Locator};
use jobscope_e2e::app::{keyed_api, save_settings};
use jobscope_e2e::list::{
    FROZEN_3000, click, js, open_list, rendered_ids, settled_state, wait_for_js,
};
use jobscope_e2e::process::Sim;
use jobscope_e2e::{UI_TIMEOUT, with_app};
use serde_json::{Value, json};

const KEY: &str = "scripe_sk_test_e2e_secret";

async fn list_error(client: &Client) -> String {
    assert_eq!(settled_state(client).await, "error");
    js(
        client,
        "return document.querySelector('.list-error').textContent;",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The first page of the keyed API, fetched with the key from the test (not the app).
async fn first_ids(client: &Client, base: &str) -> Vec<String> {
    let script = r#"
        const [url, key, done] = arguments;
        fetch(url, { headers: { Authorization: 'Bearer ' + key } })
            .then((r) => r.json())
            .then((page) => done(page.data.map((job) => job.id)), (err) => done(String(err)));
    "#;
    let ids = client
        .execute_async(
            script,
            vec![json!(format!("{base}/v1/jobs?limit=100")), json!(KEY)],
        )
        .await
        .unwrap();
    serde_json::from_value(ids).unwrap()
}

#[tokio::test]
async fn no_key_prompts_a_wrong_key_is_refused_and_the_right_key_lists_the_jobs() {
    with_app(FROZEN_3000, |env| async move {
        let api = keyed_api(KEY, &[]);
        let base = api.base_url().to_owned();
        let client = env.client.clone();
        open_list(&env, "/").await;

        save_settings(&client, &[("baseUrl", &format!("{base}/v1"))], None).await;
        let prompt = list_error(&client).await;
        assert!(prompt.contains("needs an API key (401)"), "{prompt}");
        assert!(prompt.contains("Open settings"), "{prompt}");

        save_settings(&client, &[("apiKey", "scripe_sk_test_wrong")], None).await;
        let refused = list_error(&client).await;
        assert!(refused.contains("refused the API key (403)"), "{refused}");

        // Test connection with the right key, then save it.
        click(&client, ".list-error .button-secondary").await;
        let key_input = client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css("dialog[open] input[name=apiKey]"))
            .await
            .unwrap();
        key_input.send_keys(KEY).await.unwrap();
        click(&client, "dialog[open] .test-connection").await;
        wait_for_js(
            &client,
            "return (document.querySelector('.connection-report')?.textContent ?? '').startsWith('Connected');",
            json!(true),
        )
        .await;
        click(&client, "dialog[open] button[type=submit]").await;
        assert_ne!(settled_state(&client).await, "error");
        let shown = rendered_ids(&client).await;
        let api_ids = first_ids(&client, &base).await;
        assert!(!shown.is_empty());
        assert_eq!(shown[..], api_ids[..shown.len()]);

        // The key is in this tab's session storage only, and nowhere in the address.
        let where_key: Value = js(
            &client,
            &format!(
                "return [location.href.includes('{KEY}'), JSON.stringify(localStorage).includes('{KEY}'), JSON.stringify(sessionStorage).includes('{KEY}')];"
            ),
        )
        .await;
        assert_eq!(where_key, json!([false, false, true]));
        drop(api);
    })
    .await;
}

#[tokio::test]
async fn a_deprecated_version_shows_a_banner_and_an_unsupported_one_offers_the_accepted() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/").await;
        save_settings(&client, &[("apiVersion", "2025-11-01")], None).await;
        wait_for_js(
            &client,
            "return !!document.querySelector('.deprecation-notice');",
            json!(true),
        )
        .await;
        let banner = js(
            &client,
            "return document.querySelector('.deprecation-notice').textContent;",
        )
        .await;
        let banner = banner.as_str().unwrap();
        assert!(
            banner.contains("2025-11-01 is deprecated") && banner.contains("on 2027-02-01"),
            "{banner}"
        );
        assert!(
            rendered_ids(&client).await.len() > 5,
            "the banner does not block the list"
        );
        click(&client, ".deprecation-notice button").await;
        wait_for_js(
            &client,
            "return !document.querySelector('.deprecation-notice');",
            json!(true),
        )
        .await;

        save_settings(&client, &[("apiVersion", "1999-01-01")], None).await;
        let error = list_error(&client).await;
        assert!(
            error.contains("it accepts 2026-08-01, 2025-11-01"),
            "{error}"
        );
        click(&client, ".switch-version").await;
        assert_ne!(settled_state(&client).await, "error");
        assert!(!rendered_ids(&client).await.is_empty());
        let saved = js(
            &client,
            "return localStorage.getItem('jobscope.settings.scripe');",
        )
        .await;
        assert!(saved.as_str().unwrap().contains("2026-08-01"), "{saved}");
    })
    .await;
}

/// A copy of the built app with its own `config.json`; removed when dropped.
struct Deployment(std::path::PathBuf);

impl Deployment {
    fn with_config(name: &str, config: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("jobscope-e2e-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(jobscope_e2e::process::dist_dir()).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::write(dir.join("config.json"), config).unwrap();
        Self(dir)
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_broken_config_json_shows_a_banner_and_the_app_runs_on_the_defaults() {
    with_app(FROZEN_3000, |env| async move {
        let deployment = Deployment::with_config("broken", r#"{"apiBaseUrl": 42"#);
        let sim = Sim::serving(&deployment.0, FROZEN_3000);
        let client = env.client.clone();
        jobscope_e2e::list::open_list_in(&client, &format!("{}/", sim.base_url())).await;
        let banner = js(
            &client,
            "return document.querySelector('.app-notice')?.textContent ?? '';",
        )
        .await;
        assert_eq!(
            banner,
            json!("config.json is not valid JSON; using the defaults.")
        );
        assert!(
            !rendered_ids(&client).await.is_empty(),
            "the defaults list jobs"
        );

        let typed = Deployment::with_config("types", r#"{"apiBaseUrl": 42}"#);
        let sim = Sim::serving(&typed.0, FROZEN_3000);
        jobscope_e2e::list::open_list_in(&client, &format!("{}/", sim.base_url())).await;
        let banner = js(
            &client,
            "return document.querySelector('.app-notice')?.textContent ?? '';",
        )
        .await;
        assert!(
            banner
                .as_str()
                .unwrap()
                .starts_with("config.json is not valid: "),
            "{banner}"
        );
    })
    .await;
}

#[tokio::test]
async fn config_json_chooses_the_backend_a_plain_link_shows() {
    with_app(FROZEN_3000, |env| async move {
        let deployment = Deployment::with_config("booper", r#"{"backend": "booper"}"#);
        let sim = Sim::serving(&deployment.0, FROZEN_3000);
        let client = env.client.clone();
        jobscope_e2e::list::open_list_in(&client, &format!("{}/", sim.base_url())).await;
        assert_eq!(
            js(&client, "return !!document.querySelector('.job-list-booper') && !document.querySelector('.app-notice');").await,
            json!(true)
        );
        let menus = js(
            &client,
            "return Array.from(document.querySelectorAll('[data-filter]'), (m) => m.dataset.filter);",
        )
        .await;
        assert_eq!(menus, json!(["state"]));
    })
    .await;
}
