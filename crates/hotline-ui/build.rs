//! Embeds htmx from the npm package `htmx.org` (pinned by `web/package-lock.json`, installed by
//! `scripts/web-deps.sh`) into the binary: nothing is fetched at build or run time.
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let src = manifest.join("../../web/node_modules/htmx.org/dist/htmx.min.js");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=../../web/package-lock.json");
    if !src.exists() {
        panic!(
            "\n\n{} is missing.\nInstall the front-end libraries from the lockfile first:\n    scripts/web-deps.sh\n(scripts/test.sh and scripts/demo.sh do this for you.)\n\n",
            src.display()
        );
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::copy(&src, out.join("htmx.min.js"))
        .unwrap_or_else(|e| panic!("copying {}: {e}", src.display()));
}
