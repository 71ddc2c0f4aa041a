//! How values look on a page: times in Asia/Shanghai, durations, clock colours, masked callers.
use chrono::{DateTime, Utc};
use maud::{html, Markup};

use hotline_domain::calendar::china_offset;
use hotline_domain::clock::{Budget, ClockColour};

/// `2026-03-02 09:35`, China time.
pub fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `03-02 09:35`, China time: for tables.
pub fn short_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&china_offset())
        .format("%m-%d %H:%M")
        .to_string()
}

/// A `<time>` element; `data-due` lets the page's script count down to it.
pub fn due(t: DateTime<Utc>) -> Markup {
    html! { time datetime=(t.to_rfc3339()) data-due=(t.timestamp()) { (time(t)) } }
}

/// What is left of a clock's budget, in the budget's measure: working time as
/// 「5个工作日」/「1个工作日3小时」/「3小时20分」 (a working day is `day_seconds` of working
/// hours, 7.5 hours by default), wall-clock time as 「2天3小时」.
pub fn budget_left(budget: Budget, seconds: i64, day_seconds: i64) -> String {
    let (day, unit) = match budget {
        Budget::WorkingSeconds(_) => (day_seconds.max(1), "个工作日"),
        Budget::NaturalSeconds(_) => (86_400, "天"),
    };
    let s = seconds.max(0);
    let (d, h, m) = (s / day, (s % day) / 3600, (s % 3600) / 60);
    match (d, h) {
        (0, 0) => format!("{m}分"),
        (0, _) => format!("{h}小时{m}分"),
        (_, 0) => format!("{d}{unit}"),
        _ => format!("{d}{unit}{h}小时"),
    }
}

pub fn colour_class(c: ClockColour) -> &'static str {
    match c {
        ClockColour::Green => "clock green",
        ClockColour::Yellow => "clock yellow",
        ClockColour::Red => "clock red",
    }
}

pub fn colour_label(c: ClockColour) -> &'static str {
    match c {
        ClockColour::Green => "正常",
        ClockColour::Yellow => "预警",
        ClockColour::Red => "超期",
    }
}

/// District · street · community names and the free address.
pub fn place(r: &hotline_service::Reference, p: &hotline_domain::ticket::Location) -> String {
    let mut parts: Vec<String> = [&p.district, &p.street, &p.community]
        .into_iter()
        .flatten()
        .map(|c| {
            r.places
                .get(c)
                .map(|pl| pl.name.clone())
                .unwrap_or_else(|| c.clone())
        })
        .collect();
    if !p.address.trim().is_empty() {
        parts.push(p.address.trim().to_string());
    }
    parts.join(" ")
}

/// A category's path of names, 「城乡建设 › 市容环境 › 公共厕所管理」.
pub fn category(r: &hotline_service::Reference, code: Option<&str>) -> String {
    let Some(mut cur) = code.and_then(|c| r.categories.get(c)) else {
        return code.unwrap_or("未分类").to_string();
    };
    let mut names = vec![cur.name.clone()];
    while let Some(p) = cur.parent.as_deref().and_then(|p| r.categories.get(p)) {
        names.push(p.name.clone());
        cur = p;
    }
    names.reverse();
    names.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china_and_spans_in_chinese_units() {
        let t = DateTime::parse_from_rfc3339("2026-03-02T01:35:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(time(t), "2026-03-02 09:35");
        let day = 27_000;
        let working = Budget::WorkingSeconds(0);
        // 37.5 working hours are five working days, not 「1天13小时」.
        assert_eq!(budget_left(working, 5 * day, day), "5个工作日");
        assert_eq!(
            budget_left(working, day + 3 * 3600 + 600, day),
            "1个工作日3小时"
        );
        assert_eq!(budget_left(working, 3_900, day), "1小时5分");
        assert_eq!(budget_left(working, -600, day), "0分");
        let natural = Budget::NaturalSeconds(0);
        assert_eq!(budget_left(natural, 90_061, day), "1天1小时");
        assert_eq!(budget_left(natural, 2 * 86_400, day), "2天");
    }
}
