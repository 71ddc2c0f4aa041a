mod build;
pub mod city;
mod history;
pub mod knowledge;
pub mod texts;

pub use build::{
    accounts, build, disable_demo_accounts, is_empty, unfinished, DemoAccount, DEMO_PASSWORD,
    DEMO_PREFIX,
};
pub use history::{actor_with_role, sample_ticket};
