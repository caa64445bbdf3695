//! The created-at range as people enter it (a date, optionally a time, in their time zone)
//! ⇄ the bounds in the URL (RFC 3339 instants in UTC, or the API's bare `YYYY-MM-DD`).
//!
//! Zones are described by their offset from UTC at an instant, so this stays plain Rust: the
//! browser's zone comes from `Date.getTimezoneOffset`, tests use fixed and made-up zones.

use jobscope_wire::Timestamp;

use super::Filters;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

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

/// A bound in words for a chip: "2026-11-20 14:05", or "2026-11-20" for a whole day.
pub fn bound_label(bound: &str, edge: Edge, zone: &impl Offset) -> String {
    match inputs_from_bound(bound, edge, zone) {
        (date, time) if time.is_empty() => date,
        (date, time) => format!("{date} {time}"),
    }
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
fn to_utc(wall: i64, zone: &impl Offset) -> i64 {
    let guess = wall - zone.offset_ms(wall);
    wall - zone.offset_ms(guess)
}

fn instant(utc_ms: i64) -> String {
    Timestamp::from_epoch_ms(utc_ms).as_str().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up zone: UTC+1, and UTC+2 from 2026-03-29T01:00Z to 2026-10-25T01:00Z (the EU rule).
    struct Berlin;

    impl Offset for Berlin {
        fn offset_ms(&self, utc_ms: i64) -> i64 {
            let summer = 1_774_746_000_000..1_792_890_000_000;
            if summer.contains(&utc_ms) {
                7_200_000
            } else {
                3_600_000
            }
        }
    }

    const NEW_YORK_WINTER: Fixed = Fixed(-5 * 3_600_000);

    #[test]
    fn a_date_alone_is_the_whole_day_in_the_chosen_zone() {
        let from = bound_from_inputs("2026-11-20", "", Edge::From, &NEW_YORK_WINTER);
        let to = bound_from_inputs("2026-11-20", "", Edge::To, &NEW_YORK_WINTER);
        assert_eq!(from, Ok(Some("2026-11-20T05:00:00Z".into())));
        assert_eq!(to, Ok(Some("2026-11-21T04:59:59.999Z".into())));
        assert_eq!(
            bound_from_inputs("2026-11-20", "", Edge::To, &Utc),
            Ok(Some("2026-11-20T23:59:59.999Z".into()))
        );
        assert_eq!(bound_from_inputs("", "10:00", Edge::From, &Utc), Ok(None));
    }

    #[test]
    fn a_date_and_time_is_that_instant() {
        assert_eq!(
            bound_from_inputs("2026-11-20", "14:05", Edge::From, &Berlin),
            Ok(Some("2026-11-20T13:05:00Z".into()))
        );
        assert_eq!(
            bound_from_inputs("2026-07-01", "14:05:30", Edge::To, &Berlin),
            Ok(Some("2026-07-01T12:05:30Z".into()))
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(
            bound_from_inputs("2026-02-30", "", Edge::From, &Utc),
            Err(InputError::BadDate)
        );
        assert_eq!(
            bound_from_inputs("20261120", "", Edge::From, &Utc),
            Err(InputError::BadDate)
        );
        assert_eq!(
            bound_from_inputs("2026-11-20", "25:00", Edge::From, &Utc),
            Err(InputError::BadTime)
        );
        assert_eq!(
            bound_from_inputs("2026-11-20", "1", Edge::From, &Utc),
            Err(InputError::BadTime)
        );
    }

    #[test]
    fn days_around_daylight_saving_changes_keep_their_real_length() {
        // 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25.
        let spring_from = bound_from_inputs("2026-03-29", "", Edge::From, &Berlin).unwrap();
        let spring_to = bound_from_inputs("2026-03-29", "", Edge::To, &Berlin).unwrap();
        assert_eq!(spring_from.as_deref(), Some("2026-03-28T23:00:00Z"));
        assert_eq!(spring_to.as_deref(), Some("2026-03-29T21:59:59.999Z"));
        let autumn_to = bound_from_inputs("2026-10-25", "", Edge::To, &Berlin).unwrap();
        assert_eq!(autumn_to.as_deref(), Some("2026-10-25T22:59:59.999Z"));
    }

    #[test]
    fn bounds_show_in_the_inputs_as_they_were_entered() {
        for zone in [Fixed(0), NEW_YORK_WINTER, Fixed(19_800_000)] {
            for (date, time) in [
                ("2026-11-20", ""),
                ("2026-11-20", "14:05"),
                ("2026-01-01", "00:00:30"),
            ] {
                for edge in [Edge::From, Edge::To] {
                    let bound = bound_from_inputs(date, time, edge, &zone).unwrap().unwrap();
                    let shown = inputs_from_bound(&bound, edge, &zone);
                    assert_eq!(
                        (shown.0.as_str(), shown.1.as_str()),
                        (date, time),
                        "{bound} {edge:?}"
                    );
                }
            }
        }
        // Across a daylight-saving change too.
        let bound = bound_from_inputs("2026-10-25", "", Edge::To, &Berlin)
            .unwrap()
            .unwrap();
        assert_eq!(
            inputs_from_bound(&bound, Edge::To, &Berlin),
            ("2026-10-25".into(), String::new())
        );
        // A bare date from a link is the API's day, shown as it is.
        assert_eq!(
            inputs_from_bound("2026-11-01", Edge::To, &Berlin),
            ("2026-11-01".into(), String::new())
        );
        assert_eq!(
            bound_label("2026-11-20T13:05:00Z", Edge::From, &Berlin),
            "2026-11-20 14:05"
        );
        assert_eq!(
            bound_label("2026-11-20T23:00:00Z", Edge::From, &Berlin),
            "2026-11-21"
        );
    }

    #[test]
    fn presets_start_that_long_ago_and_stay_recognised_for_a_while() {
        let now = Timestamp::raw("2026-11-23T15:42:31Z").epoch_ms().unwrap();
        let filters = Preset::LastDay.apply(&Filters::default(), now);
        assert_eq!(filters.date_from.as_deref(), Some("2026-11-22T15:42:00Z"));
        assert_eq!(Preset::active(&filters, now), Some(Preset::LastDay));
        assert_eq!(
            Preset::active(&filters, now + 60_000),
            Some(Preset::LastDay)
        );
        assert_eq!(Preset::active(&filters, now + 3_600_000), None);
        let bounded = Filters {
            date_to: Some("2026-11-23T16:00:00Z".into()),
            ..filters
        };
        assert_eq!(Preset::active(&bounded, now), None);
        for preset in Preset::ALL {
            assert_eq!(Preset::from_key(preset.key()), Some(preset));
            let applied = preset.apply(&Filters::default(), now);
            assert_eq!(Preset::active(&applied, now), Some(preset));
        }
    }
}
