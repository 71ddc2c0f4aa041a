//! The words of time expressions: parts of the day, relative days, recurring and vague times.

/// Parts of the day, with their span in minutes from midnight (past 1440 is the next day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
    Dawn,
    Morning,
    Forenoon,
    Noon,
    Afternoon,
    Dusk,
    Evening,
    Night,
    Midnight,
    Daytime,
}

impl Period {
    pub(super) fn span(self) -> (i64, i64) {
        match self {
            Period::Dawn => (0, 360),
            Period::Morning => (360, 540),
            Period::Forenoon => (360, 720),
            Period::Noon => (660, 840),
            Period::Afternoon => (720, 1080),
            Period::Dusk => (1020, 1140),
            Period::Evening => (1080, 1440),
            Period::Night => (1200, 1800),
            Period::Midnight => (1380, 1620),
            Period::Daytime => (360, 1080),
        }
    }

    /// The 24-hour clock hour of "`h`点" said in this part of the day (24 and over: next day).
    pub(super) fn hour(self, h: u32) -> u32 {
        match self {
            Period::Dawn if h == 12 => 0,
            Period::Noon if (1..=4).contains(&h) => h + 12,
            Period::Afternoon | Period::Dusk if h < 12 => h + 12,
            // "早上8点到晚上5点": the end of a working day (as "晚5点"), not five in the morning.
            Period::Evening if h == 5 => 17,
            Period::Evening | Period::Night | Period::Midnight => match h {
                0..=5 => h + 24,
                6..=11 => h + 12,
                12 => 24,
                _ => h,
            },
            _ => h,
        }
    }
}

pub(super) const PERIODS: &[(&str, Period)] = &[
    ("后半夜", Period::Midnight),
    ("凌晨", Period::Dawn),
    ("清晨", Period::Morning),
    ("早晨", Period::Morning),
    ("早上", Period::Morning),
    ("上午", Period::Forenoon),
    ("中午", Period::Noon),
    ("下午", Period::Afternoon),
    ("傍晚", Period::Dusk),
    ("黄昏", Period::Dusk),
    ("晚上", Period::Evening),
    ("晚间", Period::Evening),
    ("夜里", Period::Night),
    ("夜间", Period::Night),
    ("夜晚", Period::Night),
    ("半夜", Period::Midnight),
    ("深夜", Period::Midnight),
    ("午夜", Period::Midnight),
    ("白天", Period::Daytime),
];

/// Relative days, some with a part of the day folded in ("昨晚").
pub(super) const DAYS: &[(&str, i64, Option<Period>)] = &[
    ("大前天", -3, None),
    ("大后天", 3, None),
    ("前天", -2, None),
    ("前晚", -2, Some(Period::Evening)),
    ("昨天", -1, None),
    ("昨日", -1, None),
    ("昨儿", -1, None),
    ("昨晚", -1, Some(Period::Evening)),
    ("昨夜", -1, Some(Period::Night)),
    ("今天", 0, None),
    ("今日", 0, None),
    ("今儿", 0, None),
    ("今晚", 0, Some(Period::Evening)),
    ("今夜", 0, Some(Period::Night)),
    ("今早", 0, Some(Period::Morning)),
    ("今晨", 0, Some(Period::Morning)),
    ("明天", 1, None),
    ("明日", 1, None),
    ("明早", 1, Some(Period::Morning)),
    ("明晚", 1, Some(Period::Evening)),
    ("后天", 2, None),
];

/// Recurring words; `alone` says whether the word is a time by itself ("每天") or only an
/// adverb that needs a time after it ("经常半夜").
pub(super) const RECURRING: &[(&str, bool, Option<Period>)] = &[
    ("每天", true, None),
    ("每日", true, None),
    ("每晚", true, Some(Period::Evening)),
    ("每夜", true, Some(Period::Night)),
    ("天天", true, None),
    ("每个月", true, None),
    ("每月", true, None),
    ("每年", true, None),
    ("每逢", false, None),
    ("每到", false, None),
    ("一到", false, None),
    ("经常", false, None),
    ("总是", false, None),
    ("常常", false, None),
    ("老是", false, None),
    ("时常", false, None),
    ("长期", false, None),
];

pub(super) const VAGUE: &[&str] = &[
    "最近",
    "近期",
    "近日",
    "近来",
    "这几天",
    "这些天",
    "这段时间",
    "前几天",
    "前两天",
    "这两天",
    "近两天",
    "这一两天",
    "前一阵子",
    "前一阵",
    "前一段时间",
    "近段时间",
    "这阵子",
    "前些天",
    "前段时间",
    "前阵子",
    "当时",
];

/// What is done at a part of the day as a practice ("夜间施工", "晚上营业"): the part of the day
/// right before it says when it is done, not one night. Not 作业, which is homework too.
const PRACTICES: &[&str] = &[
    "施工", "营业", "经营", "开工", "干活", "装修", "出摊", "摆摊", "卸货", "装卸", "运输", "拉货",
    "生产", "排放", "开放", "禁行", "限行", "渣土",
];

/// What bans or stops a practice ("停止夜间施工", "禁止晚上营业").
const BANS: &[&str] = &[
    "停止", "禁止", "严禁", "不准", "不得", "不许", "避免", "杜绝", "取消",
];

/// Whether the expression at `start..end` (a part of the day alone) names when a practice is
/// done: a practice right after it, or a ban right before it.
pub(super) fn names_a_practice(chars: &[char], start: usize, end: usize) -> bool {
    let after: String = chars[end..(end + 2).min(chars.len())].iter().collect();
    let before: String = chars[start.saturating_sub(2)..start].iter().collect();
    PRACTICES.iter().any(|w| after.starts_with(w)) || BANS.iter().any(|w| before.ends_with(w))
}
