//! Where the app is deployed: the router's base path, found at runtime, so that one `dist/`
//! (built with relative asset URLs) works at a host's root and under any sub-path.

/// The path of the directory `index.html` was served from, without its trailing slash:
/// `/tools/jobs` for `https://cdn.example/tools/jobs/?status=FAILED`, `""` at the root.
///
/// Read from `document.baseURI`, the URL the page's relative asset URLs resolve against (the
/// page's own URL unless a `<base>` element says otherwise), so the router and the assets can
/// never disagree about where the app lives.
///
/// An address naming `index.html` is first rewritten in place to its directory (same query and
/// fragment, no history entry): `…/index.html?status=FAILED` is the list at `…/?status=FAILED`,
/// since the app's one route is `/`. This runs before the router reads the address.
pub fn router_base() -> String {
    let window = leptos::prelude::window();
    if let Ok(path) = window.location().pathname()
        && let Some(directory) = without_index_html(&path)
        && let Ok(history) = window.history()
    {
        let location = window.location();
        let search = location.search().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        // If the browser refuses, the router shows "not found" there: nothing worse.
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{directory}{search}{hash}")),
        );
    }
    leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .map_or_else(String::new, |url| base_of(&url))
}

/// `/tools/jobs/` for `/tools/jobs/index.html`; `None` for any other path.
pub fn without_index_html(path: &str) -> Option<&str> {
    path.strip_suffix("index.html")
        .filter(|directory| directory.ends_with('/'))
}

/// The directory part of an absolute URL's path, without its trailing slash: the last
/// segment (`index.html`, or a client route's last segment) is dropped, as relative URLs do.
pub fn base_of(url: &str) -> String {
    let without_fragment = url.split('#').next().unwrap_or_default();
    let without_query = without_fragment.split('?').next().unwrap_or_default();
    // `scheme://authority/path`: the path starts at the first `/` after the authority.
    let path = match without_query.split_once("://") {
        Some((_scheme, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => without_query,
    };
    let directory = path.rfind('/').map_or("", |at| &path[..at]);
    directory.to_owned()
}

#[cfg(test)]
mod tests {
    use super::{base_of, without_index_html};

    #[test]
    fn the_root_has_an_empty_base() {
        for url in [
            "https://cdn.example/",
            "https://cdn.example/?status=FAILED",
            "https://cdn.example/index.html",
            "https://cdn.example/index.html?x#top",
            "https://cdn.example",
            "http://127.0.0.1:8787/#/a/b",
        ] {
            assert_eq!(base_of(url), "", "{url}");
        }
    }

    #[test]
    fn a_sub_path_is_the_directory_of_index_html() {
        for url in [
            "https://cdn.example/tools/jobs/",
            "https://cdn.example/tools/jobs/?status=FAILED&type=KB_INGEST_URL",
            "https://cdn.example/tools/jobs/index.html",
            "https://cdn.example/tools/jobs/index.html?x",
            "https://cdn.example:8443/tools/jobs/#frag/with/slashes",
            "https://cdn.example/tools/jobs/?next=/a/b/c",
        ] {
            assert_eq!(base_of(url), "/tools/jobs", "{url}");
        }
    }

    #[test]
    fn the_last_segment_is_never_part_of_the_base() {
        // Without the trailing slash the directory is `/tools`, which is also where the
        // relative asset URLs of such a page point; hosts redirect `/tools/jobs` to `/tools/jobs/`.
        assert_eq!(base_of("https://cdn.example/tools/jobs"), "/tools");
        assert_eq!(base_of("https://cdn.example/a/b/c/d"), "/a/b/c");
    }

    #[test]
    fn encoded_paths_stay_encoded_as_the_router_sees_them() {
        assert_eq!(
            base_of("https://cdn.example/my%20tools/jobs/"),
            "/my%20tools/jobs"
        );
    }

    #[test]
    fn index_html_in_the_address_stands_for_its_directory() {
        assert_eq!(without_index_html("/index.html"), Some("/"));
        assert_eq!(
            without_index_html("/tools/jobs/index.html"),
            Some("/tools/jobs/")
        );
        for other in [
            "/",
            "/tools/jobs/",
            "/myindex.html",
            "/index.html/",
            "/index.htm",
        ] {
            assert_eq!(without_index_html(other), None, "{other}");
        }
    }

    #[test]
    fn a_bare_path_is_accepted_too() {
        assert_eq!(base_of("/tools/jobs/index.html"), "/tools/jobs");
        assert_eq!(base_of(""), "");
    }
}
