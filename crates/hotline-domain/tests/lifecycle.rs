//! The ticket state machine, end to end through its public API: the permission table for every
//! state, action and kind of actor; the paths a ticket takes; and random command sequences that
//! must never break the ticket's invariants.
mod common;

#[path = "lifecycle/handling.rs"]
mod handling;
#[path = "lifecycle/intake.rs"]
mod intake;
#[path = "lifecycle/invariants.rs"]
mod invariants;
#[path = "lifecycle/merges.rs"]
mod merges;
#[path = "lifecycle/table.rs"]
mod table;
#[path = "lifecycle/visits.rs"]
mod visits;
