//! Rho's street list (stradario) and its hamlets (frazioni) as rules: the
//! streets a report's place may name, and the hamlet a place is in, which the
//! public list and map filter by. Pure: the server reads the list from
//! `content/streets.toml`, and the form and the filter show its names.

use super::model::{Coordinates, ReportPlace};
use std::fmt;

/// A street's or a hamlet's name: at most this many characters.
pub const NAME_MAX_CHARS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Hamlet {
    name: String,
    centre: Coordinates,
}

/// The Comune's streets, each in its hamlet, and the hamlets' centres.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreetList {
    /// Sorted as Italian readers look streets up (by the name after "via").
    names: Vec<String>,
    /// Each street's hamlet: an index into `hamlets`, beside `names`.
    hamlet_of: Vec<usize>,
    /// In the file's order, which the filter shows.
    hamlets: Vec<Hamlet>,
}

/// A mistake in the street list, which stops the start naming it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreetListProblem {
    NoHamlets,
    /// A name that is empty or longer than [`NAME_MAX_CHARS`].
    BadName(String),
    DuplicateStreet(String),
    DuplicateHamlet(String),
    UnknownHamlet {
        street: String,
        hamlet: String,
    },
    /// A hamlet's centre that is not a point in Rho.
    BadCentre(String),
}

impl fmt::Display for StreetListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreetListProblem::NoHamlets => write!(f, "no hamlet is listed"),
            StreetListProblem::BadName(name) => write!(f, "the name {name:?} is empty or longer than {NAME_MAX_CHARS} characters"),
            StreetListProblem::DuplicateStreet(name) => write!(f, "the street {name:?} is listed twice"),
            StreetListProblem::DuplicateHamlet(name) => write!(f, "the hamlet {name:?} is listed twice"),
            StreetListProblem::UnknownHamlet { street, hamlet } => write!(f, "the street {street:?} is in {hamlet:?}, which is not a listed hamlet"),
            StreetListProblem::BadCentre(name) => write!(f, "the centre of {name:?} is not a point in Rho (latitude and longitude in degrees)"),
        }
    }
}

fn checked_name(name: &str) -> Result<String, StreetListProblem> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
        return Err(StreetListProblem::BadName(name.to_string()));
    }
    Ok(name.to_string())
}

fn sort_key(name: &str) -> (String, String) {
    let lower = name.to_lowercase();
    let (kind, rest) = lower.split_once(' ').unwrap_or(("", &lower));
    (rest.to_string(), kind.to_string())
}

impl StreetList {
    /// `streets` as (name, hamlet); `hamlets` as (name, latitude, longitude)
    /// in decimal degrees, in the order the filter lists them.
    pub fn new(streets: &[(String, String)], hamlets: &[(String, String, String)]) -> Result<StreetList, StreetListProblem> {
        if hamlets.is_empty() {
            return Err(StreetListProblem::NoHamlets);
        }
        let mut checked_hamlets: Vec<Hamlet> = Vec::with_capacity(hamlets.len());
        for (name, latitude, longitude) in hamlets {
            let name = checked_name(name)?;
            if checked_hamlets.iter().any(|known| known.name.eq_ignore_ascii_case(&name)) {
                return Err(StreetListProblem::DuplicateHamlet(name));
            }
            let centre = Coordinates::parse(latitude, longitude).map_err(|_| StreetListProblem::BadCentre(name.clone()))?;
            checked_hamlets.push(Hamlet { name, centre });
        }
        let mut entries: Vec<(String, usize)> = Vec::with_capacity(streets.len());
        for (street, hamlet) in streets {
            let street = checked_name(street)?;
            let hamlet_index = checked_hamlets
                .iter()
                .position(|known| known.name.eq_ignore_ascii_case(hamlet.trim()))
                .ok_or_else(|| StreetListProblem::UnknownHamlet { street: street.clone(), hamlet: hamlet.trim().to_string() })?;
            if entries.iter().any(|(known, _)| known.eq_ignore_ascii_case(&street)) {
                return Err(StreetListProblem::DuplicateStreet(street));
            }
            entries.push((street, hamlet_index));
        }
        entries.sort_by_key(|(name, _)| sort_key(name));
        let (names, hamlet_of) = entries.into_iter().unzip();
        Ok(StreetList { names, hamlet_of, hamlets: checked_hamlets })
    }

    /// The streets' names, sorted as the form lists them.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The hamlets' names, as the filter lists them.
    pub fn hamlet_names(&self) -> Vec<String> {
        self.hamlets.iter().map(|hamlet| hamlet.name.clone()).collect()
    }

    /// The hamlet a place is in: its street's, when it names one (the list
    /// says so exactly); otherwise the one whose centre is nearest its point.
    pub fn area_of(&self, place: &ReportPlace) -> Option<&str> {
        if let Some(street) = &place.street {
            if let Some(index) = self.names.iter().position(|known| known.eq_ignore_ascii_case(street)) {
                return Some(&self.hamlets[self.hamlet_of[index]].name);
            }
        }
        place.point.map(|point| self.nearest_hamlet(point))
    }

    fn nearest_hamlet(&self, point: Coordinates) -> &str {
        // `new` refuses a list without hamlets.
        let nearest = self.hamlets.iter().min_by_key(|hamlet| hamlet.centre.metres_to(point)).expect("a street list has hamlets");
        &nearest.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::{RHO_NORTH_EAST, RHO_SOUTH_WEST};
    use proptest::prelude::*;

    fn hamlets() -> Vec<(String, String, String)> {
        [("Rho", "45.5297", "9.0402"), ("Mazzo", "45.5160", "9.0680"), ("Passirana", "45.5480", "9.0480")]
            .into_iter()
            .map(|(name, latitude, longitude)| (name.to_string(), latitude.to_string(), longitude.to_string()))
            .collect()
    }

    fn list() -> StreetList {
        let streets = [("via Madonna", "Rho"), ("via Ratti", "mazzo"), ("corso Europa", "Rho"), ("via Passirana", "Passirana")]
            .map(|(street, hamlet)| (street.to_string(), hamlet.to_string()));
        StreetList::new(&streets, &hamlets()).unwrap()
    }

    fn place(point: Option<(i64, i64)>, street: Option<&str>) -> ReportPlace {
        ReportPlace {
            point: point.map(|(latitude, longitude)| Coordinates::from_micro_degrees(latitude, longitude).unwrap()),
            street: street.map(str::to_string),
            house_number: None,
            landmark: Some("davanti alla scuola".into()),
        }
    }

    #[test]
    fn streets_are_sorted_by_the_name_after_their_kind() {
        assert_eq!(list().names(), ["corso Europa", "via Madonna", "via Passirana", "via Ratti"]);
        assert_eq!(list().hamlet_names(), ["Rho", "Mazzo", "Passirana"]);
    }

    #[test]
    fn a_street_is_in_its_hamlet_and_a_point_in_the_nearest() {
        let list = list();
        assert_eq!(list.area_of(&place(None, Some("via Ratti"))), Some("Mazzo"));
        // The street decides over the point: the list is exact, the centres are not.
        assert_eq!(list.area_of(&place(Some((45_548_000, 9_048_000)), Some("via Madonna"))), Some("Rho"));
        assert_eq!(list.area_of(&place(Some((45_547_000, 9_049_000)), None)), Some("Passirana"));
        assert_eq!(list.area_of(&place(Some((45_515_000, 9_070_000)), None)), Some("Mazzo"));
        assert_eq!(list.area_of(&place(None, None)), None);
    }

    #[test]
    fn mistakes_in_the_list_are_named() {
        let street = |name: &str, hamlet: &str| (name.to_string(), hamlet.to_string());
        assert_eq!(StreetList::new(&[street("via Roma", "Rho")], &[]), Err(StreetListProblem::NoHamlets));
        assert_eq!(
            StreetList::new(&[street("via Roma", "Lucernate")], &hamlets()),
            Err(StreetListProblem::UnknownHamlet { street: "via Roma".into(), hamlet: "Lucernate".into() })
        );
        assert_eq!(
            StreetList::new(&[street("via Roma", "Rho"), street("Via Roma", "Mazzo")], &hamlets()),
            Err(StreetListProblem::DuplicateStreet("Via Roma".into()))
        );
        assert_eq!(StreetList::new(&[street(" ", "Rho")], &hamlets()), Err(StreetListProblem::BadName(String::new())));
        let mut twice = hamlets();
        twice.push(("RHO".into(), "45.53".into(), "9.04".into()));
        assert_eq!(StreetList::new(&[], &twice), Err(StreetListProblem::DuplicateHamlet("RHO".into())));
        let far = vec![("Roma".to_string(), "41.9".to_string(), "12.5".to_string())];
        assert_eq!(StreetList::new(&[], &far), Err(StreetListProblem::BadCentre("Roma".into())));
    }

    proptest! {
        #[test]
        fn every_point_of_rho_is_in_the_hamlet_whose_centre_is_nearest(
            latitude in RHO_SOUTH_WEST.0..=RHO_NORTH_EAST.0,
            longitude in RHO_SOUTH_WEST.1..=RHO_NORTH_EAST.1,
        ) {
            let list = list();
            let point = Coordinates::from_micro_degrees(latitude, longitude).unwrap();
            let area = list.area_of(&place(Some((latitude, longitude)), None)).unwrap();
            let chosen = list.hamlets.iter().find(|hamlet| hamlet.name == area).unwrap();
            for other in &list.hamlets {
                prop_assert!(chosen.centre.metres_to(point) <= other.centre.metres_to(point));
            }
        }
    }
}
