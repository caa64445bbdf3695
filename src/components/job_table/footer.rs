//! Below the last row: loading more, the end, or the error with Retry. Every message is a
//! sentence for users that reads well however many rows are loaded (none included); what the
//! browser or the decoder said is behind "Technical details", never in the sentence.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::api_notices::ErrorActions;
use crate::feed::FeedState;
use crate::format;

/// The line under an error that says the loaded rows stay; none when nothing is loaded.
pub fn kept_sentence(len: usize) -> Option<String> {
    match len {
        0 => None,
        1 => Some("The one job loaded so far is kept.".to_owned()),
        n => Some(format!(
            "The {} jobs loaded so far are kept.",
            format::count(n)
        )),
    }
}

/// It sits in the table's scrolling body, so it is a row of its own (one cell), as a table may
/// only hold rows.
#[component]
pub fn ListFooter(
    state: Signal<FeedState>,
    len: Signal<usize>,
    error: Signal<Option<ApiError>>,
    retry: Callback<()>,
    /// Cached rows are shown while their first page is read again.
    refreshing: Signal<bool>,
) -> impl IntoView {
    move || {
        let content = match (state.get(), error.get()) {
            (FeedState::Error, Some(error)) => {
                let detail = error.detail().map(str::to_owned);
                view! {
                    <div class="list-footer list-error" role="alert">
                        <p>{error.to_string()}</p>
                        {kept_sentence(len.get()).map(|kept| view! { <p class="muted">{kept}</p> })}
                        {detail.map(|detail| view! {
                            <details class="error-detail">
                                <summary>"Technical details"</summary>
                                <p class="code-block">{detail}</p>
                            </details>
                        })}
                        <div class="list-error-actions">
                            <ErrorActions error=error.clone()/>
                            <button type="button" class="button" on:click=move |_| retry.run(())>"Retry"</button>
                        </div>
                    </div>
                }
                .into_any()
            }
            (FeedState::Loading, Some(error)) if len.get() > 0 => view! {
                <div class="list-footer" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {format!("Retrying… {error}")}
                </div>
            }
            .into_any(),
            (FeedState::Loading, _) if len.get() > 0 => view! {
                <div class="list-footer" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || if refreshing.get() { "Refreshing…" } else { "Loading more jobs…" }}
                </div>
            }
            .into_any(),
            (FeedState::End, _) if len.get() > 0 => view! {
                <div class="list-footer list-end" role="status">
                    {format!("All {} jobs loaded", format::count(len.get()))}
                </div>
            }
            .into_any(),
            _ => return None,
        };
        Some(view! {
            <div role="row" class="list-footer-row">
                <div role="cell">{content}</div>
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::kept_sentence;

    #[test]
    fn the_kept_line_reads_well_for_any_count() {
        assert_eq!(kept_sentence(0), None);
        assert_eq!(
            kept_sentence(1).as_deref(),
            Some("The one job loaded so far is kept.")
        );
        assert_eq!(
            kept_sentence(100).as_deref(),
            Some("The 100 jobs loaded so far are kept.")
        );
    }
}
