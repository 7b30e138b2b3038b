//! The surveys as data (`content/surveys/*.toml`): read with the rest of
//! the content, each checked (`Survey::problems`); a mistake stops the
//! start naming the file.

use anyhow::{bail, Context};
use app::surveys::model::Survey;
use std::path::Path;

pub fn load_surveys(content_dir: &Path) -> anyhow::Result<Vec<Survey>> {
    let folder = content_dir.join("surveys");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    files.sort();
    let mut surveys = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let survey: Survey = toml::from_str(&text).with_context(|| format!("{} is not a survey", file.display()))?;
        let problems = survey.problems();
        if !problems.is_empty() {
            bail!("{}: {}", file.display(), problems.join("; "));
        }
        if file.file_stem().and_then(|stem| stem.to_str()) != Some(survey.slug.as_str()) {
            bail!("{}: the file is named after its slug, {}", file.display(), survey.slug);
        }
        surveys.push(survey);
    }
    Ok(surveys)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_repositorys_surveys_are_well_formed() {
        let surveys = super::load_surveys(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")).unwrap();
        assert!(!surveys.is_empty());
    }
}
