//! Names the stylesheet of the parts a click away (`style/parts.css`) by its content hash at
//! compile time: `JOBSCOPE_PARTS_CSS=parts-<16 hex>.css`, read by
//! `src/components/parts_style.rs`. The build's post-build step writes the file under the
//! same name (`xtask/src/parts_css.rs`) with the same function, compiled from the same file.

#[path = "xtask/src/asset_name.rs"]
mod asset_name;

use asset_name::{PARTS_CSS_SOURCE, parts_css_name};

fn main() {
    println!("cargo::rerun-if-changed={PARTS_CSS_SOURCE}");
    println!("cargo::rerun-if-changed=xtask/src/asset_name.rs");
    let bytes = std::fs::read(PARTS_CSS_SOURCE)
        .unwrap_or_else(|error| panic!("cannot read {PARTS_CSS_SOURCE}: {error}"));
    println!(
        "cargo::rustc-env=JOBSCOPE_PARTS_CSS={}",
        parts_css_name(&bytes)
    );
}
