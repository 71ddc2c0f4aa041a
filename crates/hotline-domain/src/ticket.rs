//! The ticket (工单): its record, the caller, the five elements, and the state it is in.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, ClockKind};
use crate::org::{UnitId, UserId};
use crate::DomainError;

mod first_dispatch;
pub use first_dispatch::FirstDispatch;

pub use crate::caller::{mask_phone, normalise_phone, Caller};

/// Database id of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub i64);

str_enum!(
    /// Where the ticket came from.
    Channel {
        Phone = "phone" / "电话",
        Web = "web" / "网站",
        MayorMailbox = "mayor_mailbox" / "市长信箱",
        Wechat = "wechat" / "微信",
        Voicemail = "voicemail" / "留言",
        Platform = "platform" / "国家/省平台",
        GridWorker = "grid_worker" / "网格员",
        Open311 = "open311" / "Open311",
    }
);

str_enum!(
    /// What the caller wants of the hotline.
    TicketKind {
        Consultation = "consultation" / "咨询",
        Help = "help" / "求助",
        Complaint = "complaint" / "投诉",
        Report = "report" / "举报",
        Suggestion = "suggestion" / "建议",
        Praise = "praise" / "表扬",
    }
);

str_enum!(
    /// Colour tags (多彩工单): tickets tracked by a task force.
    ColourTag {
        BusinessEnvironment = "business_environment" / "营商环境",
        ProvincialPlatform = "provincial_platform" / "省平台",
        MayorMailbox = "mayor_mailbox" / "市长信箱",
        Media = "media" / "媒体关注",
        Leader = "leader" / "领导批示",
    }
);

/// Each tag once, in the order first given: a list sent with a tag many times (ten thousand
/// `media`) is one tag, not a page of labels.
pub fn distinct_tags(tags: Vec<ColourTag>) -> Vec<ColourTag> {
    let mut out: Vec<ColourTag> = Vec::with_capacity(tags.len().min(8));
    for t in tags {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

str_enum!(
    Importance {
        Normal = "normal" / "一般",
        Important = "important" / "重要",
        Critical = "critical" / "重大",
    }
);

str_enum!(
    /// Where a ticket is in its life. See `lifecycle` for which actions each state allows.
    TicketState {
        Draft = "draft" / "草稿",
        PendingDispatch = "pending_dispatch" / "待转办",
        ReturnedToIntake = "returned_to_intake" / "退回受理",
        Dispatched = "dispatched" / "待签收",
        Processing = "processing" / "办理中",
        ReturnRequested = "return_requested" / "退单审核",
        Suspended = "suspended" / "挂起",
        PendingReview = "pending_review" / "待审核",
        PendingVisit = "pending_visit" / "待回访",
        Visited = "visited" / "待办结",
        Closed = "closed" / "已办结",
        NotAccepted = "not_accepted" / "不予受理",
        Transferred = "transferred" / "已转应急",
        Merged = "merged" / "已并单",
        Archived = "archived" / "已归档",
    }
);

impl TicketState {
    /// Dispatched and not yet finished: the states in which a clock may run (a unit's, the
    /// return visit's), the open tickets of queues and figures.
    pub const DISPATCHED_OPEN: [TicketState; 7] = [
        TicketState::Dispatched,
        TicketState::Processing,
        TicketState::ReturnRequested,
        TicketState::Suspended,
        TicketState::PendingReview,
        TicketState::PendingVisit,
        TicketState::Visited,
    ];

    /// The states in which a ticket is a unit's work: to sign for, in hand, asked to be taken
    /// back, or suspended. Its sign-for and handling clocks run (or are paused) here; after
    /// the reply, what is due (the review, the return visit) is the centre's, and a unit's
    /// overdue and warning queues and its row of the overview leave it out.
    pub const UNIT_WORK: [TicketState; 4] = [
        TicketState::Dispatched,
        TicketState::Processing,
        TicketState::ReturnRequested,
        TicketState::Suspended,
    ];

    /// No unit work and no clock runs in these states.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            TicketState::Closed
                | TicketState::NotAccepted
                | TicketState::Transferred
                | TicketState::Merged
                | TicketState::Archived
        )
    }

    /// A ticket in this state may take others merged into it (并单): recorded (not a draft,
    /// which may yet be answered on the spot or never submitted) and not finished.
    pub fn takes_merges(self) -> bool {
        self != TicketState::Draft && !self.is_finished()
    }
}

/// Longest texts a ticket keeps, in characters: a subject is a line, a record a long web
/// message, an element or a caller's detail a paragraph at most.
pub const SUBJECT_MAX: usize = 200;
pub const RECORD_MAX: usize = 20_000;
pub const ELEMENT_MAX: usize = 5_000;
pub const CALLER_FIELD_MAX: usize = 200;

/// A text no longer than `max` characters, or what is wrong.
pub(crate) fn within(
    field: &'static str,
    label: &str,
    text: &str,
    max: usize,
) -> Result<(), DomainError> {
    if text.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            format!("{label}最多 {max} 字 / at most {max} characters"),
        ));
    }
    Ok(())
}

/// Where it happened: the gazetteer codes plus the free address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub street: Option<String>,
    #[serde(default)]
    pub community: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub lng: Option<f64>,
    #[serde(default)]
    pub lat: Option<f64>,
}

impl Location {
    /// The most specific place code: the community, else the street, else the district.
    pub fn finest(&self) -> Option<&str> {
        (self.community.as_deref())
            .or(self.street.as_deref())
            .or(self.district.as_deref())
    }

    /// Place codes from the most specific to the district.
    pub fn chain(&self) -> Vec<&str> {
        [&self.community, &self.street, &self.district]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// `chain`, owned: for what keeps it past the ticket (a training example, a class case).
    pub fn owned_chain(&self) -> Vec<String> {
        self.chain().into_iter().map(str::to_string).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.district.is_none()
            && self.street.is_none()
            && self.community.is_none()
            && self.address.trim().is_empty()
    }
}

/// The five elements (五要素) every ticket must hold before it is dispatched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FiveElements {
    /// 时间: when it happened (or is happening).
    #[serde(default)]
    pub time: Option<DateTime<Utc>>,
    /// 时间 as the caller said it, when it is not a point in time ("每天夜里").
    #[serde(default)]
    pub time_text: String,
    /// 地点
    #[serde(default)]
    pub place: Location,
    /// 人物: who is involved (a person, a shop, a company, a unit).
    #[serde(default)]
    pub person: String,
    /// 事件: what happened, in formal written language.
    #[serde(default)]
    pub event: String,
    /// 诉求: what the caller wants.
    #[serde(default)]
    pub demand: String,
}

/// The subject and the record no longer than their limits.
pub fn check_subject_and_record(subject: &str, record: &str) -> Result<(), DomainError> {
    within("subject", "标题", subject, SUBJECT_MAX)?;
    within("record", "受理记录", record, RECORD_MAX)
}

impl FiveElements {
    /// The texts as kept (`text`): the time as said, the address and the person on one line,
    /// the event and the demand tidied; none with invisible characters.
    pub fn tidied(mut self) -> FiveElements {
        for line in [
            &mut self.time_text,
            &mut self.place.address,
            &mut self.person,
        ] {
            *line = crate::text::one_line(line);
        }
        for text in [&mut self.event, &mut self.demand] {
            *text = crate::text::tidy(text);
        }
        // Place codes as typed or pasted: "\u{200B}D01" is D01, an empty code none.
        for code in [
            &mut self.place.district,
            &mut self.place.street,
            &mut self.place.community,
        ] {
            *code = code
                .as_deref()
                .map(crate::text::one_line)
                .filter(|c| !c.is_empty());
        }
        self
    }

    /// Each text element no longer than `ELEMENT_MAX`.
    pub fn check_lengths(&self) -> Result<(), DomainError> {
        within("elements.time_text", "时间", &self.time_text, ELEMENT_MAX)?;
        within(
            "elements.place.address",
            "地址",
            &self.place.address,
            ELEMENT_MAX,
        )?;
        within("elements.person", "人物", &self.person, ELEMENT_MAX)?;
        within("elements.event", "事件", &self.event, ELEMENT_MAX)?;
        within("elements.demand", "诉求", &self.demand, ELEMENT_MAX)
    }

    /// The event time, when given, is a time a hotline can be told of: not before 1950 (a
    /// matter from long ago still has a year to it), and not more than a year ahead (a planned
    /// works or a closure may be announced ahead; 2099 is a typing slip).
    pub fn check_time(&self, now: DateTime<Utc>) -> Result<(), DomainError> {
        let Some(t) = self.time else { return Ok(()) };
        // 1950-01-01 00:00 in China.
        let earliest = DateTime::<Utc>::from_timestamp(-631_152_000 - 8 * 3600, 0).unwrap_or(now);
        if t < earliest || t > now + chrono::Duration::days(366) {
            let shown = t
                .with_timezone(&crate::calendar::china_offset())
                .format("%Y-%m-%d %H:%M");
            return Err(DomainError::invalid(
                "elements.time",
                format!(
                    "事件时间 {shown} 不合理:应在 1950 年以后、今后一年以内 / \
                     the event time must lie between 1950 and a year from now"
                ),
            ));
        }
        Ok(())
    }

    /// Names of the missing elements, in the order an operator fills them.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.time.is_none() && self.time_text.trim().is_empty() {
            m.push("time");
        }
        if self.place.is_empty() {
            m.push("place");
        }
        if self.person.trim().is_empty() {
            m.push("person");
        }
        if self.event.trim().is_empty() {
            m.push("event");
        }
        if self.demand.trim().is_empty() {
            m.push("demand");
        }
        m
    }
}

/// A unit's part in a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentRole {
    /// 主办
    Main,
    /// 协办
    Assisting,
    /// Pulled in by a whistle (吹哨).
    Whistled,
}

/// One part a unit was given in the ticket. The handling chain is the main unit followed by the
/// units it sub-dispatched to; the last one in the chain holds the ticket.
///
/// A part ends when the unit's work on the ticket ends: its return was approved; a
/// sub-dispatched unit gave the ticket back or answered its parent; the centre dispatched the
/// ticket anew, merged it away or reopened it; a merged ticket took its master's newer answer
/// from another unit. A unit given a part again gets a new entry, so the list is the ticket's
/// history of parts in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub unit: UnitId,
    pub role: AssignmentRole,
    pub signed_at: Option<DateTime<Utc>>,
    /// When the part ended. Snapshots written before parts could end read as still going.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
}

impl Assignment {
    pub fn is_current(&self) -> bool {
        self.ended_at.is_none()
    }
}

/// A unit's request to give the ticket back (退单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    pub unit: UnitId,
    pub reason: String,
    pub suggested_unit: Option<UnitId>,
    pub at: DateTime<Utc>,
    /// The state to go back to if the request is refused.
    pub from: TicketState,
}

/// A unit's request for more time (延期).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRequest {
    pub unit: UnitId,
    pub working_days: u32,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// The unit's reply (办理反馈).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub unit: UnitId,
    pub result: String,
    pub resolved: bool,
    pub caller_contacted: bool,
    pub at: DateTime<Utc>,
}

/// The caller's verdict in a return visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

impl Satisfaction {
    pub fn label_zh(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::BasicallySatisfied => "基本满意",
            Satisfaction::Unsatisfied => "不满意",
        }
    }
}

/// How a return visit was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitMethod {
    /// 智能回访: an automated call or message.
    Smart,
    /// 人工回访
    Manual,
}

/// What a return-visit attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum VisitOutcome {
    Reached {
        satisfaction: Satisfaction,
        resolved: bool,
    },
    Unreachable,
    Declined,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    pub method: VisitMethod,
    pub outcome: VisitOutcome,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// Why a ticket is closed without a return visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitExemption {
    /// The caller declined visits at intake or when called.
    CallerDeclined,
    /// Unreachable after the allowed number of tries.
    Unreachable,
    /// Answered on the spot (即时答复).
    DirectAnswer,
}

/// The supervision ladder (督办).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionLevel {
    /// 交办单
    AssignmentNotice,
    /// 督办单
    SupervisionNotice,
    /// 协调会
    CoordinationMeeting,
    /// 市长专报
    MayorReport,
}

impl SupervisionLevel {
    pub fn label_zh(self) -> &'static str {
        match self {
            SupervisionLevel::AssignmentNotice => "交办单",
            SupervisionLevel::SupervisionNotice => "督办单",
            SupervisionLevel::CoordinationMeeting => "协调会",
            SupervisionLevel::MayorReport => "市长专报",
        }
    }
}

/// Emergency services a call can be handed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmergencyService {
    #[serde(rename = "110")]
    Police,
    #[serde(rename = "119")]
    Fire,
    #[serde(rename = "120")]
    Ambulance,
    #[serde(rename = "122")]
    Traffic,
}

/// Reasons for 不予受理, as codes with the channel the caller is told to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    Emergency,
    Military,
    ClosedMatterRepeated,
    OutOfRemit,
}

impl NotAcceptedReason {
    pub fn label_zh(self) -> &'static str {
        match self {
            NotAcceptedReason::Litigation => "应通过诉讼解决",
            NotAcceptedReason::Arbitration => "应通过仲裁解决",
            NotAcceptedReason::DisciplineInspection => "属纪检监察范围",
            NotAcceptedReason::AdministrativeReview => "应通过行政复议解决",
            NotAcceptedReason::InformationDisclosure => "属政府信息公开申请",
            NotAcceptedReason::Petition => "已进入信访渠道",
            NotAcceptedReason::SecretsOrPrivacy => "涉及国家秘密、商业秘密或个人隐私",
            NotAcceptedReason::PublicOrder => "违反公序良俗",
            NotAcceptedReason::Emergency => "属110/119/120/122受理范围",
            NotAcceptedReason::Military => "涉及军队、武警事务",
            NotAcceptedReason::ClosedMatterRepeated => "已依法办结且无新事实理由",
            NotAcceptedReason::OutOfRemit => "超出热线受理范围",
        }
    }
}

/// A stored file (photo, audio) attached to a ticket; the bytes live in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// The clocks of a ticket. Each runs only while it applies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Clocks {
    pub sign_for: Option<Clock>,
    pub return_window: Option<Clock>,
    pub handling: Option<Clock>,
    pub visit: Option<Clock>,
}

impl Clocks {
    pub fn get(&self, kind: ClockKind) -> Option<&Clock> {
        match kind {
            ClockKind::SignFor => self.sign_for.as_ref(),
            ClockKind::ReturnWindow => self.return_window.as_ref(),
            ClockKind::Handling => self.handling.as_ref(),
            ClockKind::Visit => self.visit.as_ref(),
        }
    }

    pub fn slot(&mut self, kind: ClockKind) -> &mut Option<Clock> {
        match kind {
            ClockKind::SignFor => &mut self.sign_for,
            ClockKind::ReturnWindow => &mut self.return_window,
            ClockKind::Handling => &mut self.handling,
            ClockKind::Visit => &mut self.visit,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (ClockKind, &Clock)> {
        [
            ClockKind::SignFor,
            ClockKind::ReturnWindow,
            ClockKind::Handling,
            ClockKind::Visit,
        ]
        .into_iter()
        .filter_map(|k| self.get(k).map(|c| (k, c)))
    }
}

/// What intake records about a new ticket; validated into a `Ticket` by `lifecycle::create`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewTicket {
    pub channel: Option<Channel>,
    #[serde(default)]
    pub caller: Caller,
    #[serde(default)]
    pub elements: FiveElements,
    pub kind: Option<TicketKind>,
    #[serde(default)]
    pub category: Option<String>,
    /// Overrides the category's default tier.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub tags: Vec<ColourTag>,
    #[serde(default)]
    pub importance: Option<Importance>,
    #[serde(default)]
    pub subject: String,
    /// The operator's original record of the call or the message text.
    #[serde(default)]
    pub record: String,
    /// Keep as a draft instead of submitting for dispatch.
    #[serde(default)]
    pub draft: bool,
    /// The intake analysis the operator saw (`POST /api/v1/intake/analyze`); what it suggested
    /// is stored with the ticket. Not part of the ticket itself.
    #[serde(default)]
    pub analysis_id: Option<String>,
}

/// A ticket: the aggregate. Its fields are the fold of its events (`event::evolve`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub number: String,
    pub version: u64,
    pub state: TicketState,
    pub channel: Channel,
    pub caller: Caller,
    pub elements: FiveElements,
    pub kind: TicketKind,
    pub category: Option<String>,
    pub tier: String,
    pub tags: Vec<ColourTag>,
    pub importance: Importance,
    pub subject: String,
    pub record: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: UserId,
    /// Every part units were given, in order (the first `Main` is the first dispatch's main
    /// unit). Units see a ticket when they are in here, and act on it while their part is
    /// current.
    pub assignments: Vec<Assignment>,
    /// The handling chain: main unit, then sub-dispatched units; the last holds the ticket.
    pub chain: Vec<UnitId>,
    pub clocks: Clocks,
    pub return_request: Option<ReturnRequest>,
    pub extension_request: Option<ExtensionRequest>,
    pub reply: Option<Reply>,
    pub visits: Vec<VisitRecord>,
    pub visit_exemption: Option<VisitExemption>,
    /// A smart visit found the caller unsatisfied: a person must call.
    pub needs_manual_visit: bool,
    pub suspended_from: Option<TicketState>,
    pub urge_count: u32,
    pub supervision: Option<SupervisionLevel>,
    pub merged_into: Option<TicketId>,
    pub merged: Vec<TicketId>,
    pub dispatch_count: u32,
    /// How the first dispatch went, once it was made (see `FirstDispatch`). None before it,
    /// and in snapshots stored before the verdict was kept (the store folds those again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_dispatch: Option<FirstDispatch>,
    pub return_count: u32,
    pub rehandle_count: u32,
    pub closed_at: Option<DateTime<Utc>>,
    pub attachments: Vec<AttachmentRef>,
}

impl Ticket {
    /// The main unit (主办), if dispatched.
    pub fn main_unit(&self) -> Option<UnitId> {
        self.chain.first().copied()
    }

    /// The unit that holds the ticket now: the end of the handling chain.
    pub fn holder(&self) -> Option<UnitId> {
        self.chain.last().copied()
    }

    /// Whether `unit` has or had any part in this ticket (and so its staff may see it).
    pub fn involves(&self, unit: UnitId) -> bool {
        self.assignments.iter().any(|a| a.unit == unit)
    }

    /// Whether `unit` takes part now (and so its staff may note progress and attach files).
    /// A unit whose work on the ticket ended keeps seeing it, without acting on it.
    pub fn takes_part(&self, unit: UnitId) -> bool {
        self.assignments
            .iter()
            .any(|a| a.unit == unit && a.is_current())
    }

    pub fn involved_units(&self) -> Vec<UnitId> {
        let mut v: Vec<UnitId> = self.assignments.iter().map(|a| a.unit).collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_time_before_1950_or_over_a_year_ahead_is_refused() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T02:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let at = |y: i32, m: u32| FiveElements {
            time: chrono::NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc()),
            ..Default::default()
        };
        assert!(FiveElements::default().check_time(now).is_ok());
        for (y, m) in [(2026, 11), (1998, 6), (2027, 6)] {
            assert!(at(y, m).check_time(now).is_ok(), "{y}-{m}");
        }
        for (y, m) in [(2099, 1), (1900, 1), (-1, 1)] {
            let absurd = format!("{y}-{m}");
            let e = at(y, m).check_time(now).expect_err(&absurd).to_string();
            assert!(e.contains("事件时间"), "{absurd}: {e}");
        }
    }

    #[test]
    fn texts_longer_than_a_ticket_keeps_are_refused_by_name() {
        let long = "字".repeat(ELEMENT_MAX + 1);
        let elements = FiveElements {
            demand: long.clone(),
            ..FiveElements::default()
        };
        match elements.check_lengths() {
            Err(DomainError::Invalid { field, .. }) => assert_eq!(field, "elements.demand"),
            other => panic!("{other:?}"),
        }
        assert!(check_subject_and_record(&"题".repeat(SUBJECT_MAX), "").is_ok());
        assert!(check_subject_and_record(&"题".repeat(SUBJECT_MAX + 1), "").is_err());
        let caller = Caller {
            name: long,
            ..Caller::default()
        };
        assert!(caller.checked().is_err());
    }
}
