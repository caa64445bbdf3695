use leptos::prelude::*;

/// A centred message for a view with nothing to show; `children` holds the explanation.
#[component]
pub fn EmptyState(
    /// The one-line headline.
    #[prop(into)]
    title: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="empty-state" role="status">
            <h2 class="empty-state-title">{title}</h2>
            <div class="empty-state-body">{children()}</div>
        </section>
    }
}
