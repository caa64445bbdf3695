//! The created-at range as people enter it (a date, optionally a time, in their time zone)
//! ⇄ the bounds in the URL (RFC 3339 instants in UTC, or the API's bare `YYYY-MM-DD`).
//!
//! Zones are described by their offset from UTC at an instant, so this stays plain Rust: the
//! browser's zone comes from `Date.getTimezoneOffset`, tests use fixed and made-up zones.

use jobscope_wire::Timestamp;

use super::Filters;
use crate::format::offset_label;

/// A minute, ms.
pub(crate) const MINUTE_MS: i64 = 60_000;
/// A day of UTC time, ms.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// Which end of the range a bound is; a bare `to` date covers its whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    From,
    To,
}

/// Milliseconds east of UTC in a zone at a UTC instant (+3_600_000 for CET in winter).
pub trait Offset {
    fn offset_ms(&self, utc_ms: i64) -> i64;
}

/// UTC itself.
#[derive(Debug, Clone, Copy)]
pub struct Utc;

impl Offset for Utc {
    fn offset_ms(&self, _utc_ms: i64) -> i64 {
        0
    }
}

/// A zone with one fixed offset.
#[derive(Debug, Clone, Copy)]
pub struct Fixed(pub i64);

impl Offset for Fixed {
    fn offset_ms(&self, _utc_ms: i64) -> i64 {
        self.0
    }
}

/// The zone dates are entered in: the browser's, or UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Zone {
    #[default]
    Local,
    Utc,
}

impl Zone {
    pub const ALL: [Self; 2] = [Self::Local, Self::Utc];

    pub fn label(self) -> &'static str {
        match self {
            Self::Local => "Local",
            Self::Utc => "UTC",
        }
    }

    /// How the choice is stored and named in `<option>` values.
    pub fn key(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Utc => "utc",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|zone| zone.key() == key)
    }
}

impl Offset for Zone {
    fn offset_ms(&self, utc_ms: i64) -> i64 {
        match self {
            Self::Utc => 0,
            // `getTimezoneOffset` is minutes *west* of UTC at that instant.
            #[cfg(target_arch = "wasm32")]
            Self::Local => {
                let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(utc_ms as f64));
                -(at.get_timezone_offset() as i64) * MINUTE_MS
            }
            // Outside a browser (native tests) the local zone is UTC.
            #[cfg(not(target_arch = "wasm32"))]
            Self::Local => {
                let _ = utc_ms;
                0
            }
        }
    }
}

/// Why the date or time typed into a range input was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    BadDate,
    BadTime,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::BadDate => "Enter a date as YYYY-MM-DD.",
            Self::BadTime => "Enter a time as HH:MM.",
        })
    }
}

/// The URL bound for a date input (`YYYY-MM-DD`, empty for none) and a time input (`HH:MM` or
/// `HH:MM:SS`, empty for the whole day), read in `zone`: an instant in UTC, or `None`.
pub fn bound_from_inputs(
    date: &str,
    time: &str,
    edge: Edge,
    zone: &impl Offset,
) -> Result<Option<String>, InputError> {
    let date = date.trim();
    let time = time.trim();
    if date.is_empty() {
        return Ok(None);
    }
    let midnight = wall_ms(date, "00:00:00").ok_or(InputError::BadDate)?;
    let wall = if time.is_empty() {
        match edge {
            Edge::From => midnight,
            // The whole day: up to the last millisecond before the next midnight there.
            Edge::To => return Ok(Some(instant(to_utc(midnight + DAY_MS, zone) - 1))),
        }
    } else {
        let time = if time.len() == 5 {
            format!("{time}:00")
        } else {
            time.to_owned()
        };
        if time.len() != 8 {
            return Err(InputError::BadTime);
        }
        wall_ms(date, &time).ok_or(InputError::BadTime)?
    };
    Ok(Some(instant(to_utc(wall, zone))))
}

/// What the date and time inputs show for a URL bound, in `zone`: the time is left empty
/// when the bound is the day's edge (midnight for `from`, the day's last millisecond for
/// `to`). A bare date is the API's whole day and is shown as it is.
pub fn inputs_from_bound(bound: &str, edge: Edge, zone: &impl Offset) -> (String, String) {
    if bound.len() == 10 {
        return (bound.to_owned(), String::new());
    }
    let Some(utc_ms) = Timestamp::raw(bound).epoch_ms() else {
        return (String::new(), String::new());
    };
    let wall = utc_ms + zone.offset_ms(utc_ms);
    let text = Timestamp::from_epoch_ms(wall).as_str().to_owned();
    let date = text[..10].to_owned();
    let in_day = wall.rem_euclid(DAY_MS);
    let time = match edge {
        Edge::From if in_day == 0 => String::new(),
        Edge::To if in_day == DAY_MS - 1 => String::new(),
        _ if in_day % MINUTE_MS == 0 => text[11..16].to_owned(),
        _ => text[11..19].to_owned(),
    };
    (date, time)
}

/// A bound in words for a chip, naming the zone it is read in: "2026-11-20 14:05
/// (Europe/Berlin)", "2026-11-20 (UTC)" for a whole day. `zone_name` names `zone`
/// ("Europe/Berlin", "UTC"); without one the zone is named by its offset at the bound. A
/// time the zone's clocks show twice (the hour a daylight-saving change repeats) adds its
/// offset. A bare date from a link is the API's day, which is a UTC day.
pub fn bound_label(bound: &str, edge: Edge, zone: &impl Offset, zone_name: Option<&str>) -> String {
    let (date, time) = inputs_from_bound(bound, edge, zone);
    let utc_ms = Timestamp::raw(bound).epoch_ms();
    let name = match (utc_ms, zone_name) {
        (None, _) => "UTC".to_owned(),
        (Some(utc_ms), None) => offset_label(zone.offset_ms(utc_ms)),
        (Some(utc_ms), Some(name)) if !time.is_empty() && repeated_wall_time(utc_ms, zone) => {
            format!("{name}, {}", offset_label(zone.offset_ms(utc_ms)))
        }
        (Some(_), Some(name)) => name.to_owned(),
    };
    if time.is_empty() {
        format!("{date} ({name})")
    } else {
        format!("{date} {time} ({name})")
    }
}

/// Whether the wall time `zone` shows at `utc_ms` also names another instant there: the hour
/// a daylight-saving change repeats. Offsets come from the zone at instants (the browser's
/// `Date`; the bundle has no zone database), so the other offset is the one in force a day
/// before or after: clocks never change twice within a day.
pub fn repeated_wall_time(utc_ms: i64, zone: &impl Offset) -> bool {
    let offset = zone.offset_ms(utc_ms);
    let wall = utc_ms.saturating_add(offset);
    [utc_ms.saturating_sub(DAY_MS), utc_ms.saturating_add(DAY_MS)]
        .into_iter()
        .map(|near| zone.offset_ms(near))
        .filter(|other| *other != offset)
        .any(|other| zone.offset_ms(wall.saturating_sub(other)) == other)
}

/// The quick ranges of the date filter: from that long ago until now (open-ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    LastHour,
    LastDay,
    LastWeek,
    LastMonth,
}

impl Preset {
    pub const ALL: [Self; 4] = [
        Self::LastHour,
        Self::LastDay,
        Self::LastWeek,
        Self::LastMonth,
    ];

    /// The `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Self::LastHour => "1h",
            Self::LastDay => "24h",
            Self::LastWeek => "7d",
            Self::LastMonth => "30d",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LastHour => "Last hour",
            Self::LastDay => "Last 24 hours",
            Self::LastWeek => "Last 7 days",
            Self::LastMonth => "Last 30 days",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|preset| preset.key() == key)
    }

    fn span_ms(self) -> i64 {
        match self {
            Self::LastHour => 3_600_000,
            Self::LastDay => DAY_MS,
            Self::LastWeek => 7 * DAY_MS,
            Self::LastMonth => 30 * DAY_MS,
        }
    }

    /// `filters` with this range from `now_ms` on (to the whole minute, so links stay tidy).
    pub fn apply(self, filters: &Filters, now_ms: i64) -> Filters {
        let from = (now_ms - self.span_ms()).div_euclid(MINUTE_MS) * MINUTE_MS;
        Filters {
            date_from: Some(instant(from)),
            date_to: None,
            ..filters.clone()
        }
    }

    /// The preset `filters` were set with, while it still describes them: an open-ended
    /// range starting that long before `now_ms`, give or take two minutes.
    pub fn active(filters: &Filters, now_ms: i64) -> Option<Self> {
        if filters.date_to.is_some() {
            return None;
        }
        let from = filters.date_from.as_deref()?;
        if from.len() == 10 {
            return None;
        }
        let from_ms = Timestamp::raw(from).epoch_ms()?;
        Self::ALL
            .into_iter()
            .find(|preset| (now_ms - preset.span_ms() - from_ms).abs() <= 2 * MINUTE_MS)
    }
}

/// A wall-clock reading in milliseconds as if it were UTC; `None` for impossible dates.
fn wall_ms(date: &str, time: &str) -> Option<i64> {
    if date.len() != 10 {
        return None;
    }
    Timestamp::raw(format!("{date}T{time}Z")).epoch_ms()
}

/// The UTC instant of a wall-clock reading in `zone`. Two steps, so a reading near a
/// daylight-saving change uses the offset in force at that instant.
pub(crate) fn to_utc(wall: i64, zone: &impl Offset) -> i64 {
    let guess = wall - zone.offset_ms(wall);
    wall - zone.offset_ms(guess)
}

/// An instant (UTC ms) as the filters and the API write it: RFC 3339 in UTC.
pub(crate) fn instant(utc_ms: i64) -> String {
    Timestamp::from_epoch_ms(utc_ms).as_str().to_owned()
}

#[cfg(test)]
mod tests;
