//! The tenant's maintenance rules (`content/maintenance.toml`): the notice
//! the banner gives, the guard around significant deadlines, and the
//! deadlines; read once per process with the rest of the content.

use anyhow::{anyhow, Context};
use app::maintenance::model::{Deadline, DeadlineDay, MaintenanceRules};
use std::path::Path;
use time::{Date, Month};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    notice_days: u32,
    guard_days: u32,
    deadline: Vec<DeadlineEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineEntry {
    name: Names,
    every_year: Option<String>,
    date: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    it: String,
    en: String,
}

fn deadline_day(entry: &DeadlineEntry) -> anyhow::Result<DeadlineDay> {
    match (&entry.every_year, &entry.date) {
        (Some(month_day), None) => {
            let (month, day) = month_day.split_once('-').ok_or_else(|| anyhow!("every_year is MM-DD, not {month_day}"))?;
            let month = Month::try_from(month.parse::<u8>()?).map_err(|_| anyhow!("no month {month}"))?;
            let day: u8 = day.parse()?;
            // 2028 is a leap year: every day of the calendar exists in it.
            Date::from_calendar_date(2028, month, day).map_err(|_| anyhow!("no day {month_day}"))?;
            Ok(DeadlineDay::EveryYear { month, day })
        }
        (None, Some(date)) => Ok(DeadlineDay::Once(
            app::practices::validation::parse_date(date)
                .filter(|_| date.len() == 10 && date.as_bytes()[4] == b'-')
                .ok_or_else(|| anyhow!("date is YYYY-MM-DD, not {date}"))?,
        )),
        _ => Err(anyhow!("a deadline has either every_year (MM-DD) or date (YYYY-MM-DD)")),
    }
}

pub fn load_rules(content_dir: &Path) -> anyhow::Result<MaintenanceRules> {
    let path = content_dir.join("maintenance.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: RulesFile = toml::from_str(&text).with_context(|| format!("{} is not a maintenance calendar", path.display()))?;
    let deadlines = file
        .deadline
        .iter()
        .map(|entry| {
            Ok(Deadline { name_it: entry.name.it.clone(), name_en: entry.name.en.clone(), day: deadline_day(entry).with_context(|| entry.name.it.clone())? })
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .with_context(|| format!("{}", path.display()))?;
    Ok(MaintenanceRules { notice_days: file.notice_days, guard_days: file.guard_days, deadlines })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_repository_calendar_reads_and_names_imu_in_june_and_december() {
        let rules = super::load_rules(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")).unwrap();
        assert!(rules.notice_days >= 1 && rules.guard_days >= 1);
        let june = rules.deadline_near(&[time::macros::date!(2027 - 06 - 16)]).unwrap();
        assert_eq!(june.0.name_it, "IMU, acconto");
        assert!(rules.deadline_near(&[time::macros::date!(2027 - 12 - 16)]).is_some());
    }
}
