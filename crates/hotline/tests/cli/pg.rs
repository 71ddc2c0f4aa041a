//! A throwaway PostgreSQL database for one test, made and dropped through the server's `postgres`
//! database, as the store's conformance suite does. Without `HOTLINE_TEST_DATABASE_URL` the test
//! is skipped, except under `CI`, where skipping would hide a broken setup.
use std::time::{SystemTime, UNIX_EPOCH};

use tokio_postgres::{Config, NoTls};

const DATABASE_URL: &str = "HOTLINE_TEST_DATABASE_URL";

/// The server to make scratch databases on, or `None` (with a note) when the test should skip.
pub fn server_url() -> Option<String> {
    let url = std::env::var(DATABASE_URL)
        .ok()
        .filter(|u| !u.trim().is_empty());
    if url.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("{DATABASE_URL} is not set: the PostgreSQL tests must run in CI (eval \"$(scripts/pg.sh)\" starts one)");
        }
        println!("skipped: set {DATABASE_URL} to run the PostgreSQL CLI test (eval \"$(scripts/pg.sh)\")");
    }
    url
}

pub struct ScratchDatabase {
    admin: tokio_postgres::Client,
    name: String,
    /// The server's URL with the scratch database in place of its database.
    pub url: String,
}

impl ScratchDatabase {
    pub async fn create(server: &str) -> ScratchDatabase {
        let mut admin_config: Config = server
            .parse()
            .unwrap_or_else(|e| panic!("{DATABASE_URL} does not parse: {e}"));
        admin_config.dbname("postgres");
        let (admin, connection) = admin_config.connect(NoTls).await.unwrap_or_else(|e| {
            panic!("cannot connect to the postgres database of {DATABASE_URL}: {e:?}")
        });
        tokio::spawn(connection);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!("hotline_cli_{}_{nanos}", std::process::id());
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE: {e:?}"));
        let url = with_database(server, &name);
        ScratchDatabase { admin, name, url }
    }

    pub async fn drop_database(self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = self.admin.batch_execute(&sql).await {
            eprintln!("could not drop the test database {}: {e:?}", self.name);
        }
    }
}

/// `postgres://user@host:port/db?opts` with `name` as the database (the binary takes a URL).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[test]
fn a_scratch_url_keeps_the_server_and_options_and_swaps_the_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:54329/postgres", "x"),
        "postgres://postgres@127.0.0.1:54329/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgresql://h:5432", "x"),
        "postgresql://h:5432/x"
    );
}
