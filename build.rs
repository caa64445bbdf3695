//! Names the stylesheet of the parts a click away (`style/parts.css`) by its content hash at
//! compile time: `JOBSCOPE_PARTS_CSS=parts-<16 hex>.css`, read by
//! `src/components/parts_style.rs`. The build's post-build step writes the file under the
//! same name (`xtask/src/parts_css.rs`) with the same function, compiled from the same file.

#[path = "xtask/src/asset_name.rs"]
mod asset_name;

/// The stylesheet, from the package's root.
const SOURCE: &str = "style/parts.css";

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    println!("cargo::rerun-if-changed=xtask/src/asset_name.rs");
    let bytes =
        std::fs::read(SOURCE).unwrap_or_else(|error| panic!("cannot read {SOURCE}: {error}"));
    println!(
        "cargo::rustc-env=JOBSCOPE_PARTS_CSS={}",
        asset_name::hashed_name("parts.css", &bytes)
    );
}
