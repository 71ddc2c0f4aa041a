use chrono::{Datelike, TimeZone, Timelike};

use super::*;

mod clock;
mod durations;
mod holidays;
mod now;
mod spans;

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
fn a_date_without_year_is_the_latest_one_past_unless_it_is_within_a_week() {
    // Callers tell what happened: on 12 March, "4月1日" is last April.
    assert_eq!(range("12月5日").0, t(2025, 12, 5, 0, 0));
    assert_eq!(range("4月1日").0, t(2026 - 1, 4, 1, 0, 0));
    assert_eq!(instant("3月10日上午9点35分"), t(2026, 3, 10, 9, 35));
    assert_eq!(range("3月15日").0, t(2026, 3, 15, 0, 0), "three days ahead");
    assert_eq!(range("3月12日").0, t(2026, 3, 12, 0, 0));
    // A day of the month alone: this month's if past, next month's only within a week.
    assert_eq!(range("5号晚上").0, t(2026, 3, 5, 18, 0));
    assert_eq!(range("14号晚上").0, t(2026, 3, 14, 18, 0));
    assert_eq!(range("28号晚上").0, t(2026, 2, 28, 18, 0));
    // February has no 30th: the last 30th gone is January's, not March's to come.
    assert_eq!(range("30号晚上").0, t(2026, 1, 30, 18, 0));
    assert_eq!(range("31号晚上").0, t(2026, 1, 31, 18, 0));
}

#[test]
fn a_bare_weekday_is_the_latest_one_not_after_today() {
    // 12 March 2026 is a Thursday.
    assert_eq!(range("周日上午").0, t(2026, 3, 8, 6, 0));
    assert_eq!(range("星期三").0, t(2026, 3, 11, 0, 0));
    assert_eq!(range("周四").0, t(2026, 3, 12, 0, 0));
    assert_eq!(range("这周日").0, t(2026, 3, 15, 0, 0));
    assert_eq!(range("下周一").0, t(2026, 3, 16, 0, 0));
    assert_eq!(range("上周三").0, t(2026, 3, 4, 0, 0));
    // Two weeks or months on or back.
    assert_eq!(range("下下周一").0, t(2026, 3, 23, 0, 0));
    assert_eq!(
        range("下下周"),
        (t(2026, 3, 23, 0, 0), t(2026, 3, 30, 0, 0))
    );
    assert_eq!(range("下下个月").0, t(2026, 5, 1, 0, 0));
    assert_eq!(range("上上个月").0, t(2026, 1, 1, 0, 0));
    // 楼下, 楼上 and 一下 end before the week or month they stand beside.
    assert_eq!(range("楼下下周要装修").0, t(2026, 3, 16, 0, 0));
    assert_eq!(range("楼上上个月开始装修").0, t(2026, 2, 1, 0, 0));
    assert_eq!(range("帮我查一下下周的停水安排").0, t(2026, 3, 16, 0, 0));
    assert_eq!(range("看一下下个月的缴费").0, t(2026, 4, 1, 0, 0));
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
    // Said on a Thursday, 周末 is the weekend just gone; 这周末 and 下周末 are ahead.
    assert_eq!(range("周末"), (t(2026, 3, 7, 0, 0), t(2026, 3, 9, 0, 0)));
    assert_eq!(
        range("这周末"),
        (t(2026, 3, 14, 0, 0), t(2026, 3, 16, 0, 0))
    );
    assert_eq!(range("下周末").0, t(2026, 3, 21, 0, 0));
    let saturday = t(2026, 3, 14, 10, 0);
    let said = find_times("周末楼下装修", saturday);
    assert_eq!(said[0].value.start(), Some(t(2026, 3, 14, 0, 0)));
}

#[test]
fn a_day_word_does_not_start_inside_then_before_and_after() {
    // 然后 + 天天 (every day), not 后天 (the day after tomorrow); 以前 + 晚上, not 前晚.
    let found = find_times("我们楼下然后天天有人烧烤", now());
    assert!(
        found.iter().all(|m| m.value == TimeValue::Recurring),
        "{found:?}"
    );
    assert!(!found.is_empty());
    for text in [
        "以前天天这样",
        "之后天气转凉",
        "以前晚上很安静",
        "目前天天停水",
    ] {
        let found = find_times(text, now());
        assert!(
            found.iter().all(|m| !m.text.starts_with(['前', '后'])
                && m.value.start() != Some(t(2026, 3, 10, 18, 0))),
            "{text}: {found:?}"
        );
    }
    // 从 + 前天: since the day before yesterday.
    assert_eq!(
        find_times("从前天开始一直停水", now())[0].value.start(),
        Some(t(2026, 3, 10, 0, 0))
    );
    assert_eq!(range("后天").0, t(2026, 3, 14, 0, 0));
    assert_eq!(
        find_times("今天又停水了，跟前天一样", now())[1]
            .value
            .start(),
        Some(t(2026, 3, 10, 0, 0))
    );
    assert_eq!(range("就在前天").0, t(2026, 3, 10, 0, 0));
}

#[test]
fn last_week_all_along_is_the_week_not_its_monday() {
    for text in ["上周一直没有热水", "上周一共来了三次"] {
        let found = find_times(text, now());
        assert_eq!(
            found[0].value,
            TimeValue::Range {
                from: t(2026, 3, 2, 0, 0),
                to: t(2026, 3, 9, 0, 0)
            },
            "{text}"
        );
    }
    assert_eq!(
        find_times("这周一定要修好", now())[0].value.start(),
        Some(t(2026, 3, 9, 0, 0))
    );
    assert_eq!(range("上周一").0, t(2026, 3, 2, 0, 0));
    assert_eq!(
        find_times("下周一再来", now())[0].value.start(),
        Some(t(2026, 3, 16, 0, 0))
    );
    assert_eq!(
        find_times("从周一起停水三天", now())[0].value.start(),
        Some(t(2026, 3, 9, 0, 0))
    );
    assert_eq!(
        find_times("周一直到周五都停水", now())[0].value.start(),
        Some(t(2026, 3, 9, 0, 0))
    );
    assert_eq!(
        range("下周一下午"),
        (t(2026, 3, 16, 12, 0), t(2026, 3, 16, 18, 0))
    );
}

#[test]
fn a_time_that_takes_its_date_from_the_one_before_does_not_land_before_it() {
    let found = find_times("昨天晚上十点多开始施工，一直持续到凌晨两点", now());
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].value.start(), Some(t(2026, 3, 12, 2, 0)));
    let found = find_times("去年12月份开始施工，到3月份还没完工", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 1, 0, 0)),
        "{found:?}"
    );
    // Over New Year, in a sentence of its own: January after the December before.
    let found = find_times("去年12月28日开始施工，1月3日才停", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 1, 3, 0, 0)),
        "{found:?}"
    );
    // A look back keeps its year.
    let late = china().with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let found = find_times("去年12月投诉过一次，11月也投诉过", late);
    assert_eq!(
        found[1].value.start(),
        Some(t(2025, 11, 1, 0, 0)),
        "{found:?}"
    );
    let found = find_times("2024年12月28日开始施工，1月3日才停", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2025, 1, 3, 0, 0)),
        "{found:?}"
    );
    // Only where the text goes on in time: not a list, nor a look back to earlier that day.
    let found = find_times("去年5月和3月都投诉过", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2025, 3, 1, 0, 0)),
        "{found:?}"
    );
    let found = find_times("昨天下午三点停的水，早上还有水", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 11, 6, 0)),
        "{found:?}"
    );
    let found = find_times("三天前晚上十点开始施工，凌晨两点还在响", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 10, 2, 0)),
        "{found:?}"
    );
    // Not into the future: "今天下午三点…上午九点" stays this morning.
    let found = find_times("今天上午九点半来电，今天早上七点就开始了", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 12, 7, 0)),
        "{found:?}"
    );
    let found = find_times("今天上午九点半来电，早上七点就开始了", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 12, 7, 0)),
        "{found:?}"
    );
    // Ahead of now already: the next day is ahead too.
    let found = find_times("明天晚上十点施工，要到凌晨三点", now());
    assert_eq!(
        found[1].value.start(),
        Some(t(2026, 3, 14, 3, 0)),
        "{found:?}"
    );
}

#[test]
fn shopping_days_are_dates_not_national_day() {
    assert_eq!(only("双十一那天").text, "双十一");
    assert_eq!(
        range("双十一"),
        (t(2025, 11, 11, 0, 0), t(2025, 11, 12, 0, 0))
    );
    assert_eq!(range("去年双12").0, t(2025, 12, 12, 0, 0));
    assert_eq!(only("十一期间").text, "十一期间");
}

#[test]
fn a_time_of_day_without_a_date_is_the_latest_one_not_after_now() {
    assert_eq!(instant("凌晨两点"), t(2026, 3, 12, 2, 0));
    assert_eq!(instant("下午三点半"), t(2026, 3, 11, 15, 30));
    assert_eq!(instant("今天下午三点半"), t(2026, 3, 12, 15, 30));
    assert_eq!(instant("中午十二点一刻"), t(2026, 3, 11, 12, 15));
    // A night's hour said just after midnight, before it comes round again.
    let one_am = t(2026, 3, 12, 1, 0);
    let said = find_times("半夜两点楼下烧烤店还在营业", one_am);
    assert_eq!(said[0].value.start(), Some(t(2026, 3, 11, 2, 0)));
    let said = find_times("凌晨三点", t(2026, 3, 12, 2, 0));
    assert_eq!(said[0].value.start(), Some(t(2026, 3, 11, 3, 0)));
}

#[test]
fn minutes_said_without_fen_count_when_they_cannot_be_a_decimal() {
    assert_eq!(
        instant("上午十一点四十"),
        t(2026, 3, 12, 11, 40) - chrono::Duration::days(1)
    );
    assert_eq!(instant("3月10号上午九点三十五"), t(2026, 3, 10, 9, 35));
    assert_eq!(instant("3月10日九点三十"), t(2026, 3, 10, 9, 30));
    assert_eq!(instant("3月10日晚上十点零五"), t(2026, 3, 10, 22, 5));
    // A single digit could be a decimal, and a count is no minute.
    assert_eq!(
        only("3月10日九点五").value.start().map(|t| t.minute()),
        Some(0)
    );
    assert_eq!(instant("3月10日晚上八点三十个人"), t(2026, 3, 10, 20, 0));
    assert_eq!(instant("3月10日晚上八点三十多人"), t(2026, 3, 10, 20, 0));
    assert_eq!(instant("3月10日晚上八点三十几个人"), t(2026, 3, 10, 20, 0));
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

/// A part of the day alone naming when something is done, or what is to stop, is no one night:
/// "希望要求其停止夜间施工" asks of every night, and was read as last night from 20:00.
#[test]
fn a_part_of_the_day_naming_a_practice_is_when_it_is_done() {
    for text in [
        "希望要求其停止夜间施工",
        "工地夜间施工噪音大",
        "那家店晚上营业到很晚",
        "应当禁止夜间作业",
    ] {
        let found = only(text);
        assert_eq!(found.value, TimeValue::Recurring, "{text}: {found:?}");
    }
    // A date or a clock makes it one night; a part of the day alone before something else
    // stays the latest one.
    assert_eq!(range("昨天夜间施工").0, t(2026, 3, 11, 20, 0));
    assert!(only("晚上十点多还在施工").value.start().is_some());
    assert!(only("晚上楼上一直很吵").value.start().is_some());
    assert!(only("孩子晚上作业写到很晚").value.start().is_some());
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

fn values(text: &str) -> Vec<TimeValue> {
    find_times(text, now())
        .into_iter()
        .map(|m| m.value)
        .collect()
}

#[test]
fn a_time_takes_what_it_leaves_out_from_the_one_before_in_its_sentence() {
    // The part of the day across a list joiner.
    let v = values("昨天下午5点和7点各来过一次");
    assert_eq!(
        v[1],
        TimeValue::Instant {
            at: t(2026, 3, 11, 19, 0)
        },
        "{v:?}"
    );
    // The year across a list, the date for a later bare time.
    let v = values("2019年3月26日、4月2日两次反映");
    assert_eq!(
        v[1],
        TimeValue::Range {
            from: t(2019, 4, 2, 0, 0),
            to: t(2019, 4, 3, 0, 0)
        }
    );
    let v = values("2019年8月28日我去了现场，下午6时许又打了电话");
    assert_eq!(
        v[1],
        TimeValue::Instant {
            at: t(2019, 8, 28, 18, 0)
        },
        "{v:?}"
    );
    // Not across sentences.
    let v = values("2019年8月28日去过。下午6点又去了");
    assert_eq!(
        v[1],
        TimeValue::Instant {
            at: t(2026, 3, 11, 18, 0)
        },
        "{v:?}"
    );
}

#[test]
fn counts_limits_and_nouns_are_not_times() {
    for text in [
        "回复内容有两点：一是路灯，二是井盖",
        "主要是以下两点",
        "事过两月还没人管",
        "要求15日内整改到位",
        "十日内给予答复",
        "多么安静的夜晚",
        "幸福生活的今天来之不易",
    ] {
        let found = find_times(text, now());
        assert!(found.is_empty(), "{text}: {found:?}");
    }
    // Still times: a clock after a period or with a number, a month by its name.
    assert_eq!(instant("下午两点").hour(), 14);
    assert_eq!(instant("两点半").minute(), 30);
    assert_eq!(range("二月").0.month(), 2);
    assert_eq!(range("昨天的晚上").0.day(), 11);
}

#[test]
fn dates_written_with_dashes_slashes_or_dots() {
    let day = (t(2019, 3, 10, 0, 0), t(2019, 3, 11, 0, 0));
    assert_eq!(range("2019-03-10"), day);
    assert_eq!(range("2019/3/10"), day);
    assert_eq!(range("2019.3.10"), day);
    assert_eq!(instant("2019-03-10 14:30"), t(2019, 3, 10, 14, 30));
    assert_eq!(only("于2019/3/10晚上到店").text, "2019/3/10晚上");
    // A month 13, mixed separators, a version number or a longer run are no dates.
    for text in [
        "2019-13-01",
        "2019-3/10",
        "版本2019.3.10.2",
        "编号2019-03-105",
    ] {
        assert!(find_times(text, now()).is_empty(), "{text}");
    }
}

#[test]
fn a_two_digit_year_counts_only_before_its_month() {
    assert_eq!(
        range("19年3月5日"),
        (t(2019, 3, 5, 0, 0), t(2019, 3, 6, 0, 0))
    );
    assert!(find_times("在这里干了19年", now()).is_empty());
    // A year more than one ahead is last century's.
    assert_eq!(
        range("86年10月"),
        (t(1986, 10, 1, 0, 0), t(1986, 11, 1, 0, 0))
    );
}

#[test]
fn months_weeks_and_years_ago_count_back_from_today() {
    let day = |y, m, d| {
        (
            t(y, m, d, 0, 0),
            t(y, m, d, 0, 0) + chrono::Duration::days(1),
        )
    };
    assert_eq!(range("三个月前"), day(2025, 12, 12));
    assert_eq!(range("半个月前"), day(2026, 2, 25));
    assert_eq!(range("半年前"), day(2025, 9, 12));
    assert_eq!(range("两年前"), day(2024, 3, 12));
    assert_eq!(range("2周前"), day(2026, 2, 26));
    assert_eq!(range("一个星期之前"), day(2026, 3, 5));
    let texts: Vec<String> = find_times("一个月前8月14日来过", now())
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["一个月前", "8月14日"]);
    // Without 前 they are durations, not times.
    for text in ["装修了三个月", "等了两周", "一周三次", "住了半年"] {
        assert!(find_times(text, now()).is_empty(), "{text}");
    }
}

#[test]
fn two_neighbouring_numbers_are_one_or_the_other_not_a_number_of_both() {
    assert_eq!(
        range("昨天凌晨两三点有人砸车"),
        (t(2026, 3, 11, 2, 0), t(2026, 3, 11, 4, 0))
    );
    assert_eq!(
        range("昨天晚上十一二点楼上吵"),
        (t(2026, 3, 11, 23, 0), t(2026, 3, 12, 1, 0))
    );
    assert_eq!(
        range("昨天下午三四点停电"),
        (t(2026, 3, 11, 15, 0), t(2026, 3, 11, 17, 0))
    );
    assert_eq!(
        range("三四天前开始漏水"),
        (t(2026, 3, 9, 0, 0), t(2026, 3, 10, 0, 0))
    );
    // Not neighbours, or a clock with minutes: read as before.
    assert_eq!(instant("昨天下午三点半"), t(2026, 3, 11, 15, 30));
    assert_eq!(
        range("昨天下午三五点"),
        (t(2026, 3, 11, 12, 0), t(2026, 3, 11, 18, 0))
    );
}

#[test]
fn two_times_joined_by_zhi_or_dao_are_one_span() {
    // The second end takes the part of the day and the date of the first.
    assert_eq!(
        range("昨天下午5点至7点一直在施工"),
        (t(2026, 3, 11, 17, 0), t(2026, 3, 11, 19, 0))
    );
    assert_eq!(only("昨天下午5点至7点一直在施工").text, "昨天下午5点至7点");
    assert_eq!(
        range("3月1日上午8点到10点停水"),
        (t(2026, 3, 1, 8, 0), t(2026, 3, 1, 10, 0))
    );
    // Across midnight: the end is the first such time after the start.
    assert_eq!(
        range("3月10日晚上10点到凌晨三点一直施工"),
        (t(2026, 3, 10, 22, 0), t(2026, 3, 11, 3, 0))
    );
    assert_eq!(
        range("昨晚11点到两点都在吵"),
        (t(2026, 3, 11, 23, 0), t(2026, 3, 12, 2, 0))
    );
    // Clock times written with colons; "十点多" ends an hour after ten.
    assert_eq!(
        range("3月5日15:00-17:00办理"),
        (t(2026, 3, 5, 15, 0), t(2026, 3, 5, 17, 0))
    );
    assert_eq!(
        range("昨天早上8点到十点多"),
        (t(2026, 3, 11, 8, 0), t(2026, 3, 11, 11, 0))
    );
    // Days: the second takes the month of the first, and the span covers it whole.
    assert_eq!(
        range("3月1日至5日停水"),
        (t(2026, 3, 1, 0, 0), t(2026, 3, 6, 0, 0))
    );
    // Recurring ends make one recurring time.
    let every = only("每天下午5点至7点施工");
    assert_eq!(every.value, TimeValue::Recurring);
    assert_eq!(every.text, "每天下午5点至7点");
    // An end before a dated start is no span: two times stay two.
    assert_eq!(values("3月5日到3月1日").len(), 2);
    // A list is not a span.
    assert_eq!(values("3月1日、3月5日").len(), 2);
}

#[test]
fn a_bare_day_in_a_list_takes_the_month_before() {
    // Said on 12 March, 22日 alone would be 22 February; here it is 22 September.
    let v = values("2025年9月17日、22日两次通知");
    assert_eq!(
        v[1],
        TimeValue::Range {
            from: t(2025, 9, 22, 0, 0),
            to: t(2025, 9, 23, 0, 0)
        },
        "{v:?}"
    );
}

#[test]
fn a_couple_of_days_is_vague() {
    for text in ["前两天楼下又开始施工", "这两天一直停水", "前一阵子路灯坏了"]
    {
        let m = &find_times(text, now())[0];
        assert_eq!(m.value, TimeValue::Vague, "{text}");
        assert!(text.starts_with(&m.text), "{text}: {m:?}");
    }
}

#[test]
fn the_end_of_a_span_follows_its_start_across_months_and_years() {
    // Said on 12 March 2026: 20 March alone would be last year's (more than a week ahead).
    assert_eq!(
        range("3月10日至20日停水"),
        (t(2026, 3, 10, 0, 0), t(2026, 3, 21, 0, 0))
    );
    assert_eq!(
        range("2025年12月28日至1月3日"),
        (t(2025, 12, 28, 0, 0), t(2026, 1, 4, 0, 0))
    );
    assert_eq!(
        range("2月28日到3日一直施工"),
        (t(2026, 2, 28, 0, 0), t(2026, 3, 4, 0, 0))
    );
    // 号 after a month and a joiner is a date.
    assert_eq!(
        range("3月1号到5号停水"),
        (t(2026, 3, 1, 0, 0), t(2026, 3, 6, 0, 0))
    );
    let v = values("2025年9月17号、22号两次通知");
    assert_eq!(v.len(), 2, "{v:?}");
    // An end tied to now stays where it is.
    assert_eq!(
        range("昨天下午到刚才一直在吵"),
        (t(2026, 3, 11, 12, 0), t(2026, 3, 12, 10, 0))
    );
}

#[test]
fn in_advance_is_not_a_time() {
    assert!(find_times("请提前两天通知居民", now()).is_empty());
    assert!(find_times("提前一段时间告知", now()).is_empty());
}

#[test]
fn todays_weekday_with_a_time_still_to_come_is_last_week_s() {
    // 2026-03-12 10:00 is a Thursday.
    assert_eq!(
        range("周四晚上停电了"),
        (t(2026, 3, 5, 18, 0), t(2026, 3, 6, 0, 0))
    );
    assert_eq!(
        range("周四上午停电了"),
        (t(2026, 3, 12, 6, 0), t(2026, 3, 12, 12, 0))
    );
    assert_eq!(
        range("周四停电了"),
        (t(2026, 3, 12, 0, 0), t(2026, 3, 13, 0, 0))
    );
    assert_eq!(instant("星期四晚上8点"), t(2026, 3, 5, 20, 0));
}

#[test]
fn half_an_hour_ago_and_a_month_that_is_none() {
    assert_eq!(instant("半小时前有人打架"), t(2026, 3, 12, 9, 30));
    assert_eq!(instant("半个小时之前"), t(2026, 3, 12, 9, 30));
    // No day of this month is read from a month that is none (下午 alone may still be).
    for text in ["13月5日下午", "15月20号"] {
        let found = find_times(text, now());
        assert!(
            found
                .iter()
                .all(|m| !m.text.contains('日') && !m.text.contains('号')),
            "{text}: {found:?}"
        );
    }
    assert_eq!(range("3月5日"), (t(2026, 3, 5, 0, 0), t(2026, 3, 6, 0, 0)));
}

#[test]
fn a_month_and_day_written_with_a_dot_or_slash_is_read_before_a_day_part_or_a_day_word() {
    assert_eq!(range("11.20晚上").0, t(2025, 11, 20, 18, 0));
    assert_eq!(range("11.20日").0, t(2025, 11, 20, 0, 0));
    assert_eq!(range("3.10号上午").0, t(2026, 3, 10, 6, 0));
    assert_eq!(instant("12.31晚上十点"), t(2025, 12, 31, 22, 0));
    assert_eq!(instant("3.11夜里两点"), t(2026, 3, 12, 2, 0));
    assert_eq!(instant("11.20 9:30停水"), t(2025, 11, 20, 9, 30));
    assert_eq!(instant("3.10 8点半"), t(2026, 3, 10, 8, 30));
    assert_eq!(range("11/20晚上施工").0, t(2025, 11, 20, 18, 0));
    assert_eq!(range("3/10号").0, t(2026, 3, 10, 0, 0));
    // Amounts, versions, shares and bare numbers are not dates.
    for text in [
        "3.5公里外",
        "1.5倍",
        "v2.10版",
        "11.20停电",
        "水费涨到3.10元",
        "13.20晚上",
        "3.5 10元一斤",
        "升级到版本2.1 9点后无法登录",
        "版本号：2.1 10点发布",
        "版本 3.2 8点半更新",
        "按第3.2条 10点前办结",
        "1/3的住户晚上没水",
        "11/20停电",
        "1/2号线换乘",
        "5/6号楼之间",
    ] {
        let found = find_times(text, now());
        assert!(
            found
                .iter()
                .all(|m| !m.text.contains('.') && !m.text.contains('/')),
            "{text}: {found:?}"
        );
    }
}
