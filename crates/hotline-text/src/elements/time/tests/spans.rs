//! Parts of a month or a year, and times run on to now.
use super::*;

#[test]
fn a_part_of_a_month_or_a_year_is_its_days() {
    let day = |y, m, d| t(y, m, d, 0, 0);
    let cases = [
        (
            "11月初开始就没有暖气",
            "11月初",
            day(2025, 11, 1),
            day(2025, 11, 11),
        ),
        ("2月中旬装修", "2月中旬", day(2026, 2, 11), day(2026, 2, 21)),
        // The last third runs to the month's end, whatever its length.
        ("2月下旬", "2月下旬", day(2026, 2, 21), day(2026, 3, 1)),
        (
            "2024年2月底",
            "2024年2月底",
            day(2024, 2, 21),
            day(2024, 3, 1),
        ),
        (
            "上个月底停的水",
            "上个月底",
            day(2026, 2, 21),
            day(2026, 3, 1),
        ),
        ("这个月初", "这个月初", day(2026, 3, 1), day(2026, 3, 11)),
        (
            "去年年底交的钱",
            "去年年底",
            day(2025, 11, 1),
            day(2026, 1, 1),
        ),
        ("2025年底", "2025年底", day(2025, 11, 1), day(2026, 1, 1)),
        ("今年年初", "今年年初", day(2026, 1, 1), day(2026, 3, 1)),
        ("去年上半年", "去年上半年", day(2025, 1, 1), day(2025, 7, 1)),
        ("下半年", "下半年", day(2026, 7, 1), day(2027, 1, 1)),
        // Seasons of a year named: a winter from its December through February.
        (
            "去年冬天就开始漏水",
            "去年冬天",
            day(2025, 12, 1),
            day(2026, 3, 1),
        ),
        ("前年夏天", "前年夏天", day(2024, 6, 1), day(2024, 9, 1)),
        (
            "2025年秋季",
            "2025年秋季",
            day(2025, 9, 1),
            day(2025, 12, 1),
        ),
        ("今年春天", "今年春天", day(2026, 3, 1), day(2026, 6, 1)),
    ];
    for (text, said, from, to) in cases {
        let found = only(text);
        assert_eq!(found.text, said, "{text}");
        assert_eq!(found.value, TimeValue::Range { from, to }, "{text}");
    }
    // A lunar day, a last bus, a school year, a base pay or a first step are no part of a
    // month or a year.
    assert_eq!(only("11月初一").text, "11月");
    assert_eq!(only("3月末班车").text, "3月");
    assert_eq!(only("10月初步验收").text, "10月");
    assert_eq!(only("孩子今年初三").text, "今年");
    assert_eq!(only("今年初中毕业").text, "今年");
    assert_eq!(only("今年底薪只有1800").text, "今年");
    // 今年冬天 said in January or February is the winter under way;
    // 去年冬天 then is the one before it.
    let january = t(2026, 1, 20, 10, 0);
    for (text, from, to) in [
        ("今年冬天暖气一直不热", day(2025, 12, 1), day(2026, 3, 1)),
        ("去年冬天暖气一直不热", day(2024, 12, 1), day(2025, 3, 1)),
    ] {
        let found = find_times(text, january);
        assert_eq!(found[0].value, TimeValue::Range { from, to }, "{text}");
    }
}

#[test]
fn a_time_run_on_to_now_spans_to_now() {
    let cases = [
        ("3月1号至今一直停水", "3月1号至今", t(2026, 3, 1, 0, 0)),
        ("今年1月以来", "今年1月以来", t(2026, 1, 1, 0, 0)),
        ("从去年开始楼上一直漏水", "去年开始", t(2025, 1, 1, 0, 0)),
        ("自2019年起", "2019年起", t(2019, 1, 1, 0, 0)),
        (
            "前天晚上到现在还没来电",
            "前天晚上到现在",
            t(2026, 3, 10, 18, 0),
        ),
    ];
    for (text, said, from) in cases {
        let found = only(text);
        assert_eq!(found.text, said, "{text}");
        assert_eq!(found.value, TimeValue::Range { from, to: now() }, "{text}");
    }
    // What is still to come is not run on; 开始 alone, without 从, starts nothing.
    assert_eq!(only("从下周一开始施工").text, "下周一");
    assert_eq!(only("去年开始的工程").text, "去年");
    // Nor what began today (从今天起停水三天), nor a since with its own end (一直到…), nor 起床.
    assert_eq!(only("从今天起停水三天").text, "今天");
    assert_eq!(
        find_times("从昨天晚上10点开始施工，一直到凌晨2点", now())[0].text,
        "昨天晚上10点"
    );
    assert_eq!(only("从昨天6点起床就停水").text, "昨天6点");
    // 到 or 至 before another time makes a span to it, not to now.
    let found = only("昨晚10点到今天早上6点一直施工");
    assert_eq!(found.text, "昨晚10点到今天早上6点");
    assert_eq!(
        found.value,
        TimeValue::Range {
            from: t(2026, 3, 11, 22, 0),
            to: t(2026, 3, 12, 6, 0)
        }
    );
    assert_eq!(only("2023年10月至今年3月").text, "2023年10月至今年3月");
    // A range stays a range.
    assert_eq!(
        range("3月1日到5日"),
        (t(2026, 3, 1, 0, 0), t(2026, 3, 6, 0, 0))
    );
}

#[test]
fn a_date_that_does_not_exist_is_read_whole_and_placed_nowhere() {
    for text in ["2025年13月40日", "2025年13月", "2026年2月30日"] {
        let found = only(text);
        assert_eq!(found.text, text);
        assert_eq!(found.value, TimeValue::Vague, "{text}");
    }
}

#[test]
fn a_part_of_the_day_after_a_year_or_a_habit_takes_no_more_from_it() {
    let found = find_times("明年要中考了，晚上别干了", now());
    assert_eq!(found[1].text, "晚上");
    assert_eq!(
        found[1].value,
        TimeValue::Range {
            from: t(2026, 3, 11, 18, 0),
            to: t(2026, 3, 12, 0, 0)
        }
    );
    let found = find_times("天天晚上搞到十二点多", now());
    assert_eq!(found[1].text, "十二点多");
    assert_eq!(found[1].value, TimeValue::Recurring);
    // Times of day after a recurring time of the same clause are each time's.
    for (text, said) in [
        (
            "每天从晚上七点持续到晚上十点",
            vec!["每天", "晚上七点", "晚上十点"],
        ),
        ("每晚从七点开始", vec!["每晚", "七点"]),
        ("每个周末早上八点就开始施工", vec!["每个周末早上八点"]),
    ] {
        let found = find_times(text, now());
        let texts: Vec<&str> = found.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, said, "{text}");
        assert!(
            found.iter().all(|m| m.value == TimeValue::Recurring),
            "{text}: {found:?}"
        );
    }
    // A day named, or another clause, is a time of its own.
    for text in [
        "每天都吵，昨天晚上十点又吵",
        "每天都吵。晚上十点又吵",
        "楼下烧烤店每天营业到凌晨，晚上十一点我下去沟通被老板打了",
    ] {
        let found = find_times(text, now());
        let last = found.last().map(|m| m.value.start());
        assert!(matches!(last, Some(Some(_))), "{text}: {found:?}");
    }
}

#[test]
fn weekdays_alone_span_forward_and_a_week_back_keeps_its_weekday() {
    let day = |m, d| t(2026, m, d, 0, 0);
    // Said on Tuesday 10 March 2026: Wednesday after Monday is this week's, tomorrow.
    let tuesday = china().with_ymd_and_hms(2026, 3, 10, 10, 0, 0).unwrap();
    let found = find_times("从周一到周三一直停水", tuesday);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].text.as_str(), &found[0].value),
        (
            "周一到周三",
            &TimeValue::Range {
                from: day(3, 9),
                to: day(3, 12)
            }
        )
    );
    // A weekend that has been is last week's.
    let found = find_times("周五到周日一直施工", tuesday);
    assert_eq!(
        found[0].value,
        TimeValue::Range {
            from: day(3, 6),
            to: day(3, 9)
        }
    );
    // After a date, a weekday is the one it names, as before ("3月2日到周三" said on
    // Thursday 12 March ends on the 11th).
    let found = find_times("从3月2日到周三一直停水", now());
    assert_eq!(
        found[0].value,
        TimeValue::Range {
            from: day(3, 2),
            to: day(3, 12)
        },
        "{found:?}"
    );
    // "两周前的周六": Saturday of the week two weeks back (now is Thursday 12 March).
    assert_eq!(range("两周前的周六"), (day(2, 28), day(3, 1)));
    assert_eq!(range("三个星期前的星期天"), (day(2, 22), day(2, 23)));
    assert_eq!(range("两周前的周末"), (day(2, 28), day(3, 2)));
    // An hour past the dial is no time, nor the digits after it.
    let found = find_times("晚上25:00点还在施工", now());
    assert!(
        found
            .iter()
            .all(|m| !m.text.contains('5') && !m.text.contains('0')),
        "{found:?}"
    );
}
