//! The project's stop words: function words (pronouns, particles, conjunctions, prepositions,
//! common adverbs and auxiliaries, bare numerals) that occur in messages of every category and so
//! say nothing about where a ticket should go. Written for this project; a change to the list
//! changes the features, so it bumps `TOKENISER_VERSION`.
use std::sync::OnceLock;

use super::hash;

/// Stored in every model; a model made with another tokeniser is refused at load.
pub const TOKENISER_VERSION: u16 = 1;

#[rustfmt::skip]
const WORDS: &[&str] = &[
    // pronouns and demonstratives
    "我", "我们", "你", "你们", "您", "他", "他们", "她", "她们", "它", "它们", "咱", "咱们",
    "自己", "本人", "大家", "人家", "别人", "他人", "各位", "这", "这个", "这些", "这样", "这么",
    "这里", "这种", "这边", "那", "那个", "那些", "那样", "那么", "那里", "那边", "此", "其",
    "其中", "其他", "其它", "其余", "该", "某", "某些", "各", "各个", "各种", "每", "每个", "哪",
    "哪里", "哪些", "哪个", "什么", "怎么", "怎样", "怎么样", "怎么办", "如何", "为什么", "为何",
    "多少", "谁", "何时", "何", "啥",
    // particles
    "的", "了", "着", "过", "地", "得", "吗", "呢", "吧", "啊", "呀", "么", "嘛", "哦", "哈", "啦",
    "吖", "之", "者", "所", "们", "等", "等等", "的话", "似的", "而已", "罢了",
    // conjunctions
    "和", "与", "及", "以及", "及其", "并", "并且", "而", "而且", "或", "或者", "还是", "但",
    "但是", "可是", "然而", "不过", "因为", "所以", "因此", "由于", "如果", "假如", "若", "虽然",
    "尽管", "即使", "即便", "既然", "只要", "只有", "不但", "不仅", "而是", "否则", "不然", "于是",
    "从而", "然后", "同时", "另外", "此外", "加上", "加之", "即", "则", "且", "既", "就算", "况且",
    "何况", "以便", "以免", "总之",
    // prepositions
    "在", "对", "对于", "关于", "为", "为了", "向", "从", "自", "自从", "把", "被", "让", "给",
    "由", "按", "按照", "依照", "根据", "通过", "经过", "随着", "跟", "同", "比", "以", "于", "至",
    "到", "离", "当", "将", "据", "靠", "像", "如", "除了", "沿", "往", "朝",
    // copula, auxiliaries and common adverbs
    "是", "有", "也", "都", "就", "还", "又", "才", "再", "已", "已经", "很", "更", "更加", "最",
    "太", "非常", "极其", "十分", "特别", "一直", "一起", "一切", "一些", "一下", "一样", "一般",
    "只", "只是", "仅", "仅仅", "就是", "还有", "不", "没", "没有", "不是", "不能", "不会", "不要",
    "不得", "不再", "不了", "不用", "可以", "可能", "能", "能够", "会", "要", "应", "应该", "应当",
    "必须", "可", "便", "竟然", "居然", "到底", "究竟", "难道", "其实", "反而", "仍", "仍然",
    "依然", "马上", "尽快", "经常", "总是", "曾", "曾经", "刚", "刚刚", "正在", "基本", "基本上",
    "根本", "绝对", "完全", "甚至", "确实", "真的", "比如", "例如", "比较", "较", "有些", "有的",
    "不少", "很多", "许多", "所有", "任何", "之一", "如此", "出来", "起来", "进来", "下去", "上来",
    "来", "去", "上", "多", "大", "个", "第", "近", "起", "看", "看来", "拿", "打", "叫", "用",
    "望", "带", "另", "方", "共", "均", "故", "连", "首先", "其次", "最后", "结果", "时候", "开始",
    "有关", "相关", "本", "每次", "多次",
    // bare numerals (digits are dropped by the tokeniser)
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "两", "几",
];

/// The stop words themselves (for the model's dictionary).
pub fn words() -> &'static [&'static str] {
    WORDS
}

/// The stop words' hashes in an open-addressing table (a quarter full): one probe, usually in
/// L1, per term, and the term's hash is the one its feature needs anyway.
struct Table {
    slots: Vec<u64>,
    shift: u32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let size = (WORDS.len() * 4).next_power_of_two();
        let mut t = Table {
            slots: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        };
        for w in WORDS {
            let h = hash::term(w);
            let mut i = (h >> t.shift) as usize;
            while t.slots[i] != 0 && t.slots[i] != h {
                i = (i + 1) & (size - 1);
            }
            t.slots[i] = h;
        }
        t
    })
}

/// Whether the term with this hash (`hash::term`) is a stop word.
pub fn is_stop_hash(h: u64) -> bool {
    let t = table();
    let mask = t.slots.len() - 1;
    let mut i = (h >> t.shift) as usize;
    loop {
        match t.slots[i] {
            0 => return false,
            s if s == h => return true,
            _ => i = (i + 1) & mask,
        }
    }
}

#[cfg(test)]
pub fn is_stop_word(word: &str) -> bool {
    is_stop_hash(hash::term(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stop_words_and_content_words_are_not() {
        assert!(is_stop_word("的") && is_stop_word("我们") && is_stop_word("怎么办"));
        assert!(!is_stop_word("噪音") && !is_stop_word("社保") && !is_stop_word("路灯"));
        assert!(WORDS.iter().all(|w| is_stop_word(w)));
    }
}
