//! The `hotline` binary, black-box: each test runs the compiled binary (`CARGO_BIN_EXE_hotline`)
//! on a fresh SQLite file in a temporary directory (one also on PostgreSQL when
//! `HOTLINE_TEST_DATABASE_URL` is set) and talks to `serve` over HTTP. Every child process is
//! killed when its test ends, also on failure.
mod bench;
mod calendar;
mod crash;
mod demo;
mod knowledge;
mod migrate;
mod pg;
mod places;
mod route;
mod serve;
mod support;
mod users;
