//! The 12345 hotline domain: tickets and their lifecycle, the organisation, categories and the
//! responsibility list, the working-day calendar and the clocks. Pure: no I/O, no async.
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod calendar;
pub mod caller;
pub mod category;
pub mod clock;
pub mod error;
pub mod event;
pub mod knowledge;
pub mod lifecycle;
pub mod org;
pub mod policy;
pub mod text;
pub mod ticket;

pub use error::DomainError;
