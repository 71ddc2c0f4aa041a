//! The scope rule set as data: its shape and loading it from TOML; `check.rs` holds the checks
//! that make a bad file fail at start with the rule and line to fix, and the preparing of
//! checked rules for use.
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The project's default rule file, compiled into the crate.
pub const DEFAULT_RULES: &str = include_str!("../../../assets/scope_rules.toml");

/// Every rule the screener knows: 不予受理, 超出职责范围 and emergency signals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRules {
    #[serde(default)]
    pub negation: Negation,
    #[serde(default)]
    pub not_accepted: Vec<NotAcceptedRule>,
    #[serde(default)]
    pub out_of_remit: Vec<OutOfRemitRule>,
    #[serde(default)]
    pub emergency: Vec<EmergencyRule>,
    #[serde(default)]
    pub tense: Tense,
    #[serde(default)]
    pub landmark: Landmark,
    #[serde(default)]
    pub elsewhere: Elsewhere,
}

/// Places outside the city (外地): a text that names one as where its matter is ("我在深圳南山区
/// 上班，宿舍楼下的餐馆…", "广州市天河区某小区物业乱收费", "上海的居住证怎么办理") gets the situation
/// and reply of the out-of-remit rule `rule`: the hotline cannot dispatch it to a unit of the
/// city. A name counts where the text's words (as jieba cuts them) start and end, followed by 市
/// or 省, by a district (南山区, 鄞州区; not 小区, 学区) or another place (河南周口); a name of
/// `places` also after 在, 去 or 到, or followed by 的, 那边 or 那里. It does not count after 从
/// (where someone came from) or a `not_before` word (学习上海的做法), followed by a `not_after`
/// word (上海路, 河南人, 北京时间), nor in a text that names the city itself: one of `home`, the
/// names the service adds (its districts, the city its units are named after), or a `here`
/// word (本市).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elsewhere {
    /// The out-of-remit rule whose situation and reply a hit carries.
    #[serde(default)]
    pub rule: String,
    /// Provinces and cities by their short names (河南, 深圳, 乌鲁木齐).
    #[serde(default)]
    pub places: Vec<String>,
    /// Place names that are also common words (白银, 安康, 开封): they count only followed by
    /// 市, 省, a district or another place.
    #[serde(default)]
    pub strict: Vec<String>,
    /// The city's own names.
    #[serde(default)]
    pub home: Vec<String>,
    /// Words that after a place name make it part of another name or no place: 路, 大道, 银行, 人.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Stays there (出差, 旅游) that, after a place name, tell of a trip there and back, not a
    /// matter there ("去北京出差了，回来发现楼下…"), unless a word of the time of the stay follows
    /// (时, 期间: "在北京旅游时被宰了").
    #[serde(default)]
    pub trips: Vec<String>,
    /// Words that before a place name compare with the place (学习, 像, 和): no matter there.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Words that place the matter in the city wherever they stand: 本市, 我市.
    #[serde(default)]
    pub here: Vec<String>,
    /// Endings of an organisation's name (有限公司, 集团): a place name that starts one names
    /// where the organisation was registered, not where the matter is (深圳市某某物业管理有限公司
    /// manages an estate here). The name runs on from the place in Chinese characters, at most
    /// `ORG_NAME_CHARS` of them, with no word of a clause between (的, 一家, 在, 欠).
    #[serde(default)]
    pub org_ends: Vec<String>,
}

impl Elsewhere {
    /// Every word of every list.
    pub(crate) fn words(&self) -> impl Iterator<Item = &String> {
        let e = self;
        [
            &e.places,
            &e.strict,
            &e.home,
            &e.not_after,
            &e.trips,
            &e.not_before,
            &e.here,
            &e.org_ends,
        ]
        .into_iter()
        .flatten()
    }

    /// The lists of `words`, to change.
    pub(crate) fn lists_mut(&mut self) -> [&mut Vec<String>; 8] {
        let e = self;
        [
            &mut e.places,
            &mut e.strict,
            &mut e.home,
            &mut e.not_after,
            &mut e.trips,
            &mut e.not_before,
            &mut e.here,
            &mut e.org_ends,
        ]
    }
}

/// An institution named only to say where something is ("仲裁委员会门口乱停车", "部队营区旁边的
/// 饭店"): for triggers with `landmark = true`, a keyword followed in its clause by one of
/// `words` does not count when only the rest of the institution's name stands between: any run
/// of `names` (员会, 局, 接待中心, 营区), each may be followed by 的 ("部队的车堵门口" is the
/// army's doing: 车堵 is no part of a name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Landmark {
    /// Words of position: 旁边, 附近, 门口.
    #[serde(default)]
    pub words: Vec<String>,
    /// The rest of an institution's name after its keyword: 委员会, 局, 大院.
    #[serde(default)]
    pub names: Vec<String>,
}

/// How a negation shortly before a keyword cancels it ("没有起诉", "不想起诉").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    /// Words that negate what follows them.
    pub cues: Vec<String>,
    /// Words that start like a cue but do not negate ("不停", "不断", "不得不").
    #[serde(default)]
    pub not_cues: Vec<String>,
    /// How many characters may stand between the end of a cue of two characters or more and
    /// the keyword; the cue must be in the same clause (no punctuation between).
    pub window: usize,
    /// How far a one-character cue (不, 没, 未) reaches: less, since such a character starts
    /// many words that negate nothing after them.
    #[serde(default = "short_window")]
    pub short_window: usize,
}

fn short_window() -> usize {
    2
}

impl Default for Negation {
    fn default() -> Self {
        Negation {
            cues: ["不", "没", "未"].map(String::from).to_vec(),
            not_cues: Vec::new(),
            window: 4,
            short_window: short_window(),
        }
    }
}

/// Cues of when something happens, for triggers with `current = true` (emergencies): a keyword
/// does not count when its sentence has a `past` cue (past, habitual, hypothetical, preventive
/// talk: 上个月, 经常, 万一, 隐患), an `over` cue (a matter ended or handled: 扑灭, 已报警) that is
/// not negated (还没扑灭 is a fire still burning), or an `aside` cue (worry,
/// hearsay: 担心, 听说) before it in its sentence or in its own clause, unless its own clause has
/// a `present` cue (现在, 正在, 目前). An aside cue after the keyword's clause is about something
/// beside it: "楼下着火了，我担心孩子还在里面". A `waiting` cue (消防车还没来) keeps past cues
/// after the keyword's clause from counting; a `clause_past` cue (经常) counts only in the
/// keyword's own clause; `earlier` and `clause_past` cues in a clause with a `contact` cue
/// (来过电话) do not count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tense {
    #[serde(default)]
    pub past: Vec<String>,
    #[serde(default)]
    pub over: Vec<String>,
    /// Over cues that tell of help called (打了119, 已报警), not of the danger ended: a
    /// `waiting` cue after one in its sentence says the matter goes on.
    #[serde(default)]
    pub called: Vec<String>,
    /// Past cues that count only before the keyword or in its clause: after it they tell what
    /// led up to a matter of now ("着火了，之前就反映过油烟管道", "着火了，到现在消防车还没来").
    #[serde(default)]
    pub earlier: Vec<String>,
    #[serde(default)]
    pub aside: Vec<String>,
    #[serde(default)]
    pub present: Vec<String>,
    /// Present cues that cry for help (救命, 快来人): a written text's keyword counts as now
    /// with one anywhere in its sentence and no past, earlier, aside or habit cue there
    /// ("救命，有人被困在电梯里"), where other present cues count only in its clause (现在 and 目前
    /// are common in a petition's account of the past).
    #[serde(default)]
    pub cries: Vec<String>,
    /// A caller still waiting for help (消防车还没来, 还没出警) tells of a matter of now: in a
    /// sentence with one, past cues after the keyword's clause count no more than `earlier`
    /// cues ("着火了，到现在消防车还没来" is a fire now; "护栏撞坏了，到现在还没人修" is not).
    #[serde(default)]
    pub waiting: Vec<String>,
    /// Cues of a habit (经常, 每天) that tell only of their own clause: "有人被打伤了，这个人
    /// 经常打人" is an injury now.
    #[serde(default)]
    pub clause_past: Vec<String>,
    /// An earlier call or complaint (来过电话, 投诉过): an `earlier` or `clause_past` cue in its
    /// clause tells when that was, not when the keyword's matter happens ("我是昨天来过电话的张
    /// 先生，我家楼下着火了").
    #[serde(default)]
    pub contact: Vec<String>,
    /// A matter going on still or again (还在, 又): in the keyword's clause, after every `over`
    /// cue of its sentence, it says the matter is not over ("已经报警了，那个人还在砸门"). Read
    /// apart from the other cues, so it may overlap them (现在还在).
    #[serde(default)]
    pub still: Vec<String>,
}

/// Where a trigger's `with` partner must be, relative to the keyword.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Within {
    /// Between the same commas (or other clause marks).
    Clause,
    /// Between the same full stops, question or exclamation marks, semicolons or line breaks.
    #[default]
    Sentence,
    /// Anywhere in the text.
    Text,
}

/// The separator of a phrase's parts: `撬…门` is 撬, then 门 within the trigger's `gap`
/// characters, in the same clause.
pub const GAP_MARK: char = '…';

/// When a rule fires: one trigger of its list suffices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// Keywords: at least one must occur, not negated and not covered by a `without` phrase.
    pub any: Vec<String>,
    /// If not empty, at least one of these must also occur (anywhere, not negated).
    #[serde(default)]
    pub with: Vec<String>,
    /// Phrases that cancel a keyword occurrence they overlap ("不想起诉" cancels "起诉").
    #[serde(default)]
    pub without: Vec<String>,
    /// Phrases that cancel the whole trigger wherever they occur in the text.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Whether a negation cue before an `unless` phrase keeps it from cancelling ("不同意私了"
    /// settles nothing). Off by default: in "没装油烟净化器，厨房往外冒烟" the smoke is still
    /// the kitchen's.
    #[serde(default)]
    pub unless_negatable: bool,
    /// Whether a negation cue before a keyword cancels it.
    #[serde(default = "yes")]
    pub negatable: bool,
    /// Where a `with` partner must be (default: the keyword's sentence).
    #[serde(default)]
    pub within: Within,
    /// Only what is happening now counts (see `Tense`).
    #[serde(default)]
    pub current: bool,
    /// A keyword naming an institution does not count where it only says where something is
    /// (see `Landmark`).
    #[serde(default)]
    pub landmark: bool,
    /// For phrases in parts (`撬…门`): at most this many characters between two parts.
    #[serde(default = "gap")]
    pub gap: usize,
}

fn gap() -> usize {
    6
}

fn yes() -> bool {
    true
}

/// The reasons a matter is not accepted; the strings are the domain's `NotAcceptedReason` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAcceptedReason {
    Litigation,
    Arbitration,
    DisciplineInspection,
    AdministrativeReview,
    InformationDisclosure,
    Petition,
    SecretsOrPrivacy,
    PublicOrder,
    Military,
    ClosedMatterRepeated,
}

impl NotAcceptedReason {
    pub fn as_str(self) -> &'static str {
        match self {
            NotAcceptedReason::Litigation => "litigation",
            NotAcceptedReason::Arbitration => "arbitration",
            NotAcceptedReason::DisciplineInspection => "discipline_inspection",
            NotAcceptedReason::AdministrativeReview => "administrative_review",
            NotAcceptedReason::InformationDisclosure => "information_disclosure",
            NotAcceptedReason::Petition => "petition",
            NotAcceptedReason::SecretsOrPrivacy => "secrets_or_privacy",
            NotAcceptedReason::PublicOrder => "public_order",
            NotAcceptedReason::Military => "military",
            NotAcceptedReason::ClosedMatterRepeated => "closed_matter_repeated",
        }
    }
}

/// A 不予受理 rule: one reason, its legal basis and the channel the caller is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotAcceptedRule {
    pub id: String,
    pub reason: NotAcceptedReason,
    pub label: String,
    pub basis: String,
    pub channel: String,
    /// What the operator says to the caller.
    pub reply: String,
    pub triggers: Vec<Trigger>,
}

/// A 超出职责范围 situation, answered by the operator with a standard reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfRemitRule {
    pub id: String,
    pub category: String,
    pub situation: String,
    pub reply: String,
    #[serde(default)]
    pub channel: Option<String>,
    pub triggers: Vec<Trigger>,
}

/// What kind of emergency a signal points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmergencyKind {
    Fire,
    Medical,
    Crime,
    Traffic,
    /// Someone about to take their own life, or who has just tried: the police (110) go, or an
    /// ambulance (120) for pills or poison taken.
    SelfHarm,
}

/// An emergency signal: the operator transfers the call to `service` at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyRule {
    pub id: String,
    pub kind: EmergencyKind,
    /// 110, 119, 120 or 122.
    pub service: String,
    pub label: String,
    /// What the operator says to a caller on the line before transferring the call.
    pub reply: String,
    /// What the operator does when nobody is on the line (a web message, a letter, a voicemail
    /// heard later): call the writer back, and transfer or report if it is still happening.
    /// Without one, `callback_reply` says so in general words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_reply: Option<String>,
    pub triggers: Vec<Trigger>,
}

impl EmergencyRule {
    /// What the operator does when the teller is not on the line: the rule's own words, or
    /// general ones naming its service.
    pub fn callback_reply(&self) -> String {
        match &self.callback_reply {
            Some(reply) => reply.clone(),
            None => format!(
                "反映人不在线：请立即回拨核实，情况仍在发生的，请其拨打{s}或为其转接{s}；联系不上的，直接报{s}并告知反映的内容和地址。",
                s = self.service
            ),
        }
    }
}

/// A rule file that cannot be used, with where to fix it. The message is in Chinese, then
/// English after " / ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "受理范围规则有误{}{}：{message}",
    line.map(|l| format!("，第 {l} 行")).unwrap_or_default(),
    rule.as_ref().map(|r| format!("，规则「{r}」")).unwrap_or_default()
)]
pub struct RulesError {
    /// 1-based line in the rule file, when the rules came from a file.
    pub line: Option<usize>,
    /// The id of the rule at fault, when the fault is inside one.
    pub rule: Option<String>,
    pub message: String,
}

/// The file as read, with each rule's position kept for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    negation: Negation,
    #[serde(default)]
    not_accepted: Vec<Spanned<NotAcceptedRule>>,
    #[serde(default)]
    out_of_remit: Vec<Spanned<OutOfRemitRule>>,
    #[serde(default)]
    emergency: Vec<Spanned<EmergencyRule>>,
    #[serde(default)]
    tense: Tense,
    #[serde(default)]
    landmark: Landmark,
    #[serde(default)]
    elsewhere: Elsewhere,
}

impl ScopeRules {
    /// The project's default rules (`assets/scope_rules.toml`).
    pub fn builtin() -> Result<ScopeRules, RulesError> {
        ScopeRules::from_toml(DEFAULT_RULES)
    }

    /// Parse and check a rule file.
    pub fn from_toml(text: &str) -> Result<ScopeRules, RulesError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            RulesError {
                line: Some(line_of(text, at)),
                rule: enclosing_rule_id(text, at),
                message: toml_message(e.message().trim()),
            }
        })?;
        let lines = |spans: Vec<usize>| spans.into_iter().map(|at| line_of(text, at)).collect();
        let positions = RulePositions {
            not_accepted: lines(raw.not_accepted.iter().map(|r| r.span().start).collect()),
            out_of_remit: lines(raw.out_of_remit.iter().map(|r| r.span().start).collect()),
            emergency: lines(raw.emergency.iter().map(|r| r.span().start).collect()),
        };
        let rules = ScopeRules {
            negation: raw.negation,
            not_accepted: raw
                .not_accepted
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            out_of_remit: raw
                .out_of_remit
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            emergency: raw.emergency.into_iter().map(Spanned::into_inner).collect(),
            tense: raw.tense,
            landmark: raw.landmark,
            elsewhere: raw.elsewhere,
        };
        rules.check(&positions)?;
        Ok(rules)
    }
}

/// The TOML reader's message (English), with a Chinese lead for its usual forms.
fn toml_message(message: &str) -> String {
    let lead = [
        ("missing field", "缺少字段"),
        ("unknown field", "未知字段"),
        ("unknown variant", "取值不在允许范围内"),
        ("invalid type", "类型不对"),
        ("duplicate key", "重复的键"),
        ("invalid length", "个数不对"),
    ]
    .iter()
    .find(|(en, _)| message.starts_with(en))
    .map_or("TOML 格式有误", |(_, zh)| zh);
    format!("{lead} / {message}")
}

/// The line of each rule, by section, in file order.
#[derive(Default)]
struct RulePositions {
    not_accepted: Vec<usize>,
    out_of_remit: Vec<usize>,
    emergency: Vec<usize>,
}

mod check;

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The `id` of the top-level `[[section]]` table that holds byte offset `at`, read from the raw
/// text (the file did not parse, so there is no tree to ask).
pub(crate) fn enclosing_rule_id(text: &str, at: usize) -> Option<String> {
    let error_line = line_of(text, at);
    let lines: Vec<&str> = text.lines().collect();
    let is_rule_header = |l: &str| {
        let l = l.trim();
        l.starts_with("[[") && l.ends_with("]]") && !l.contains('.')
    };
    let start = (0..error_line.min(lines.len()))
        .rev()
        .find(|&i| is_rule_header(lines[i]))?;
    let end = (start + 1..lines.len())
        .find(|&i| is_rule_header(lines[i]))
        .unwrap_or(lines.len());
    lines[start + 1..end].iter().find_map(|l| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
    })
}
