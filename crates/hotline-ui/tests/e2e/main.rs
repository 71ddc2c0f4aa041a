//! End-to-end tests in a real browser: headless Chromium, driven through ChromeDriver, against
//! the real server and database, as the hotline's people use it. Screenshots of the main pages
//! are saved under `target/screenshots/`.
mod admin;
mod desk;
mod fixtures;
mod gazetteer;
mod intake;
mod knowledge;
mod returns;
mod roles;
mod security;
mod support;
mod timing;
mod visits;
mod walkthrough;
