//! What the practices pages show: the catalogue by theme and a published
//! procedure with the office that answers for it.

use super::procedure::ProcedureDefinition;
use crate::guide::model::ResponsibleOffice;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
}

/// A theme of the catalogue (a guide topic) with its procedures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureTheme {
    pub slug: String,
    pub name: String,
    pub procedures: Vec<ProcedureSummary>,
}

/// The version of a procedure citizens file today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedProcedure {
    pub version: i64,
    pub definition: ProcedureDefinition,
    pub theme_name: String,
    pub office: ResponsibleOffice,
}

/// Euro amounts as Italians write them: `1.234,50 €`.
pub fn format_euro_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in euros.chars().enumerate() {
        if index > 0 && (euros.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02} €", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_amounts_are_written_the_italian_way() {
        assert_eq!(format_euro_cents(2500), "25,00 €");
        assert_eq!(format_euro_cents(123456), "1.234,56 €");
        assert_eq!(format_euro_cents(5), "0,05 €");
        assert_eq!(format_euro_cents(100000000), "1.000.000,00 €");
    }
}
