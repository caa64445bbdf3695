//! The split build's naming and `index.html` rewriting, on made-up pieces.

use super::*;

fn pieces() -> Pieces {
    Pieces {
        glue: "import * as import1 from \"./__wasm_split.js\";\nconst imports = { \"./__wasm_split.js\": import1 };".into(),
        main_wasm: b"\0asm main".to_vec(),
        loader: "import { initSync } from \"./jobscope.js\";\nconst a = fetch(new URL(\"./split_drawer.wasm\", import.meta.url));".into(),
        chunks: BTreeMap::from([("split_drawer.wasm".to_owned(), b"\0asm drawer".to_vec())]),
    }
}

#[test]
fn every_file_is_named_by_its_content_and_the_loader_and_glue_name_each_other() {
    let named = name(&pieces()).unwrap();
    let loader = String::from_utf8(named.files[&named.loader].clone()).unwrap();
    let glue = String::from_utf8(named.files[&format!("{}.js", named.stem)].clone()).unwrap();
    let chunk = named
        .files
        .keys()
        .find(|file| file.starts_with("split_drawer-"))
        .unwrap();
    assert!(loader.contains(&format!("\"./{chunk}\"")), "{loader}");
    assert!(
        loader.contains(&format!("\"./{}.js\"", named.stem)),
        "{loader}"
    );
    assert!(
        glue.contains(&format!("from \"./{}\"", named.loader)),
        "{glue}"
    );
    // The wasm imports by its own module name: the import object's key stays.
    assert!(
        glue.contains("{ \"./__wasm_split.js\": import1 }"),
        "{glue}"
    );
    assert_eq!(named.files.len(), 4);
    // Names as the hosts' immutable-cache rule reads them: `name-<16 hex>.ext`.
    for file in named.files.keys() {
        let stem = file.split('.').next().unwrap().trim_end_matches("_bg");
        let hash = stem.rsplit_once('-').unwrap().1;
        assert_eq!(hash.len(), 16, "{file}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{file}");
    }
}

#[test]
fn a_changed_chunk_renames_it_and_the_loader_but_not_an_unchanged_chunk() {
    let mut two = pieces();
    two.chunks
        .insert("split_settings.wasm".into(), b"\0asm settings".to_vec());
    two.loader
        .push_str("fetch(new URL(\"./split_settings.wasm\", import.meta.url));");
    let before = name(&two).unwrap();
    two.chunks
        .insert("split_drawer.wasm".into(), b"\0asm drawer v2".to_vec());
    let after = name(&two).unwrap();
    let settings = |named: &Named| {
        named
            .files
            .keys()
            .find(|f| f.starts_with("split_settings-"))
            .cloned()
    };
    assert_eq!(settings(&before), settings(&after));
    assert_ne!(before.loader, after.loader);
}

#[test]
fn tools_that_stop_naming_a_file_fail_the_build() {
    let mut odd = pieces();
    odd.glue = "import * as import1 from \"./elsewhere.js\";".into();
    assert!(name(&odd).is_err());
    let mut odd = pieces();
    odd.loader = odd.loader.replace("split_drawer", "split_other");
    assert!(name(&odd).is_err());
}

#[test]
fn index_html_loads_the_split_files_with_fresh_integrity() {
    let named = name(&pieces()).unwrap();
    let old = "jobscope-cad58d104fdbcf78";
    let html = format!(
        "<head><script type=\"module\">import init from './{old}.js'; await init({{ module_or_path: './{old}_bg.wasm' }});</script>\
         <link rel=\"modulepreload\" href=\"./{old}.js\" crossorigin=\"anonymous\" integrity=\"sha384-OLD1\">\
         <link rel=\"preload\" href=\"./{old}_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-OLD2\" as=\"fetch\" type=\"application/wasm\"></head>"
    );
    let out = rewrite_html(&html, old, &named).unwrap();
    assert!(!out.contains(old), "{out}");
    assert!(!out.contains("OLD"), "{out}");
    let glue = format!("{}.js", named.stem);
    assert!(out.contains(&format!("'./{glue}'")));
    assert!(out.contains(&integrity(&named.files[&glue])));
    assert!(out.contains(&integrity(&named.files[&format!("{}_bg.wasm", named.stem)])));
    assert!(out.contains(&format!("href=\"./{}\"", named.loader)));
    assert!(rewrite_html("<head></head>", old, &named).is_err());
}
