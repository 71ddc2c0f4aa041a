//! How long a matter has gone on ("三天了", "两个多月了", "近两周"): a span from then to now.
use super::*;

#[test]
fn an_amount_gone_on_is_a_span_from_that_long_ago_to_now() {
    // Thursday 12 March 2026, 10:00.
    for (text, said, from) in [
        ("路灯坏了三天了", "三天", t(2026, 3, 9, 0, 0)),
        ("噪音已经两个多月了", "两个多月", t(2026, 1, 12, 0, 0)),
        ("这个问题持续半年了", "半年", t(2025, 9, 12, 0, 0)),
        ("漏水一个星期了没人管", "一个星期", t(2026, 3, 5, 0, 0)),
        ("已经半个多月了", "半个多月", t(2026, 2, 25, 0, 0)),
        ("一个半月了还没修好", "一个半月", t(2026, 1, 28, 0, 0)),
        ("这种情况有一年多了", "一年多", t(2025, 3, 12, 0, 0)),
        ("一年半了", "一年半", t(2024, 9, 12, 0, 0)),
        ("停水两三天了", "两三天", t(2026, 3, 9, 0, 0)),
        ("十多天了", "十多天", t(2026, 3, 2, 0, 0)),
        ("二十天了", "二十天", t(2026, 2, 20, 0, 0)),
        ("十二个小时了", "十二个小时", t(2026, 3, 11, 22, 0)),
        ("停水三五天了", "三五天", t(2026, 3, 7, 0, 0)),
        ("这个问题十五年了", "十五年", t(2011, 3, 12, 0, 0)),
        ("将近两个月了", "两个月", t(2026, 1, 12, 0, 0)),
        ("这三天来一直停水", "这三天", t(2026, 3, 9, 0, 0)),
        ("已经3个多月没人处理", "3个多月", t(2025, 12, 12, 0, 0)),
        ("持续了20天", "20天", t(2026, 2, 20, 0, 0)),
        ("长达半年之久", "半年", t(2025, 9, 12, 0, 0)),
        ("电梯困了十分钟了", "十分钟", t(2026, 3, 12, 9, 50)),
        ("等了半个小时了", "半个小时", t(2026, 3, 12, 9, 30)),
        // Vague amounts, at their least; nights with the days.
        ("噪音扰民好几个月了", "好几个月", t(2025, 12, 12, 0, 0)),
        ("停水十来天了", "十来天", t(2026, 3, 2, 0, 0)),
        ("路灯坏了十几天了", "十几天", t(2026, 3, 2, 0, 0)),
        ("几个月了没人管", "几个月", t(2025, 12, 12, 0, 0)),
        ("这个问题几十年了", "几十年", t(2006, 3, 12, 0, 0)),
        ("多年来一直漏水", "多年", t(2024, 3, 12, 0, 0)),
        ("小区停水多日了", "多日", t(2026, 3, 10, 0, 0)),
        ("数月以来", "数月", t(2025, 12, 12, 0, 0)),
        ("这几年一直漏水", "这几年", t(2023, 3, 12, 0, 0)),
        ("停电一天一夜了", "一天一夜", t(2026, 3, 11, 0, 0)),
        ("盼了十几二十年了", "二十年", t(2006, 3, 12, 0, 0)),
        ("这种情况很多年了", "很多年", t(2023, 3, 12, 0, 0)),
        ("停电几天几夜了", "几天几夜", t(2026, 3, 9, 0, 0)),
        ("这样拖下去要弄个十多年了", "十多年", t(2016, 3, 12, 0, 0)),
    ] {
        let m = only(text);
        assert_eq!(m.text, said, "{text}");
        assert_eq!(m.value, TimeValue::Range { from, to: now() }, "{text}");
    }
    // Words that say it is recent belong to it, and replace a vague 最近.
    let recent = &find_times("近两周每天晚上都吵", now())[0];
    assert_eq!(recent.text, "近两周");
    assert_eq!(recent.value.start(), Some(t(2026, 2, 26, 0, 0)));
    assert_eq!(only("最近一个月").text, "最近一个月");
    assert_eq!(only("这两年一直漏水").text, "这两年");
    // 天天 after an amount is how often, not part of it.
    let daily = find_times("近一个月天天停水", now());
    assert_eq!(daily[0].text, "近一个月", "{daily:?}");
    assert_eq!(daily[1].value, TimeValue::Recurring);
}

#[test]
fn an_amount_that_is_no_time_gone_on_is_no_time() {
    for text in [
        // A countdown, an ordinal, a rate, a part, a limit, an amount ago or ahead.
        "还有三天了",
        "再过两天就好了",
        "第三天了",
        "每三天来一次",
        "前三天都在下雨",
        "三天内处理",
        "三天后再来",
        // "A long while", an age, a year, a word 了 begins.
        "等了半天了",
        "孩子三岁了",
        "工作三年了解到",
        "这一天很忙",
        // How long the caller has lived, worked or paid somewhere.
        "我在这住了十年了",
        "社保交了十五年了",
        "在企业工作了近11年",
        "现在工作快三年了",
        "工作了大约三年了",
        // An age.
        "孩子才三个月了",
        "我怀孕八个月了",
        "这个狗养了三年了",
        // A rate or a promise, a school year, an age, an anniversary.
        "垃圾车一周来一次",
        "说好三天来修",
        "孩子已经三年级了",
        "已经两周岁了",
        "已经三周年了",
        // 两月 is February.
        "两月了",
        // Vague, and no span: these days, how many, a few times, many people, the 3rd.
        "这几天一直下雨",
        "前几天停过水",
        "过几天再说",
        "没几天就坏了",
        "好几次了",
        "很多人了",
        "几天能修好？",
        "数据不对",
        "差不多了",
        "好几年前就反映过",
        "怀孕4个多月了",
        "在这住了好几年了，楼上漏水",
        "怀孕好几个月了",
        "住了很多年了",
        "离过年没几天了，工资还没发",
        "几日了？",
        "离开工只有短短的几个月了",
    ] {
        let found: Vec<_> = find_times(text, now())
            .into_iter()
            .filter(|m| m.value != TimeValue::Vague && !m.is_the_call_moment())
            .collect();
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}
