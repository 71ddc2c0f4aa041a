//! Traditional characters read as their simplified forms, so a caller who writes 醫保報銷 or
//! 電梯困人 (a Hong Kong or Taiwan resident, an older writer, an input method left on
//! traditional) is searched, screened, classified and matched as one who writes 医保报销.
//!
//! The character table is OpenCC's (`TSCharacters`, through the `hanconv` crate), read one
//! character for one character: no phrase is rewritten, so a folded text has as many characters
//! as the original, and because a character is only folded into one of the same UTF-8 length,
//! every byte offset into the folded text is an offset into the original too. Whatever reads a
//! folded text can therefore quote the caller's own characters (`restore`).
//!
//! Not folded: a character the table also lists as its own simplified form for some uses
//! (乾 of 乾坤, 於 the surname, 夥, 徵, 剋, 麽, 薹), and characters outside the basic and
//! extension-A CJK blocks. Characters that are the same in both scripts are unchanged.

use std::borrow::Cow;
use std::sync::OnceLock;

/// OpenCC's traditional → simplified character table: a character, a tab, its simplified
/// forms (the usual one first), one line a character.
const TABLE: &str = hanconv::RawDictionary::TSCharacters.text();

/// The folded characters all lie in CJK extension A and the basic block.
const FIRST: u32 = 0x3400;
const END: u32 = 0xA000;

struct Table {
    /// One bit a code point from `FIRST`: whether it is folded. Most characters of a text are
    /// not, and the bit says so without a search.
    folded: Vec<u64>,
    /// (traditional, simplified), sorted by the first.
    pairs: Vec<(char, char)>,
}

fn table() -> &'static Table {
    static TABLE_BUILT: OnceLock<Table> = OnceLock::new();
    TABLE_BUILT.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                let from = single(fields.next()?)?;
                let forms: Vec<&str> = fields.collect();
                let to = single(forms.first()?)?;
                let own_form = forms.iter().any(|f| single(f) == Some(from));
                let same_width = from.len_utf8() == to.len_utf8();
                let in_range = (FIRST..END).contains(&(from as u32));
                (from != to && !own_form && same_width && in_range).then_some((from, to))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        // A form the table folds again (薴 → 苧 → 苎) is followed to its end, so folding a fold
        // changes nothing; a chain that ends in another width or loops is not folded.
        let direct: std::collections::HashMap<char, char> = pairs.iter().copied().collect();
        pairs.retain_mut(|(from, to)| {
            for _ in 0..4 {
                match direct.get(to) {
                    Some(&next) if next != *from => *to = next,
                    Some(_) => return false,
                    None => return to.len_utf8() == from.len_utf8(),
                }
            }
            false
        });
        let mut folded = vec![0u64; ((END - FIRST) as usize).div_ceil(64)];
        for &(from, _) in &pairs {
            let i = (from as u32 - FIRST) as usize;
            folded[i / 64] |= 1 << (i % 64);
        }
        Table { folded, pairs }
    })
}

/// The one character of `s`, if it is one.
fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// `c` in simplified script: 電 → 电, 醫 → 医; any other character as it is. The result is
/// always as long in UTF-8 as `c`.
pub fn simplified_char(c: char) -> char {
    let code = c as u32;
    if !(FIRST..END).contains(&code) {
        return c;
    }
    let t = table();
    let i = (code - FIRST) as usize;
    if t.folded[i / 64] & (1 << (i % 64)) == 0 {
        return c;
    }
    match t.pairs.binary_search_by_key(&c, |p| p.0) {
        Ok(at) => t.pairs[at].1,
        Err(_) => c,
    }
}

/// `text` in simplified script (`simplified_char` for each character, and 著 as below);
/// borrowed when nothing changes. Byte offsets into the result are byte offsets into `text`.
pub fn simplified(text: &str) -> Cow<'_, str> {
    let folded_at = |i: usize, c: char| match c {
        '著' => zhu(text, i),
        _ => simplified_char(c),
    };
    match text.char_indices().find(|&(i, c)| folded_at(i, c) != c) {
        None => Cow::Borrowed(text),
        Some((first, _)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..first]);
            out.extend(
                text[first..]
                    .char_indices()
                    .map(|(i, c)| folded_at(first + i, c)),
            );
            Cow::Owned(out)
        }
    }
}

/// Words simplified script writes with 著 itself, by the character after it (著名, 著作,
/// 著称, 著述, 著书, 著录) and before it (显著, 卓著, 土著, 编著, 原著, 名著, 论著, 专著, 巨著,
/// 遗著, 新著, 合著, 译著, 拙著, 昭著, 见微知著).
const ZHU_THEN: &str = "名作称述书录";
/// Words written with 着 by the character after it: 着火, 着急, 着凉, 着想, 着落, 着手, 着陆,
/// 着迷, 着重, 着实.
const ZHE_THEN: &str = "火急凉想落手陆迷重实";
const THEN_ZHU: &str = "显卓土编原名论专巨遗新合译拙昭知";

/// The 著 at byte `at` of `text`: itself in the words of `ZHU_THEN` and `THEN_ZHU`; elsewhere
/// 着, as a traditional text writes the particle and the verb (著火, 睡不著, 看著). OpenCC's
/// table leaves 著 alone, being a character of both scripts.
fn zhu(text: &str, at: usize) -> char {
    let before = text[..at].chars().next_back().map(simplified_char);
    let after = text[at + '著'.len_utf8()..]
        .chars()
        .next()
        .map(simplified_char);
    // 着火, 着急, 着凉… whatever stands before (草原著火, 重新著火).
    if after.is_some_and(|c| ZHE_THEN.contains(c)) {
        return '着';
    }
    let own =
        after.is_some_and(|c| ZHU_THEN.contains(c)) || before.is_some_and(|c| THEN_ZHU.contains(c));
    if own {
        '著'
    } else {
        '着'
    }
}

/// The caller's own characters for a quote taken from the folded form of `original`: the
/// same span of `original` when `quote` is exactly `folded[start..end]`, else `quote` as it is
/// (a quote the reader rewrote, or a span that is not one).
pub fn restore(original: &str, folded: &str, start: usize, end: usize, quote: &mut String) {
    if original.len() != folded.len() {
        return;
    }
    if let (Some(was), Some(read)) = (original.get(start..end), folded.get(start..end)) {
        if read == quote && was != quote {
            *quote = was.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_characters_fold_to_simplified_ones() {
        assert_eq!(simplified("醫保報銷"), "医保报销");
        assert_eq!(simplified("電梯困人了，快來救人"), "电梯困人了，快来救人");
        assert_eq!(simplified("張偉說樓上漏水"), "张伟说楼上漏水");
        // 著 is 着 but in the words simplified script writes with it.
        assert_eq!(
            simplified("樓下著火了，吵得睡不著"),
            "楼下着火了，吵得睡不着"
        );
        assert_eq!(simplified("著名景點，顯著位置"), "著名景点，显著位置");
        assert_eq!(simplified("见微知著"), "见微知著");
        assert_eq!(
            simplified("草原著火了，又重新著火"),
            "草原着火了，又重新着火"
        );
        assert_eq!(simplified("著"), "着");
        // Full-width forms and ASCII are not this fold's business.
        assert_eq!(simplified("ＥＴＣ辦理 abc"), "ＥＴＣ办理 abc");
    }

    #[test]
    fn simplified_text_is_borrowed_unchanged() {
        let text = "小区楼下烧烤油烟扰民，著名景点门口乱停车，干净整洁，效果显著";
        assert!(matches!(simplified(text), Cow::Borrowed(_)));
        // Every character a simplified text commonly holds stays itself.
        for c in "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感".chars() {
            assert_eq!(simplified_char(c), c, "{c}");
        }
    }

    #[test]
    fn characters_simplified_script_also_uses_stay() {
        // 乾坤, the surname 於: the table lists them as simplified forms of their own.
        assert_eq!(simplified("朗朗乾坤"), "朗朗乾坤");
        assert_eq!(simplified_char('於'), '於');
    }

    #[test]
    fn offsets_into_the_fold_are_offsets_into_the_original() {
        let text = "我住在蘋洲小學旁邊，電話打不通";
        let folded = simplified(text);
        assert_eq!(folded.len(), text.len());
        assert_eq!(folded.chars().count(), text.chars().count());
        let start = folded.find("苹洲小学").unwrap();
        let end = start + "苹洲小学".len();
        let mut quote = "苹洲小学".to_string();
        restore(text, &folded, start, end, &mut quote);
        assert_eq!(quote, "蘋洲小學");
        // A quote the reader rewrote is left as it is.
        let mut rewritten = "苹洲小学附近".to_string();
        restore(text, &folded, start, end, &mut rewritten);
        assert_eq!(rewritten, "苹洲小学附近");
    }

    #[test]
    fn folding_a_fold_changes_nothing() {
        for &(from, to) in &table().pairs {
            assert_eq!(simplified_char(to), to, "{from} → {to}");
        }
        assert_eq!(simplified_char('薴'), '苎');
    }

    #[test]
    fn every_folded_character_keeps_its_width() {
        let t = table();
        assert!(t.pairs.len() > 2_000, "{}", t.pairs.len());
        for &(from, to) in &t.pairs {
            assert_eq!(from.len_utf8(), to.len_utf8(), "{from} → {to}");
            assert_eq!(simplified_char(from), to);
        }
    }
}
