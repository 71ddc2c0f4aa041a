//! Parties a caller names without a full name: the household next door by its surname ("楼上李家",
//! "隔壁老王"), and a shop by the name on its sign, in quotes, when that name ends in its trade
//! ("“老王烧烤”").
use super::super::{is_han, word_at, word_before};
use super::words::STOPS;

/// Where a neighbour is said to be; a household named right after one is a party.
const NEIGHBOURS: &[&str] = &[
    "楼上",
    "楼下",
    "隔壁",
    "对门",
    "对面",
    "邻居",
    "邻居家",
    "同楼",
];

/// What after 家 makes it another word or a place ("李家具", "王家菜馆", "李家村"): no
/// household.
const NOT_HOUSEHOLD: &str = "具电政居庭园乐属长里人村庄湾屯寨坝菜饭店铺";

/// What may follow 老王 or 小李 when it is what neighbours call someone: the end of the
/// clause, 家 or 的, or a word that opens what they do.
const AFTER_NICKNAME: &str = "家的天每总一他她经老又在把不都也还说就常整半晚早夜";

/// The households named after a neighbour word, as (start, end): "李家", "老王", "小李家".
pub(super) fn households(
    chars: &[char],
    surname_end: impl Fn(usize) -> Option<usize>,
    blocked: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for i in 0..chars.len() {
        if !NEIGHBOURS.iter().any(|w| word_before(chars, i, w)) {
            continue;
        }
        let at = word_at(chars, i, "的").unwrap_or(i);
        let (nickname, first) = match chars.get(at) {
            Some('老' | '小') => (true, at + 1),
            _ => (false, at),
        };
        // 某 is no surname here ("楼下某家烧烤店").
        let Some(after) = surname_end(first).filter(|_| chars[first] != '某') else {
            continue;
        };
        let next = chars.get(after).copied();
        let end = match next {
            Some('家')
                if !chars
                    .get(after + 1)
                    .is_some_and(|&c| NOT_HOUSEHOLD.contains(c)) =>
            {
                after + 1
            }
            _ if nickname && next.is_none_or(|c| !is_han(c) || AFTER_NICKNAME.contains(c)) => after,
            _ => continue,
        };
        if !blocked.iter().any(|&(s, e)| s < end && at < e) {
            found.push((at, end));
        }
    }
    found
}

/// Trades a shop's sign may end in, read as a name only inside quotes ("“老王烧烤”",
/// "「张记麻辣烫」").
const TRADES: &[&str] = &[
    "烧烤",
    "烤肉",
    "火锅",
    "串串",
    "麻辣烫",
    "小吃",
    "快餐",
    "面馆",
    "粉店",
    "米粉",
    "奶茶",
    "茶饮",
    "咖啡",
    "烘焙",
    "蛋糕",
    "甜品",
    "水果",
    "生鲜",
    "便利",
    "百货",
    "五金",
    "建材",
    "家具",
    "洗车",
    "汽修",
    "美容",
    "美发",
    "美甲",
    "足浴",
    "按摩",
    "棋牌",
    "网咖",
    "台球",
    "瑜伽",
    "琴行",
    "酒家",
    "大排档",
    "夜宵",
    "宵夜",
    "海鲜",
    "卤味",
];

/// Quotes that may hold a shop's name: pairs that tell opening from closing (a straight " opens
/// and closes alike, so the text between two quoted items would be read as one).
const QUOTES: [(char, char); 3] = [('“', '”'), ('「', '」'), ('『', '』')];

/// The quoted shop names, as (start, end) inside the quotes: two to twelve characters with
/// no punctuation or function word, ending in a trade and longer than it.
pub(super) fn quoted_shops(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (open_at, &c) in chars.iter().enumerate() {
        let Some(&(_, close)) = QUOTES.iter().find(|(open, _)| *open == c) else {
            continue;
        };
        let start = open_at + 1;
        let Some(len) = chars[start..].iter().take(13).position(|&x| x == close) else {
            continue;
        };
        let end = start + len;
        let name: String = chars[start..end].iter().collect();
        // Letters and digits only, and no function word (“我们是烧烤” is no sign).
        let plain = chars[start..end]
            .iter()
            .all(|&x| x.is_alphanumeric() && !STOPS.contains(x));
        let Some(trade) = TRADES
            .iter()
            .find(|t| name.ends_with(*t) && name.chars().count() > t.chars().count())
        else {
            continue;
        };
        // What comes before the trade names the shop; a verb there says what is done
        // (“订蛋糕”).
        let owner = &name[..name.len() - trade.len()];
        let done = || {
            crate::route::default_jieba()
                .tag(owner, false)
                .iter()
                .any(|w| w.tag.starts_with('v'))
        };
        if (2..=12).contains(&len) && plain && !done() {
            found.push((start, end));
        }
    }
    found
}
