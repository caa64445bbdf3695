//! The search box: paste (or type and press Enter) a job id, or a jobscope link to a job, and
//! its drawer opens.

use leptos::html::Input;
use leptos::prelude::*;

/// The job id in what was pasted: a bare `job_…` id or Booper UUID (quotes and spaces
/// trimmed), or the `job=` of a pasted link.
pub fn job_id_in(text: &str) -> Option<String> {
    let text = text.trim().trim_matches(['"', '\'', '`']).trim();
    if let Some((_, query)) = text.split_once('?') {
        return form_urlencoded::parse(query.split('#').next().unwrap_or("").as_bytes())
            .find(|(name, _)| name == "job")
            .and_then(|(_, value)| job_id_in(&value));
    }
    let is_scripe = text.strip_prefix("job_").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    (is_scripe || is_uuid(text)).then(|| text.to_owned())
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[component]
pub fn JumpToJob(open: Callback<String>, input: NodeRef<Input>) -> impl IntoView {
    let problem = RwSignal::new(None::<&'static str>);
    let jump = move |submitted: bool| {
        let Some(element) = input.get_untracked() else {
            return;
        };
        match job_id_in(&element.value()) {
            Some(id) => {
                problem.set(None);
                element.set_value("");
                open.run(id);
            }
            None if submitted => {
                problem.set(Some(
                    "Enter a job id such as job_2x7Kf3aQ, or a link to a job.",
                ));
            }
            None => {}
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
    use super::job_id_in;

    #[test]
    fn finds_ids_in_what_people_paste() {
        assert_eq!(
            job_id_in(" job_2x7Kf3aQ \n").as_deref(),
            Some("job_2x7Kf3aQ")
        );
        assert_eq!(job_id_in("\"job_abc\"").as_deref(), Some("job_abc"));
        assert_eq!(
            job_id_in("https://jobs.example/?status=FAILED&job=job_9z#x").as_deref(),
            Some("job_9z")
        );
        assert_eq!(
            job_id_in("1b4e28ba-2fa1-11d2-883f-0016d3cca427").as_deref(),
            Some("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        );
        for not_an_id in [
            "",
            "job_",
            "job_a b",
            "hello",
            "job_<script>",
            "https://x/?status=A",
        ] {
            assert_eq!(job_id_in(not_an_id), None, "{not_an_id:?}");
        }
    }
}
