//! The Comune's street list (`content/streets.toml`): the streets a report's
//! place may name, read once per process with the rest of the content.

use anyhow::{ensure, Context};
use std::path::Path;

#[derive(serde::Deserialize)]
struct StreetFile {
    street: Vec<StreetEntry>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)] // the hamlet is for the clerks who keep the file
struct StreetEntry {
    name: String,
    hamlet: String,
}

/// The streets' names, sorted as Italian readers look them up (by the name
/// after "via", "piazza"…), each once.
pub fn load_streets(content_dir: &Path) -> anyhow::Result<Vec<String>> {
    let path = content_dir.join("streets.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: StreetFile = toml::from_str(&text).with_context(|| format!("{} is not a street list", path.display()))?;
    let mut names: Vec<String> = file.street.into_iter().map(|street| street.name.trim().to_string()).collect();
    ensure!(names.iter().all(|name| !name.is_empty() && name.chars().count() <= 100), "{}: a street's name is empty or too long", path.display());
    names.sort_by_key(|name| sort_key(name));
    let count = names.len();
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    ensure!(names.len() == count, "{} names a street twice", path.display());
    Ok(names)
}

fn sort_key(name: &str) -> (String, String) {
    let lower = name.to_lowercase();
    let (kind, rest) = lower.split_once(' ').unwrap_or(("", &lower));
    (rest.to_string(), kind.to_string())
}
