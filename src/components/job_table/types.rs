//! The table's geometry (fixed row height, which rows are in the DOM, when to fetch more) and
//! the focus of its rows (one tab stop, moved with arrows or j/k).

use std::ops::Range;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Which row has the one tab stop, and what opening a row does. Shared by every row.
#[derive(Clone, Copy)]
pub struct RowFocus {
    /// The focused row's index, once one was focused.
    pub index: RwSignal<Option<usize>>,
    /// The first row on screen: the tab stop until a row is focused.
    pub first_visible: Signal<usize>,
    pub open: Callback<String>,
}

impl RowFocus {
    /// Roving tab stop: only one row is in the tab order.
    pub fn tab_index(self, index: usize) -> i32 {
        let current = self.index.get().unwrap_or_else(|| self.first_visible.get());
        if current == index { 0 } else { -1 }
    }

    pub fn focused(self, index: usize) {
        if self.index.get_untracked() != Some(index) {
            self.index.set(Some(index));
        }
    }

    /// A click on the row opens it, unless it was on a control inside it or ended a text
    /// selection.
    pub fn clicked(self, event: &web_sys::MouseEvent, id: &str) {
        let on_control = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| {
                element
                    .closest("button, a, input, [popover]")
                    .ok()
                    .flatten()
            })
            .is_some();
        let selecting = leptos::prelude::window()
            .get_selection()
            .ok()
            .flatten()
            .is_some_and(|selection| !selection.is_collapsed());
        if !on_control && !selecting {
            self.open.run(id.to_owned());
        }
    }
}

/// The rows actually on screen (no overscan): the ones live updates re-read.
pub fn on_screen(scroll_top: f64, viewport: f64, len: usize) -> Range<usize> {
    let viewport = if viewport > 0.0 {
        viewport
    } else {
        FALLBACK_VIEWPORT
    };
    let first = ((scroll_top.max(0.0) / ROW_HEIGHT) as usize).min(len);
    let end = (((scroll_top.max(0.0) + viewport) / ROW_HEIGHT).ceil() as usize).min(len);
    first..end
}

/// The scroll position that shows row `index` whole, moving as little as possible.
pub fn scroll_to_show(index: usize, scroll_top: f64, viewport: f64) -> f64 {
    let top = index as f64 * ROW_HEIGHT;
    let bottom = top + ROW_HEIGHT;
    if top < scroll_top {
        top
    } else if viewport > 0.0 && bottom > scroll_top + viewport {
        bottom - viewport
    } else {
        scroll_top
    }
}

/// Every row is this tall (CSS `--row-height` matches), so positions need no measuring.
pub const ROW_HEIGHT_PX: usize = 44;
pub const ROW_HEIGHT: f64 = ROW_HEIGHT_PX as f64;
/// Rows kept in the DOM above and below the visible ones, for smooth scrolling.
pub const OVERSCAN: usize = 8;
/// Never more row elements than this, however tall the screen.
pub const MAX_WINDOW: usize = 140;
/// Viewport height assumed before the first measurement.
pub const FALLBACK_VIEWPORT: f64 = 600.0;

/// The rows to render for a scroll position.
pub fn window(scroll_top: f64, viewport: f64, len: usize) -> Range<usize> {
    let viewport = if viewport > 0.0 {
        viewport
    } else {
        FALLBACK_VIEWPORT
    };
    let first_visible = (scroll_top.max(0.0) / ROW_HEIGHT) as usize;
    let visible = (viewport / ROW_HEIGHT).ceil() as usize + 1;
    let start = first_visible.saturating_sub(OVERSCAN).min(len);
    let end = (first_visible + visible + OVERSCAN)
        .min(start + MAX_WINDOW)
        .min(len);
    start..end
}

/// Within about two viewports of the end of the loaded rows: time to prefetch.
pub fn near_end(scroll_top: f64, viewport: f64, len: usize) -> bool {
    let viewport = if viewport > 0.0 {
        viewport
    } else {
        FALLBACK_VIEWPORT
    };
    let content = len as f64 * ROW_HEIGHT;
    scroll_top + viewport >= content - 2.0 * viewport
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_plus_overscan() {
        assert_eq!(window(0.0, 440.0, 10_000), 0..19);
        let deep = window(44_000.0, 440.0, 10_000);
        assert_eq!(deep, 992..1_019);
        assert_eq!(window(0.0, 440.0, 5), 0..5);
        assert_eq!(window(1e9, 440.0, 100), 100..100);
    }

    #[test]
    fn the_window_never_exceeds_its_cap() {
        for viewport in [0.0, 300.0, 1_080.0, 4_320.0, 100_000.0] {
            let range = window(5_000.0, viewport, 10_000);
            assert!(range.len() <= MAX_WINDOW, "{viewport}: {range:?}");
        }
    }

    #[test]
    fn on_screen_rows_have_no_overscan() {
        assert_eq!(on_screen(0.0, 440.0, 10_000), 0..10);
        assert_eq!(on_screen(22.0, 440.0, 10_000), 0..11, "half rows count");
        assert_eq!(on_screen(0.0, 440.0, 3), 0..3);
        assert_eq!(on_screen(1e9, 440.0, 3), 3..3);
    }

    #[test]
    fn scrolling_to_a_row_moves_as_little_as_possible() {
        assert_eq!(scroll_to_show(5, 0.0, 440.0), 0.0, "already shown");
        assert_eq!(scroll_to_show(10, 0.0, 440.0), 44.0, "just below: one row");
        assert_eq!(scroll_to_show(2, 440.0, 440.0), 88.0, "above: to its top");
        assert_eq!(scroll_to_show(3, 0.0, 0.0), 0.0, "no viewport yet");
    }

    #[test]
    fn prefetch_starts_two_viewports_before_the_end() {
        // 100 rows = 4,400 px; a 440 px viewport; prefetch once the bottom passes 3,520 px.
        assert!(!near_end(0.0, 440.0, 100));
        assert!(!near_end(3_000.0, 440.0, 100));
        assert!(near_end(3_080.0, 440.0, 100));
        assert!(
            near_end(0.0, 440.0, 5),
            "a short list asks for more at once"
        );
        assert!(near_end(0.0, 440.0, 0));
    }
}
