//! Who is involved (人物): a person or an organisation, found by pattern: a surname with a title
//! ("李女士", "张某"), role words ("楼上住户", "物业", "开发商"), and names ending in an
//! organisation word ("某某物业公司", "XX超市", "阳光幼儿园").
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

/// A person or organisation named in a text. Offsets count characters, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyMention {
    pub text: String,
    pub kind: PartyKind,
    pub start: usize,
    pub end: usize,
}

/// Common surnames that are not also everyday words ("和先生" is "and my husband").
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏\
    魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃\
    武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿焦俞柳祝舒阮柯纪梅童凌毕裴霍涂苗谷盛翁冉\
    骆蓝游辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓吉缪简项芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬\
    卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池迟邝某";

const TITLES: &[&str] = &[
    "先生", "女士", "老师", "师傅", "阿姨", "大爷", "大妈", "大姐", "大哥", "经理", "老板", "主任",
    "书记", "医生", "同志", "局长", "科长", "所长", "队长", "院长", "校长", "村长", "警官", "某某",
    "某",
];

const PERSON_ROLES: &[&str] = &[
    "楼上住户",
    "楼下住户",
    "隔壁住户",
    "对门住户",
    "楼上邻居",
    "楼下邻居",
    "隔壁邻居",
    "对门邻居",
    "邻居",
    "住户",
    "房东",
    "租户",
    "租客",
    "业主",
    "商户",
    "店主",
    "店家",
    "老板",
    "摊贩",
    "小贩",
    "摊主",
    "出租车司机",
    "网约车司机",
    "公交司机",
    "司机",
    "快递员",
    "外卖员",
    "保安",
    "保洁员",
    "施工人员",
    "工人",
    "包工头",
    "工头",
    "城管队员",
    "执法人员",
    "工作人员",
    "医生",
    "护士",
    "老师",
    "校长",
    "村干部",
    "网格员",
    "雇主",
    "狗主人",
    "犬主",
    "车主",
    "房主",
];

const ORGANISATION_ROLES: &[&str] = &[
    "物业公司",
    "物业",
    "开发商",
    "施工方",
    "施工单位",
    "建设单位",
    "用人单位",
    "村委会",
    "居委会",
    "村委",
    "街道办",
    "城管",
    "供电公司",
    "供水公司",
    "燃气公司",
    "热力公司",
    "公交公司",
    "房产中介",
    "中介",
    "商家",
    "菜市场",
    "农贸市场",
    "学校",
    "医院",
    "幼儿园",
];

/// Words that end an organisation's name; one-character ones need a name before them.
const ORGANISATION_SUFFIXES: &[&str] = &[
    "公安分局",
    "公安局",
    "派出所",
    "分局",
    "执法局",
    "管理局",
    "监督局",
    "监管局",
    "住建局",
    "民政局",
    "教育局",
    "人社局",
    "交通局",
    "城管局",
    "环保局",
    "水务局",
    "规划局",
    "税务局",
    "卫健委",
    "交警大队",
    "执法大队",
    "大队",
    "中队",
    "办事处",
    "管委会",
    "委员会",
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "物业公司",
    "公司",
    "物业",
    "超市",
    "便利店",
    "饭店",
    "酒店",
    "宾馆",
    "旅馆",
    "餐厅",
    "餐馆",
    "烧烤店",
    "火锅店",
    "小吃店",
    "理发店",
    "商场",
    "商店",
    "医院",
    "卫生院",
    "诊所",
    "药店",
    "药房",
    "学校",
    "小学",
    "中学",
    "幼儿园",
    "培训机构",
    "驾校",
    "银行",
    "工地",
    "工厂",
    "网吧",
    "酒吧",
    "KTV",
    "健身房",
    "加油站",
    "售楼处",
    "洗浴中心",
    "棋牌室",
    "搅拌站",
    "店",
    "厂",
];

/// Characters that end a name going leftwards: function words, pronouns, common verbs.
const STOPS: &str =
    "在于是的了我你他她们它住到从往对把被给让称说与及或和找叫跟向去由问催次、，。；：！？,.;:!? \t\n（）()“”\"\u{3000}";

/// Words that open a clause and are no part of a name.
const LEADING_WORDS: &[&str] = &[
    "反映",
    "投诉",
    "举报",
    "来电人",
    "来电",
    "要求",
    "希望",
    "位于",
    "附近",
    "认为",
    "请",
    "称",
    "市民",
];

/// The longest an organisation's name runs before its suffix.
const MAX_NAME_CHARS: usize = 14;

struct Automata {
    roles: AhoCorasick,
    suffixes: AhoCorasick,
    /// `SURNAMES`, sorted for binary search.
    surnames: Vec<char>,
}

fn automata() -> &'static Automata {
    static AUTOMATA: OnceLock<Automata> = OnceLock::new();
    AUTOMATA.get_or_init(|| {
        let build = |words: Vec<&str>| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .expect("the built-in word lists are small")
        };
        Automata {
            roles: build(
                PERSON_ROLES
                    .iter()
                    .chain(ORGANISATION_ROLES)
                    .copied()
                    .collect(),
            ),
            suffixes: build(ORGANISATION_SUFFIXES.to_vec()),
            surnames: {
                let mut s: Vec<char> = SURNAMES.chars().filter(|c| !c.is_whitespace()).collect();
                s.sort_unstable();
                s
            },
        }
    })
}

/// Persons and organisations of `text`, in reading order. `blocked` are character spans that
/// belong to something else (times), where a name never extends.
pub fn find_parties(text: &str, blocked: &[(usize, usize)]) -> Vec<PartyMention> {
    let chars: Vec<char> = text.chars().collect();
    // Byte offsets from the automata to character offsets.
    let mut char_index = vec![0usize; text.len() + 1];
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        char_index[bi..bi + c.len_utf8()].fill(ci);
    }
    char_index[text.len()] = chars.len();
    let mut found: Vec<PartyMention> = Vec::new();
    let mention = |start: usize, end: usize, kind| PartyMention {
        text: chars[start..end].iter().collect(),
        kind,
        start,
        end,
    };
    let automata = automata();
    for m in automata.suffixes.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        let start = name_start(&chars, s, blocked);
        let single = e - s == 1;
        if single
            && (start == s
                || chars
                    .get(e)
                    .is_some_and(|&c| "主家员铺面区长镇路村街乡".contains(c)))
        {
            continue;
        }
        found.push(mention(start, e, PartyKind::Organisation));
    }
    for (i, &c) in chars.iter().enumerate() {
        if automata.surnames.binary_search(&c).is_err()
            || (c == '某' && i > 0 && chars[i - 1] == '某')
        {
            continue;
        }
        // "李女士", "张某", or "姓王" when the caller gives only a surname.
        let (start, end) = match TITLES.iter().find_map(|t| super::word_at(&chars, i + 1, t)) {
            Some(end) => (i, end),
            None if i > 0 && chars[i - 1] == '姓' && c != '某' => (i - 1, i + 1),
            None => continue,
        };
        if !found.iter().any(|f| f.start < end && start < f.end) {
            found.push(mention(start, end, PartyKind::Person));
        }
    }
    // A name given as "我叫刘科连": the surname and up to two characters more.
    for (i, _) in chars.iter().enumerate().filter(|&(_, &c)| c == '叫') {
        let first = i + 1;
        if chars
            .get(first)
            .is_none_or(|c| automata.surnames.binary_search(c).is_err())
            || chars[first] == '某'
        {
            continue;
        }
        let end = (first + 1..(first + 3).min(chars.len()))
            .take_while(|&j| !STOPS.contains(chars[j]) && !super::numerals::is_numeral(chars[j]))
            .last()
            .map_or(first + 1, |j| j + 1);
        if end - first >= 2 && !found.iter().any(|f| f.start < end && first < f.end) {
            found.push(mention(first, end, PartyKind::Person));
        }
    }
    // Roles last: "唐老师" is a person with a name, not the role 老师.
    for m in automata.roles.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        if found.iter().any(|f| f.start < e && s < f.end) {
            continue;
        }
        let kind = if m.pattern().as_usize() < PERSON_ROLES.len() {
            PartyKind::Person
        } else {
            PartyKind::Organisation
        };
        found.push(mention(s, e, kind));
    }
    found.sort_by_key(|f| f.start);
    found
}

/// Where an organisation name whose suffix starts at `suffix` begins.
fn name_start(chars: &[char], suffix: usize, blocked: &[(usize, usize)]) -> usize {
    // 和 joins two things ("小区和物业公司"), unless it opens the clause ("和悦社区").
    let stops_at = |i: usize| {
        STOPS.contains(chars[i]) && !(chars[i] == '和' && (i == 0 || STOPS.contains(chars[i - 1])))
    };
    let mut start = suffix;
    while start > 0
        && suffix - start < MAX_NAME_CHARS
        && !stops_at(start - 1)
        && !blocked.iter().any(|&(s, e)| s < start && start <= e)
    {
        start -= 1;
    }
    // The name starts after the last leading word ("来电人要求医院", "人反映示例市第一中学").
    let mut at = start;
    while at < suffix {
        match LEADING_WORDS
            .iter()
            .find_map(|w| super::word_at(chars, at, w))
            .filter(|&after| after <= suffix)
        {
            Some(after) => {
                start = after;
                at = after;
            }
            None => at += 1,
        }
    }
    start
}
