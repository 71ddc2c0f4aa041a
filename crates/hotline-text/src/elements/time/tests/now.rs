//! The call's own moment (现在), weekdays of every week, and a day named as a day.
use super::*;

#[test]
fn now_is_the_moment_of_the_call_and_stands_alone() {
    for text in [
        "现在楼下着火了，快来人",
        "此刻小区门口有人打架",
        "此时此刻还在响",
    ] {
        assert_eq!(instant(text), now(), "{text}");
        assert!(only(text).is_the_call_moment(), "{text}");
    }
    // What follows starts an expression of its own.
    let found = find_times("现在每天晚上都吵", now());
    assert_eq!(
        found.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
        ["现在", "每天晚上"]
    );
    assert_eq!(found[1].value, TimeValue::Recurring);
    assert!(!found[1].is_the_call_moment());
    // To now.
    assert_eq!(
        range("昨天晚上到现在一直在吵"),
        (t(2026, 3, 11, 18, 0), now())
    );
    // 现在 ending a verb is no time.
    for text in [
        "主要表现在以下方面",
        "问题出现在三楼",
        "发现在门口",
        "承诺没有兑现在合同里",
        "态度如此刻薄",
        "因此刻意回避",
    ] {
        assert!(find_times(text, now()).is_empty(), "{text}");
    }
}

#[test]
fn weekdays_of_every_day_recur() {
    for (text, said) in [
        (
            "我们公司周一到周五每天早上七点就要打卡",
            "周一到周五每天早上七点",
        ),
        ("每周一到周五早上都堵", "每周一到周五早上"),
        ("下周一到周五每天早上停水", "下周一到周五每天早上"),
    ] {
        let m = only(text);
        assert_eq!((m.text.as_str(), &m.value), (said, &TimeValue::Recurring));
    }
    // Without a word of repeating, this week's days.
    assert_eq!(
        range("从周一到周三停水"),
        (t(2026, 3, 9, 0, 0), t(2026, 3, 12, 0, 0))
    );
    // The end's weekday is of the start's week, whichever week that is (Thursday 12 March).
    assert_eq!(
        range("下周一到周五停水"),
        (t(2026, 3, 16, 0, 0), t(2026, 3, 21, 0, 0))
    );
    assert_eq!(
        range("上周一到周三一直停水"),
        (t(2026, 3, 2, 0, 0), t(2026, 3, 5, 0, 0))
    );
}

#[test]
fn a_bare_day_named_as_a_day_is_a_date() {
    assert_eq!(
        range("10号那天我去办事被拒绝了"),
        (t(2026, 3, 10, 0, 0), t(2026, 3, 11, 0, 0))
    );
    assert_eq!(
        range("5号当天没有人来"),
        (t(2026, 3, 5, 0, 0), t(2026, 3, 6, 0, 0))
    );
    // 那天 looks back: said on the 12th, 15号那天 is last month's (15号 alone, three days
    // ahead, is this month's), as is 3月15号那天 last year's.
    assert_eq!(
        range("15号那天我去办事被拒绝了"),
        (t(2026, 2, 15, 0, 0), t(2026, 2, 16, 0, 0))
    );
    assert_eq!(
        range("3月15号那天停水"),
        (t(2025, 3, 15, 0, 0), t(2025, 3, 16, 0, 0))
    );
    assert_eq!(range("15号上午停水").0, t(2026, 3, 15, 6, 0));
    assert_eq!(range("12号那天").0, t(2026, 3, 12, 0, 0));
    // A numbered thing stays one.
    assert!(find_times("18号楼漏水", now()).is_empty());
    assert!(find_times("住在10号，那天没人", now()).is_empty());
}
