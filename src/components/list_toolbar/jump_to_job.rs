//! The search box: paste (or type and press Enter) a job id, or a jobscope link to a job, and
//! its drawer opens. Any id the APIs can return is accepted as it is (`job_a.b`, `job_a/b`,
//! `job_a b`, `job_é✓`…): ids are data, and the API says whether such a job exists. Only
//! what cannot be an id at all gets a message.

use leptos::html::Input;
use leptos::prelude::*;

use crate::api::url;
use crate::filters::query::JOB_PARAM;

/// Longer text is not taken for an id (nor read as one): 4 KiB is past any id the APIs
/// document or the simulator serves (its longest test ids are 2 KiB), and near the limit of a
/// URL many servers accept.
pub const MAX_ID_CHARS: usize = 4_096;

/// Why the text in the box is not a job id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAnId {
    Empty,
    TooLong,
    /// Line breaks, tabs and other control characters: pasted text, not an id.
    ControlCharacters,
    /// A link without `job=`: a link to the list, not to a job.
    LinkWithoutJob,
}

impl NotAnId {
    /// The message under the box.
    pub fn message(self) -> String {
        match self {
            Self::Empty => "Enter a job id such as job_2x7Kf3aQ, or a link to a job.".to_owned(),
            Self::TooLong => {
                format!("That is too long for a job id (at most {MAX_ID_CHARS} characters).")
            }
            Self::ControlCharacters => {
                "A job id cannot hold line breaks, tabs or other control characters.".to_owned()
            }
            Self::LinkWithoutJob => {
                "That link does not point to a job: it has no job= in it.".to_owned()
            }
        }
    }
}

/// The job id in what was pasted or typed: the text itself (surrounding spaces and quotes
/// trimmed, as copying often adds them), or the `job=` of a pasted link (`http(s)://…` or
/// `/…?…`, `?…`), decoded once as the app writes it.
pub fn job_id_in(text: &str) -> Result<String, NotAnId> {
    if text.chars().count() > MAX_ID_CHARS * 4 {
        return Err(NotAnId::TooLong);
    }
    let text = text.trim().trim_matches(['"', '\'', '`']).trim();
    if is_link(text) {
        let query = text.split('#').next().unwrap_or_default();
        let query = query.split_once('?').map_or("", |(_, query)| query);
        let id = url::query_pairs(query)
            .into_iter()
            .find(|(name, _)| name == JOB_PARAM)
            .map(|(_, id)| id)
            .ok_or(NotAnId::LinkWithoutJob)?;
        return checked(&id).map(str::to_owned);
    }
    checked(text).map(str::to_owned)
}

/// A link rather than an id: an absolute http(s) address, or a path or query of this app
/// with `job=` in it. An id holding `?` or `/` (`job_a?b`) is not a link.
fn is_link(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || ((text.starts_with('/') || text.starts_with('?'))
            && text.contains('?')
            && text.contains("job="))
}

fn checked(id: &str) -> Result<&str, NotAnId> {
    if id.trim().is_empty() {
        Err(NotAnId::Empty)
    } else if id.chars().count() > MAX_ID_CHARS {
        Err(NotAnId::TooLong)
    } else if id.chars().any(char::is_control) {
        Err(NotAnId::ControlCharacters)
    } else {
        Ok(id)
    }
}

/// Pasted text opens at once when it is plainly a job: a link to one, or an id without
/// spaces. Anything else waits for Enter, so pasting a sentence does not open a drawer.
fn opens_on_paste(text: &str) -> bool {
    let text = text.trim();
    is_link(text) || !text.chars().any(char::is_whitespace)
}

#[component]
pub fn JumpToJob(open: Callback<String>, input: NodeRef<Input>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let jump = move |submitted: bool| {
        let Some(element) = input.get_untracked() else {
            return;
        };
        let text = element.value();
        if !submitted && !opens_on_paste(&text) {
            return;
        }
        match job_id_in(&text) {
            Ok(id) => {
                problem.set(None);
                element.set_value("");
                open.run(id);
            }
            Err(why) if submitted => problem.set(Some(why.message())),
            Err(_) => {}
        }
    };
    view! {
        <form
            role="search"
            class="jump-to-job"
            on:submit=move |event| {
                event.prevent_default();
                jump(true);
            }
        >
            <label class="toolbar-field">
                <span class="field-label">"Find job"</span>
                <input
                    type="search"
                    name="jump"
                    node_ref=input
                    placeholder="Paste a job id  ( / )"
                    autocomplete="off"
                    spellcheck="false"
                    aria-keyshortcuts="/"
                    aria-describedby="jump-problem"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    // The pasted text is in the field after this event: look a moment later.
                    on:paste=move |_| {
                        set_timeout(move || jump(false), std::time::Duration::from_millis(0));
                    }
                    on:input=move |_| problem.set(None)
                />
            </label>
            <p id="jump-problem" class="field-error" role="alert">{move || problem.get()}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_in_what_people_paste() {
        assert_eq!(job_id_in(" job_2x7Kf3aQ \n").as_deref(), Ok("job_2x7Kf3aQ"));
        assert_eq!(job_id_in("\"job_abc\"").as_deref(), Ok("job_abc"));
        assert_eq!(
            job_id_in("https://jobs.example/?status=FAILED&job=job_9z#x").as_deref(),
            Ok("job_9z")
        );
        assert_eq!(
            job_id_in("1b4e28ba-2fa1-11d2-883f-0016d3cca427").as_deref(),
            Ok("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        );
    }

    #[test]
    fn accepts_any_id_the_apis_can_return() {
        for id in [
            "job_a.b",
            "job_a/b",
            "job_é✓",
            "job_a b",
            "job_a+b",
            "job_a#b",
            "job_100%",
            "job_a?b",
            "job_a&b=c",
            "job_a:b",
            "hello",
            "job_",
            "job_<script>",
            "42",
        ] {
            assert_eq!(job_id_in(id).as_deref(), Ok(id), "{id:?}");
        }
    }

    #[test]
    fn accepts_the_dashboards_own_links_to_such_ids() {
        for id in [
            "job_a.b",
            "job_a/b",
            "job_é✓",
            "job_a b",
            "job_a+b",
            "job_a#b",
            "job_100%",
            "job_%41",
            "job_a?b",
            "job_a&b=c",
            "job_a:b",
        ] {
            // As the app writes its address (and "Copy link" copies it).
            let query = crate::filters::query::to_query(
                &crate::filters::Filters::default(),
                [(JOB_PARAM, id)],
            );
            for link in [
                format!("https://jobs.example/?{query}"),
                format!("https://jobs.example/team/?status=FAILED&{query}#top"),
                format!("HTTP://localhost:8787/?{query}"),
                format!("/?{query}"),
                format!("?{query}"),
            ] {
                assert_eq!(job_id_in(&link).as_deref(), Ok(id), "{link}");
            }
        }
        // A browser's own encoding of the same link (space as `+`) reads the same.
        assert_eq!(
            job_id_in("https://x/?job=job_a+b").as_deref(),
            Ok("job_a b")
        );
    }

    #[test]
    fn explains_what_cannot_be_an_id() {
        assert_eq!(job_id_in(""), Err(NotAnId::Empty));
        assert_eq!(job_id_in("  \t "), Err(NotAnId::Empty));
        assert_eq!(job_id_in("\"\""), Err(NotAnId::Empty));
        assert_eq!(
            job_id_in(&"a".repeat(MAX_ID_CHARS + 1)),
            Err(NotAnId::TooLong)
        );
        assert_eq!(
            job_id_in(&"a".repeat(MAX_ID_CHARS)).map(|id| id.len()),
            Ok(MAX_ID_CHARS)
        );
        assert_eq!(job_id_in(&"é".repeat(100_000)), Err(NotAnId::TooLong));
        assert_eq!(job_id_in("job_a\njob_b"), Err(NotAnId::ControlCharacters));
        assert_eq!(job_id_in("job_a\u{7}"), Err(NotAnId::ControlCharacters));
        assert_eq!(
            job_id_in("https://x/?status=A"),
            Err(NotAnId::LinkWithoutJob)
        );
        assert_eq!(job_id_in("https://x/?job="), Err(NotAnId::Empty));
        assert_eq!(
            job_id_in("https://x/?job=job_a%0Ab"),
            Err(NotAnId::ControlCharacters)
        );
        for why in [
            NotAnId::Empty,
            NotAnId::TooLong,
            NotAnId::ControlCharacters,
            NotAnId::LinkWithoutJob,
        ] {
            assert!(why.message().ends_with('.'), "{why:?}");
        }
    }

    #[test]
    fn pasting_opens_at_once_only_what_is_plainly_a_job() {
        assert!(opens_on_paste(" job_a.b "));
        assert!(opens_on_paste("https://x/?job=job_a%20b"));
        assert!(!opens_on_paste("job_a b"), "waits for Enter");
        assert!(!opens_on_paste("the job that failed"));
    }
}
