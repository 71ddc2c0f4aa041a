//! Invented ticket texts for the demo's history: records, replies and return-visit notes in the
//! formal written style of 12345 work orders, drawn from templates by category family.
use hotline_domain::ticket::TicketKind;
use rand::seq::SliceRandom;
use rand::Rng;

mod city_life;
mod people;
mod specific;

/// The text of one ticket: its kind and the five elements (时间、地点、人物、事件、诉求) in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketText {
    pub kind: TicketKind,
    /// A short title (工单标题).
    pub subject: String,
    /// The full record as the operator wrote it: "来电人反映：…。诉求：…。".
    pub record: String,
    pub event: String,
    pub demand: String,
    pub person: String,
    pub time_text: String,
}

/// Share of tickets that are consultations (咨询) in the families that have them.
const CONSULTATION_SHARE: f64 = 0.60;
/// Share of suggestions and of praise drawn from any family.
const SUGGESTION_SHARE: f64 = 0.025;
const PRAISE_SHARE: f64 = 0.015;
/// Chance a category with its own templates uses them rather than its family's.
const SPECIFIC_SHARE: f64 = 0.7;

/// A sentence template. Placeholders in braces are filled by `Slots`; every `event` names
/// `{place}` so each record says where it happened.
struct Template {
    kind: TicketKind,
    subject: &'static str,
    event: &'static str,
    demand: &'static str,
}

const fn t(
    kind: TicketKind,
    subject: &'static str,
    event: &'static str,
    demand: &'static str,
) -> Template {
    Template {
        kind,
        subject,
        event,
        demand,
    }
}

/// Families of categories that share templates, by the category's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Construction,
    CityAppearance,
    Environment,
    Transport,
    Labour,
    Medical,
    Education,
    Market,
    Safety,
    Civil,
    Housing,
    Utilities,
    Agriculture,
    GovService,
    Suggestion,
    Praise,
}

impl Family {
    #[cfg(test)]
    const ALL: [Family; 16] = [
        Family::Construction,
        Family::CityAppearance,
        Family::Environment,
        Family::Transport,
        Family::Labour,
        Family::Medical,
        Family::Education,
        Family::Market,
        Family::Safety,
        Family::Civil,
        Family::Housing,
        Family::Utilities,
        Family::Agriculture,
        Family::GovService,
        Family::Suggestion,
        Family::Praise,
    ];

    fn of(code: &str) -> Family {
        if code.starts_with("0903") {
            return Family::GovService;
        }
        if code.starts_with("0904") {
            return Family::Transport;
        }
        if code.starts_with("1801") {
            return Family::Suggestion;
        }
        if code.starts_with("1802") {
            return Family::Praise;
        }
        match code.get(..2).unwrap_or("") {
            "01" => Family::Construction,
            "02" => Family::CityAppearance,
            "03" => Family::Environment,
            "04" => Family::Transport,
            "05" => Family::Labour,
            "06" => Family::Medical,
            "07" => Family::Education,
            "08" | "14" => Family::Market,
            "09" => Family::Safety,
            "10" => Family::Civil,
            "11" => Family::Housing,
            "12" => Family::Utilities,
            "13" => Family::Agriculture,
            _ => Family::GovService,
        }
    }

    fn templates(self) -> &'static [Template] {
        match self {
            Family::Construction => city_life::CONSTRUCTION,
            Family::CityAppearance => city_life::CITY_APPEARANCE,
            Family::Environment => city_life::ENVIRONMENT,
            Family::Transport => city_life::TRANSPORT,
            Family::Safety => city_life::SAFETY,
            Family::Housing => city_life::HOUSING,
            Family::Utilities => city_life::UTILITIES,
            Family::Labour => people::LABOUR,
            Family::Medical => people::MEDICAL,
            Family::Education => people::EDUCATION,
            Family::Market => people::MARKET,
            Family::Civil => people::CIVIL,
            Family::Agriculture => people::AGRICULTURE,
            Family::GovService => people::GOV_SERVICE,
            Family::Suggestion => people::SUGGESTIONS,
            Family::Praise => people::PRAISES,
        }
    }

    /// How the record names the people concerned (人物).
    fn persons(self) -> &'static [&'static str] {
        match self {
            Family::Construction => &["来电人（附近居民）", "来电人（{place}居民）", "来电人"],
            Family::CityAppearance => &["来电人（{place}居民）", "来电人及周边商户", "来电人"],
            Family::Environment => &["来电人及周边{num}余户居民", "来电人（附近住户）", "来电人"],
            Family::Transport => &["来电人（乘客）", "来电人（驾驶员）", "来电人（附近居民）"],
            Family::Labour => &["来电人等{n}名务工人员", "来电人（企业职工）", "来电人"],
            Family::Medical => &["来电人（参保人员）", "来电人（患者家属）", "来电人"],
            Family::Education => &["来电人（学生家长）", "来电人"],
            Family::Market => &["来电人（消费者）", "来电人（个体经营者）", "来电人"],
            Family::Safety => &["来电人（附近居民）", "来电人（{place}居民）", "来电人"],
            Family::Civil => &["来电人（老人家属）", "来电人（户籍居民）", "来电人"],
            Family::Housing => &[
                "来电人（小区业主）",
                "来电人及同楼栋{n}户业主",
                "来电人（租户）",
            ],
            Family::Utilities => &["来电人（{bldg}号楼住户）", "来电人（小区居民）", "来电人"],
            Family::Agriculture => &["来电人（村民）", "来电人（种植户）", "来电人（养殖户）"],
            Family::GovService => &["来电人（办事群众）", "来电人（企业负责人）", "来电人"],
            Family::Suggestion => &["来电人（热心市民）", "来电人"],
            Family::Praise => &["来电人（办事群众）", "来电人"],
        }
    }
}

/// Which kind of template a draw wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Consultation,
    Suggestion,
    Praise,
    /// Help, complaint or report: whichever the chosen template is.
    Problem,
}

impl Want {
    fn accepts(self, kind: TicketKind) -> bool {
        match self {
            Want::Consultation => kind == TicketKind::Consultation,
            Want::Suggestion => kind == TicketKind::Suggestion,
            Want::Praise => kind == TicketKind::Praise,
            Want::Problem => matches!(
                kind,
                TicketKind::Help | TicketKind::Complaint | TicketKind::Report
            ),
        }
    }

    /// Templates any family may fall back on.
    fn generic(self) -> &'static [Template] {
        match self {
            Want::Consultation => people::GENERIC_CONSULTATIONS,
            Want::Suggestion => people::SUGGESTIONS,
            Want::Praise => people::PRAISES,
            Want::Problem => people::GENERIC_PROBLEMS,
        }
    }
}

fn pick_template(code: &str, rng: &mut impl Rng) -> &'static Template {
    let family = Family::of(code);
    let roll: f64 = rng.gen();
    let want = match family {
        Family::Suggestion => Want::Suggestion,
        Family::Praise => Want::Praise,
        _ if roll < CONSULTATION_SHARE => Want::Consultation,
        _ if roll < CONSULTATION_SHARE + SUGGESTION_SHARE => Want::Suggestion,
        _ if roll < CONSULTATION_SHARE + SUGGESTION_SHARE + PRAISE_SHARE => Want::Praise,
        _ => Want::Problem,
    };
    let specific: Vec<&Template> = specific::for_category(code)
        .iter()
        .filter(|t| want.accepts(t.kind))
        .collect();
    if !specific.is_empty() && rng.gen_bool(SPECIFIC_SHARE) {
        if let Some(t) = specific.choose(rng) {
            return t;
        }
    }
    let mut pool: Vec<&Template> = family
        .templates()
        .iter()
        .filter(|t| want.accepts(t.kind))
        .collect();
    if pool.is_empty() || want == Want::Consultation {
        pool.extend(want.generic().iter());
    }
    pool.choose(rng)
        .copied()
        .unwrap_or(&people::GENERIC_CONSULTATIONS[0])
}

/// Values for the placeholders of one ticket, drawn once so subject, record and person agree.
struct Slots(Vec<(&'static str, String)>);

const SHOPS: &[&str] = &[
    "超市",
    "便利店",
    "水果店",
    "服装店",
    "母婴用品店",
    "手机卖场",
    "家电商场",
    "建材商店",
];
const EATERIES: &[&str] = &["烧烤店", "快餐店", "饭店", "小吃店", "火锅店", "面馆"];
const FIRMS: &[&str] = &[
    "建筑劳务有限公司",
    "装饰工程有限公司",
    "物流有限公司",
    "餐饮管理有限公司",
    "电子商务有限公司",
    "机械加工厂",
    "置业有限公司",
    "食品加工厂",
    "商贸有限公司",
    "科技有限公司",
];

impl Slots {
    fn draw(
        kind: TicketKind,
        category: &str,
        place: &str,
        road: &str,
        rng: &mut impl Rng,
    ) -> Slots {
        let (time, since) = if kind == TicketKind::Consultation {
            let when = ["近期", "日前", "上周", "本月初"]
                .choose(rng)
                .copied()
                .unwrap_or("近期");
            (when.to_string(), when.to_string())
        } else {
            (moment(rng), period(rng))
        };
        let mut values = vec![
            ("{place}", place.to_string()),
            ("{road}", road.to_string()),
            ("{cat}", category.to_string()),
            ("{time}", time),
            ("{since}", since),
            ("{n}", rng.gen_range(2..=9).to_string()),
            ("{num}", rng.gen_range(10..=80).to_string()),
            ("{days}", rng.gen_range(2..=20).to_string()),
            ("{months}", rng.gen_range(2..=10).to_string()),
            ("{hours}", rng.gen_range(3..=20).to_string()),
            ("{mins}", rng.gen_range(20..=50).to_string()),
            ("{money}", (rng.gen_range(8..=600) * 100).to_string()),
            ("{price}", (rng.gen_range(5..=300) * 10).to_string()),
            ("{small}", rng.gen_range(10..=80).to_string()),
            ("{meters}", (rng.gen_range(3..=15) * 100).to_string()),
            ("{floor}", rng.gen_range(2..=26).to_string()),
            ("{bldg}", rng.gen_range(1..=32).to_string()),
            ("{hour}", rng.gen_range(22..=23).to_string()),
            ("{early}", rng.gen_range(5..=6).to_string()),
            ("{temp}", rng.gen_range(11..=16).to_string()),
            ("{age}", rng.gen_range(35..=62).to_string()),
            ("{kid}", rng.gen_range(3..=15).to_string()),
            ("{mu}", rng.gen_range(2..=30).to_string()),
        ];
        values.push((
            "{shop}",
            SHOPS.choose(rng).copied().unwrap_or("超市").to_string(),
        ));
        values.push((
            "{eatery}",
            EATERIES.choose(rng).copied().unwrap_or("饭店").to_string(),
        ));
        values.push((
            "{firm}",
            FIRMS
                .choose(rng)
                .copied()
                .unwrap_or("商贸有限公司")
                .to_string(),
        ));
        Slots(values)
    }

    fn fill(&self, template: &str) -> String {
        self.0
            .iter()
            .fold(template.to_string(), |text, (key, value)| {
                text.replace(key, value)
            })
    }

    fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// When a one-off matter happened (the `{time}` slot).
fn moment(rng: &mut impl Rng) -> String {
    let (month, day) = (rng.gen_range(1..=12), rng.gen_range(1..=28));
    match rng.gen_range(0..8) {
        0 => "今日上午".into(),
        1 => "今日凌晨".into(),
        2 => "昨日夜间".into(),
        3 => "昨日下午".into(),
        4 => format!("{month}月{day}日"),
        5 => format!("{month}月{day}日晚"),
        6 => format!("今日早上{}点左右", rng.gen_range(6..=8)),
        _ => format!("{}天前", rng.gen_range(2..=6)),
    }
}

/// Since when a lasting matter has gone on (the `{since}` slot).
fn period(rng: &mut impl Rng) -> String {
    let (month, day) = (rng.gen_range(1..=12), rng.gen_range(1..=28));
    match rng.gen_range(0..7) {
        0 => "近一周以来".into(),
        1 => "近半个月以来".into(),
        2 => "本月以来".into(),
        3 => format!("自{month}月{day}日起"),
        4 => format!("近{}天来", rng.gen_range(3..=15)),
        5 => format!("近{}个月以来", rng.gen_range(2..=6)),
        _ => "长期以来".into(),
    }
}

/// A realistic ticket text for a category at a place and road.
pub fn ticket_text(
    category_code: &str,
    category_name: &str,
    place_name: &str,
    road: &str,
    rng: &mut impl Rng,
) -> TicketText {
    let template = pick_template(category_code, rng);
    let slots = Slots::draw(template.kind, category_name, place_name, road, rng);
    let family = match template.kind {
        TicketKind::Suggestion => Family::Suggestion,
        TicketKind::Praise => Family::Praise,
        _ => Family::of(category_code),
    };
    let person = slots.fill(family.persons().choose(rng).copied().unwrap_or("来电人"));
    let event = slots.fill(template.event);
    let demand = slots.fill(template.demand);
    let leads: &[&str] = match template.kind {
        TicketKind::Consultation => &["来电人咨询：", "市民来电咨询："],
        TicketKind::Suggestion => &["来电人建议：", "市民来电提出建议："],
        TicketKind::Praise => &["来电人表扬：", "市民来电表扬："],
        TicketKind::Help | TicketKind::Complaint | TicketKind::Report => {
            &["来电人反映：", "市民来电反映：", "来电人称："]
        }
    };
    let lead = leads.choose(rng).copied().unwrap_or("来电人反映：");
    let tail = match rng.gen_range(0..10) {
        0 => "来电人要求对其个人信息保密。",
        1..=3 => "来电人希望办理后电话回复。",
        _ => "",
    };
    TicketText {
        kind: template.kind,
        subject: slots.fill(template.subject),
        record: format!("{lead}{event}。诉求：{demand}。{tail}"),
        event,
        demand,
        person,
        time_text: slots
            .get(if template.event.contains("{since}") {
                "{since}"
            } else {
                "{time}"
            })
            .to_string(),
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "华", "玉", "建", "国", "文", "红", "英", "海", "燕", "志",
    "宇", "欣", "晨", "浩", "婷", "雪", "峰", "梅", "颖", "鹏", "琳", "斌", "晓", "春", "瑞", "凯",
];

/// An invented caller name: mostly "surname + 先生/女士", sometimes a full name.
pub fn caller_name(rng: &mut impl Rng) -> String {
    let surname = SURNAMES.choose(rng).copied().unwrap_or("王");
    if rng.gen_bool(0.75) {
        let title = if rng.gen_bool(0.5) {
            "先生"
        } else {
            "女士"
        };
        return format!("{surname}{title}");
    }
    let mut name = surname.to_string();
    for _ in 0..rng.gen_range(1..=2) {
        name.push_str(GIVEN.choose(rng).copied().unwrap_or("明"));
    }
    name
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189",
];
/// Area code used for the invented city's landlines.
const AREA_CODE: &str = "0539";

/// A plausible phone number: an 11-digit mobile (13x/15x/18x), now and then a landline.
pub fn phone(rng: &mut impl Rng) -> String {
    if rng.gen_bool(0.08) {
        return format!(
            "{AREA_CODE}-{}{:06}",
            rng.gen_range(2..=8),
            rng.gen_range(0..1_000_000)
        );
    }
    let prefix = MOBILE_PREFIXES.choose(rng).copied().unwrap_or("138");
    format!("{prefix}{:08}", rng.gen_range(0..100_000_000))
}

const ACTIONS: &[&str] = &[
    "安排专业人员完成维修",
    "对相关经营者进行了批评教育并责令立即整改",
    "协调责任单位完成现场清理",
    "依法下达责令限期改正通知书",
    "约谈相关责任人并督促落实整改措施",
    "将相关政策规定向来电人作了详细解释",
    "协调有关方面达成处理意见",
];
const RESOLVED_REPLIES: &[&str] = &[
    "收到工单后，我单位高度重视，于{date}安排工作人员赴现场核实。经查，来电人反映的{cat}问题属实。我单位已{action}，目前问题已处理完毕。工作人员已与来电人电话沟通，告知办理结果，来电人表示认可。",
    "经核实，来电人所反映的{cat}情况基本属实。我单位已{action}，并于{days}个工作日内完成整改。经复查，现场已恢复正常。已将处理结果告知来电人，来电人无异议。",
    "针对来电人反映的{cat}相关问题，我单位工作人员于{date}致电来电人，就相关政策规定、办理条件及所需材料进行了详细解答，并已{action}，来电人表示满意。",
    "我单位接件后会同属地街道及相关部门开展联合调查，已{action}。下一步将加强日常巡查，防止{cat}问题反弹。办理结果已于{date}反馈来电人。",
];
const UNRESOLVED_REPLIES: &[&str] = &[
    "经现场核查，来电人反映的{cat}问题涉及历史遗留因素，需多个部门协调解决，短期内难以彻底解决。我单位已将该问题纳入下一阶段工作计划，并向来电人做好解释说明。",
    "经调查，来电人的诉求不符合{cat}方面的现行政策规定，我单位暂无法满足其诉求。工作人员已于{date}向来电人耐心解释相关依据，来电人表示不认可。",
    "我单位于{date}多次联系来电人，均未能接通。工作人员已到现场查看，未发现来电人所述{cat}情况，我单位将持续关注，待与来电人取得联系后进一步核实。",
    "经核实，该{cat}问题需纳入年度改造计划统筹实施，预计于{days}个月内完成。在此期间，我单位已采取临时措施减轻影响，并已向来电人说明情况。",
];

/// A unit's reply (办理反馈) in formal official language.
pub fn reply_text(category_name: &str, resolved: bool, rng: &mut impl Rng) -> String {
    let pool = if resolved {
        RESOLVED_REPLIES
    } else {
        UNRESOLVED_REPLIES
    };
    let template = pool.choose(rng).copied().unwrap_or(RESOLVED_REPLIES[0]);
    let date = format!("{}月{}日", rng.gen_range(1..=12), rng.gen_range(1..=28));
    template
        .replace("{cat}", category_name)
        .replace("{date}", &date)
        .replace("{days}", &rng.gen_range(2..=6).to_string())
        .replace(
            "{action}",
            ACTIONS.choose(rng).copied().unwrap_or(ACTIONS[0]),
        )
}

const SATISFIED_NOTES: &[&str] = &[
    "回访来电人，来电人表示问题已解决，对办理结果满意。",
    "经回访，来电人对承办单位的处理结果及工作态度表示满意。",
    "智能回访：来电人按键评价为满意。",
    "回访时来电人表示工作人员已上门处理，满意。",
    "回访来电人，来电人表示已清楚了解相关政策，对答复满意。",
];
const UNSATISFIED_NOTES: &[&str] = &[
    "回访来电人，来电人表示问题仍未解决，对办理结果不满意，要求重新办理。",
    "来电人称承办单位未与其联系，对办理过程不满意。",
    "来电人表示承办单位答复内容与实际情况不符，不满意。",
    "来电人认为处理时间过长，问题反复出现，不满意。",
    "来电人对政策解释不认可，表示将继续反映，不满意。",
];

/// A return-visit note (回访记录).
pub fn visit_note(satisfied: bool, rng: &mut impl Rng) -> String {
    let pool = if satisfied {
        SATISFIED_NOTES
    } else {
        UNSATISFIED_NOTES
    };
    pool.choose(rng).copied().unwrap_or(pool[0]).to_string()
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    use super::*;
    use crate::defaults::default_categories;

    fn all_templates() -> Vec<&'static Template> {
        let mut all: Vec<&Template> = Family::ALL
            .iter()
            .flat_map(|f| f.templates().iter())
            .collect();
        all.extend(
            people::GENERIC_CONSULTATIONS
                .iter()
                .chain(people::GENERIC_PROBLEMS),
        );
        all.extend(specific::SPECIFIC.iter().flat_map(|(_, ts)| ts.iter()));
        all
    }

    #[test]
    fn every_template_names_the_place_and_fills_every_placeholder() {
        let mut rng = StdRng::seed_from_u64(1);
        let slots = Slots::draw(
            TicketKind::Help,
            "公共厕所管理",
            "海韵街道",
            "太公三路",
            &mut rng,
        );
        for t in all_templates() {
            assert!(t.event.contains("{place}"), "{}", t.event);
            for text in [t.subject, t.event, t.demand] {
                let filled = slots.fill(text);
                assert!(!filled.contains('{') && !filled.contains('}'), "{filled}");
            }
        }
        for family in Family::ALL {
            for person in family.persons() {
                assert!(!slots.fill(person).contains('{'), "{person}");
            }
        }
        for prefix in specific::SPECIFIC.iter().map(|(p, _)| *p) {
            let cats = default_categories().unwrap();
            assert!(
                cats.iter().any(|c| c.code == prefix),
                "specific templates for unknown {prefix}"
            );
        }
    }

    #[test]
    fn texts_for_every_category_are_complete_and_name_the_place() {
        let mut rng = StdRng::seed_from_u64(2);
        for c in default_categories()
            .unwrap()
            .iter()
            .filter(|c| c.level == 3)
        {
            for _ in 0..5 {
                let text = ticket_text(&c.code, &c.name, "金苑社区", "青华路", &mut rng);
                assert!(text.record.contains("金苑社区"), "{}", text.record);
                assert!(text.record.contains("诉求："), "{}", text.record);
                for field in [
                    &text.subject,
                    &text.event,
                    &text.demand,
                    &text.person,
                    &text.time_text,
                ] {
                    assert!(!field.is_empty(), "{} {:?}", c.code, text);
                }
            }
        }
    }

    #[test]
    fn about_sixty_percent_are_consultations() {
        let cats: Vec<_> = default_categories()
            .unwrap()
            .into_iter()
            .filter(|c| c.level == 3)
            .collect();
        let mut rng = StdRng::seed_from_u64(3);
        let mut kinds = std::collections::HashMap::new();
        for _ in 0..10_000 {
            let c = cats.choose(&mut rng).unwrap();
            let text = ticket_text(&c.code, &c.name, "望海街道", "太公三路", &mut rng);
            *kinds.entry(text.kind).or_insert(0u32) += 1;
        }
        let share = |k| f64::from(kinds.get(&k).copied().unwrap_or(0)) / 10_000.0;
        let consultations = share(TicketKind::Consultation);
        assert!((0.55..=0.65).contains(&consultations), "{consultations}");
        for kind in TicketKind::ALL {
            assert!(share(*kind) > 0.0, "no {kind:?}");
        }
    }

    #[test]
    fn the_suggestion_and_praise_categories_keep_their_kind() {
        let mut rng = StdRng::seed_from_u64(4);
        for _ in 0..50 {
            assert_eq!(
                ticket_text("180101", "城市发展建议", "甲社区", "乙路", &mut rng).kind,
                TicketKind::Suggestion
            );
            assert_eq!(
                ticket_text("180201", "表扬单位", "甲社区", "乙路", &mut rng).kind,
                TicketKind::Praise
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_text() {
        let draw = |seed| {
            ticket_text(
                "020203",
                "公共厕所管理",
                "海韵街道",
                "太公三路",
                &mut StdRng::seed_from_u64(seed),
            )
        };
        assert_eq!(draw(9), draw(9));
    }

    #[test]
    fn names_phones_replies_and_visit_notes_look_real() {
        let mut rng = StdRng::seed_from_u64(5);
        for _ in 0..500 {
            let name = caller_name(&mut rng);
            assert!((2..=4).contains(&name.chars().count()), "{name}");
            let number = phone(&mut rng);
            if number.contains('-') {
                assert_eq!(number.len(), 12, "{number}");
            } else {
                assert_eq!(number.len(), 11, "{number}");
                assert!(["13", "15", "18"].contains(&&number[..2]), "{number}");
            }
            assert!(number.bytes().all(|b| b.is_ascii_digit() || b == b'-'));
            let reply = reply_text("供水管道漏水", rng.gen(), &mut rng);
            assert!(
                reply.contains("供水管道漏水") && !reply.contains('{'),
                "{reply}"
            );
            assert!(!visit_note(rng.gen(), &mut rng).is_empty());
        }
    }
}
