//! The table's geometry: fixed row height, which rows are in the DOM, when to fetch more.

use std::ops::Range;

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
