//! Export: the loaded rows at once, or all rows matching the filters with progress and Cancel.

use leptos::prelude::*;

use crate::export::ExportFormat;
use crate::format;
use crate::hooks::use_export::UseExportReturn;

#[component]
pub fn ExportMenu(export: UseExportReturn) -> impl IntoView {
    let UseExportReturn {
        progress,
        error,
        code_missing,
        export_loaded,
        export_all,
        cancel,
    } = export;
    let item = move |label: &'static str, scope: &'static str, format: ExportFormat| {
        let run = if scope == "all" {
            export_all
        } else {
            export_loaded
        };
        view! {
            <button
                type="button"
                class="menu-item export-item"
                data-export=format!("{scope}-{}", format.extension())
                disabled=move || progress.with(Option::is_some)
                on:click=move |event| {
                    run.run(format);
                    // Close the menu once chosen.
                    if let Some(menu) = event_target::<web_sys::Element>(&event).closest("details").ok().flatten() {
                        let _ = menu.remove_attribute("open");
                    }
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="export">
            <details class="menu export-menu">
                <summary class="button button-secondary menu-button">"Export"</summary>
                <div class="menu-panel" role="group" aria-label="Export">
                    {item("Loaded rows as CSV", "loaded", ExportFormat::Csv)}
                    {item("Loaded rows as JSON", "loaded", ExportFormat::Json)}
                    {item("All matching as CSV", "all", ExportFormat::Csv)}
                    {item("All matching as JSON", "all", ExportFormat::Json)}
                </div>
            </details>
            {move || progress.get().map(|p| view! {
                <div class="export-progress" role="status">
                    <progress aria-label="Exporting all matching jobs"></progress>
                    <span>
                        {format!("{} jobs read", format::count(p.rows))}
                        {p.waiting.then_some(" · waiting for the API")}
                    </span>
                    <button type="button" class="button button-secondary button-small export-cancel" on:click=move |_| cancel.run(())>
                        "Cancel export"
                    </button>
                </div>
            })}
            {move || error.get().map(|error| view! {
                <div class="field-error export-error" role="alert">
                    <p>{error}</p>
                    <Show when=move || code_missing.get()>
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            on:click=|_| {
                                let _ = window().location().reload();
                            }
                        >
                            "Reload jobscope"
                        </button>
                    </Show>
                </div>
            })}
        </div>
    }
}
