//! How routing fared, period by period: first-dispatch accuracy (一次转办准确率: tickets whose
//! first dispatch stood: the first unit answered, without its return approved or the ticket
//! sent elsewhere before, `Ticket::first_dispatch_stood`), and how often the
//! suggestions stored at intake were taken (the unit of the first dispatch, the final category).
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use hotline_domain::calendar::china_offset;
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Ticket, TicketId, TicketState};
use hotline_store::{IntakeRecord, TicketFilter};

use crate::figures::{local_midnight, period_start, period_starts, ratio, require_figure_role};
pub use crate::figures::{Bucket, FiguresQuery, MAX_DAYS};
use crate::{App, ServiceResult};

const SCAN_PAGE: u32 = 2000;

/// The counts of one period (or of the whole range).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Period {
    /// First day of the period.
    pub start: NaiveDate,
    /// Tickets recorded (as the instant-answer figures count them: not drafts, and not
    /// tickets merged into another, which count as their master).
    pub tickets: u64,
    /// Dispatched at least once, and not waiting for a decision on the first unit's return.
    pub dispatched: u64,
    /// …of which the first dispatch stood.
    pub first_dispatch_correct: u64,
    pub first_dispatch_accuracy: Option<f64>,
    /// Dispatched tickets whose intake record suggested a unit…
    pub unit_suggested: u64,
    /// …and the first dispatch went to that unit.
    pub unit_accepted: u64,
    pub unit_acceptance: Option<f64>,
    /// Tickets with a category whose intake record suggested one…
    pub category_suggested: u64,
    /// …and the ticket's category is that one (or below it).
    pub category_accepted: u64,
    pub category_acceptance: Option<f64>,
    /// Model versions behind this period's suggestions.
    pub models: BTreeSet<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub bucket: Bucket,
    pub periods: Vec<Period>,
    pub total: Period,
}

impl Period {
    fn count(&mut self, t: &Ticket, record: Option<&IntakeRecord>) {
        self.tickets += 1;
        // A return the first unit asked for, still waiting, leaves the verdict to come.
        let undecided = t.state == TicketState::ReturnRequested && t.first_dispatch_open();
        let dispatched = t.dispatch_count > 0 && !undecided;
        if dispatched {
            self.dispatched += 1;
            self.first_dispatch_correct += u64::from(t.first_dispatch_stood());
        }
        let Some(r) = record else { return };
        if let Some(v) = r.model_version {
            self.models.insert(v);
        }
        if let (true, Some(unit)) = (dispatched, r.unit) {
            self.unit_suggested += 1;
            self.unit_accepted += u64::from(t.first_main_unit() == Some(unit));
        }
        if let (Some(suggested), Some(actual)) = (&r.category, &t.category) {
            self.category_suggested += 1;
            self.category_accepted += u64::from(actual.starts_with(suggested.as_str()));
        }
    }

    fn merge(&mut self, o: &Period) {
        self.tickets += o.tickets;
        self.dispatched += o.dispatched;
        self.first_dispatch_correct += o.first_dispatch_correct;
        self.unit_suggested += o.unit_suggested;
        self.unit_accepted += o.unit_accepted;
        self.category_suggested += o.category_suggested;
        self.category_accepted += o.category_accepted;
        self.models.extend(o.models.iter().copied());
    }

    fn finish(mut self) -> Period {
        self.first_dispatch_accuracy = ratio(self.first_dispatch_correct, self.dispatched);
        self.unit_acceptance = ratio(self.unit_accepted, self.unit_suggested);
        self.category_acceptance = ratio(self.category_accepted, self.category_suggested);
        self
    }
}

impl App {
    /// Routing figures for tickets created in a range of local days, for `FIGURE_ROLES`.
    pub async fn route_figures(
        &self,
        actor: &Actor,
        q: FiguresQuery,
    ) -> ServiceResult<RouteFigures> {
        require_figure_role(actor)?;
        let (from, to) = q.range(self.today())?;
        let filter = TicketFilter {
            created_from: Some(local_midnight(from)),
            created_to: Some(local_midnight(to + Duration::days(1))),
            ..TicketFilter::default()
        };
        let mut periods: BTreeMap<NaiveDate, Period> = BTreeMap::new();
        let mut after = self
            .scan_start(local_midnight(from))
            .await?
            .unwrap_or(TicketId(i64::MAX));
        loop {
            let page = self.store.scan(&filter, after, SCAN_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let ids: Vec<TicketId> = page.iter().map(|t| t.id).collect();
            let records: HashMap<TicketId, IntakeRecord> =
                self.store.intake_records(&ids).await?.into_iter().collect();
            for t in &page {
                let day = t.created_at.with_timezone(&china_offset()).date_naive();
                // As the instant-answer figures count: a draft is not yet recorded, a ticket
                // merged into another is counted as its master.
                let counted = t.state != TicketState::Draft && t.merged_into.is_none();
                if day < from || day > to || !counted {
                    continue;
                }
                let start = period_start(day, q.bucket);
                periods
                    .entry(start)
                    .or_insert_with(|| Period {
                        start,
                        ..Period::default()
                    })
                    .count(t, records.get(&t.id));
            }
            if page.len() < SCAN_PAGE as usize {
                break;
            }
        }
        // Every period of the range is listed, empty ones too, so a chart shows a gap as a gap.
        for start in period_starts(from, to, q.bucket) {
            periods.entry(start).or_insert_with(|| Period {
                start,
                ..Period::default()
            });
        }
        let mut total = Period {
            start: from,
            ..Period::default()
        };
        for p in periods.values() {
            total.merge(p);
        }
        Ok(RouteFigures {
            from,
            to,
            bucket: q.bucket,
            periods: periods.into_values().map(Period::finish).collect(),
            total: total.finish(),
        })
    }
}
