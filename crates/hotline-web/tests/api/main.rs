//! Black-box tests of the HTTP API: each test spawns the real router on a free port over a fresh
//! SQLite database holding the demo city, and drives it over HTTP as the hotline's people would.
mod admin;
mod analyze;
mod attachments;
mod health;
mod intake;
mod intake_records;
mod knowledge;
mod knowledge_search;
mod knowledge_transfer;
mod knowledge_versions;
mod lexicon;
mod merges;
mod open311;
mod places;
mod refusals;
mod repeats;
mod returns;
mod routing;
mod scope_rules;
mod search;
mod servers;
mod sign_in;
mod suggestions;
mod support;
mod visibility;
mod walkthrough;
