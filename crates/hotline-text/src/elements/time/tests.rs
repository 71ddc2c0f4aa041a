use chrono::{Datelike, TimeZone};

use super::*;

/// Thursday 12 March 2026, 10:00 in China.
fn now() -> DateTime<FixedOffset> {
    china().with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap()
}

fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    china().with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn only(text: &str) -> TimeMention {
    let found = find_times(text, now());
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

fn range(text: &str) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    match only(text).value {
        TimeValue::Range { from, to } => (from, to),
        other => panic!("{text}: expected a range, got {other:?}"),
    }
}

fn instant(text: &str) -> DateTime<FixedOffset> {
    match only(text).value {
        TimeValue::Instant { at } => at,
        other => panic!("{text}: expected an instant, got {other:?}"),
    }
}

#[test]
fn last_night_a_little_after_ten_is_the_hour_from_ten() {
    let found = only("来电人称昨天晚上十点多楼下还在施工。");
    assert_eq!(found.text, "昨天晚上十点多");
    assert_eq!((found.start, found.end), (4, 11));
    assert_eq!(found.value.start(), Some(t(2026, 3, 11, 22, 0)));
    assert_eq!(
        range("昨天晚上十点多"),
        (t(2026, 3, 11, 22, 0), t(2026, 3, 11, 23, 0))
    );
}

#[test]
fn a_month_day_and_clock_resolve_to_the_minute_in_this_year() {
    assert_eq!(instant("3月10日上午9点35分"), t(2026, 3, 10, 9, 35));
    assert_eq!(instant("3月10日 9:35"), t(2026, 3, 10, 9, 35));
    assert_eq!(instant("三月十日晚上八点"), t(2026, 3, 10, 20, 0));
}

#[test]
fn a_full_date_is_the_whole_day() {
    assert_eq!(
        range("2026年3月10日"),
        (t(2026, 3, 10, 0, 0), t(2026, 3, 11, 0, 0))
    );
    assert_eq!(
        range("二〇二五年十二月三十一号"),
        (t(2025, 12, 31, 0, 0), t(2026, 1, 1, 0, 0))
    );
}

#[test]
fn a_month_day_without_year_takes_the_nearest_year() {
    assert_eq!(range("12月5日").0, t(2025, 12, 5, 0, 0));
    assert_eq!(range("4月1日").0, t(2026, 4, 1, 0, 0));
}

#[test]
fn relative_days_and_parts_of_the_day() {
    assert_eq!(range("前天"), (t(2026, 3, 10, 0, 0), t(2026, 3, 11, 0, 0)));
    assert_eq!(range("大前天").0, t(2026, 3, 9, 0, 0));
    assert_eq!(
        range("今天上午"),
        (t(2026, 3, 12, 6, 0), t(2026, 3, 12, 12, 0))
    );
    assert_eq!(range("昨晚").0, t(2026, 3, 11, 18, 0));
    assert_eq!(instant("明天下午两点"), t(2026, 3, 13, 14, 0));
    assert_eq!(range("三天前"), (t(2026, 3, 9, 0, 0), t(2026, 3, 10, 0, 0)));
    assert_eq!(instant("两个小时前"), t(2026, 3, 12, 8, 0));
}

#[test]
fn weeks_start_on_monday() {
    assert_eq!(range("上周三"), (t(2026, 3, 4, 0, 0), t(2026, 3, 5, 0, 0)));
    assert_eq!(range("上个星期天").0, t(2026, 3, 8, 0, 0));
    assert_eq!(range("周一").0, t(2026, 3, 9, 0, 0));
    assert_eq!(range("这周"), (t(2026, 3, 9, 0, 0), t(2026, 3, 16, 0, 0)));
    assert_eq!(range("上周末"), (t(2026, 3, 7, 0, 0), t(2026, 3, 9, 0, 0)));
}

#[test]
fn a_time_of_day_without_a_date_is_the_latest_one_not_after_now() {
    assert_eq!(instant("凌晨两点"), t(2026, 3, 12, 2, 0));
    assert_eq!(instant("下午三点半"), t(2026, 3, 11, 15, 30));
    assert_eq!(instant("今天下午三点半"), t(2026, 3, 12, 15, 30));
    assert_eq!(instant("中午十二点一刻"), t(2026, 3, 11, 12, 15));
}

#[test]
fn night_hours_after_midnight_belong_to_the_next_morning() {
    assert_eq!(instant("昨天夜里两点"), t(2026, 3, 12, 2, 0));
    assert_eq!(instant("昨天晚上十二点"), t(2026, 3, 12, 0, 0));
}

#[test]
fn a_day_of_month_needs_a_month_or_a_time_beside_it() {
    assert_eq!(range("上个月二十三号晚上").0, t(2026, 2, 23, 18, 0));
    assert_eq!(range("10号上午").0, t(2026, 3, 10, 6, 0));
    assert!(find_times("太公三路18号", now()).is_empty());
    assert!(find_times("阳光小区3号楼2单元", now()).is_empty());
    assert!(find_times("坐3号线到站", now()).is_empty());
}

#[test]
fn recurring_and_vague_times_keep_their_text_without_a_timestamp() {
    let found = only("工地每天夜里都在施工");
    assert_eq!(
        (found.text.as_str(), &found.value),
        ("每天夜里", &TimeValue::Recurring)
    );
    assert_eq!(only("经常半夜放音乐").text, "经常半夜");
    assert_eq!(only("每周三下午").value, TimeValue::Recurring);
    let vague = only("最近楼下很吵");
    assert_eq!((vague.text.as_str(), vague.value.start()), ("最近", None));
}

#[test]
fn numbers_that_are_not_times_are_left_alone() {
    for text in [
        "声音小一点",
        "经常有人来",
        "一周三次",
        "提出三点要求",
        "电话13800138000",
        "罚款5000元",
        "等了三个月",
        "一时半会儿",
        "周边的居民",
    ] {
        assert!(
            find_times(text, now()).is_empty(),
            "{text}: {:?}",
            find_times(text, now())
        );
    }
}

#[test]
fn several_times_in_one_record_are_all_found_in_order() {
    let found = find_times("3月1日起每天晚上施工，昨天凌晨三点还在响", now());
    let texts: Vec<&str> = found.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["3月1日", "每天晚上", "昨天凌晨三点"]);
    assert_eq!(found[2].value.start(), Some(t(2026, 3, 11, 3, 0)));
}

#[test]
fn an_impossible_date_is_vague_not_a_panic() {
    assert_eq!(only("2月30日").value, TimeValue::Vague);
}

#[test]
fn now_in_another_offset_is_read_in_china_time() {
    let utc_now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 11, 20, 0, 0)
        .unwrap();
    let found = find_times("今天", utc_now);
    assert_eq!(found[0].value.start(), Some(t(2026, 3, 12, 0, 0)));
}

#[test]
fn absurdly_far_back_is_no_time_and_never_a_panic() {
    for text in [
        "99999999天前楼下噪音",
        "4294967295天前",
        "18446744073709551615天前",
        "4000000000个小时前",
        "99999999999分钟前",
    ] {
        for m in find_times(text, now()) {
            if let TimeValue::Instant { at } = m.value {
                assert!(at.year() > 1900, "{text}: {m:?}");
            }
            if let TimeValue::Range { from, .. } = m.value {
                assert!(from.year() > 1900, "{text}: {m:?}");
            }
        }
    }
    for text in ["36601天前", "1000001分钟前", "1000001个小时前"] {
        assert!(find_times(text, now()).is_empty(), "{text}");
    }
    // Within a century still counts.
    assert_eq!(
        only("3650天前").value,
        TimeValue::Range {
            from: t(2016, 3, 14, 0, 0),
            to: t(2016, 3, 15, 0, 0),
        }
    );
    assert_eq!(instant("1000个小时前"), t(2026, 1, 29, 18, 0));
}

#[test]
fn adverbs_take_one_time_and_longer_phrases_stay_whole() {
    assert!(find_times(&"常常".repeat(50), now()).is_empty());
    assert_eq!(only("常常经常半夜放音乐").text, "经常半夜");
    assert_eq!(only("最近这几天晚上很吵").text, "最近这几天晚上");
    assert_eq!(only("经常每天晚上施工").text, "经常每天晚上");
}
