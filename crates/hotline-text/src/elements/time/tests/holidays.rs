//! Public holidays named in text, read against a made-up schedule.
use chrono::{Datelike, Duration, NaiveDate};

use super::*;

/// Made-up days off (not the State Council's): 国庆 2025 and 春节 2026, plus 2024's and
/// 2026's 国庆.
fn holidays() -> Holidays {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let span = |holiday, start: NaiveDate, end: NaiveDate| HolidaySpan {
        holiday,
        year: end.year(),
        start,
        end,
    };
    Holidays::new(vec![
        // 元旦 2026's days off start in the year before.
        span(Holiday::NewYear, d(2025, 12, 30), d(2026, 1, 1)),
        span(Holiday::SpringFestival, d(2026, 2, 15), d(2026, 2, 23)),
        span(Holiday::National, d(2025, 10, 1), d(2025, 10, 8)),
        span(Holiday::National, d(2026, 10, 1), d(2026, 10, 7)),
        span(Holiday::National, d(2024, 10, 1), d(2024, 10, 7)),
        span(Holiday::QingMing, d(2025, 4, 4), d(2025, 4, 6)),
    ])
}

fn holiday(text: &str) -> (String, TimeValue) {
    let found = find_times_with(text, now(), &holidays());
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    let m = found.into_iter().next().unwrap();
    (m.text, m.value)
}

#[test]
fn a_holiday_is_the_days_off_of_its_latest_or_its_named_year() {
    let days = |from: (i32, u32, u32), to: (i32, u32, u32)| TimeValue::Range {
        from: t(from.0, from.1, from.2, 0, 0),
        to: t(to.0, to.1, to.2, 0, 0),
    };
    let spring = days((2026, 2, 15), (2026, 2, 24));
    let national = days((2025, 10, 1), (2025, 10, 9));
    for (text, said, want) in [
        ("春节期间楼上一直在装修", "春节期间", &spring),
        ("过年那几天垃圾没人收", "过年那几天", &spring),
        ("国庆节小区停了三天水", "国庆节", &national),
        ("十一期间景区乱收费", "十一期间", &national),
        ("国庆长假高速收费站很堵", "国庆长假", &national),
    ] {
        assert_eq!(holiday(text), (said.to_string(), want.clone()), "{text}");
    }
    let earlier = days((2024, 10, 1), (2024, 10, 8));
    assert_eq!(
        holiday("前年国庆就反映过"),
        ("前年国庆".into(), earlier.clone())
    );
    assert_eq!(holiday("2024年国庆期间").1, earlier);
    // A holiday's year is its schedule's, not the year its first day off falls in.
    let new_year = days((2025, 12, 30), (2026, 1, 2));
    assert_eq!(holiday("今年元旦期间停过水").1, new_year);
    assert_eq!(holiday("2026年元旦期间停过水").1, new_year);
    assert_eq!(holiday("去年元旦期间停过水").1, TimeValue::Vague);
    assert_eq!(holiday("元旦期间停过水").1, new_year);
    // A year the table does not have, or a holiday it does not list: found, not placed.
    assert_eq!(holiday("明年春节").1, TimeValue::Vague);
    assert_eq!(holiday("五一假期商场促销").1, TimeValue::Vague);
    // Found without a table too.
    assert_eq!(only("端午节前后河边很吵").value, TimeValue::Vague);
}

#[test]
fn a_holiday_looked_ahead_to_is_the_next_one() {
    let days = |from: (i32, u32, u32), to: (i32, u32, u32)| TimeValue::Range {
        from: t(from.0, from.1, from.2, 0, 0),
        to: t(to.0, to.1, to.2, 0, 0),
    };
    // Said on 12 March 2026: a deadline before a holiday, or one coming up, is the next one;
    // its days off when published, else its day; "…前" is the two weeks before them.
    let national = days((2026, 10, 1), (2026, 10, 8));
    let before_national = days((2026, 9, 17), (2026, 10, 1));
    let spring = days((2027, 2, 6), (2027, 2, 7));
    let before_spring = days((2027, 1, 23), (2027, 2, 6));
    for (text, want) in [
        ("国庆节前能不能修好", &before_national),
        ("希望国庆节之前把路修好", &before_national),
        ("国庆节以前必须完工吗", &before_national),
        ("春节前能把工资发了吗", &before_spring),
        ("春节快到了，工资还没发", &spring),
        ("快到春节了，工资还没发", &spring),
        ("快过年了，工资还没发", &spring),
        ("马上就要过年了，暖气还不热", &spring),
        ("还有三天就过年了，工资还没发", &spring),
        ("眼看国庆节了，路还没修好", &national),
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert_eq!(
            found.first().map(|m| &m.value),
            Some(want),
            "{text}: {found:?}"
        );
    }
    assert_eq!(holiday("国庆期间能不能正常供水").1, national);
    // Before a holiday with no question or request in its clause tells of the past, as does
    // a question of what was done then.
    let last_national = days((2025, 10, 1), (2025, 10, 9));
    let before_last_national = days((2025, 9, 17), (2025, 10, 1));
    let last_spring = days((2026, 2, 15), (2026, 2, 24));
    for (text, want) in [
        ("国庆节前拖欠的工资，要求尽快发放", &before_last_national),
        ("国庆节前申请的低保到现在还没批", &before_last_national),
        (
            "春节前交的装修保证金一直没退",
            &days((2026, 2, 1), (2026, 2, 15)),
        ),
        ("国庆节前修的路又坏了有人管吗", &before_last_national),
        ("国庆期间停水了能不能赔偿", &last_national),
        // After the days off: the two weeks after them.
        ("国庆节后一直停水", &days((2025, 10, 9), (2025, 10, 23))),
        ("过年以后工地又开工了", &days((2026, 2, 24), (2026, 3, 10))),
        // When something happened, near the holiday.
        ("快过年的时候老板跑了，工资到现在没发", &last_spring),
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert_eq!(
            found.first().map(|m| &m.value),
            Some(want),
            "{text}: {found:?}"
        );
    }
    // A bare 前 or 后 that starts another word, or after a name that may be a person's, is
    // not the days around the holiday.
    for (text, said) in [("元旦前往外地", "元旦"), ("春节后来又坏了", "春节")] {
        let found = find_times_with(text, now(), &holidays());
        assert_eq!(found.first().map(|m| m.text.as_str()), Some(said), "{text}");
    }
    for text in ["张国庆前几天来过", "邻居张国庆之前就在楼道堆杂物"] {
        assert!(
            find_times_with(text, now(), &holidays())
                .iter()
                .all(|m| !m.text.contains("国庆")),
            "{text}"
        );
    }
    // In the weeks before a holiday, its "before" is now: the coming one.
    let january = t(2026, 1, 20, 10, 0);
    let found = find_times_with("春节前工地赶工，天天夜里施工", january, &holidays());
    assert_eq!(
        found[0].value,
        days((2026, 2, 1), (2026, 2, 15)),
        "{found:?}"
    );
    // A day counted from it stays the likeliest (this one is past).
    assert_eq!(
        holiday("国庆前一天停的水").1,
        days((2025, 9, 30), (2025, 10, 1))
    );
}

#[test]
fn a_holidays_short_name_that_is_also_a_number_or_a_name_needs_more() {
    for text in [
        "五一路口的红绿灯坏了",
        "张国庆反映楼道堆物",
        "十一月份开始漏水",
        "中秋路上井盖缺失",
        "车子通过年检了",
        "超过年龄不能报名",
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert!(
            found.iter().all(|m| !m.text.contains("五一")
                && !m.text.contains("过年")
                && !m.text.contains("国庆")
                && !m.text.contains("中秋")
                && m.text != "十一"),
            "{text}: {found:?}"
        );
    }
    // A clock (said at 10:00, half past eleven last night: see `clock`), not the holiday.
    assert_eq!(
        instant("十一点半有人敲门").time(),
        chrono::NaiveTime::from_hms_opt(23, 30, 0).unwrap()
    );
}

#[test]
fn a_time_of_day_on_a_holiday_is_one_mention() {
    // A holiday on a fixed date, with its day named or a time of day right after it: that day.
    assert_eq!(
        holiday("元旦那天下午楼上装修").1,
        TimeValue::Range {
            from: t(2026, 1, 1, 12, 0),
            to: t(2026, 1, 1, 18, 0),
        }
    );
    assert_eq!(
        holiday("国庆当天晚上八点有人放烟花"),
        (
            "国庆当天晚上八点".into(),
            TimeValue::Instant {
                at: t(2025, 10, 1, 20, 0)
            }
        )
    );
    assert_eq!(
        holiday("去年国庆晚上九点").1.start(),
        Some(t(2025, 10, 1, 21, 0))
    );
    assert_eq!(
        holiday("前年国庆那天上午").1.start(),
        Some(t(2024, 10, 1, 6, 0))
    );
    // A holiday's days, or one on a lunar date: its days off, the time of day read with it.
    let national = TimeValue::Range {
        from: t(2025, 10, 1, 0, 0),
        to: t(2025, 10, 9, 0, 0),
    };
    assert_eq!(
        holiday("国庆期间晚上噪音很大"),
        ("国庆期间晚上".into(), national)
    );
    assert_eq!(holiday("春节那天晚上停电").0, "春节那天晚上");
    // What follows and is no time of day is left alone.
    assert_eq!(holiday("元旦那天小区停水").0, "元旦那天");
}

#[test]
fn a_holidays_day_is_its_date_on_the_solar_or_the_chinese_calendar() {
    let day = |y, m, d| TimeValue::Range {
        from: t(y, m, d, 0, 0),
        to: t(y, m, d, 0, 0) + Duration::days(1),
    };
    // 那天 names the day itself, as a time of day on it does; the name alone or 期间 its
    // days off (see above).
    assert_eq!(holiday("元旦那天小区停水").1, day(2026, 1, 1));
    assert_eq!(holiday("2026年元旦那天停水").1, day(2026, 1, 1));
    assert_eq!(holiday("五一那天").1, day(2025, 5, 1));
    // Lunar holidays, without a schedule: 端午 2025 fell on 31 May, 中秋 on 6 October.
    assert_eq!(holiday("端午那天龙舟噪音").1, day(2025, 5, 31));
    assert_eq!(
        holiday("中秋那天晚上有人放烟花").1.start(),
        Some(t(2025, 10, 6, 18, 0))
    );
    assert_eq!(
        holiday("春节那天晚上停电").1.start(),
        Some(t(2026, 2, 17, 18, 0))
    );
    // Days counted from the holiday, and the Spring Festival's own days.
    assert_eq!(holiday("元旦前一天停水").1, day(2025, 12, 31));
    assert_eq!(holiday("国庆第二天").1, day(2025, 10, 2));
    for (text, said) in [
        ("除夕晚上有人放鞭炮", "除夕晚上"),
        ("大年三十晚上停电", "大年三十晚上"),
        ("年三十晚上停电", "年三十晚上"),
    ] {
        let (found, value) = holiday(text);
        assert_eq!(found, said);
        assert_eq!(value.start(), Some(t(2026, 2, 16, 18, 0)), "{text}");
    }
    assert_eq!(holiday("大年初三开始装修").1, day(2026, 2, 19));
    assert_eq!(holiday("正月十五").1, day(2026, 3, 3));
    assert_eq!(holiday("2025年除夕").1, day(2025, 1, 28));
    // What follows a festival day's name is read with it.
    let eve = t(2026, 2, 16, 18, 0);
    assert_eq!(holiday("除夕那天晚上放鞭炮").1.start(), Some(eve));
    assert_eq!(holiday("除夕夜放鞭炮").1.start(), Some(eve));
    assert_eq!(holiday("除夕前一天").1, day(2026, 2, 15));
    assert_eq!(
        holiday("元宵节当天晚上").1.start(),
        Some(t(2026, 3, 3, 18, 0))
    );
    // A holiday whose own day is unknown here: its day is its days off.
    assert_eq!(
        holiday("清明那天").1,
        TimeValue::Range {
            from: t(2025, 4, 4, 0, 0),
            to: t(2025, 4, 7, 0, 0)
        }
    );
    // Ages and counts are no festival day; 年 opens nothing else.
    assert_eq!(holiday("我今年三十岁").0, "今年");
    for text in [
        "青年三十五岁以下可以报名",
        "全年三十万元的补贴",
        "少年初中生放学",
        "青年初次创业补贴",
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn wu_yi_and_shi_yi_after_a_year_are_the_holidays_unless_a_unit_follows() {
    assert_eq!(holiday("去年五一商场促销").0, "去年五一");
    assert_eq!(holiday("去年十一期间").0, "去年十一期间");
    assert_eq!(holiday("五一的时候").0, "五一的时候");
    assert_eq!(holiday("去年十一月").0, "去年十一月");
    assert_eq!(holiday("去年十一个人来过").0, "去年");
    for text in [
        "去年十一人受伤",
        "去年十一万元",
        "去年十一中",
        "去年十一、十二月",
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert!(
            found.iter().all(|m| !matches!(m.text.as_str(), "去年十一")),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn a_date_on_the_chinese_calendar_is_its_day() {
    // Said on 12 March 2026 (the Year of the Horse began on 17 February).
    let day = |m, d| {
        let from = t(if m > 3 { 2025 } else { 2026 }, m, d, 0, 0);
        TimeValue::Range {
            from,
            to: from + Duration::days(1),
        }
    };
    for (text, said, want) in [
        ("腊月二十八那天工资还没发", "腊月二十八那天", day(2, 15)),
        ("农历腊月23回的老家", "农历腊月23", day(2, 10)),
        ("小年那天晚上放鞭炮", "小年那天晚上", {
            let from = t(2026, 2, 10, 18, 0);
            TimeValue::Range {
                from,
                to: t(2026, 2, 11, 0, 0),
            }
        }),
        // 腊月三十 in a month of 29 days is New Year's Eve.
        ("腊月三十停电了", "腊月三十", day(2, 16)),
        ("农历八月十五那天", "农历八月十五那天", day(10, 6)),
        ("重阳节带老人去公园", "重阳节", day(10, 29)),
        ("冬月初一", "冬月初一", day(12, 20)),
    ] {
        let found = find_times_with(text, now(), &holidays());
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(
            (found[0].text.as_str(), &found[0].value),
            (said, &want),
            "{text}"
        );
    }
    // A year given is the lunar year's (last year's twelfth month ran into this February); a
    // deadline is the next one.
    assert_eq!(holiday("去年腊月二十三").1, day(2, 10));
    assert_eq!(
        holiday("前年腊月二十三").1,
        TimeValue::Range {
            from: t(2025, 1, 22, 0, 0),
            to: t(2025, 1, 23, 0, 0)
        }
    );
    let found = find_times_with("腊月二十八前能不能把工资结了", now(), &holidays());
    assert_eq!(
        found[0].value,
        TimeValue::Range {
            from: t(2027, 2, 4, 0, 0),
            to: t(2027, 2, 5, 0, 0)
        }
    );
    // Words and names that start like one (天天 in the first is a habit, and found).
    for text in ["小年轻天天飙车", "重阳路段商铺占道经营", "农历新年"] {
        let found = find_times_with(text, now(), &holidays());
        assert!(
            found.iter().all(|m| m.value == TimeValue::Recurring),
            "{text}: {found:?}"
        );
    }
}
