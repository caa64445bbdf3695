//! Tests of the date range ⇄ URL bounds, chip labels and the repeated autumn hour.

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
}

#[test]
fn chips_name_the_zone_of_their_bounds() {
    let name = Some("Europe/Berlin");
    assert_eq!(
        bound_label("2026-11-20T13:05:00Z", Edge::From, &Berlin, name),
        "2026-11-20 14:05 (Europe/Berlin)"
    );
    assert_eq!(
        bound_label("2026-11-20T23:00:00Z", Edge::From, &Berlin, name),
        "2026-11-21 (Europe/Berlin)"
    );
    assert_eq!(
        bound_label("2026-11-20T13:05:00Z", Edge::From, &Utc, Some("UTC")),
        "2026-11-20 13:05 (UTC)"
    );
    // No name known: the offset at the bound.
    assert_eq!(
        bound_label("2026-07-01T12:00:00Z", Edge::To, &Berlin, None),
        "2026-07-01 14:00 (UTC+02:00)"
    );
    assert_eq!(
        bound_label("2026-11-20T13:05:00Z", Edge::From, &NEW_YORK_WINTER, None),
        "2026-11-20 08:05 (UTC-05:00)"
    );
    // A bare date from a link is the API's (UTC) day, whatever zone is chosen.
    assert_eq!(
        bound_label("2026-11-01", Edge::To, &Berlin, name),
        "2026-11-01 (UTC)"
    );
    // 02:30 happens twice in Berlin on 2026-10-25: each chip says which.
    assert_eq!(
        bound_label("2026-10-25T00:30:00Z", Edge::From, &Berlin, name),
        "2026-10-25 02:30 (Europe/Berlin, UTC+02:00)"
    );
    assert_eq!(
        bound_label("2026-10-25T01:30:00Z", Edge::To, &Berlin, name),
        "2026-10-25 02:30 (Europe/Berlin, UTC+01:00)"
    );
    // Unreadable bounds never panic.
    let _ = bound_label("nonsense", Edge::From, &Berlin, name);
}

#[test]
fn the_hour_repeated_in_autumn_is_found_and_nothing_else() {
    const HOUR: i64 = 3_600_000;
    // The summer offset ends at 2026-10-25T01:00Z: 03:00 CEST becomes 02:00 CET.
    let change = 1_792_890_000_000;
    for at in [change - HOUR, change - 1, change, change + HOUR - 1] {
        assert!(repeated_wall_time(at, &Berlin), "{}", instant(at));
    }
    for at in [
        change - HOUR - 1,
        change + HOUR,
        change - DAY_MS,
        change + DAY_MS,
    ] {
        assert!(!repeated_wall_time(at, &Berlin), "{}", instant(at));
    }
    // The hour skipped in spring (02:00 → 03:00 at 2026-03-29T01:00Z) is not repeated.
    let spring = 1_774_746_000_000;
    for at in [spring - HOUR, spring - 1, spring, spring + HOUR] {
        assert!(!repeated_wall_time(at, &Berlin), "{}", instant(at));
    }
    // Zones without changes, and nonsense instants.
    for at in [0, change, i64::MIN, i64::MAX] {
        assert!(!repeated_wall_time(at, &Utc));
        assert!(!repeated_wall_time(at, &NEW_YORK_WINTER));
        let _ = repeated_wall_time(at, &Berlin);
    }
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
