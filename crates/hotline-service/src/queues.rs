//! Work queues per role: what each person has to do next, and live counts for the home page.
use serde::Serialize;

use hotline_domain::org::{Actor, Role};
use hotline_domain::ticket::{Ticket, TicketState as S};
use hotline_store::{Order, Page, TicketFilter};

use crate::{App, ServiceError, ServiceResult};

/// A named queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    Drafts,
    ReturnedToIntake,
    ToDispatch,
    ReturnRequests,
    ToSignFor,
    Processing,
    ToReview,
    ToVisit,
    ToClose,
    Suspended,
    Warning,
    Overdue,
    Urged,
    Supervised,
}

const OPEN: [S; 7] = S::DISPATCHED_OPEN;

impl Queue {
    pub const ALL: [Queue; 14] = [
        Queue::Drafts,
        Queue::ReturnedToIntake,
        Queue::ToDispatch,
        Queue::ReturnRequests,
        Queue::ToSignFor,
        Queue::Processing,
        Queue::ToReview,
        Queue::ToVisit,
        Queue::ToClose,
        Queue::Suspended,
        Queue::Warning,
        Queue::Overdue,
        Queue::Urged,
        Queue::Supervised,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Drafts => "drafts",
            Queue::ReturnedToIntake => "returned_to_intake",
            Queue::ToDispatch => "to_dispatch",
            Queue::ReturnRequests => "return_requests",
            Queue::ToSignFor => "to_sign_for",
            Queue::Processing => "processing",
            Queue::ToReview => "to_review",
            Queue::ToVisit => "to_visit",
            Queue::ToClose => "to_close",
            Queue::Suspended => "suspended",
            Queue::Warning => "warning",
            Queue::Overdue => "overdue",
            Queue::Urged => "urged",
            Queue::Supervised => "supervised",
        }
    }

    pub fn parse(s: &str) -> ServiceResult<Queue> {
        Queue::ALL
            .into_iter()
            .find(|q| q.as_str() == s)
            .ok_or_else(|| ServiceError::invalid("queue", format!("未知队列 {s} / unknown queue")))
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Queue::Drafts => "草稿",
            Queue::ReturnedToIntake => "退回受理",
            Queue::ToDispatch => "待转办",
            Queue::ReturnRequests => "退单审核",
            Queue::ToSignFor => "待签收",
            Queue::Processing => "办理中",
            Queue::ToReview => "待审核",
            Queue::ToVisit => "待回访",
            Queue::ToClose => "待办结",
            Queue::Suspended => "挂起",
            Queue::Warning => "预警(黄牌)",
            Queue::Overdue => "超期(红牌)",
            Queue::Urged => "已催办",
            Queue::Supervised => "督办中",
        }
    }

    /// The roles that work this queue.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Queue::Drafts | Queue::ReturnedToIntake => &[Operator, ShiftLead],
            Queue::ToDispatch | Queue::ReturnRequests => &[Dispatcher, ShiftLead],
            Queue::ToSignFor | Queue::Processing => {
                &[UnitHandler, UnitAdmin, Dispatcher, Supervisor]
            }
            Queue::ToReview => &[Reviewer, ShiftLead],
            Queue::ToVisit | Queue::ToClose => &[VisitAgent, Operator, Reviewer],
            Queue::Suspended => &[Dispatcher, Supervisor],
            Queue::Warning | Queue::Overdue | Queue::Urged => {
                &[Supervisor, Dispatcher, Leader, UnitHandler, UnitAdmin]
            }
            Queue::Supervised => &[Supervisor, Leader, UnitHandler, UnitAdmin],
        }
    }

    fn filter(self, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> TicketFilter {
        let states = |s: &[S]| TicketFilter {
            states: s.to_vec(),
            ..Default::default()
        };
        let mut f = match self {
            Queue::Drafts => states(&[S::Draft]),
            Queue::ReturnedToIntake => states(&[S::ReturnedToIntake]),
            Queue::ToDispatch => states(&[S::PendingDispatch]),
            Queue::ReturnRequests => states(&[S::ReturnRequested]),
            Queue::ToSignFor => states(&[S::Dispatched]),
            Queue::Processing => states(&[S::Processing]),
            Queue::ToReview => states(&[S::PendingReview]),
            Queue::ToVisit => states(&[S::PendingVisit]),
            Queue::ToClose => states(&[S::Visited]),
            Queue::Suspended => states(&[S::Suspended]),
            Queue::Warning => TicketFilter {
                warn_before: Some(now),
                ..states(&OPEN)
            },
            Queue::Overdue => TicketFilter {
                due_before: Some(now),
                ..states(&OPEN)
            },
            Queue::Urged => TicketFilter {
                urged: true,
                ..states(&OPEN)
            },
            Queue::Supervised => TicketFilter {
                supervised: true,
                ..states(&OPEN)
            },
        };
        // A unit's queues hold its work: what it holds, and what it takes part in now (not a
        // ticket it gave back or that was taken from it, which it still sees in searches).
        if actor.is_unit_staff() {
            match self {
                Queue::ToSignFor | Queue::Processing => f.holder = actor.unit,
                _ => f.current_unit = actor.unit,
            }
            // What falls due after the unit's reply (the review, the return visit) is the
            // centre's, not the unit's: a late visit of a ticket it answered, or of each call
            // merged into it, is not the unit's overdue.
            if matches!(self, Queue::Warning | Queue::Overdue) {
                f.states = S::UNIT_WORK.to_vec();
            }
        }
        f
    }

    fn order(self) -> Order {
        match self {
            Queue::Warning | Queue::Overdue | Queue::ToSignFor | Queue::Processing => {
                Order::DueSoonest
            }
            _ => Order::Oldest,
        }
    }
}

/// A queue with its count, for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct QueueCount {
    pub queue: Queue,
    pub label: &'static str,
    pub count: u64,
}

impl App {
    /// The queues this person works, with live counts.
    pub async fn my_queues(&self, actor: &Actor) -> ServiceResult<Vec<QueueCount>> {
        let now = self.now();
        let mut out = Vec::new();
        for q in Queue::ALL.into_iter().filter(|q| actor.has_any(q.roles())) {
            let count = self.store.count(&q.filter(actor, now)).await?;
            out.push(QueueCount {
                queue: q,
                label: q.label_zh(),
                count,
            });
        }
        Ok(out)
    }

    /// One page of a queue, in the order it is worked.
    pub async fn queue(
        &self,
        actor: &Actor,
        queue: Queue,
        limit: u32,
        offset: u32,
    ) -> ServiceResult<(Vec<Ticket>, u64)> {
        if !actor.has_any(queue.roles()) {
            return Err(ServiceError::Forbidden(format!(
                "「{}」队列不属于您的角色 / not your queue",
                queue.label_zh()
            )));
        }
        let filter = queue.filter(actor, self.now());
        let (tickets, total) = self
            .store
            .search(
                &filter,
                Page {
                    limit: limit.clamp(1, 200),
                    offset,
                    order: queue.order(),
                },
            )
            .await?;
        let callers = self.callers_for_units(actor, &tickets).await?;
        let area_code = &self.reference().policy.area_code;
        let shown = crate::masking::as_seen_by(actor, tickets, &callers, area_code);
        Ok((shown, total))
    }
}
