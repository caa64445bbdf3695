//! The app shell, built in release and served by `jobscope-sim`, in headless Chromium.

use fantoccini::Locator;
use jobscope_e2e::{wait_for_text, with_app};

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[tokio::test]
async fn the_shell_renders_its_landmarks() {
    with_app(&[], |env| async move {
        let client = &env.client;
        client.goto(&env.url("/")).await.unwrap();

        wait_for_text(client, "header .brand", "jobscope").await;
        wait_for_text(client, "main h1", "Jobs").await;
        // The list inside the main landmark fills from the simulator's API.
        client
            .wait()
            .for_element(Locator::Css("main [role=table] [data-job-id]"))
            .await
            .unwrap();
        wait_for_text(client, "footer", &format!("jobscope v{VERSION}")).await;

        assert_eq!(client.title().await.unwrap(), "jobscope");
        let landmarks = client.find_all(Locator::Css("main")).await.unwrap();
        assert_eq!(landmarks.len(), 1, "exactly one main landmark");
        let lang = client
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap();
        assert_eq!(lang.as_deref(), Some("en"));
    })
    .await;
}

#[tokio::test]
async fn a_deep_link_loads_the_app_and_routes_client_side() {
    with_app(&[], |env| async move {
        let client = &env.client;
        // The simulator answers unknown paths with index.html; the app's router takes over.
        client.goto(&env.url("/no/such/page")).await.unwrap();
        wait_for_text(client, "main h1", "Page not found").await;

        client
            .find(Locator::LinkText("Go to the job list"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_text(client, "main h1", "Jobs").await;
        assert_eq!(client.current_url().await.unwrap().path(), "/");
    })
    .await;
}

#[tokio::test]
async fn stylesheet_and_theme_tokens_are_applied() {
    with_app(&[], |env| async move {
        let client = &env.client;
        client.goto(&env.url("/")).await.unwrap();
        wait_for_text(client, "main h1", "Jobs").await;
        // The custom properties from style/ reach the page (the CSS link was built and served).
        let accent = client
            .execute(
                "return getComputedStyle(document.documentElement)\
                 .getPropertyValue('--color-accent').trim();",
                vec![],
            )
            .await
            .unwrap();
        let accent = accent.as_str().unwrap_or_default().to_owned();
        assert!(accent.starts_with('#'), "--color-accent is {accent:?}");
    })
    .await;
}
