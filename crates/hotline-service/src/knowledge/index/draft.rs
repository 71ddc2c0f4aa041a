//! A draft's words for recommendations: which of them an article must hold to be offered,
//! and which count for little.
use tantivy::Term;

use super::{ArticleIndex, IndexError, MAX_QUERY_WORDS};

/// A draft's word in more than one article in this many is too common to recommend by alone.
const COMMON_DRAFT_SHARE: u64 = 10;
const COMMON_DRAFT_MIN: u64 = 3;
/// A draft's word that no title or keywords hold, only bodies, is too common to recommend by
/// alone in more than one article in this many: it is the wording articles share (每篇答复口径
/// 都说"受理员会告知您应当向哪个渠道反映"), not a matter any of them is about.
const COMMON_BODY_SHARE: u64 = 50;

/// A draft's words for recommendations (`ArticleIndex::draft_words`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftWords {
    /// The words the articles are scored by.
    pub words: Vec<String>,
    /// Those of them that are not common, generic nor wording only bodies share: a recommended
    /// article holds one.
    pub uncommon: Vec<String>,
    /// Those of them that name no matter (`GENERIC_WORDS`, the pairs inside one the draft
    /// says, a negation of two characters such as 不动), scored lightly: 小区 in
    /// "小区的电梯要维修" must not lift a guide on 小区 over one on 电梯维修.
    pub generic: Vec<String>,
}

/// Words of callers' accounts that name no matter: who, how bad, what is asked. However few
/// articles hold one (in a small base every word is rare), an article sharing only these with a
/// draft is no answer to it ("楼道堆物很危险" is not 燃气使用危险须知).
const GENERIC_WORDS: &[&str] = &[
    "问题",
    "情况",
    "事情",
    "居民",
    "市民",
    "群众",
    "业主",
    "住户",
    "人员",
    "工作人员",
    "人们",
    "部门",
    "相关",
    "有关",
    "单位",
    "政府",
    "领导",
    "处理",
    "解决",
    "反映",
    "希望",
    "要求",
    "投诉",
    "举报",
    "咨询",
    "危险",
    "隐患",
    "影响",
    "严重",
    "非常",
    "很多",
    "多次",
    "一直",
    "经常",
    "现在",
    "已经",
    "时间",
    "生活",
    "正常",
    "小区",
    "附近",
    "周边",
    "门口",
    "楼下",
    "家里",
    "地方",
    "东西",
    "我们",
    "他们",
    "你们",
    "大家",
    "工作",
    "服务",
    "管理",
    "帮忙",
];

/// Whether a word that `df` of `n` articles hold is common: in more than one article in
/// `COMMON_DRAFT_SHARE`, and in more than `COMMON_DRAFT_MIN` (in a small base every word is
/// in a good share of it).
fn is_common(df: u64, n: u64) -> bool {
    df * COMMON_DRAFT_SHARE > n && df > COMMON_DRAFT_MIN
}

/// `is_common` for a word only bodies hold.
fn is_common_in_bodies(df: u64, n: u64) -> bool {
    df * COMMON_BODY_SHARE > n && df > COMMON_DRAFT_MIN
}

impl ArticleIndex {
    /// The words of a draft that best tell articles apart: those the fewest articles contain
    /// (but some do), at most `MAX_QUERY_WORDS`; and those of them that are not common
    /// (`is_common`), generic (`DraftWords::generic`) nor held only by bodies, in more than one
    /// in `COMMON_BODY_SHARE` of them: an article that holds only such words ("问题", "办理",
    /// the 哪个 of a sentence many replies end with) is no answer to the draft, however many of
    /// them it holds. A word common in bodies but named by few titles or keywords still tells:
    /// every guide asks for 身份证件, and the one titled 居民身份证 is about it.
    pub fn draft_words(&self, words: Vec<String>) -> Result<DraftWords, IndexError> {
        let searcher = self.reader.searcher();
        let n = searcher.num_docs();
        let mut scored: Vec<(u64, usize, String)> = Vec::new();
        let mut named: Vec<String> = Vec::new();
        let mut boilerplate: Vec<String> = Vec::new();
        let f = self.fields;
        for (i, w) in words.into_iter().enumerate() {
            let df = self.doc_freq(&searcher, &w)?;
            if df == 0 {
                continue;
            }
            // Titles and keywords are read only for a word common enough to ask (every common
            // word is common in bodies too).
            let mut in_names = 0;
            if is_common_in_bodies(df, n) {
                for field in [f.title, f.keywords] {
                    in_names = in_names.max(searcher.doc_freq(&Term::from_field_text(field, &w))?);
                }
            }
            if is_common(df, n) && in_names > 0 && !is_common(in_names, n) {
                named.push(w.clone());
            }
            if in_names == 0 && is_common_in_bodies(df, n) {
                boilerplate.push(w.clone());
            }
            scored.push((df, i, w));
        }
        // A single character found in a few articles is rare, not telling (人, 个): words of
        // two characters or more speak first, single characters only when there is nothing else.
        if scored.iter().any(|(_, _, w)| w.chars().count() > 1) {
            scored.retain(|(_, _, w)| w.chars().count() > 1);
        }
        scored.sort();
        scored.truncate(MAX_QUERY_WORDS);
        scored.sort_by_key(|(_, i, _)| *i);
        // A generic word's character pairs say no more than it does: 工作人员 holds 作人.
        let said_generic: Vec<&str> = GENERIC_WORDS
            .iter()
            .copied()
            .filter(|g| scored.iter().any(|(_, _, w)| w == g))
            .collect();
        // A negation names no matter either: 走不动 is not about 不动产, 不管 not about 管理.
        let is_generic = |w: &str| {
            GENERIC_WORDS.contains(&w)
                || (w.chars().count() == 2
                    && (w.starts_with('不') || said_generic.iter().any(|g| g.contains(w))))
        };
        let uncommon = scored
            .iter()
            .filter(|(df, _, w)| !is_common(*df, n) || named.contains(w))
            .filter(|(_, _, w)| !is_generic(w) && !boilerplate.contains(w))
            .map(|(_, _, w)| w.clone())
            .collect();
        let generic = scored
            .iter()
            .filter(|(_, _, w)| is_generic(w))
            .map(|(_, _, w)| w.clone())
            .collect();
        Ok(DraftWords {
            words: scored.into_iter().map(|(_, _, w)| w).collect(),
            uncommon,
            generic,
        })
    }
}
