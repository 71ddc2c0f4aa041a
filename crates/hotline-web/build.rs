//! Embeds Swagger UI from the npm package `swagger-ui-dist` (installed from `web/package-lock.json`
//! by `npm ci --prefix web`) into the binary, so nothing is fetched at build or run time.
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dist = manifest.join("../../web/node_modules/swagger-ui-dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed=../../web/package-lock.json");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for file in ["swagger-ui-bundle.js", "swagger-ui.css"] {
        let src = dist.join(file);
        if !src.exists() {
            panic!(
                "\n\n{} is missing.\nInstall the front-end libraries from the lockfile first:\n    scripts/web-deps.sh   (npm ci in web/)\n(scripts/test.sh and scripts/demo.sh do this for you.)\n\n",
                src.display()
            );
        }
        std::fs::copy(&src, out.join(file))
            .unwrap_or_else(|e| panic!("copying {}: {e}", src.display()));
    }
}
