//! The instant-answer rate (即时答复率), period by period: of the consultations recorded, how many
//! were answered on the spot (直接答复) and stand so (a reopened one no longer counts); beside it,
//! the direct answers of every kind and how many of them had a knowledge article used on the
//! ticket, and how many tickets of any kind had one. Drafts and tickets merged into another are
//! not counted: the one is not yet recorded, the other is counted as its master.
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use hotline_domain::org::Actor;
use hotline_domain::ticket::TicketKind;
use hotline_store::AnswerCount;

use crate::figures::{
    local_midnight, period_start, period_starts, ratio, require_figure_role, Bucket, FiguresQuery,
};
use crate::{App, ServiceResult};

/// The counts of one period (or of the whole range).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AnswerPeriod {
    /// First day of the period.
    pub start: NaiveDate,
    /// Tickets recorded.
    pub tickets: u64,
    /// Consultations (咨询) recorded…
    pub consultations: u64,
    /// …of which answered on the spot.
    pub consultations_answered: u64,
    /// 即时答复率: `consultations_answered / consultations`.
    pub instant_answer_rate: Option<f64>,
    /// Tickets of every kind answered on the spot…
    pub answered_directly: u64,
    /// …of which with a knowledge article used on the ticket.
    pub answered_from_knowledge: u64,
    /// `answered_from_knowledge / answered_directly`.
    pub knowledge_share: Option<f64>,
    /// Tickets of any kind, answered on the spot or not, with a knowledge article used.
    pub knowledge_used: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub bucket: Bucket,
    pub periods: Vec<AnswerPeriod>,
    pub total: AnswerPeriod,
}

impl AnswerPeriod {
    fn count(&mut self, c: &AnswerCount) {
        let n = c.tickets;
        self.tickets += n;
        if c.kind == TicketKind::Consultation {
            self.consultations += n;
            if c.answered_directly {
                self.consultations_answered += n;
            }
        }
        if c.answered_directly {
            self.answered_directly += n;
            if c.knowledge_used {
                self.answered_from_knowledge += n;
            }
        }
        if c.knowledge_used {
            self.knowledge_used += n;
        }
    }

    fn merge(&mut self, o: &AnswerPeriod) {
        self.tickets += o.tickets;
        self.consultations += o.consultations;
        self.consultations_answered += o.consultations_answered;
        self.answered_directly += o.answered_directly;
        self.answered_from_knowledge += o.answered_from_knowledge;
        self.knowledge_used += o.knowledge_used;
    }

    fn finish(mut self) -> AnswerPeriod {
        self.instant_answer_rate = ratio(self.consultations_answered, self.consultations);
        self.knowledge_share = ratio(self.answered_from_knowledge, self.answered_directly);
        self
    }
}

/// The counts grouped into the periods of `from..=to`, every period listed, and their total.
fn group(
    counts: &[AnswerCount],
    from: NaiveDate,
    to: NaiveDate,
    bucket: Bucket,
) -> (Vec<AnswerPeriod>, AnswerPeriod) {
    let mut periods: BTreeMap<NaiveDate, AnswerPeriod> = period_starts(from, to, bucket)
        .into_iter()
        .map(|start| {
            let p = AnswerPeriod {
                start,
                ..AnswerPeriod::default()
            };
            (start, p)
        })
        .collect();
    for c in counts.iter().filter(|c| (from..=to).contains(&c.day)) {
        if let Some(p) = periods.get_mut(&period_start(c.day, bucket)) {
            p.count(c);
        }
    }
    let mut total = AnswerPeriod {
        start: from,
        ..AnswerPeriod::default()
    };
    for p in periods.values() {
        total.merge(p);
    }
    (
        periods.into_values().map(AnswerPeriod::finish).collect(),
        total.finish(),
    )
}

impl App {
    /// The instant-answer figures for tickets created in a range of local days, for
    /// `FIGURE_ROLES`.
    pub async fn answer_figures(
        &self,
        actor: &Actor,
        q: FiguresQuery,
    ) -> ServiceResult<AnswerFigures> {
        require_figure_role(actor)?;
        let (from, to) = q.range(self.today())?;
        let counts = self
            .store
            .answer_counts(local_midnight(from), local_midnight(to + Duration::days(1)))
            .await?;
        let (periods, total) = group(&counts, from, to, q.bucket);
        Ok(AnswerFigures {
            from,
            to,
            bucket: q.bucket,
            periods,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn count(d: NaiveDate, kind: TicketKind, direct: bool, knowledge: bool, n: u64) -> AnswerCount {
        AnswerCount {
            day: d,
            kind,
            answered_directly: direct,
            knowledge_used: knowledge,
            tickets: n,
        }
    }

    #[test]
    fn consultations_answered_on_the_spot_make_the_rate() {
        use TicketKind::{Complaint, Consultation};
        // Monday 2026-11-16 to Sunday 2026-11-29: two weeks.
        let counts = [
            count(day(11, 16), Consultation, true, true, 6),
            count(day(11, 16), Consultation, true, false, 2),
            count(day(11, 17), Consultation, false, false, 2),
            count(day(11, 17), Complaint, true, false, 1),
            count(day(11, 18), Complaint, false, true, 3),
            // Outside the range: left out.
            count(day(11, 30), Consultation, true, true, 50),
        ];
        let (periods, total) = group(&counts, day(11, 16), day(11, 29), Bucket::Week);
        assert_eq!(periods.len(), 2, "the empty second week is listed");
        let w = &periods[0];
        assert_eq!(
            (w.tickets, w.consultations, w.consultations_answered),
            (14, 10, 8)
        );
        assert_eq!(w.instant_answer_rate, Some(0.8));
        assert_eq!((w.answered_directly, w.answered_from_knowledge), (9, 6));
        assert_eq!(w.knowledge_share, Some(0.6667));
        assert_eq!(w.knowledge_used, 9);
        assert_eq!(periods[1].tickets, 0);
        assert_eq!(
            periods[1].instant_answer_rate, None,
            "no consultations, no rate"
        );
        assert_eq!(total.tickets, 14);
        assert_eq!(total.instant_answer_rate, Some(0.8));
    }
}
