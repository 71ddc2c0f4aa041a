//! Deadlines projected again when the calendar changes: a year's holidays loaded, or the working
//! hours changed. A running clock's due and warning times were projected on the calendar of the
//! day it started (over a year not yet loaded, Monday to Friday guessed); each ticket whose
//! times now fall elsewhere is written with a `ClockSet` per changed clock, so its history
//! still folds to it, and its queue columns follow.
use hotline_domain::clock::ClockKind;
use hotline_domain::event::TicketEvent;
use hotline_domain::org::Actor;
use hotline_domain::ticket::{Ticket, TicketId, TicketState};
use hotline_store::{StoreError, TicketFilter};

use crate::tickets::recorded;
use crate::{App, ServiceResult};

/// Tickets read at a time.
const BATCH: u32 = 500;
/// Writes of one ticket tried before it is left, logged (someone acting on it at the same
/// moment each time); loading the year again projects what was left.
const ATTEMPTS: usize = 3;

impl App {
    /// Project again every running clock on the calendar in force now (call after `reload`);
    /// returns how many tickets changed. It runs as a task of its own: a request that asked
    /// for it and then went away (a browser closed, a proxy's time-out) does not stop it
    /// halfway. A failure is logged: the change it follows is saved, and the next load does
    /// what is left.
    pub(crate) async fn reproject_deadlines(&self, actor: &Actor) -> u64 {
        let (app, actor) = (self.clone(), actor.clone());
        let task = tokio::spawn(async move { app.reproject_all(&actor).await });
        match task.await {
            Ok(Ok(changed)) => changed,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "deadlines not projected on the new calendar");
                0
            }
            Err(e) => {
                tracing::error!(error = %e, "projecting deadlines stopped");
                0
            }
        }
    }

    async fn reproject_all(&self, actor: &Actor) -> ServiceResult<u64> {
        let filter = TicketFilter {
            states: TicketState::DISPATCHED_OPEN.to_vec(),
            ..TicketFilter::default()
        };
        let mut after = TicketId(0);
        let mut changed = 0;
        loop {
            let batch = self.store.scan(&filter, after, BATCH).await?;
            let Some(last) = batch.last().map(|t| t.id) else {
                break;
            };
            for ticket in batch {
                if self.reproject(actor, ticket).await? {
                    changed += 1;
                }
            }
            after = last;
        }
        if changed > 0 {
            tracing::info!(tickets = changed, "deadlines projected on the new calendar");
        }
        Ok(changed)
    }

    /// Write `ticket` with its clocks projected again, if any moves; tried again on a newer
    /// version read afresh. Whether it was written.
    async fn reproject(&self, actor: &Actor, mut ticket: Ticket) -> ServiceResult<bool> {
        for _ in 0..ATTEMPTS {
            let now = self.now();
            let events: Vec<TicketEvent> = {
                let r = self.reference();
                (ticket.clocks.iter())
                    .filter_map(|(kind, c)| c.reprojected(&r.calendar).map(|c| (kind, c)))
                    .map(|(kind, c): (ClockKind, _)| TicketEvent::ClockSet {
                        kind,
                        clock: Some(Box::new(c)),
                    })
                    .collect()
            };
            if events.is_empty() {
                return Ok(false);
            }
            let change = crate::merges::change_of(&ticket, events, now);
            match self
                .store
                .save_tickets(vec![change], recorded(actor, now))
                .await
            {
                Ok(_) => return Ok(true),
                Err(StoreError::Conflict { .. }) => match self.store.ticket(ticket.id).await? {
                    Some(fresh) => ticket = fresh,
                    None => return Ok(false),
                },
                Err(e) => return Err(e.into()),
            }
        }
        tracing::warn!(
            ticket = ticket.id.0,
            "deadlines not projected again: kept changing"
        );
        Ok(false)
    }
}
