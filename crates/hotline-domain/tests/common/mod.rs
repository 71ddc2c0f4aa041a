//! Helpers for the lifecycle tests: a cast of actors, a `Story` that drives one ticket through real
//! commands and keeps its history, and `story_in(state)`, a walk to each of the 15 states.
#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use hotline_domain::calendar::{WorkCalendar, CHINA_STANDARD_TIME};
use hotline_domain::event::{evolve, EventEnvelope, TicketEvent};
use hotline_domain::lifecycle::{apply, create, follow, ActionKind, Command, TicketEdit};
use hotline_domain::org::{Actor, Role, UnitId, UserId};
use hotline_domain::policy::{Context, Policy};
use hotline_domain::ticket::{
    AttachmentRef, Caller, Channel, EmergencyService, FiveElements, Location, NewTicket,
    NotAcceptedReason, Satisfaction, SupervisionLevel, Ticket, TicketId, TicketKind, TicketState,
    VisitMethod, VisitOutcome,
};
use hotline_domain::DomainError;

/// The main unit (a zone administration, 管委).
pub const A: UnitId = UnitId(10);
/// A bureau under `A` that it sub-dispatches to.
pub const B: UnitId = UnitId(11);
/// An assisting unit (协办).
pub const C: UnitId = UnitId(12);
/// A unit with no part in the ticket.
pub const Z: UnitId = UnitId(99);

pub fn calendar() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(WorkCalendar::china)
}

pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(Policy::default)
}

pub fn ctx(now: DateTime<Utc>) -> Context<'static> {
    Context {
        now,
        calendar: calendar(),
        policy: policy(),
    }
}

/// A time in China Standard Time.
pub fn cst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .and_then(|t| t.and_local_timezone(CHINA_STANDARD_TIME).single())
        .expect("a valid local time")
        .to_utc()
}

/// Monday 2, March 2026, 09:00: an ordinary working week with official calendar data.
pub fn monday_morning() -> DateTime<Utc> {
    cst(2026, 3, 2, 9, 0)
}

fn person(id: i64, name: &str, roles: &[Role], unit: Option<UnitId>) -> Actor {
    Actor {
        user: UserId(id),
        name: name.into(),
        roles: roles.to_vec(),
        unit,
    }
}

pub fn operator() -> Actor {
    person(1, "受理员", &[Role::Operator], None)
}
pub fn shift_lead() -> Actor {
    person(2, "班长", &[Role::ShiftLead], None)
}
pub fn dispatcher() -> Actor {
    person(3, "转办员", &[Role::Dispatcher], None)
}
pub fn reviewer() -> Actor {
    person(4, "审核员", &[Role::Reviewer], None)
}
pub fn visit_agent() -> Actor {
    person(5, "回访员", &[Role::VisitAgent], None)
}
pub fn supervisor() -> Actor {
    person(6, "督办员", &[Role::Supervisor], None)
}
pub fn inspector() -> Actor {
    person(7, "质检员", &[Role::QualityInspector], None)
}
pub fn leader() -> Actor {
    person(8, "领导", &[Role::Leader], None)
}
pub fn admin() -> Actor {
    person(9, "管理员", &[Role::Admin], None)
}
pub fn handler(unit: UnitId) -> Actor {
    person(100 + unit.0, "承办人", &[Role::UnitHandler], Some(unit))
}
pub fn unit_admin(unit: UnitId) -> Actor {
    person(200 + unit.0, "单位管理员", &[Role::UnitAdmin], Some(unit))
}

/// One person per centre role, unit `None`.
pub fn centre_staff() -> Vec<Actor> {
    vec![
        operator(),
        shift_lead(),
        dispatcher(),
        reviewer(),
        visit_agent(),
        supervisor(),
        inspector(),
        leader(),
        admin(),
    ]
}

/// A ticket with all five elements, ready for dispatch.
pub fn complete_ticket() -> NewTicket {
    NewTicket {
        channel: Some(Channel::Phone),
        caller: Caller {
            name: "王先生".into(),
            phone: "13812345678".into(),
            wants_contact: true,
            ..Caller::default()
        },
        elements: FiveElements {
            time_text: "近一周每天白天".into(),
            place: Location {
                address: "日照市经济开发区某工地".into(),
                ..Location::default()
            },
            person: "某建筑工地".into(),
            event: "工地施工产生扬尘污染".into(),
            demand: "要求工地采取降尘措施".into(),
            ..FiveElements::default()
        },
        kind: Some(TicketKind::Complaint),
        subject: "工地扬尘".into(),
        ..NewTicket::default()
    }
}

/// One ticket driven through real commands, with its stored history.
#[derive(Debug, Clone)]
pub struct Story {
    pub now: DateTime<Utc>,
    pub ticket: Ticket,
    pub history: Vec<EventEnvelope>,
}

impl Story {
    /// An operator records `new` at `now`.
    #[track_caller]
    pub fn create(new: NewTicket, now: DateTime<Utc>) -> Story {
        let actor = operator();
        let (ticket, events) = create(new, TicketId(1), "12345-0001".into(), &actor, &ctx(now))
            .unwrap_or_else(|e| panic!("create: {e:?}"));
        let mut story = Story {
            now,
            ticket,
            history: vec![],
        };
        story.record(&actor, events);
        story
    }

    /// A complete ticket submitted on Monday morning: `PendingDispatch`.
    pub fn new() -> Story {
        Story::create(complete_ticket(), monday_morning())
    }

    fn record(&mut self, actor: &Actor, events: Vec<TicketEvent>) {
        for event in events {
            self.history.push(EventEnvelope {
                ticket: self.ticket.id,
                version: self.history.len() as u64 + 1,
                at: self.now,
                actor: actor.user,
                actor_name: actor.name.clone(),
                event,
            });
        }
    }

    pub fn ctx(&self) -> Context<'static> {
        ctx(self.now)
    }

    /// Applies `command` at the current version; keeps the ticket unchanged when refused.
    pub fn attempt(
        &mut self,
        command: Command,
        actor: &Actor,
    ) -> Result<Vec<TicketEvent>, DomainError> {
        let (next, events) = apply(
            &self.ticket,
            self.ticket.version,
            &command,
            actor,
            &self.ctx(),
        )?;
        self.ticket = next;
        self.record(actor, events.clone());
        Ok(events)
    }

    /// Applies `command`, failing the test if it is refused.
    #[track_caller]
    pub fn run(&mut self, command: Command, actor: &Actor) -> &mut Story {
        let kind = command.kind();
        let state = self.ticket.state;
        if let Err(e) = self.attempt(command, actor) {
            panic!("{kind:?} by {:?} in {state:?} refused: {e:?}", actor.roles);
        }
        self
    }

    /// Takes what `master`'s `events` pass on to this ticket merged into it (`follow`), as the
    /// service does when it saves the master; returns the events taken.
    pub fn follow(&mut self, master: &Story, events: &[TicketEvent]) -> Vec<TicketEvent> {
        let taken = follow(&self.ticket, &master.ticket, events, &self.ctx());
        for e in &taken {
            evolve(&mut self.ticket, e, self.now);
        }
        self.record(&operator(), taken.clone());
        taken
    }

    pub fn advance(&mut self, by: TimeDelta) -> &mut Story {
        self.now += by;
        self
    }

    pub fn at(&mut self, now: DateTime<Utc>) -> &mut Story {
        assert!(now >= self.now, "time only moves forward");
        self.now = now;
        self
    }

    pub fn state(&self) -> TicketState {
        self.ticket.state
    }
}

pub fn dispatch_to(main: UnitId) -> Command {
    Command::Dispatch {
        main,
        assisting: vec![],
        tier: None,
        note: String::new(),
        tags: None,
    }
}

pub fn reply(result: &str) -> Command {
    Command::Reply {
        result: result.into(),
        resolved: true,
        caller_contacted: true,
    }
}

pub fn review_pass() -> Command {
    Command::ReviewPass {
        note: String::new(),
    }
}

pub fn visit(method: VisitMethod, satisfaction: Satisfaction) -> Command {
    Command::Visit {
        method,
        outcome: VisitOutcome::Reached {
            satisfaction,
            resolved: satisfaction != Satisfaction::Unsatisfied,
        },
        note: String::new(),
    }
}

pub fn visit_outcome(method: VisitMethod, outcome: VisitOutcome) -> Command {
    Command::Visit {
        method,
        outcome,
        note: String::new(),
    }
}

pub fn close() -> Command {
    Command::Close {
        note: String::new(),
    }
}

/// A walk from intake to `state` through real commands. Once dispatched, `A` holds the ticket
/// and `C` assists.
pub fn story_in(state: TicketState) -> Story {
    use TicketState as S;
    let mut s = Story::new();
    let step = TimeDelta::minutes(10);
    match state {
        S::Draft => {
            return Story::create(
                NewTicket {
                    draft: true,
                    ..complete_ticket()
                },
                monday_morning(),
            )
        }
        S::PendingDispatch => {}
        S::ReturnedToIntake => {
            s.advance(step).run(
                Command::ReturnToIntake {
                    missing: vec!["place".into()],
                    note: "地点不详".into(),
                },
                &dispatcher(),
            );
        }
        S::NotAccepted => {
            s.advance(step).run(
                Command::NotAccept {
                    reason: NotAcceptedReason::Litigation,
                    channel_told: "人民法院".into(),
                    note: String::new(),
                },
                &operator(),
            );
        }
        S::Transferred => {
            s.advance(step).run(
                Command::EmergencyTransfer {
                    service: EmergencyService::Fire,
                    note: String::new(),
                },
                &operator(),
            );
        }
        S::Merged => {
            s.advance(step).run(
                Command::Merge {
                    master: TicketId(7),
                    note: String::new(),
                },
                &operator(),
            );
        }
        S::Dispatched
        | S::Processing
        | S::ReturnRequested
        | S::Suspended
        | S::PendingReview
        | S::PendingVisit
        | S::Visited
        | S::Closed
        | S::Archived => {
            s.advance(step).run(
                Command::Dispatch {
                    main: A,
                    assisting: vec![C],
                    tier: None,
                    note: String::new(),
                    tags: None,
                },
                &dispatcher(),
            );
            walk_after_dispatch(&mut s, state, step);
        }
    }
    assert_eq!(s.state(), state);
    s
}

fn walk_after_dispatch(s: &mut Story, state: TicketState, step: TimeDelta) {
    use TicketState as S;
    let signed = |s: &mut Story| {
        s.advance(step).run(Command::SignFor, &handler(A));
    };
    match state {
        S::Dispatched => {}
        S::ReturnRequested => {
            s.advance(step).run(
                Command::RequestReturn {
                    reason: "不属于本单位职责".into(),
                    suggested_unit: Some(C),
                },
                &handler(A),
            );
        }
        S::Processing => signed(s),
        S::Suspended => {
            signed(s);
            s.advance(step).run(
                Command::Suspend {
                    reason: "等待司法鉴定".into(),
                },
                &supervisor(),
            );
        }
        S::PendingReview | S::PendingVisit | S::Visited | S::Closed | S::Archived => {
            signed(s);
            s.advance(step)
                .run(reply("已责令工地覆盖裸土并洒水降尘"), &handler(A));
            if state == S::PendingReview {
                return;
            }
            s.advance(step).run(review_pass(), &reviewer());
            if state == S::PendingVisit {
                return;
            }
            s.advance(step).run(
                visit(VisitMethod::Smart, Satisfaction::Satisfied),
                &visit_agent(),
            );
            if state == S::Visited {
                return;
            }
            s.advance(step).run(close(), &visit_agent());
            if state == S::Closed {
                return;
            }
            s.advance(step).run(Command::Archive, &shift_lead());
        }
        S::Draft
        | S::PendingDispatch
        | S::ReturnedToIntake
        | S::NotAccepted
        | S::Transferred
        | S::Merged => unreachable!("{state:?} comes before dispatch"),
    }
}

/// A command of each kind with a plausible payload.
pub fn sample_command(action: ActionKind) -> Command {
    use ActionKind as K;
    let note = String::new;
    match action {
        K::Edit => Command::Edit {
            edit: Box::new(TicketEdit {
                subject: Some("工地夜间扬尘".into()),
                ..TicketEdit::default()
            }),
        },
        K::Submit => Command::Submit,
        K::DirectAnswer => Command::DirectAnswer {
            answer: "已按知识库答复".into(),
            article: Some(3),
        },
        K::NotAccept => Command::NotAccept {
            reason: NotAcceptedReason::Petition,
            channel_told: "信访部门".into(),
            note: note(),
        },
        K::EmergencyTransfer => Command::EmergencyTransfer {
            service: EmergencyService::Police,
            note: note(),
        },
        K::Merge => Command::Merge {
            master: TicketId(7),
            note: note(),
        },
        K::Unmerge => Command::Unmerge {
            reason: "并错工单".into(),
        },
        K::ReturnToIntake => Command::ReturnToIntake {
            missing: vec!["person".into()],
            note: "人物不详".into(),
        },
        K::Dispatch => dispatch_to(A),
        K::SignFor => Command::SignFor,
        K::RequestReturn => Command::RequestReturn {
            reason: "不属于本单位职责".into(),
            suggested_unit: None,
        },
        K::DecideReturn => Command::DecideReturn {
            approve: true,
            note: note(),
        },
        K::SubDispatch => Command::SubDispatch {
            to: B,
            note: note(),
        },
        K::Whistle => Command::Whistle {
            unit: Z,
            note: "需要执法力量".into(),
        },
        K::RequestExtension => Command::RequestExtension {
            working_days: 3,
            reason: "需现场检测".into(),
        },
        K::DecideExtension => Command::DecideExtension {
            approve: true,
            working_days: None,
            note: note(),
        },
        K::Suspend => Command::Suspend {
            reason: "等待鉴定".into(),
        },
        K::Resume => Command::Resume { note: note() },
        K::Progress => Command::Progress {
            note: "已到现场查看".into(),
        },
        K::Reply => reply("已处理"),
        K::ReviewPass => review_pass(),
        K::ReviewSendBack => Command::ReviewSendBack {
            reason: "答复不完整".into(),
        },
        K::Visit => visit(VisitMethod::Smart, Satisfaction::Satisfied),
        K::Rehandle => Command::Rehandle {
            reason: "群众不满意".into(),
        },
        K::Close => close(),
        K::Archive => Command::Archive,
        K::Urge => Command::Urge { note: note() },
        K::Supervise => Command::Supervise {
            level: SupervisionLevel::AssignmentNotice,
            note: note(),
        },
        K::Reopen => Command::Reopen {
            reason: "群众反映问题复发".into(),
        },
        K::Attach => Command::Attach {
            attachment: photo(1),
        },
    }
}

/// A site photo, as the service describes a stored file.
pub fn photo(id: i64) -> AttachmentRef {
    AttachmentRef {
        id,
        name: "现场照片.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 48_213,
    }
}

/// Seconds in a working day of the default calendar (7.5 h).
pub const DAY: i64 = 27_000;

pub fn running(clock: &Option<hotline_domain::clock::Clock>) -> bool {
    clock
        .as_ref()
        .is_some_and(hotline_domain::clock::Clock::is_running)
}

pub fn no_clock_runs(story: &Story) -> bool {
    story.ticket.clocks.iter().all(|(_, c)| !c.is_running())
}

/// The field an `Invalid` refusal names; fails the test on anything else.
#[track_caller]
pub fn invalid_field(result: Result<impl std::fmt::Debug, DomainError>) -> &'static str {
    match result {
        Err(DomainError::Invalid { field, .. }) => field,
        other => panic!("expected Invalid, got {other:?}"),
    }
}
