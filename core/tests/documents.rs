//! The README's contract tables agree with the core: a new error code fails here until it is
//! documented.

use std::path::PathBuf;

fn readme() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn readme_lists_every_error_code_in_order() {
    let text = readme();
    let section = text
        .split("## Errors")
        .nth(1)
        .expect("README has an Errors section");
    let paragraph = section
        .split("all languages:")
        .nth(1)
        .and_then(|rest| rest.split("HTTP errors also carry").next())
        .expect("README lists the codes after 'all languages:'");
    let listed: Vec<&str> = paragraph
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains(' '))
        .collect();
    assert_eq!(listed, yoti_age::Error::CODES);
}
