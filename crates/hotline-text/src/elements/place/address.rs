//! Address text found by pattern, which a gazetteer never lists: a name and the numbers after it
//! ("太公三路18号", "阳光小区5栋3单元", "王家村三组"), and names with a place suffix and no number
//! ("丽发新城小区", "银杉路", "宝南街社区徐家巷"). A name's left edge is found by stop characters,
//! the names before it, leading words and jieba's parts of speech; word lists refuse what only
//! looks like a name ("马路", "我们小区", "扰乱市场").
use super::AddressMention;
use crate::elements::numerals::{is_numeral, numeral_at};
use crate::elements::{stops_name, word_at, word_before};

/// Words an address name ends with, before its numbers ("太公三路" 18号).
const PLACE_SUFFIXES: &[&str] = &[
    "路", "街", "大道", "巷", "弄", "胡同", "小区", "村", "社区", "花园", "公寓", "大厦", "家园",
    "苑", "庄", "里", "广场", "新村", "新城",
];

/// Words a place name ends with when no number follows ("丽发新城小区", "银杉路", "宝南街社区",
/// "雨花区实验中学"). Unlike `PLACE_SUFFIXES`, no 里, 庄 or 弄: they end too many everyday words.
const NAME_SUFFIXES: &[&str] = &[
    // roads
    "路",
    "街",
    "大道",
    "巷",
    "胡同",
    "大桥",
    "隧道",
    "立交桥",
    // residential compounds
    "小区",
    "花园",
    "公寓",
    "家园",
    "苑",
    "新村",
    "新城",
    "山庄",
    "公馆",
    "华庭",
    "园",
    "城",
    "安置区",
    // areas
    "社区",
    "村",
    "镇",
    "乡",
    "街道",
    "工业园",
    "产业园",
    "园区",
    "开发区",
    "片区",
    "经济区",
    "高速",
    "桥",
    // buildings and facilities
    "大厦",
    "广场",
    "商场",
    "市场",
    "超市",
    "学校",
    "小学",
    "中学",
    "大学",
    "学院",
    "幼儿园",
    "医院",
    "卫生院",
    "公园",
    "车站",
    "火车站",
    "汽车站",
    "高铁站",
    "地铁站",
    "机场",
    "码头",
    "景区",
    "酒店",
    "宾馆",
    "体育馆",
    "图书馆",
    "校区",
    "党校",
    "厂",
    "站",
    "KTV",
];

/// Words that end with a suffix but name no place ("出路", "农村", "上大学").
const GENERIC_ENDINGS: &[&str] = &[
    "出路",
    "思路",
    "线路",
    "网路",
    "走路",
    "修路",
    "让路",
    "过路",
    "半路",
    "带路",
    "开路",
    "堵路",
    "占路",
    "上路",
    "迷路",
    "套路",
    "退路",
    "活路",
    "门路",
    "弯路",
    "来路",
    "去路",
    "电路",
    "管路",
    "岔路",
    // Ways out, not roads: 联系销路, 走投无路, 断了财路 (民生路 and 同心路 are roads).
    "销路",
    "无路",
    "死路",
    "后路",
    "末路",
    "财路",
    // Ways of going, not roads: 老板跑路, 抄近路, 走夜路, 绕路, 走了冤枉路 (致远路 and 宁远路
    // are roads: 远路 alone is only weak).
    "跑路",
    "抄近路",
    "走近路",
    "赶近路",
    "走远路",
    "绕远路",
    "夜路",
    "绕路",
    "赶路",
    "冤枉路",
    "逛街",
    "上街",
    "沿街",
    "临街",
    "满街",
    "农村",
    "乡村",
    "本村",
    "全村",
    "我村",
    "该村",
    "同村",
    "邻村",
    "进村",
    "回村",
    "出村",
    "各村",
    "城镇",
    "乡镇",
    "集镇",
    "家乡",
    "老乡",
    "下乡",
    "城乡",
    "同乡",
    "他乡",
    "异乡",
    "上大学",
    "读大学",
    "上小学",
    "读小学",
    "上中学",
    "读中学",
    "去医院",
    "到医院",
    "住医院",
    "进医院",
    "逛公园",
    "逛商场",
    "逛超市",
    "去超市",
    "开超市",
    "上学校",
    "进学校",
    "菜市场",
    "农贸市场",
    "停车场",
    "段路",
    "中小学",
    "主要路",
    "各路",
    "过街",
    "进城",
    "县城",
    "省城",
    "全城",
    "满城",
    "校园",
    "菜园",
    "果园",
    "乐园",
    "工厂",
    "进厂",
    "建厂",
    "办厂",
    "车站",
    "公交站",
    "垃圾站",
    "加油站",
    "转站",
    "充电站",
    "服务站",
    "收费站",
    "上高速",
    "走高速",
    "下高速",
    "过桥",
    "上桥",
    "下桥",
    "天桥",
    "上幼儿园",
    "读幼儿园",
    "进幼儿园",
];

/// Words that are a name's last part in some names ("中山路", "八一路", "中山大街") but a common
/// noun after a pointer ("门前马路", "一条小路"): generic when what is before them points.
const WEAK_ENDINGS: &[&str] = &[
    "马路",
    "道路",
    "公路",
    "铁路",
    "小路",
    "大路",
    "水路",
    "大街",
    "老街",
    "山村",
    "小镇",
    "高架桥",
    "一路",
    "新路",
    "近路",
    "远路",
    "高速路",
    "十字路",
    "生路",
];

/// How words of time end ("长期以来", "近几年来", "时至今日", "前两天"): a name holds none.
const TIME_ENDINGS: &[&str] = &[
    "以来", "年来", "日来", "至今", "今日", "时候", "之后", "以后", "之前", "以前", "期间", "两天",
    "几天", "几日", "近日",
];

/// Characters that, ending what is before a weak ending, make it a pointer ("这条", "门前").
const POINTERS: &str = "条段个的这那前后边旁近里上下座处";

/// Names that are no name: the place is only pointed at ("我们小区", "附近的学校").
const GENERIC_NAMES: &[&str] = &[
    "我们",
    "我家",
    "我们家",
    "咱们",
    "他们",
    "你们",
    "大家",
    "本",
    "该",
    "此",
    "这",
    "那",
    "这个",
    "那个",
    "这些",
    "那些",
    "这条",
    "那条",
    "这座",
    "那座",
    "这所",
    "那所",
    "这家",
    "那家",
    "整个",
    "各个",
    "每个",
    "所有",
    "全部",
    "部分",
    "一些",
    "多个",
    "几个",
    "其他",
    "其它",
    "别的",
    "所在",
    "附近",
    "周边",
    "周围",
    "旁边",
    "对面",
    "前面",
    "后面",
    "前边",
    "后边",
    "这边",
    "那边",
    "门口",
    "家门口",
    "楼下",
    "楼上",
    "隔壁",
    "当地",
    "本地",
    "外地",
    "老旧",
    "老",
    "新",
    "新建",
    "住宅",
    "安置",
    "拆迁",
    "回迁",
    "保障房",
    "商品房",
    "城市",
    "城区",
    "农村",
    "乡镇",
    "全市",
    "全区",
    "全县",
    "市区",
    "县城",
    "小区",
    "社区",
    "公立",
    "私立",
    "民办",
    "公办",
    "附属",
    "定点",
    "二级",
    "三级",
    "三甲",
    "高档",
    "中高档",
    "马路",
    "路边",
    "街边",
    "间距",
    "全体",
    "中心",
    "中等职业",
    "普通",
    "很多",
    "许多",
    "各类",
    "公共",
    "地面",
    "广大",
    "上述",
    "大型",
    "小型",
    "新开",
    "一个",
    "一条",
    "一家",
    "一所",
    "一座",
    "一处",
    "一片",
    "某",
    "某个",
    "道路",
    "城中",
    "市中心",
    "农贸",
    "菜",
    "综合",
    "地下",
    "露天",
    "临时",
    "业主",
    "居民",
    "物业",
    "开发商",
    "学生",
    "孩子",
    "小孩",
    "职工",
    "员工",
];

/// Words a name never follows a suffix with: the suffix is the start of another word
/// ("小区路灯", "城管", "镇压"); "望龙村民" still names 望龙村.
const NOT_AFTER: &[(&str, &str)] = &[
    ("路", "灯面费况障基牌径线人数"),
    ("街", "坊舞头"),
    ("村", "落寨"),
    ("镇", "压定静痛"),
    ("乡", "亲下愁土音"),
    ("广场", "舞"),
    ("市场", "价化经监"),
    ("城", "市管区乡镇际建"),
    ("园", "林艺长丁区"),
    ("站", "长点台岗立在着起"),
    ("桥", "梁头面洞墩下上"),
    ("厂", "家商房区长里"),
];

/// What follows a number in an address, longest first.
const NUMBER_UNITS: &[&str] = &[
    "号楼", "号院", "单元", "号", "栋", "幢", "座", "室", "层", "楼", "组", "户", "排",
];

/// Characters that end an address name going leftwards ("住在阳光小区": the name starts after 在).
const STOPS: &str =
    "在于是的我你他她们它住到从往对把被给让称说与及或去逛了个将为这那、，。；：！？,.;:!? \t\n（）()“”\"《》<>【】[]";

/// Characters that end a name going leftwards once it has two characters: the city, district or
/// county before it ("A2区景蓉华苑", "雨花区砂子塘小学"), which the gazetteer handles.
const AREA_STOPS: &str = "省市区县";

/// Words that open a clause and are no part of a name ("反映太公三路…"); each is taken off a
/// name's start only while two characters of it remain ("建设路" stays).
const LEADING_WORDS: &[&str] = &[
    "反映", "投诉", "举报", "来电", "位于", "地址", "地点", "家住", "居住", "附近", "关于", "请问",
    "咨询", "要求", "希望", "建议", "请求", "恳请", "强烈", "整治", "治理", "改造", "解决", "处理",
    "查处", "取缔", "紧邻", "毗邻", "靠近", "经过", "通过", "路过", "前往", "来到", "进入", "通往",
    "途经", "沿着", "就读", "就诊", "入住", "购买", "购房", "买了", "租住", "租了", "承租", "所属",
    "隶属", "管辖", "辖区", "属于", "至", "由", "除", "回", "原来", "原", "联系", "加强", "开始",
    "影响", "扰乱", "需要", "增加", "设置", "一下", "楼下", "楼上", "隔壁", "对面",
];

/// What a caller does, said between a name and a place ("张伟反映小区楼下…"): a place's name
/// starts after the last of them before its suffix (none is left of "张伟反映小区").
const REPORTING: &[&str] = &["反映", "投诉", "举报", "来电", "咨询", "求助"];

/// The longest a name before its suffix runs, in characters.
const MAX_NAME: usize = 8;

/// Runs of (number + unit): "18号", "3栋2单元501室", "三组". Returns the end of the run.
fn numbered_run(chars: &[char], mut pos: usize) -> Option<(usize, usize)> {
    let mut parts = 0;
    let mut last_unit = "";
    while let Some((_, len)) = numeral_at(chars, pos) {
        let Some((next, unit)) = NUMBER_UNITS
            .iter()
            .find_map(|u| word_at(chars, pos + len, u).map(|e| (e, *u)))
        else {
            // A room said without 室 after its building or entrance: "3栋2单元501".
            let room = matches!(last_unit, "单元" | "栋" | "幢" | "座" | "号楼")
                && (3..=4).contains(&len)
                && chars[pos..pos + len].iter().all(char::is_ascii_digit)
                && !chars
                    .get(pos + len)
                    .is_some_and(|c| "年月日号点时分秒元块米平个岁次天".contains(*c));
            if room {
                pos += len;
                parts += 1;
            }
            break;
        };
        pos = next;
        last_unit = unit;
        parts += 1;
    }
    (parts > 0).then_some((pos, parts))
}

fn ends_with_suffix(chars: &[char], end: usize) -> bool {
    PLACE_SUFFIXES.iter().any(|s| word_before(chars, end, s))
}

/// Address text: a name (a gazetteer place or a word with a place suffix) and the numbers after
/// it; a run of two or more numbered parts ("3号楼2单元") counts on its own. Then names with a
/// place suffix and no number ("丽发新城小区", "银杉路") outside what was found already.
pub(super) fn addresses(chars: &[char], named: &[(usize, usize)]) -> Vec<AddressMention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = is_numeral(chars[i]) && (i == 0 || !is_numeral(chars[i - 1]));
        let Some((end, parts)) = starts_number.then(|| numbered_run(chars, i)).flatten() else {
            i += 1;
            continue;
        };
        let named_before = named.iter().any(|&(_, e)| e == i);
        let start = if named_before || ends_with_suffix(chars, i) {
            name_start(chars, i, 0, named, 1)
        } else if parts >= 2 {
            i
        } else {
            i = end;
            continue;
        };
        found.push(AddressMention {
            text: chars[start..end].iter().collect(),
            start,
            end,
        });
        i = end;
    }
    let taken: Vec<(usize, usize)> = named
        .iter()
        .copied()
        .chain(found.iter().map(|a| (a.start, a.end)))
        .collect();
    found.extend(named_places(chars, &taken, named));
    found.sort_by_key(|a| a.start);
    found
}

/// Whether `suffix`, ending at `end`, starts another word ("小区路灯", "城管").
fn starts_word(chars: &[char], suffix: &str, end: usize) -> bool {
    NOT_AFTER
        .iter()
        .any(|&(s, next)| s == suffix && chars.get(end).is_some_and(|c| next.contains(*c)))
}

/// The longest name suffix that ends at `end`.
fn suffix_ending_at(chars: &[char], end: usize) -> Option<&'static str> {
    NAME_SUFFIXES
        .iter()
        .copied()
        .filter(|s| word_before(chars, end, s))
        .max_by_key(|s| s.chars().count())
}

/// Places named with a suffix and no number, none overlapping `taken`.
fn named_places(
    chars: &[char],
    taken: &[(usize, usize)],
    named: &[(usize, usize)],
) -> Vec<AddressMention> {
    let mut found = Vec::new();
    let mut floor = 0;
    for end in 1..=chars.len() {
        let Some(suffix) = suffix_ending_at(chars, end) else {
            continue;
        };
        // The name goes on ("宝南街|社区", "人民路|小学"), or the suffix starts another word
        // ("小区路灯", "城管").
        let at = end - suffix.chars().count();
        let goes_on = (at..=end).any(|p| {
            NAME_SUFFIXES
                .iter()
                .any(|s| word_at(chars, p, s).is_some_and(|e| e > end && !starts_word(chars, s, e)))
        });
        if goes_on || starts_word(chars, suffix, end) {
            continue;
        }
        // A name starts after the suffix before it, found or not ("解放东路|二里牌向韶村").
        let boundary = std::mem::replace(&mut floor, end);
        if taken.iter().any(|&(s, e)| s < end && at < e) {
            continue;
        }
        let before = taken
            .iter()
            .map(|&(_, e)| e)
            .filter(|&e| e <= at)
            .max()
            .unwrap_or(0);
        let start = name_start(chars, at, boundary.max(before), named, 2);
        let Some(start) = words_start(chars, start, at, end) else {
            continue;
        };
        if !is_name(&chars[start..at], suffix) {
            continue;
        }
        found.push(AddressMention {
            text: chars[start..end].iter().collect(),
            start,
            end,
        });
    }
    found
}

/// Where a name found going left to `start` really begins, by its words: after the last word
/// before the suffix (at `at`, ending at `end`) that no name holds ("方向都能够一路"), or after
/// the last verb that leaves two characters of name ("强行关闭丽发新城小区" keeps 新城小区;
/// 解放东路 keeps its 解放).
fn words_start(chars: &[char], start: usize, at: usize, end: usize) -> Option<usize> {
    if at - start < 2 {
        return Some(start);
    }
    let text: String = chars[start..end].iter().collect();
    let mut pos = start;
    let mut cut = start;
    // Whether the words since the cut are all verbs ("增加路", "扰乱市场").
    let mut verbs_only = true;
    let jieba = crate::route::default_jieba();
    for word in jieba.tag(&text, true) {
        let len = word.word.chars().count();
        if pos + len > at {
            // A word across the suffix ("东路"): the name's last word is not a verb alone.
            verbs_only &= pos == at;
            break;
        }
        pos += len;
        // A verb of the dictionary: a word jieba only guessed ("丽发") is more likely a name.
        let verb = matches!(word.tag, "v" | "vd") && jieba.has_word(word.word);
        // Nor are words of time ("长期以来|小区门口", "时至今日|小区"); idioms may be
        // ("花样年华|小区", "紫气东来|宾馆").
        let of_time = len >= 2 && TIME_ENDINGS.iter().any(|e| word.word.ends_with(e));
        if stops_name(word.tag) || of_time || (verb && at - pos >= 2) {
            cut = pos;
            verbs_only = true;
        } else {
            verbs_only &= verb;
        }
    }
    (!(verbs_only && pos == at && cut < at)).then_some(cut)
}

/// Whether `name` before `suffix` names a place rather than points at one.
fn is_name(name: &[char], suffix: &str) -> bool {
    let text: String = name.iter().collect();
    let whole = format!("{text}{suffix}");
    let suffix_len = suffix.chars().count();
    let n = name.len();
    if !(2..=MAX_NAME).contains(&n)
        || !name.iter().any(|&c| super::super::is_han(c))
        || GENERIC_NAMES.contains(&text.as_str())
        || "这那该此各每某很整".contains(name[0])
        || !name.iter().all(|c| c.is_alphanumeric() || "·.-".contains(*c))
        // "128路" is a bus line.
        || (suffix == "路" && name[n - 1].is_ascii_digit())
    {
        return false;
    }
    let generic = |w: &str| w.chars().count() > suffix_len && whole.ends_with(w);
    if GENERIC_ENDINGS.iter().any(|w| generic(w)) {
        return false;
    }
    // A weak ending after a pointer ("门前马路") or after nothing.
    WEAK_ENDINGS.iter().filter(|w| generic(w)).all(|w| {
        let rest = &name[..n + suffix_len - w.chars().count()];
        let rest_text: String = rest.iter().collect();
        !(rest.is_empty()
            || GENERIC_NAMES.contains(&rest_text.as_str())
            || rest.last().is_some_and(|c| POINTERS.contains(*c)))
    })
}

/// Where the place name that ends at `end` begins, going left no further than `floor`, 12
/// characters or a city, district or county name. Leading words are taken off while `keep`
/// characters of the name remain.
fn name_start(
    chars: &[char],
    end: usize,
    floor: usize,
    named: &[(usize, usize)],
    keep: usize,
) -> usize {
    let mut start = end;
    while start > floor && end - start < 12 {
        let c = chars[start - 1];
        let year = c == '年' && start >= 2 && is_numeral(chars[start - 2]);
        if STOPS.contains(c) || year || (end - start >= 2 && AREA_STOPS.contains(c)) {
            break;
        }
        start -= 1;
    }
    // A gazetteer name inside the span marks where the address really begins.
    if let Some(&(s, _)) = named.iter().filter(|&&(s, e)| s >= start && e <= end).min() {
        return s;
    }
    if let Some(after) = (start..end)
        .rev()
        .filter_map(|at| REPORTING.iter().find_map(|w| word_at(chars, at, w)))
        .find(|&after| after <= end)
    {
        start = after;
    }
    loop {
        match LEADING_WORDS.iter().find_map(|w| word_at(chars, start, w)) {
            Some(after) if after + keep <= end => start = after,
            _ => return start,
        }
    }
}
