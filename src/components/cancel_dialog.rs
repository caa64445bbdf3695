//! Cancelling a job: the button on rows and in the drawer, the confirmation dialog, and the
//! notice with the outcome. They share the [`UseCancelJobReturn`] the list provides.

use jobscope_wire::scripe::{Job, JobStatus};
use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::job_table::focus_row;
use crate::format;
use crate::hooks::use_cancel_job::UseCancelJobReturn;
use crate::hooks::use_modal::use_modal;

/// Why a running job has no working Cancel.
const RUNNING_WHY: &str = "Running jobs cannot be cancelled: the API cancels only queued jobs.";

/// "Cancel" for a queued job. In the drawer (`explain`), a running job's button stays and
/// says why it cannot be used; rows leave it out rather than fill the list with dead buttons.
#[component]
pub fn CancelButton(job: Job, #[prop(optional)] explain: bool) -> impl IntoView {
    let Some(cancel) = use_context::<UseCancelJobReturn>() else {
        return ().into_any();
    };
    let running = match job.status.value() {
        Some(JobStatus::Queued) => false,
        Some(JobStatus::Running) if explain => true,
        _ => return ().into_any(),
    };
    // The whole id (less its known prefix): rows' labels can grow past 8 characters, and
    // every Cancel button must have a name of its own.
    let label = format!(
        "Cancel job {}",
        job.id
            .strip_prefix(format::ids::KNOWN_PREFIX)
            .unwrap_or(&job.id)
    );
    let id = job.id.clone();
    let busy = move || {
        cancel
            .busy
            .with(|busy| busy.as_deref() == Some(id.as_str()))
    };
    // Not `disabled` when running: it stays focusable and says why when pressed.
    view! {
        <button
            type="button"
            class="button button-secondary button-small cancel-job"
            aria-disabled=running.then_some("true")
            aria-describedby=running.then_some("cancel-why")
            aria-label=label
            aria-haspopup=(!running).then_some("dialog")
            disabled=busy
            on:click=move |event| {
                // Not a click on the row (which opens the job).
                event.stop_propagation();
                cancel.ask.run(job.clone());
            }
        >
            "Cancel"
        </button>
        {running.then(|| view! { <span id="cancel-why" class="muted cancel-why">{RUNNING_WHY}</span> })}
    }
    .into_any()
}

/// "Cancel this job?" as a native modal dialog; "Keep job" has the focus, so Enter or Escape
/// never cancels by accident.
#[component]
pub fn CancelDialog(cancel: UseCancelJobReturn) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    use_modal(dialog, move || cancel.asking.with(Option::is_some));
    // The job last asked about: `asking` is already empty when the dialog closes.
    let asked = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = cancel
            .asking
            .with(|job| job.as_ref().map(|job| job.id.clone()))
        {
            asked.set_value(Some(id));
        }
    });
    let on_close = move |_| {
        cancel.dismiss.run(());
        // Once the job is cancelled its Cancel button is gone (only queued jobs have one), so
        // the browser has nowhere to return the focus to and drops it on the page.
        let id = asked.get_value();
        request_animation_frame(move || refocus(id.as_deref()));
    };
    let summary = move || {
        cancel.asking.with(|job| {
            job.as_ref().map(|job| {
                let kind = job.job_type.value().map(format::type_label);
                format!(
                    "{} job {} will not run. This cannot be undone.",
                    kind.as_deref().unwrap_or("This"),
                    job.id
                )
            })
        })
    };
    view! {
        <dialog
            class="confirm cancel-dialog"
            node_ref=dialog
            aria-labelledby="cancel-title"
            aria-describedby="cancel-summary"
            on:close=on_close
        >
            <h2 id="cancel-title">"Cancel this job?"</h2>
            <p id="cancel-summary">{summary}</p>
            <div class="dialog-actions">
                <button type="button" class="button button-secondary keep-job" autofocus on:click=move |_| cancel.dismiss.run(())>
                    "Keep job"
                </button>
                <button type="button" class="button button-danger confirm-cancel" on:click=move |_| cancel.confirm()>
                    "Cancel job"
                </button>
            </div>
        </dialog>
    }
}

/// Where the job is, when the focus was lost: the open drawer's title, else the job's row.
fn refocus(id: Option<&str>) {
    let document = document();
    let lost = document
        .active_element()
        .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
    if !lost {
        return;
    }
    let title = document
        .query_selector("dialog.drawer[open] .drawer-title")
        .ok()
        .flatten()
        .and_then(|title| title.dyn_into::<web_sys::HtmlElement>().ok());
    match (title, id) {
        (Some(title), _) => {
            let _ = title.focus();
        }
        (None, Some(id)) => focus_row(id),
        (None, None) => {}
    }
}

/// The outcome of the last cancel, while `when` holds (the page's copy hides while the drawer
/// shows its own, so it is never behind the drawer or said twice).
#[component]
pub fn CancelNoticeView(
    cancel: UseCancelJobReturn,
    #[prop(optional, into)] when: Option<Signal<bool>>,
) -> impl IntoView {
    move || {
        if when.is_some_and(|when| !when.get()) {
            return None;
        }
        cancel.notice.get().map(|notice| {
            let role = if notice.is_error() { "alert" } else { "status" };
            view! {
                <div class="notice cancel-notice" class:notice-error=notice.is_error() role=role>
                    <p>{notice.text()}</p>
                    <button
                        type="button"
                        class="notice-dismiss"
                        aria-label="Dismiss this notice"
                        on:click=move |_| cancel.clear_notice.run(())
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
