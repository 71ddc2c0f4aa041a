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

/// Titles and forms of address after a surname ("李女士", "毛市长"); "副" may stand between
/// ("王副局长").
const TITLES: &[&str] = &[
    "先生",
    "女士",
    "小姐",
    "老师",
    "师傅",
    "阿姨",
    "大爷",
    "大妈",
    "大姐",
    "大哥",
    "经理",
    "总经理",
    "老板",
    "主任",
    "书记",
    "医生",
    "护士",
    "律师",
    "教授",
    "同志",
    "省长",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "村长",
    "厅长",
    "局长",
    "处长",
    "科长",
    "所长",
    "站长",
    "部长",
    "队长",
    "院长",
    "校长",
    "园长",
    "主席",
    "警官",
    "某某",
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
    "负责人",
    "民警",
    "警察",
    "交警",
    "销售人员",
    "值班人员",
    "医护人员",
    "购房者",
    "团购户",
    "业主代表",
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
    "业委会",
    "业主委员会",
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
    "银行",
    "派出所",
    "公安局",
    "法院",
    "搅拌站",
    "市委",
    "省委",
    "县委",
    "区委",
    "住建委",
    "发改委",
];

/// Words that end an organisation's name. One-character ones need two characters of name
/// before them; a bare one of the others counts only if it is also a role ("物业", "学校").
const ORGANISATION_SUFFIXES: &[&str] = &[
    // Government bodies.
    "人民政府",
    "政府",
    "公安分局",
    "公安局",
    "派出所",
    "分局",
    "局",
    "党工委",
    "党委",
    "纪委",
    "市委",
    "省委",
    "县委",
    "区委",
    "住建委",
    "发改委",
    "教委",
    "卫健委",
    "卫计委",
    "政法委",
    "管委会",
    "委员会",
    "村委会",
    "居委会",
    "业委会",
    "组织部",
    "宣传部",
    "武装部",
    "交警大队",
    "交警队",
    "交警支队",
    "执法大队",
    "大队",
    "中队",
    "支队",
    "办事处",
    "信访办",
    "房改办",
    "征收办",
    "拆迁办",
    "综治办",
    "棚改办",
    "扶贫办",
    "政府办",
    "街道办",
    "司法所",
    "国土所",
    "房管所",
    "财政所",
    "供电所",
    "卫生所",
    "研究所",
    "事务所",
    "管理所",
    "管理处",
    "部门",
    "服务中心",
    "管理中心",
    "登记中心",
    "指挥中心",
    "培训中心",
    "检测中心",
    "交易中心",
    "救助中心",
    "体检中心",
    "政务中心",
    "疾控中心",
    "人民法院",
    "法院",
    "检察院",
    // Companies and other bodies.
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "物业公司",
    "公司",
    "集团",
    "物业",
    "协会",
    "商会",
    "基金会",
    "合作社",
    "信用社",
    "联社",
    "电视台",
    "报社",
    "银行",
    // Schools, hospitals, institutes.
    "大学",
    "学院",
    "研究院",
    "设计院",
    "农科院",
    "科学院",
    "学校",
    "小学",
    "中学",
    "幼儿园",
    "培训机构",
    "驾校",
    "医院",
    "卫生院",
    "诊所",
    "敬老院",
    "福利院",
    "养老院",
    "美容院",
    // Shops and businesses.
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
    "药店",
    "药房",
    "工地",
    "工厂",
    "网吧",
    "酒吧",
    "KTV",
    "会所",
    "健身房",
    "加油站",
    "售楼处",
    "洗浴中心",
    "棋牌室",
    "搅拌站",
    "馆",
    "店",
    "厂",
];

/// The legal forms a company's name ends with, after another suffix ("物业管理有限公司").
const COMPANY_TAILS: &[&str] = &["有限责任公司", "股份有限公司", "有限公司", "公司", "分公司"];

/// Suffixes a company's name runs on after ("园丁物业|管理有限公司", "投资集团|有限公司").
const RUNS_ON: &[&str] = &["物业", "物业公司", "集团", "公司"];

/// What follows a one-character suffix when it is part of another word: "店主", "厂家",
/// "局长", "店面", "厂区", "韩店镇".
const NOT_AFTER_SINGLE: &str = "主家员铺面区长镇路村街乡里内外";

/// Words ending in 局 that name no bureau ("格局", "结局", "大局").
const NOT_BUREAUS: &str = "格结布当开饭赌骗棋时大全僵残变终出政定败胜";

/// Characters that end a name going leftwards: punctuation, whitespace and function words
/// that no organisation's name holds.
const STOPS: &str = "、，。；：！？,.;:!? \t\n（）()“”\"\u{3000}《》<>【】[]的了于把被给让从跟与及或在我你他她们它是有";

/// One-character words that end a name going leftwards: function words, pronouns, common verbs.
const STOP_WORDS: &str = "住到往对和称说找叫向去由问催次将";

/// Words that open a clause and are no part of a name, taken off a name's start.
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
    "周边",
    "认为",
    "请",
    "称",
    "市民",
    "非法",
    "违法",
    "违规",
    "无证",
    "黑",
    "当地",
    "本地",
    "辖区",
    "所在",
    "有关",
    "相关",
    "上级",
    "其他",
    "其它",
    "各",
    "联系",
    "通知",
    "同一个",
    "同一",
];

/// Words that qualify an organisation inside its name: what follows them is the name.
const QUALIFIERS: &[&str] = &["非法", "违法", "违规", "无证", "私设", "黑"];

/// Official names with 和 inside ("人力资源和社会保障局"): the conjunction does not end them.
const JOINED_NAMES: &[&str] = &[
    "发展和改革",
    "发展与改革",
    "人力资源和社会保障",
    "住房和城乡建设",
    "住房和城乡",
    "自然资源和规划",
    "工业和信息化",
    "文化和旅游",
    "商务和粮食",
    "科学技术和",
];

/// What an organisation's name alone never is: words that only qualify the suffix ("热门学校",
/// "配套小学", "很多学校").
const GENERIC_NAMES: &[&str] = &[
    "热门",
    "合格",
    "配套",
    "城区",
    "部分",
    "大部分",
    "多家",
    "很多",
    "好多",
    "所有",
    "全市",
    "全县",
    "全区",
    "周边",
    "附近",
    "公办",
    "民办",
    "私立",
    "公立",
    "新建",
    "一些",
    "有些",
    "其他",
    "各级",
    "各个",
    "相关",
    "有关",
    "上级",
    "基层",
    "正规",
    "大型",
    "小型",
    "一般",
    "普通",
    "重点",
    "同一",
    "同一个",
    "普惠性",
    "普惠",
    "职能",
    "主管",
    "政府",
    "执法",
    "管理",
    "专业",
];

/// Qualifiers that leave no name when a name ends with them ("小区无配套|小学").
const GENERIC_ENDINGS: &[&str] = &["配套", "普惠性", "公办", "民办", "私立", "公立", "新建"];

/// Verbs that are a business's line or an office's work, part of a name after its first noun
/// ("房地产开发公司", "城市管理局").
const NAME_VERBS: &[&str] = &[
    "开发", "建设", "投资", "管理", "服务", "经营", "销售", "运营", "发展", "装饰", "装修", "设计",
    "咨询", "培训", "检测", "监督", "监理", "运输", "租赁", "教育", "保障", "执法", "规划", "登记",
    "救助", "交易", "指挥", "养老", "出租", "维修", "印刷", "加工", "生产", "制造", "批发", "供应",
    "供水", "供电", "供热", "置业", "评估", "代理", "施工", "建筑", "保险", "监管", "治理", "改造",
    "征收", "拆迁", "安置", "勘察", "测绘", "物流", "贸易", "清洁", "保洁", "绿化", "美容", "洗浴",
];

/// The longest an organisation's name runs before its suffix, and how far left its words are
/// read.
const MAX_NAME_CHARS: usize = 14;
const WINDOW_CHARS: usize = 24;

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
    let surname = |c: &char| automata.surnames.binary_search(c).is_ok();
    // Persons first: "蒋局长" is a person, not the bureau 局.
    for (i, &c) in chars.iter().enumerate() {
        if !surname(&c) || (c == '某' && i > 0 && chars[i - 1] == '某') {
            continue;
        }
        // "李女士", "王副局长", "张某", or "姓王" when the caller gives only a surname.
        let after = super::word_at(&chars, i + 1, "副").unwrap_or(i + 1);
        let title = TITLES
            .iter()
            .find(|t| super::word_at(&chars, after, t).is_some());
        let (start, end) = match title {
            // "某某" is no surname and title: "某某物业公司" is an organisation.
            Some(t) if c == '某' && t.starts_with('某') => continue,
            Some(t) => (i, after + t.chars().count()),
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
        if chars.get(first).is_none_or(|c| !surname(c)) || chars[first] == '某' {
            continue;
        }
        let end = (first + 1..(first + 3).min(chars.len()))
            .take_while(|&j| {
                !STOPS.contains(chars[j])
                    && !STOP_WORDS.contains(chars[j])
                    && !super::numerals::is_numeral(chars[j])
            })
            .last()
            .map_or(first + 1, |j| j + 1);
        if end - first >= 2 && !found.iter().any(|f| f.start < end && first < f.end) {
            found.push(mention(first, end, PartyKind::Person));
        }
    }
    // Schools known by their number after the place: "K市二中", "C3县一中", "A7县十九幼".
    for (at, end) in numbered_schools(&chars) {
        if let Some(start) = organisation_start(&chars, at, end, blocked, 0) {
            if start < at && !found.iter().any(|f| f.start < end && start < f.end) {
                found.push(mention(start, end, PartyKind::Organisation));
            }
        }
    }
    // Suffixes as (start, end, text); a company's name runs on through its business and its
    // legal form ("园丁物业|管理有限公司", "坤兆投资集团|有限公司").
    let mut suffixes: Vec<(usize, usize, &str)> = Vec::new();
    for m in automata.suffixes.find_iter(text) {
        let (s, e) = (char_index[m.start()], char_index[m.end()]);
        let suffix = &text[m.start()..m.end()];
        if let Some(last) = suffixes.last_mut() {
            let gap = &chars[last.1..s];
            if COMPANY_TAILS.contains(&suffix)
                && RUNS_ON.contains(&last.2)
                && gap.len() <= 4
                && !gap
                    .iter()
                    .any(|c| STOPS.contains(*c) || STOP_WORDS.contains(*c))
            {
                *last = (last.0, e, suffix);
                continue;
            }
        }
        suffixes.push((s, e, suffix));
    }
    for (s, e, suffix) in suffixes {
        if found.iter().any(|f| f.start < e && s < f.end) {
            continue;
        }
        if e - s == 1 {
            let before = s.checked_sub(1).map(|i| chars[i]);
            let part_of_word = chars.get(e).is_some_and(|&c| NOT_AFTER_SINGLE.contains(c))
                || (suffix == "局" && before.is_some_and(|c| NOT_BUREAUS.contains(c)));
            if part_of_word {
                continue;
            }
        }
        // A name begins after the party before it ("K市二中|学校商店").
        let floor = found
            .iter()
            .map(|f| f.end)
            .filter(|&end| end <= s)
            .max()
            .unwrap_or(0);
        let Some(start) = organisation_start(&chars, s, e, blocked, floor) else {
            continue;
        };
        let bare = start == s;
        let whole: String = chars[s..e].iter().collect();
        if (bare && !ORGANISATION_ROLES.contains(&whole.as_str())) || (e - s == 1 && s - start < 2)
        {
            continue;
        }
        found.push(mention(start, e, PartyKind::Organisation));
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

/// Schools named by a number right after a city, district, county or town ("K市二中", "A7县
/// 十九幼", "C4市一职"), as (number, end) spans: the number and 中, 小, 幼 or 职, not followed
/// by what makes another word of it ("一中午", "一小时"; "二中学校" is 二中 and 学校).
fn numbered_schools(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !"中小幼职".contains(c) {
            continue;
        }
        let mut at = i;
        while at > 0 && i - at < 3 && super::numerals::is_numeral(chars[at - 1]) {
            at -= 1;
        }
        let after_area = at > 0 && "市县区镇乡".contains(chars[at - 1]);
        let school = chars.get(i + 1..i + 3) == Some(&['学', '校'][..]);
        let word_goes_on = chars
            .get(i + 1)
            .is_some_and(|&n| "间午心国文时型学生年期段部级等式组队".contains(n));
        if at < i && after_area && (school || !word_goes_on) {
            found.push((at, i + 1));
        }
    }
    found
}

/// Where the name of an organisation whose suffix runs from `suffix` to `end` begins; `None`
/// when it only points back at one named before ("该公司", "这家超市") or is no name at all
/// ("呼吁政府").
fn organisation_start(
    chars: &[char],
    suffix: usize,
    end: usize,
    blocked: &[(usize, usize)],
    floor: usize,
) -> Option<usize> {
    // As far left as punctuation, a function word, a time or `floor` allows.
    let mut start = suffix;
    while start > floor
        && suffix - start < WINDOW_CHARS
        && (!STOPS.contains(chars[start - 1]) || joins_name(chars, start - 1))
        && !blocked.iter().any(|&(s, e)| s < start && start <= e)
    {
        start -= 1;
    }
    // A name opens with a letter, a digit or a Han character ("-A市万厦园丁物业").
    while start < suffix && !chars[start].is_alphanumeric() {
        start += 1;
    }
    let company = COMPANY_TAILS
        .iter()
        .any(|t| chars[suffix..end].ends_with(&t.chars().collect::<Vec<_>>()));
    let mut start = words_start(chars, start, suffix, end, company);
    // Leading words, qualifiers and function words come off ("来电人要求医院", "非法搅拌站",
    // "向市人社局"), while two characters of name remain.
    loop {
        let after = LEADING_WORDS
            .iter()
            .find_map(|w| super::word_at(chars, start, w))
            .or_else(|| {
                let opens =
                    chars[start] == '和' && (start == 0 || STOPS.contains(chars[start - 1]));
                (STOP_WORDS.contains(chars[start]) && !opens).then_some(start + 1)
            })
            .filter(|&after| after <= suffix && (after == suffix || suffix - after >= 2));
        match after {
            Some(after) if after < suffix || start < suffix => start = after,
            _ => break,
        }
        if start == suffix {
            break;
        }
    }
    // A qualifier inside: what follows it is the name ("独石村非法|洗沙厂"); so does what
    // follows a count ("独石村三家|洗沙厂", "两所|学校") or a house number ("2706房").
    let from = start;
    for at in from..suffix {
        let after_qualifier = QUALIFIERS
            .iter()
            .find_map(|w| super::word_at(chars, at, w))
            .filter(|&after| after <= suffix);
        let after_count = (at > from
            && (super::numerals::is_numeral(chars[at - 1]) || "几多".contains(chars[at - 1]))
            && "所家个间座处栋号室层房".contains(chars[at]))
        .then_some(at + 1);
        if let Some(after) = after_qualifier.or(after_count) {
            start = after;
        }
    }
    if "该这那此其本贵".contains(chars.get(start).copied().unwrap_or(' ')) && start < suffix
    {
        return None;
    }
    let suffix_text: String = chars[suffix..end].iter().collect();
    if suffix_text.ends_with("政府")
        && !(start < suffix && "省市县区镇乡州旗".contains(chars[suffix - 1]))
    {
        return None;
    }
    // A name that ends in a qualifier is none ("小区无配套|小学", "大部分|学校").
    let name: String = chars[start..suffix].iter().collect();
    if GENERIC_NAMES.contains(&name.as_str()) || GENERIC_ENDINGS.iter().any(|g| name.ends_with(g)) {
        return Some(suffix);
    }
    Some(start)
}

/// Whether the conjunction at `at` (和, 与) is inside an official name ("发展与改革委员会").
fn joins_name(chars: &[char], at: usize) -> bool {
    JOINED_NAMES.iter().any(|n| {
        let n: Vec<char> = n.chars().collect();
        n.iter()
            .position(|&c| c == chars[at])
            .is_some_and(|k| at >= k && chars[at - k..].starts_with(&n))
    })
}

/// Where a name between `start` and its suffix (at `suffix`, ending at `end`) begins by its
/// words: after the last one-character stop word, adverb, conjunction, pronoun, preposition,
/// particle, classifier, idiom, time word or locative ("不知道教育局", "几所学校", "对面文体
/// 公园", "群众反映酒店"), and after a dictionary verb ("增设银行", "划入丁家小学") unless it is
/// the name's line of work ("房地产开发公司") or the name is a company's, whose line of work
/// may be any verb ("某某停车管理有限公司"). 和 stays when it opens the text ("和悦社区") or
/// joins an official name ("人力资源和社会保障局"). A name longer than `MAX_NAME_CHARS` keeps
/// its last words.
fn words_start(chars: &[char], start: usize, suffix: usize, end: usize, company: bool) -> usize {
    if start == suffix {
        return start;
    }
    let text: String = chars[start..end].iter().collect();
    let jieba = crate::route::default_jieba();
    let mut pos = start;
    let mut cut = start;
    let mut boundaries = Vec::new();
    for word in jieba.tag(&text, true) {
        let len = word.word.chars().count();
        if pos + len > suffix {
            break;
        }
        let at = pos;
        pos += len;
        boundaries.push(pos);
        let first = word.word.chars().next().unwrap_or(' ');
        let joined = len == 1 && joins_name(chars, at);
        let opens = first == '和' && at == start && (at == 0 || STOPS.contains(chars[at - 1]));
        let stop_word = len == 1 && STOP_WORDS.contains(first) && !joined && !opens;
        let tag = word.tag;
        // "A7" opens "A7县政府"; "某某" stands for a name withheld ("某某物业公司").
        let kept = tag == "eng" || joined || opens || first == '某';
        let tagged_stop = (super::stops_name(tag) && !kept)
                || matches!(tag.as_bytes().first(), Some(b'q' | b'i'))
                // Set phrases that end in a leading word ("强烈要求"), not names ("自来水").
            || (tag == "l" && LEADING_WORDS.iter().any(|w| word.word.ends_with(w)))
            || tag == "t"
                || (tag == "f" && (len >= 2 || "上下里内外前后中".contains(first)));
        let verb = !company
            && matches!(tag, "v" | "vd")
            && jieba.has_word(word.word)
            && !NAME_VERBS.contains(&word.word);
        if stop_word || tagged_stop || verb {
            cut = pos;
        }
    }
    if suffix - cut > MAX_NAME_CHARS {
        cut = boundaries
            .into_iter()
            .find(|&b| suffix - b <= MAX_NAME_CHARS)
            .unwrap_or(suffix);
    }
    cut
}
