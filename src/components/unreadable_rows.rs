//! Rows the API sent that could not be read (no usable id: nothing to show, open or cancel):
//! left out of the list, and said so above it rather than silently missing.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::format;

/// How many rows of the loaded pages could not be read, page by page, for one walk of the
/// list (one feed generation): a page read again (a restart, a refresh) replaces its count
/// instead of adding to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadableRows {
    generation: u64,
    /// By page token (`None`: the first page).
    by_page: HashMap<Option<String>, usize>,
}

impl UnreadableRows {
    /// Page `token` of walk `generation` left out `dropped` rows. A new generation starts the
    /// tally afresh. True when the total changed.
    pub fn record(&mut self, generation: u64, token: Option<String>, dropped: usize) -> bool {
        let before = self.total();
        if generation != self.generation {
            self.generation = generation;
            self.by_page.clear();
        }
        if dropped == 0 {
            self.by_page.remove(&token);
        } else {
            self.by_page.insert(token, dropped);
        }
        self.total() != before
    }

    /// Rows left out of the loaded pages.
    pub fn total(&self) -> usize {
        self.by_page.values().sum()
    }

    /// [`UnreadableRows::total`] when it counts walk `generation`, else 0 (other filters were
    /// chosen and none of their pages left a row out yet).
    pub fn total_for(&self, generation: u64) -> usize {
        if generation == self.generation {
            self.total()
        } else {
            0
        }
    }
}

/// "2 jobs in the loaded pages could not be read and are not shown".
pub fn message(count: usize) -> String {
    let (jobs, verb) = if count == 1 {
        ("job", "is")
    } else {
        ("jobs", "are")
    };
    format!(
        "{} {jobs} in the loaded pages could not be read (the API sent no usable id) and {verb} not shown.",
        format::count(count)
    )
}

/// The notice above the list, while any row was left out.
#[component]
pub fn UnreadableRowsNotice(#[prop(into)] count: Signal<usize>) -> impl IntoView {
    view! {
        <div aria-live="polite">
            <Show when=move || { count.get() > 0 }>
                <p class="notice unreadable-rows" data-unreadable-rows=move || count.get()>
                    {move || message(count.get())}
                </p>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_page_once_and_starts_over_with_new_filters() {
        let mut tally = UnreadableRows::default();
        assert!(!tally.record(0, None, 0));
        assert!(tally.record(0, None, 2));
        assert!(tally.record(0, Some("c1".into()), 1));
        assert_eq!(tally.total(), 3);
        // The first page read again (a restart): its count is replaced, not added.
        assert!(!tally.record(0, None, 2));
        assert!(tally.record(0, None, 0));
        assert_eq!(tally.total(), 1);
        assert_eq!(tally.total_for(1), 0, "not counted for other filters");
        // Other filters: a new walk.
        assert!(tally.record(1, None, 0));
        assert_eq!(tally.total(), 0);
    }

    #[test]
    fn says_how_many_in_words() {
        assert_eq!(
            message(1),
            "1 job in the loaded pages could not be read (the API sent no usable id) and is not shown."
        );
        assert!(message(1_200).starts_with("1,200 jobs in the loaded pages"));
    }
}
