//! Clocks said without a part of the day ("3点半", "8点到10点"), and 今晚 said after midnight.
use chrono::TimeZone;

use super::*;

/// The one time in `text` said at `h:m` on Thursday 12 March 2026.
fn at_hour(text: &str, h: u32, m: u32) -> TimeValue {
    let now = china().with_ymd_and_hms(2026, 3, 12, h, m, 0).unwrap();
    let found = find_times(text, now);
    assert_eq!(found.len(), 1, "{text} at {h}:{m:02}: {found:?}");
    found.into_iter().next().unwrap().value
}

fn start(text: &str, h: u32, m: u32) -> DateTime<FixedOffset> {
    at_hour(text, h, m)
        .start()
        .unwrap_or_else(|| panic!("{text}: no start"))
}

fn span(text: &str, h: u32, m: u32) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    match at_hour(text, h, m) {
        TimeValue::Range { from, to } => (from, to),
        other => panic!("{text} at {h}:{m:02}: expected a range, got {other:?}"),
    }
}

#[test]
fn a_small_hour_without_a_part_of_the_day_is_the_afternoons() {
    // Said at 16:00: half past three this afternoon, not in the night.
    assert_eq!(start("3点半左右来的", 16, 0), t(2026, 3, 12, 15, 30));
    // Said in the morning: yesterday afternoon's, the last one gone.
    assert_eq!(start("3点半左右来的", 10, 0), t(2026, 3, 11, 15, 30));
    assert_eq!(start("昨天两点停的水", 10, 0), t(2026, 3, 11, 14, 0));
    // A part of the day, or the 24-hour dial, says which.
    assert_eq!(start("凌晨3点半还在吵", 10, 0), t(2026, 3, 12, 3, 30));
    assert_eq!(start("半夜两点还在吵", 10, 0), t(2026, 3, 12, 2, 0));
    assert_eq!(start("3:30开始施工", 16, 0), t(2026, 3, 12, 3, 30));
    assert_eq!(start("3月10日3时30分", 16, 0), t(2026, 3, 10, 3, 30));
    // Twelve is noon.
    assert_eq!(start("12点停的电", 16, 0), t(2026, 3, 12, 12, 0));
}

#[test]
fn a_later_hour_is_the_morning_or_the_evening_whichever_was_last() {
    assert_eq!(start("8点就开始施工", 10, 0), t(2026, 3, 12, 8, 0));
    assert_eq!(start("8点就开始施工", 21, 0), t(2026, 3, 12, 20, 0));
    // Said at 9:00, ten o'clock this morning is still to come: last night's.
    assert_eq!(start("十点还有人在唱歌", 9, 0), t(2026, 3, 11, 22, 0));
    // On a day before today, the morning's.
    assert_eq!(start("3月10日9点来过", 21, 0), t(2026, 3, 10, 9, 0));
    // Today named: the last one gone, else the morning's.
    assert_eq!(start("今天9点来过", 22, 0), t(2026, 3, 12, 21, 0));
    assert_eq!(start("今天9点来过", 10, 0), t(2026, 3, 12, 9, 0));
}

#[test]
fn the_clause_may_tell_the_half_of_the_day() {
    // Said at 15:00: coming home from work at six is yesterday evening, not this morning.
    assert_eq!(start("我下班六点多到家", 15, 0), t(2026, 3, 11, 18, 0));
    assert_eq!(start("孩子七点放学回来", 15, 0), t(2026, 3, 11, 19, 0));
    // Getting up at six, said in the evening, is this morning's.
    assert_eq!(start("我六点多就起床了", 21, 0), t(2026, 3, 12, 6, 0));
    // Words of both kinds, or none, leave it to the hour said.
    assert_eq!(start("下班后八点多又去上班", 21, 0), t(2026, 3, 12, 20, 0));
    assert_eq!(start("六点多就开始施工", 15, 0), t(2026, 3, 12, 6, 0));
    // Woken early is the morning.
    assert_eq!(
        start("七点就开始施工吵得没法睡觉", 10, 0),
        t(2026, 3, 12, 7, 0)
    );
    // A part of the day said wins over the clause's words.
    assert_eq!(start("早上六点下班回家", 15, 0), t(2026, 3, 12, 6, 0));
}

#[test]
fn a_span_of_bare_hours_keeps_its_ends_in_order() {
    assert_eq!(
        span("8点到10点一直在施工", 16, 0),
        (t(2026, 3, 12, 8, 0), t(2026, 3, 12, 10, 0))
    );
    assert_eq!(
        span("8点到10点一直在施工", 21, 0),
        (t(2026, 3, 12, 20, 0), t(2026, 3, 12, 22, 0))
    );
    assert_eq!(
        span("10点到2点停电", 16, 0),
        (t(2026, 3, 12, 10, 0), t(2026, 3, 12, 14, 0))
    );
    assert_eq!(
        span("2点到5点停电", 18, 0),
        (t(2026, 3, 12, 14, 0), t(2026, 3, 12, 17, 0))
    );
    // With the part of the day said once, both ends take it.
    assert_eq!(
        span("上午8点到10点停水", 16, 0),
        (t(2026, 3, 12, 8, 0), t(2026, 3, 12, 10, 0))
    );
    assert_eq!(
        span("晚上11点到两点都在吵", 10, 0),
        (t(2026, 3, 11, 23, 0), t(2026, 3, 12, 2, 0))
    );
    // The 24-hour dial as written.
    assert_eq!(
        span("8:00-10:00停水", 21, 0),
        (t(2026, 3, 12, 8, 0), t(2026, 3, 12, 10, 0))
    );
}

#[test]
fn tonight_said_after_midnight_is_the_night_still_going_on() {
    assert_eq!(start("今晚楼上一直在装修", 0, 30), t(2026, 3, 11, 18, 0));
    assert_eq!(start("今晚十点多开始吵", 0, 30), t(2026, 3, 11, 22, 0));
    // In the day, tonight is this evening.
    assert_eq!(start("今晚楼上一直在装修", 16, 0), t(2026, 3, 12, 18, 0));
    // Early morning words keep today.
    assert_eq!(start("今天凌晨两点", 3, 0), t(2026, 3, 12, 2, 0));
}

#[test]
fn a_bare_clock_follows_the_time_said_before_it() {
    // The night goes on past midnight.
    assert_eq!(
        values_at("晚上十点多开始施工，两点多还在响", 10, 0)[1],
        t(2026, 3, 12, 2, 0)
    );
    assert_eq!(
        values_at("昨天晚上十点开始施工，一直到两点多才停", 10, 0)[1],
        t(2026, 3, 12, 2, 0)
    );
    // The morning's, not the evening's, after a morning.
    assert_eq!(
        values_at("早上8点开始施工，10点还没停", 23, 0)[1],
        t(2026, 3, 12, 10, 0)
    );
    // Span ends: twelve, and a part of the day taken from the start.
    assert_eq!(
        span("8点到12点停水", 16, 0),
        (t(2026, 3, 12, 8, 0), t(2026, 3, 12, 12, 0))
    );
    assert_eq!(
        span("上午10点到2点停水", 16, 0),
        (t(2026, 3, 12, 10, 0), t(2026, 3, 12, 14, 0))
    );
}

fn values_at(text: &str, h: u32, m: u32) -> Vec<DateTime<FixedOffset>> {
    let now = china().with_ymd_and_hms(2026, 3, 12, h, m, 0).unwrap();
    find_times(text, now)
        .iter()
        .map(|f| f.value.start().unwrap_or_else(|| panic!("{text}: {f:?}")))
        .collect()
}

#[test]
fn a_part_of_the_day_in_one_character_sets_the_half_of_the_day() {
    // Said on Thursday 12 March 2026 at 10:00.
    assert_eq!(start("3月10日晚8点有人吵架", 10, 0), t(2026, 3, 10, 20, 0));
    assert_eq!(start("3月8日晚8时许", 10, 0), t(2026, 3, 8, 20, 0));
    assert_eq!(start("上周五晚9点许", 10, 0), t(2026, 3, 6, 21, 0));
    assert_eq!(start("晚8点开始施工", 10, 0), t(2026, 3, 11, 20, 0));
    assert_eq!(start("10日早八点停的水", 10, 0), t(2026, 3, 10, 8, 0));
    // After a day, ending the clause: that day's evening.
    assert_eq!(
        span("3月10日晚，楼下一直有人喝酒", 10, 0),
        (t(2026, 3, 10, 18, 0), t(2026, 3, 11, 0, 0))
    );
    // Elsewhere 晚 and 早 are words of their own.
    for text in ["他回来晚了", "早就说过了", "上夜班", "希望早一点解决"] {
        let now = china().with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap();
        assert!(find_times(text, now).is_empty(), "{text}");
    }
    // Later than, or a later end of the working day.
    assert_eq!(start("师傅说最晚10点到", 9, 0), t(2026, 3, 11, 22, 0));
    assert_eq!(
        span("3月10日早8点到晚5点一直施工", 18, 0),
        (t(2026, 3, 10, 8, 0), t(2026, 3, 10, 17, 0))
    );
    assert_eq!(
        span("实际交房比合同约定的3月10日晚，", 10, 0),
        (t(2026, 3, 10, 0, 0), t(2026, 3, 11, 0, 0))
    );
    assert_eq!(
        span("3月10日晚了三天才来", 10, 0),
        (t(2026, 3, 10, 0, 0), t(2026, 3, 11, 0, 0))
    );
}

#[test]
fn a_span_of_hours_in_chinese_numerals_keeps_its_end() {
    assert_eq!(
        span("晚上八点到十点一直在唱歌", 23, 0),
        (t(2026, 3, 12, 20, 0), t(2026, 3, 12, 22, 0))
    );
    assert_eq!(
        span("早上六点到八点停水", 10, 0),
        (t(2026, 3, 12, 6, 0), t(2026, 3, 12, 8, 0))
    );
    // A bare 十点 after no clock is still no time: "有两点" are two points.
    let now = china().with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap();
    assert!(find_times("意见有两点", now).is_empty());
}

#[test]
fn a_clock_said_as_one_is_kept_at_a_clause_end_or_before_a_verb() {
    // 钟, 左右 or a 到 before it say it is a time of day, wherever it stands.
    assert_eq!(
        start("大约十点钟，小区门口有人打架", 23, 0),
        t(2026, 3, 12, 22, 0)
    );
    assert_eq!(start("十点左右，有人敲门", 23, 0), t(2026, 3, 12, 22, 0));
    let now = china().with_ymd_and_hms(2026, 3, 12, 23, 30, 0).unwrap();
    let found = find_times("昨天晚上八点多楼上开始装修，一直吵到十一点", now);
    assert!(
        found.iter().any(|f| f.text == "十一点"),
        "the end of the noise: {found:?}"
    );
    // A part of the day before it: 7 o'clock, not seven points to see.
    assert_eq!(
        start("今天早上7点看到垃圾没人清运", 10, 0),
        t(2026, 3, 12, 7, 0)
    );
    assert_eq!(start("下午3点问物业", 16, 0), t(2026, 3, 12, 15, 0));
    // Points still are points, also after a 到 of saying or doing.
    let now = china().with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap();
    for text in [
        "我提出三点要求",
        "意见有两点：",
        "来电人提到三点诉求：",
        "要求物业做到两点：一是清运垃圾",
        "来电人提到 三点诉求：",
    ] {
        assert!(find_times(text, now).is_empty(), "{text}");
    }
}

#[test]
fn five_in_the_evening_ends_a_working_day() {
    assert_eq!(
        span("早上8点到晚上5点一直施工", 20, 0),
        (t(2026, 3, 12, 8, 0), t(2026, 3, 12, 17, 0))
    );
    assert_eq!(start("昨天晚上五点下班", 10, 0), t(2026, 3, 11, 17, 0));
    // The small hours of the night are still the next morning's.
    assert_eq!(start("昨天晚上两点还在吵", 10, 0), t(2026, 3, 12, 2, 0));
}
