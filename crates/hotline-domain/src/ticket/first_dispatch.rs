//! The first dispatch (一次转办) and its verdict: the figure 一次转办准确率 counts the tickets whose
//! first dispatch stood.
use serde::{Deserialize, Serialize};

use super::{AssignmentRole, Ticket, TicketState};
use crate::org::UnitId;

/// How the first dispatch went (一次转办准确率), decided once: it stood when its first main unit
/// answered the centre (or the ticket was handled again or reopened without a return), and
/// failed when that unit's return was approved or the centre sent the ticket to another unit
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstDispatch {
    /// Made, not decided: the first unit has the ticket or the centre has it back (a wrong
    /// merge undone) without a return.
    Open,
    Stood,
    Failed,
}

impl Ticket {
    /// The main unit of the first dispatch: the first main part given (sub-dispatches and
    /// later dispatches come after it).
    pub fn first_main_unit(&self) -> Option<UnitId> {
        self.assignments
            .iter()
            .find(|a| a.role == AssignmentRole::Main)
            .map(|a| a.unit)
    }

    /// Whether the first dispatch stood (一次转办准确). Once the first unit has answered it
    /// stood, whatever comes after (a 重办, a reopened ticket sent elsewhere, a return
    /// approved then). Before, it stands while the first main unit still has the ticket: not
    /// after its return was approved, nor while the ticket is back with the centre or gone to
    /// another unit. A dispatch made again to the same unit (after a wrong merge was undone,
    /// say) does not make the first one wrong.
    pub fn first_dispatch_stood(&self) -> bool {
        match self.first_dispatch_verdict() {
            Some(FirstDispatch::Stood) => true,
            Some(FirstDispatch::Failed) => false,
            Some(FirstDispatch::Open) => self.first_unit_holds(),
            // A snapshot from before the verdict was kept that the store has not folded again
            // (it does when it opens): judged by what it shows.
            None => self.dispatch_count > 0 && self.return_count == 0 && self.first_unit_holds(),
        }
    }

    /// Whether the first dispatch is still being decided: the first unit has the ticket and
    /// has not answered. A return it asked for then, still waiting, leaves the verdict open.
    pub fn first_dispatch_open(&self) -> bool {
        match self.first_dispatch_verdict() {
            Some(f) => f == FirstDispatch::Open,
            None => self.dispatch_count > 0 && self.return_count == 0,
        }
    }

    /// The first dispatch's verdict: as kept, or as a snapshot stored before verdicts were
    /// kept shows it (`verdict_in_snapshot`).
    pub fn first_dispatch_verdict(&self) -> Option<FirstDispatch> {
        self.first_dispatch.or_else(|| self.verdict_in_snapshot())
    }

    /// The verdict a ticket shows without its history: dispatched once to a unit that still
    /// has it, never returned, handled again or merged, its first dispatch stood if that unit
    /// has answered and is open if not. A reply from a sub-dispatched unit (to its parent)
    /// hides whether the first unit had answered before: not shown. Most tickets are such;
    /// the store folds the others' histories again when it opens (`hotline-store::refold`).
    /// Asked at every event of a ticket without a verdict: the cheap tests come first.
    pub fn verdict_in_snapshot(&self) -> Option<FirstDispatch> {
        if self.dispatch_count != 1
            || self.return_count != 0
            || self.rehandle_count != 0
            || self.merged_into.is_some()
        {
            return None;
        }
        let main = self.main_unit()?;
        if self.first_main_unit() != Some(main) {
            return None;
        }
        match &self.reply {
            None => Some(FirstDispatch::Open),
            Some(r) if r.unit == main => Some(FirstDispatch::Stood),
            Some(_) => None,
        }
    }

    /// The first dispatch's main unit is the main unit now, and the ticket is with units.
    fn first_unit_holds(&self) -> bool {
        !matches!(
            self.state,
            TicketState::PendingDispatch | TicketState::ReturnedToIntake
        ) && self.main_unit().is_some()
            && self.main_unit() == self.first_main_unit()
    }
}
