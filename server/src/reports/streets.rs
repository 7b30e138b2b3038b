//! The Comune's street list (`content/streets.toml`): the streets a report's
//! place may name and the hamlets they are in, read once per process with the
//! rest of the content; the rules are `app::reports::streets`.

use anyhow::{anyhow, Context};
use app::reports::streets::StreetList;
use std::path::Path;

#[derive(serde::Deserialize)]
struct StreetFile {
    street: Vec<StreetEntry>,
    hamlet: Vec<HamletEntry>,
}

#[derive(serde::Deserialize)]
struct StreetEntry {
    name: String,
    hamlet: String,
}

#[derive(serde::Deserialize)]
struct HamletEntry {
    name: String,
    latitude: String,
    longitude: String,
}

pub fn load_streets(content_dir: &Path) -> anyhow::Result<StreetList> {
    let path = content_dir.join("streets.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: StreetFile = toml::from_str(&text).with_context(|| format!("{} is not a street list", path.display()))?;
    let streets: Vec<(String, String)> = file.street.into_iter().map(|street| (street.name, street.hamlet)).collect();
    let hamlets: Vec<(String, String, String)> = file.hamlet.into_iter().map(|hamlet| (hamlet.name, hamlet.latitude, hamlet.longitude)).collect();
    StreetList::new(&streets, &hamlets).map_err(|problem| anyhow!("{}: {problem}", path.display()))
}
