//! Merged tickets (并单) in the service: the other tickets an action writes with its own (a
//! merge's master, the master a merge undone leaves, the tickets merged into a master whose
//! answer or screening they follow: `lifecycle::follow`, and those a master merged into another
//! takes along), who may read merged tickets, and the
//! checks a merge or an archive of a merged ticket needs from the store.
use chrono::{DateTime, Utc};

use hotline_domain::event::{evolve, TicketEvent};
use hotline_domain::lifecycle::{self, ActionKind, Command};
use hotline_domain::org::Actor;
use hotline_domain::policy::Context;
use hotline_domain::ticket::{Location, Ticket, TicketId, TicketState};
use hotline_store::{IntakeChange, TicketChange};

use crate::tickets::can_see;
use crate::{App, Reference, ServiceError, ServiceResult};

/// How often a write of several tickets (a merge and its master, a master and its merged
/// tickets) is tried again when another write to one of the others wins the race.
pub(crate) const ATTEMPTS: u32 = 8;

/// The other tickets an action writes with its own, as stored now.
pub(crate) struct Partners {
    /// The master a merge goes into.
    master: Option<Ticket>,
    /// The master a merge undone (or a merge elsewhere) leaves.
    released: Option<Ticket>,
    /// The tickets merged into this one, when the action can end it.
    children: Vec<Ticket>,
    /// The tickets merged into this one, when it is merged into `master`: they go with it.
    moved: Vec<Ticket>,
}

impl Partners {
    pub(crate) fn is_empty(&self) -> bool {
        self.master.is_none()
            && self.released.is_none()
            && self.children.is_empty()
            && self.moved.is_empty()
    }

    /// The partners' writes for the action on `id`, which made `next` with `events`: a ticket
    /// merged into a master already answered takes the answer at once (added to `events`).
    pub(crate) fn changes(
        self,
        id: TicketId,
        next: &mut Ticket,
        events: &mut Vec<TicketEvent>,
        ctx: &Context,
    ) -> Vec<TicketChange> {
        let now = ctx.now;
        let mut changes = vec![];
        let to = self.master.as_ref().map(|m| m.id);
        if let Some(m) = self.master {
            let taken = lifecycle::follow(next, &m, &[], ctx);
            for e in &taken {
                evolve(next, e, now);
            }
            events.extend(taken);
            let mut received = vec![TicketEvent::MergeReceived { child: id }];
            // A master merged into another: its merged tickets are the other's now, and take
            // its answer as this one does.
            for child in self.moved {
                let mut moved = vec![TicketEvent::MergedInto {
                    master: m.id,
                    note: format!("随原主单 {} 改并", next.number),
                }];
                let mut after = child.clone();
                evolve(&mut after, &moved[0], now);
                moved.extend(lifecycle::follow(&after, &m, &[], ctx));
                received.push(TicketEvent::MergeReceived { child: child.id });
                changes.push(change_of(&child, moved, now));
            }
            changes.push(change_of(&m, received, now));
        }
        if let Some(m) = self.released {
            changes.push(change_of(
                &m,
                vec![TicketEvent::MergeReleased { child: id, to }],
                now,
            ));
        }
        for child in self.children {
            let taken = lifecycle::follow(&child, next, events, ctx);
            if !taken.is_empty() {
                changes.push(change_of(&child, taken, now));
            }
        }
        changes
    }
}

/// The write of `events` on `ticket` as loaded: another ticket an action changes with its own
/// (a merge's master, a master's merged tickets), or a change of the system's
/// (`deadlines`).
pub(crate) fn change_of(
    ticket: &Ticket,
    events: Vec<TicketEvent>,
    now: DateTime<Utc>,
) -> TicketChange {
    let mut next = ticket.clone();
    for e in &events {
        evolve(&mut next, e, now);
    }
    TicketChange {
        ticket: next,
        expected_version: ticket.version,
        events,
        attachments: vec![],
        intake: IntakeChange::Keep,
        article_use: None,
        check_places: false,
    }
}

impl App {
    /// The other tickets `cmd` on `ticket` writes, read now.
    pub(crate) async fn merge_partners(
        &self,
        ticket: &Ticket,
        cmd: &Command,
    ) -> ServiceResult<Partners> {
        let mut moved = vec![];
        let master = match cmd {
            Command::Merge { master, note } => {
                if ticket.merged.contains(master) {
                    return Err(ServiceError::invalid(
                        "master",
                        "所选主工单已并入本工单,不能把本工单并入它 / the master named is merged \
                         into this ticket: merge the other way, or undo that merge first",
                    ));
                }
                let m = self.merge_master(*master).await?;
                moved = self.merged_moving(ticket).await?;
                check_merge_reason(
                    &self.reference(),
                    ticket.category.as_deref(),
                    &ticket.elements.place,
                    &m,
                    note,
                )?;
                Some(m)
            }
            _ => None,
        };
        // A merge undone (拆单) leaves the master's list, and so does a ticket that followed its
        // master's answer and is handled again or reopened on its own (`decide` says it leaves)
        // and one merged into another now (stored before handling again released it).
        let released = match (cmd, ticket.merged_into) {
            (
                Command::Unmerge { .. } | Command::Rehandle { .. } | Command::Reopen { .. },
                Some(m),
            ) => self.store.ticket(m).await?,
            (Command::Merge { master, .. }, Some(m)) if *master != m => {
                self.store.ticket(m).await?
            }
            _ => None,
        };
        let ends = matches!(
            cmd.kind(),
            ActionKind::ReviewPass
                | ActionKind::DirectAnswer
                | ActionKind::NotAccept
                | ActionKind::EmergencyTransfer
        );
        let mut children = vec![];
        if ends {
            for child in &ticket.merged {
                children.extend(self.store.ticket(*child).await?);
            }
        }
        Ok(Partners {
            master,
            released,
            children,
            moved,
        })
    }

    /// The tickets merged into `ticket`, as stored now, that go with it into its master: each
    /// must still wait for an answer. One that took `ticket`'s answer already (its caller
    /// visited on it, or to be) keeps that answer, so the master stays where it is.
    async fn merged_moving(&self, ticket: &Ticket) -> ServiceResult<Vec<Ticket>> {
        let mut moving = Vec::with_capacity(ticket.merged.len());
        for id in &ticket.merged {
            let Some(child) = self.store.ticket(*id).await? else {
                continue;
            };
            if child.merged_into != Some(ticket.id) {
                continue;
            }
            if child.state != TicketState::Merged {
                return Err(ServiceError::invalid(
                    "ticket",
                    format!(
                        "并入本工单的工单 {}({})已随本工单答复,本工单不能再并入其他工单;\
                         可把另一工单并入本单 / {} took this ticket's answer already ({}): \
                         this ticket cannot be merged into another; merge the other into it",
                        child.number,
                        child.state.label_zh(),
                        child.number,
                        child.state.as_str()
                    ),
                ));
            }
            moving.push(child);
        }
        Ok(moving)
    }

    /// A merged ticket is archived only when its master ended without passing an answer on
    /// (merged before merged tickets followed their master): one still waiting would leave its
    /// caller unanswered.
    pub(crate) async fn check_archive(&self, ticket: &Ticket, cmd: &Command) -> ServiceResult<()> {
        let (Command::Archive, TicketState::Merged, Some(m)) =
            (cmd, ticket.state, ticket.merged_into)
        else {
            return Ok(());
        };
        match self.store.ticket(m).await? {
            Some(master) if !master.state.is_finished() => Err(ServiceError::invalid(
                "action",
                format!(
                    "本工单等待主工单 {} 的答复,不能归档;并错了请拆单 / this ticket waits for \
                     its master's answer",
                    master.number
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Whether `actor` may read `ticket`: `can_see`, or, for unit staff, a ticket merged into
    /// one their unit handles (in its handling chain): the other callers of the matter (masked
    /// as every ticket a unit sees), and their files.
    pub(crate) async fn may_read(&self, actor: &Actor, ticket: &Ticket) -> ServiceResult<bool> {
        if can_see(actor, ticket) {
            return Ok(true);
        }
        let Some(master) = ticket.merged_into else {
            return Ok(false);
        };
        // The units of the master's handling chain: not one that returned it or was only
        // whistled in.
        Ok(self
            .store
            .ticket(master)
            .await?
            .is_some_and(|m| actor.unit.is_some_and(|u| m.chain.contains(&u))))
    }

    /// The version an action built on `seen` is taken on: the ticket's own when all that
    /// happened since is other tickets merged into it or taken out (a burst of repeat calls
    /// must not turn the handling unit's reply or the review away), else `seen` (and a stale
    /// version is refused as such).
    ///
    /// Not for answering or screening out at intake: those end the merged tickets too, and the
    /// operator should see whose calls they end.
    pub(crate) async fn rebased(
        &self,
        ticket: &Ticket,
        seen: u64,
        cmd: &Command,
    ) -> ServiceResult<u64> {
        let ends_merged_unseen = matches!(
            cmd,
            Command::DirectAnswer { .. }
                | Command::NotAccept { .. }
                | Command::EmergencyTransfer { .. }
        );
        if seen >= ticket.version || seen == 0 || ends_merged_unseen {
            return Ok(seen);
        }
        let events = self.store.events(ticket.id).await?;
        let only_merges = events.iter().filter(|e| e.version > seen).all(|e| {
            matches!(
                e.event,
                TicketEvent::MergeReceived { .. } | TicketEvent::MergeReleased { .. }
            )
        });
        Ok(if only_merges { ticket.version } else { seen })
    }

    /// The ticket another is merged into, as stored now: it must exist and take merges.
    pub(crate) async fn merge_master(&self, master: TicketId) -> ServiceResult<Ticket> {
        let m = self
            .store
            .ticket(master)
            .await?
            .ok_or(ServiceError::invalid(
                "master",
                "主工单不存在 / unknown master ticket",
            ))?;
        // One merged into another, or that took another master's answer, is no master:
        // merges stay one level deep, and the way on is its own master.
        if let Some(top) = m.merged_into {
            let top = self.store.ticket(top).await?;
            let number = top
                .as_ref()
                .map_or_else(|| "?".to_string(), |t| t.number.clone());
            // Pointed on only to a master that takes merges: one that has ended cannot.
            return Err(ServiceError::invalid(
                "master",
                match top.filter(|t| t.state.takes_merges()) {
                    Some(_) => format!(
                        "工单 {} 已并入工单 {number},请并入该单 / merge into its master {number}",
                        m.number
                    ),
                    None => format!(
                        "工单 {} 已并入工单 {number},该单已不能再并入;请作为新诉求登记转办 / \
                         it is merged into {number}, which takes no more merges: record this \
                         call as a matter of its own",
                        m.number
                    ),
                },
            ));
        }
        if !m.state.takes_merges() {
            return Err(ServiceError::invalid(
                "master",
                format!(
                    "主工单状态为「{}」,不能并入 / the master ticket is {} and takes no merges",
                    m.state.label_zh(),
                    m.state.as_str()
                ),
            ));
        }
        Ok(m)
    }
}

/// Tickets of different first-level categories, or at different places, are rarely one
/// matter: merging them needs a reason (a wrong merge leaves a caller with another matter's
/// answer). Places differ when both tickets name a community (else a street, else a district)
/// and those are not the same.
pub(crate) fn check_merge_reason(
    r: &Reference,
    category: Option<&str>,
    place: &Location,
    master: &Ticket,
    note: &str,
) -> ServiceResult<()> {
    // A note of invisible characters or punctuation only says nothing.
    if hotline_domain::text::says_something(note) {
        return Ok(());
    }
    let first = |c: &str| c.get(..2).unwrap_or(c).to_string();
    if let (Some(own), Some(theirs)) = (category, master.category.as_deref()) {
        if first(own) != first(theirs) {
            return Err(ServiceError::invalid(
                "note",
                format!(
                    "本工单与主工单 {} 的类别不同,并单须写明原因 / the master is of another \
                     category: say why they are one matter",
                    master.number
                ),
            ));
        }
    }
    let theirs = &master.elements.place;
    let level = |l: &Location| [l.community.clone(), l.street.clone(), l.district.clone()];
    let differing = level(place)
        .into_iter()
        .zip(level(theirs))
        .find_map(|pair| match pair {
            (Some(a), Some(b)) => Some((a != b).then_some((a, b))),
            _ => None,
        })
        .flatten();
    if let Some((own, other)) = differing {
        let name = |code: &str| {
            r.places
                .get(code)
                .map_or(code.to_string(), |p| p.name.clone())
        };
        return Err(ServiceError::invalid(
            "note",
            format!(
                "本工单地点({})与主工单 {}({})不同,并单须写明原因 / the master is at another \
                 place: say why they are one matter",
                name(&own),
                master.number,
                name(&other)
            ),
        ));
    }
    Ok(())
}
