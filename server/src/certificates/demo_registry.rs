//! A synthetic registry of Rho's size for the demo (only with
//! SPORTELLO_DEMO_DATA=1): about 50,800 people in about 22,200 family units,
//! with foreigners, deaths, emigrations, marriages, civil unions, separations
//! and divorces in realistic shares, civil status acts and a few registry
//! procedures in progress. It is generated from a seed, so every run builds
//! the same people, and the demo citizens of the README are in it with their
//! families. Nobody in it is real: names are common ones, combined at random.

use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::certificates::registry::{ActKind, CivilStatus, LifeStatus, Relationship, ITALIAN, RHO_CADASTRAL_CODE};
use sqlx::AnyPool;
use std::collections::HashSet;
use time::Date;

/// The seed of the demo registry.
pub const DEMO_REGISTRY_SEED: u64 = 0x5250_4f5f_2026;
/// Family units of the demo registry: with the shares of family sizes below,
/// about the 50,800 residents of Rho.
pub const DEMO_REGISTRY_FAMILIES: usize = 22_200;
/// The name under which the demo registry is recorded as loaded.
pub const DEMO_REGISTRY_LOADED: &str = "demo_registry_2026_12b";

/// SplitMix64: a fixed, tiny sequence generator, so that a seed gives the same
/// registry on every machine and version (a general-purpose random crate may
/// change its sequence between releases, and the demo's people must not).
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// True `per_thousand` times in a thousand.
    fn chance(&mut self, per_thousand: usize) -> bool {
        self.below(1000) < per_thousand
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const MALE_NAMES: &[&str] = &[
    "Marco",
    "Luca",
    "Giuseppe",
    "Andrea",
    "Francesco",
    "Alessandro",
    "Matteo",
    "Lorenzo",
    "Davide",
    "Stefano",
    "Paolo",
    "Giovanni",
    "Roberto",
    "Simone",
    "Federico",
    "Riccardo",
    "Antonio",
    "Giorgio",
    "Fabio",
    "Massimo",
    "Claudio",
    "Daniele",
    "Emanuele",
    "Gabriele",
    "Leonardo",
    "Tommaso",
    "Edoardo",
    "Filippo",
    "Pietro",
    "Alberto",
    "Sergio",
    "Franco",
    "Enrico",
    "Mattia",
    "Nicola",
    "Salvatore",
    "Vincenzo",
    "Michele",
];
const FEMALE_NAMES: &[&str] = &[
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Elena",
    "Laura",
    "Valentina",
    "Alessandra",
    "Federica",
    "Silvia",
    "Paola",
    "Anna",
    "Maria",
    "Giorgia",
    "Sofia",
    "Aurora",
    "Alice",
    "Beatrice",
    "Camilla",
    "Elisa",
    "Roberta",
    "Cristina",
    "Monica",
    "Barbara",
    "Simona",
    "Daniela",
    "Claudia",
    "Marta",
    "Ginevra",
    "Emma",
    "Greta",
    "Noemi",
    "Rosa",
    "Teresa",
    "Lucia",
    "Carla",
    "Patrizia",
];
const SURNAMES: &[&str] = &[
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "Longo",
    "Gentile",
    "Martinelli",
    "Vitale",
    "Lombardo",
    "Serra",
    "Coppola",
    "De Santis",
    "D'Angelo",
    "Marchetti",
    "Parisi",
    "Villa",
    "Conte",
    "Ferraro",
    "Ferri",
    "Fabbri",
    "Bianco",
    "Marini",
    "Grasso",
    "Valentini",
    "Messina",
    "Sala",
    "De Angelis",
    "Gatti",
    "Pellegrini",
    "Palumbo",
    "Sanna",
    "Farina",
    "Rizzi",
    "Monti",
    "Cattaneo",
    "Brambilla",
    "Pozzi",
    "Bassi",
];

/// Birth places of Italians living in Rho: (name, cadastral code, weight).
const ITALIAN_BIRTH_PLACES: &[(&str, &str, usize)] = &[
    ("Rho (MI)", RHO_CADASTRAL_CODE, 40),
    ("Milano (MI)", "F205", 30),
    ("Bollate (MI)", "A940", 4),
    ("Arese (MI)", "A413", 3),
    ("Lainate (MI)", "E514", 3),
    ("Pero (MI)", "G421", 3),
    ("Monza (MB)", "F704", 3),
    ("Napoli (NA)", "F839", 5),
    ("Palermo (PA)", "G273", 4),
    ("Bari (BA)", "A662", 3),
    ("Roma (RM)", "H501", 2),
];

/// Foreign residents: citizenship, country of birth and its code, names.
struct Community {
    citizenship: &'static str,
    country: &'static str,
    code: &'static str,
    weight: usize,
    male: &'static [&'static str],
    female: &'static [&'static str],
    surnames: &'static [&'static str],
}

const COMMUNITIES: &[Community] = &[
    Community {
        citizenship: "rumena",
        country: "Romania",
        code: "Z129",
        weight: 22,
        male: &["Andrei", "Ionut", "Mihai", "Florin"],
        female: &["Elena", "Ioana", "Mihaela", "Andreea"],
        surnames: &["Popescu", "Ionescu", "Popa", "Dumitru"],
    },
    Community {
        citizenship: "albanese",
        country: "Albania",
        code: "Z100",
        weight: 15,
        male: &["Arben", "Ervin", "Klodian", "Besnik"],
        female: &["Elira", "Anila", "Blerina", "Dorina"],
        surnames: &["Hoxha", "Shehu", "Leka", "Gashi"],
    },
    Community {
        citizenship: "marocchina",
        country: "Marocco",
        code: "Z330",
        weight: 13,
        male: &["Youssef", "Mohamed", "Rachid", "Karim"],
        female: &["Fatima", "Khadija", "Nadia", "Samira"],
        surnames: &["El Amrani", "Benali", "Bouzid", "Tahiri"],
    },
    Community {
        citizenship: "egiziana",
        country: "Egitto",
        code: "Z336",
        weight: 14,
        male: &["Ahmed", "Mahmoud", "Mostafa", "Tarek"],
        female: &["Mona", "Amira", "Heba", "Yasmin"],
        surnames: &["Hassan", "Ibrahim", "Mansour", "Farouk"],
    },
    Community {
        citizenship: "peruviana",
        country: "Perù",
        code: "Z611",
        weight: 12,
        male: &["Jorge", "Luis", "Carlos", "Jose"],
        female: &["Rosa", "Carmen", "Milagros", "Juana"],
        surnames: &["Quispe", "Flores", "Huaman", "Mamani"],
    },
    Community {
        citizenship: "cinese",
        country: "Cina",
        code: "Z210",
        weight: 10,
        male: &["Wei", "Jun", "Hao", "Lei"],
        female: &["Li", "Mei", "Xiu", "Yan"],
        surnames: &["Wang", "Zhang", "Chen", "Liu"],
    },
    Community {
        citizenship: "ucraina",
        country: "Ucraina",
        code: "Z138",
        weight: 8,
        male: &["Oleksandr", "Dmytro", "Andriy", "Serhiy"],
        female: &["Olena", "Iryna", "Natalia", "Oksana"],
        surnames: &["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"],
    },
    Community {
        citizenship: "filippina",
        country: "Filippine",
        code: "Z216",
        weight: 6,
        male: &["Jose", "Mark", "Renato", "Jericho"],
        female: &["Maricel", "Jocelyn", "Rowena", "Lorna"],
        surnames: &["Santos", "Reyes", "Cruz", "Bautista"],
    },
];

const STREETS: &[(&str, &str)] = &[
    ("via De Amicis", "Rho"),
    ("via Madonna", "Rho"),
    ("via Matteotti", "Rho"),
    ("corso Europa", "Rho"),
    ("via Meda", "Rho"),
    ("via Cadorna", "Rho"),
    ("viale Italia", "Rho"),
    ("via Garibaldi", "Rho"),
    ("via Mazzini", "Rho"),
    ("via Magenta", "Rho"),
    ("via Lainate", "Lucernate"),
    ("via Pace", "Lucernate"),
    ("via Buonarroti", "Mazzo"),
    ("via Ratti", "Mazzo"),
    ("via Terrazzano", "Terrazzano"),
    ("via Passirana", "Passirana"),
    ("via Pantanedo", "Pantanedo"),
    ("via Biringhello", "Biringhello"),
];

pub struct AddressRow {
    pub id: i64,
    pub street: &'static str,
    pub house_number: String,
    pub hamlet: &'static str,
}

pub struct PersonRow {
    pub id: i64,
    pub fiscal_code: String,
    pub family_name: String,
    pub given_name: String,
    pub female: bool,
    pub birth_date: Date,
    pub birth_place: String,
    pub citizenship: String,
    pub civil_status: CivilStatus,
    pub political_rights: bool,
    pub life_status: LifeStatus,
    pub life_status_on: Option<Date>,
    pub under_guardianship: bool,
    pub family_id: i64,
    pub relationship: Relationship,
}

pub struct ActRow {
    pub person_id: i64,
    pub kind: ActKind,
    pub year: i32,
    pub number: i64,
    pub date: Date,
}

/// The whole registry, ready to be written.
pub struct SyntheticRegistry {
    pub addresses: Vec<AddressRow>,
    /// (family id, address id)
    pub families: Vec<(i64, i64)>,
    pub people: Vec<PersonRow>,
    pub acts: Vec<ActRow>,
    /// (person id, kind, started on)
    pub procedures: Vec<(i64, &'static str, Date)>,
}

/// Someone to add to a family, before ids and codes.
struct Member<'a> {
    family_name: &'a str,
    given_name: &'a str,
    female: bool,
    birth_date: Date,
    birth_place: (&'a str, &'a str),
    citizenship: &'a str,
    civil_status: CivilStatus,
    relationship: Relationship,
}

struct Builder {
    sequence: Sequence,
    today: Date,
    registry: SyntheticRegistry,
    codes: HashSet<String>,
    act_numbers: std::collections::HashMap<(ActKind, i32), i64>,
}

impl Builder {
    fn birth_date(&mut self, min_age: i32, max_age: i32) -> Date {
        let age = min_age + self.sequence.below((max_age - min_age + 1) as usize) as i32;
        let year = self.today.year() - age;
        let day_of_year = 1 + self.sequence.below(365) as u16;
        Date::from_ordinal_date(year, day_of_year).unwrap_or(self.today)
    }

    fn italian_birth_place(&mut self) -> (&'static str, &'static str) {
        let total: usize = ITALIAN_BIRTH_PLACES.iter().map(|(_, _, weight)| weight).sum();
        let mut pick = self.sequence.below(total);
        for (name, code, weight) in ITALIAN_BIRTH_PLACES {
            if pick < *weight {
                return (name, code);
            }
            pick -= weight;
        }
        (ITALIAN_BIRTH_PLACES[0].0, ITALIAN_BIRTH_PLACES[0].1)
    }

    fn act(&mut self, person_id: i64, kind: ActKind, date: Date) {
        let number = self.act_numbers.entry((kind, date.year())).or_insert(0);
        *number += 1;
        let number = *number;
        self.registry.acts.push(ActRow { person_id, kind, year: date.year(), number, date });
    }

    /// A wedding or civil union: one act, written for both spouses.
    fn marriage_act(&mut self, first: i64, second: i64, date: Date) {
        self.act(first, ActKind::Marriage, date);
        let number = self.registry.acts.last().map_or(1, |act| act.number);
        self.registry.acts.push(ActRow { person_id: second, kind: ActKind::Marriage, year: date.year(), number, date });
    }

    /// The person died in Rho on `day` (the death act is Rho's).
    fn decease(&mut self, person_id: i64, day: Date) {
        let person = &mut self.registry.people[person_id as usize - 1];
        person.life_status = LifeStatus::Deceased;
        person.life_status_on = Some(day);
        person.political_rights = false;
        person.under_guardianship = false;
        self.act(person_id, ActKind::Death, day);
    }

    /// Adds a person, with a fiscal code no one else has (omocodia when needed).
    fn add(&mut self, family_id: i64, member: Member) -> anyhow::Result<i64> {
        let id = self.registry.people.len() as i64 + 1;
        let computed = FiscalCode::compute(member.family_name, member.given_name, member.female, member.birth_date, member.birth_place.1)?;
        let mut code = computed.clone();
        let mut substitutions = 0;
        while !self.codes.insert(code.as_str().to_string()) {
            substitutions += 1;
            anyhow::ensure!(substitutions <= 7, "no free fiscal code for {}", computed.masked());
            code = computed.with_omocodia(substitutions);
        }
        let adult = self.today.year() - member.birth_date.year() >= 18;
        let italian = member.citizenship == ITALIAN;
        let political_rights = italian && adult && !self.sequence.chance(3);
        let under_guardianship = adult && self.today.year() - member.birth_date.year() >= 60 && self.sequence.chance(4);
        if member.birth_place.1 == RHO_CADASTRAL_CODE {
            self.act(id, ActKind::Birth, member.birth_date);
        }
        self.registry.people.push(PersonRow {
            id,
            fiscal_code: code.as_str().to_string(),
            family_name: member.family_name.to_string(),
            given_name: member.given_name.to_string(),
            female: member.female,
            birth_date: member.birth_date,
            birth_place: member.birth_place.0.to_string(),
            citizenship: member.citizenship.to_string(),
            civil_status: member.civil_status,
            political_rights,
            life_status: LifeStatus::Resident,
            life_status_on: None,
            under_guardianship,
            family_id,
            relationship: member.relationship,
        });
        Ok(id)
    }

    fn new_family(&mut self) -> i64 {
        let address_id = self.registry.addresses.len() as i64 + 1;
        let (street, hamlet) = *self.sequence.pick(STREETS);
        let house_number = (1 + self.sequence.below(120)).to_string();
        self.registry.addresses.push(AddressRow { id: address_id, street, house_number, hamlet });
        let family_id = self.registry.families.len() as i64 + 1;
        self.registry.families.push((family_id, address_id));
        family_id
    }

    /// A couple's wedding or civil union, recorded in Rho six times in ten.
    fn union_act(&mut self, first: i64, second: i64, youngest_birth: Date) {
        if self.sequence.chance(600) {
            let years_after_eighteen = 1 + self.sequence.below(12) as i32;
            let year = (youngest_birth.year() + 18 + years_after_eighteen).min(self.today.year());
            let date = Date::from_ordinal_date(year, 1 + self.sequence.below(365) as u16).unwrap_or(self.today).min(self.today);
            self.marriage_act(first, second, date);
        }
    }

    /// One generated family unit of `size` people.
    fn generated_family(&mut self, size: usize) -> anyhow::Result<()> {
        let family_id = self.new_family();
        let foreign = self.sequence.chance(120);
        let (community, surname, birth_place, citizenship) = if foreign {
            let total: usize = COMMUNITIES.iter().map(|community| community.weight).sum();
            let mut pick = self.sequence.below(total);
            let community = COMMUNITIES
                .iter()
                .find(|community| {
                    if pick < community.weight {
                        true
                    } else {
                        pick -= community.weight;
                        false
                    }
                })
                .unwrap_or(&COMMUNITIES[0]);
            (Some(community), *self.sequence.pick(community.surnames), (community.country, community.code), community.citizenship)
        } else {
            (None, *self.sequence.pick(SURNAMES), self.italian_birth_place(), ITALIAN)
        };
        let male_names = community.map_or(MALE_NAMES, |community| community.male);
        let female_names = community.map_or(FEMALE_NAMES, |community| community.female);
        let head_female = self.sequence.chance(if size == 1 { 550 } else { 250 });
        let head_birth = self.birth_date(if size == 1 { 20 } else { 25 }, if size == 1 { 95 } else { 85 });
        let head_name = *self.sequence.pick(if head_female { female_names } else { male_names });
        let single_status = {
            let age = self.today.year() - head_birth.year();
            match self.sequence.below(100) {
                _ if age < 30 => CivilStatus::Unmarried,
                0..=44 => CivilStatus::Unmarried,
                45..=64 if age >= 65 => CivilStatus::Widowed,
                45..=64 => CivilStatus::Divorced,
                65..=79 => CivilStatus::Separated,
                _ if age >= 55 => CivilStatus::Widowed,
                _ => CivilStatus::Unmarried,
            }
        };
        // Two in ten couples live together unmarried, two in a hundred are civil partners.
        let couple = size >= 2 && !self.sequence.chance(180);
        let partnership = match self.sequence.below(100) {
            0..=1 => (CivilStatus::CivilUnion, Relationship::CivilPartner),
            2..=21 => (CivilStatus::Unmarried, Relationship::Cohabitant),
            _ => (CivilStatus::Married, Relationship::Spouse),
        };
        let head_status = if couple { partnership.0 } else { single_status };
        let head_id = self.add(
            family_id,
            Member {
                family_name: surname,
                given_name: head_name,
                female: head_female,
                birth_date: head_birth,
                birth_place,
                citizenship,
                civil_status: head_status,
                relationship: Relationship::Head,
            },
        )?;
        let mut remaining = size - 1;
        if couple {
            let partner_female = if partnership.1 == Relationship::CivilPartner { head_female } else { !head_female };
            let partner_surname = if foreign { surname } else { *self.sequence.pick(SURNAMES) };
            let partner_name = *self.sequence.pick(if partner_female { female_names } else { male_names });
            let partner_birth = self.birth_date((self.today.year() - head_birth.year() - 6).max(20), self.today.year() - head_birth.year() + 6);
            let partner_place = if foreign { birth_place } else { self.italian_birth_place() };
            let partner_id = self.add(
                family_id,
                Member {
                    family_name: partner_surname,
                    given_name: partner_name,
                    female: partner_female,
                    birth_date: partner_birth,
                    birth_place: partner_place,
                    citizenship,
                    civil_status: partnership.0,
                    relationship: partnership.1,
                },
            )?;
            if partnership.0 != CivilStatus::Unmarried {
                self.union_act(head_id, partner_id, head_birth.max(partner_birth));
            }
            // An elderly couple: sometimes one of them has died (the other is widowed).
            let head_age = self.today.year() - head_birth.year();
            if head_age >= 75 && partnership.0 == CivilStatus::Married && self.sequence.chance(120) {
                let died = self.today.checked_sub(time::Duration::days(1 + self.sequence.below(700) as i64)).unwrap_or(self.today);
                self.decease(partner_id, died);
                self.registry.people[head_id as usize - 1].civil_status = CivilStatus::Widowed;
            }
            remaining -= 1;
        }
        for _ in 0..remaining {
            let female = self.sequence.chance(490);
            let name = *self.sequence.pick(if female { female_names } else { male_names });
            let parent_age = self.today.year() - head_birth.year();
            let birth = self.birth_date(0, (parent_age - 20).clamp(0, 35));
            let place = if foreign && self.sequence.chance(400) {
                birth_place
            } else if self.sequence.chance(650) {
                ("Rho (MI)", RHO_CADASTRAL_CODE)
            } else {
                ("Milano (MI)", "F205")
            };
            let child_id = self.add(
                family_id,
                Member {
                    family_name: surname,
                    given_name: name,
                    female,
                    birth_date: birth,
                    birth_place: place,
                    citizenship,
                    civil_status: CivilStatus::Unmarried,
                    relationship: Relationship::Child,
                },
            )?;
            // Grown children sometimes move abroad and leave the registry.
            if self.today.year() - birth.year() >= 22 && self.sequence.chance(60) {
                let left = self.today.checked_sub(time::Duration::days(1 + self.sequence.below(900) as i64)).unwrap_or(self.today);
                let child = &mut self.registry.people[child_id as usize - 1];
                child.life_status = LifeStatus::Emigrated;
                child.life_status_on = Some(left);
                child.political_rights = false;
            }
        }
        // A few families are changing address right now.
        if self.sequence.chance(6) {
            let started = self.today.checked_sub(time::Duration::days(self.sequence.below(40) as i64)).unwrap_or(self.today);
            self.registry.procedures.push((head_id, "cambio_di_residenza", started));
        }
        Ok(())
    }
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, time::Month::try_from(month).expect("a month"), day).expect("a date")
}

/// The registry: first the demo citizens' families (so their codes are the
/// README's), then `families` generated ones.
pub fn generate(seed: u64, families: usize, today: Date) -> anyhow::Result<SyntheticRegistry> {
    let mut builder = Builder {
        sequence: Sequence(seed),
        today,
        registry: SyntheticRegistry { addresses: Vec::new(), families: Vec::new(), people: Vec::new(), acts: Vec::new(), procedures: Vec::new() },
        codes: HashSet::new(),
        act_numbers: Default::default(),
    };
    let milano = ("Milano (MI)", "F205");
    let rho = ("Rho (MI)", RHO_CADASTRAL_CODE);
    // Mario Rossi, his wife and their two children.
    let rossi = builder.new_family();
    let mario = builder.add(
        rossi,
        Member {
            family_name: "Rossi",
            given_name: "Mario",
            female: false,
            birth_date: date(1980, 1, 1),
            birth_place: milano,
            citizenship: ITALIAN,
            civil_status: CivilStatus::Married,
            relationship: Relationship::Head,
        },
    )?;
    let laura = builder.add(
        rossi,
        Member {
            family_name: "Colombo",
            given_name: "Laura",
            female: true,
            birth_date: date(1982, 6, 14),
            birth_place: rho,
            citizenship: ITALIAN,
            civil_status: CivilStatus::Married,
            relationship: Relationship::Spouse,
        },
    )?;
    builder.marriage_act(mario, laura, date(2008, 9, 6));
    for (name, female, birth) in [("Luca", false, date(2010, 3, 22)), ("Sofia", true, date(2014, 11, 2))] {
        builder.add(
            rossi,
            Member {
                family_name: "Rossi",
                given_name: name,
                female,
                birth_date: birth,
                birth_place: rho,
                citizenship: ITALIAN,
                civil_status: CivilStatus::Unmarried,
                relationship: Relationship::Child,
            },
        )?;
    }
    // Mario's father lived with them until he died in Rho: his death
    // certificate is the one a family member may still ask for.
    let giuseppe = builder.add(
        rossi,
        Member {
            family_name: "Rossi",
            given_name: "Giuseppe",
            female: false,
            birth_date: date(1950, 4, 18),
            birth_place: milano,
            citizenship: ITALIAN,
            civil_status: CivilStatus::Widowed,
            relationship: Relationship::Parent,
        },
    )?;
    builder.decease(giuseppe, date(2025, 3, 10));
    // Anna Ferrari lives alone.
    let ferrari = builder.new_family();
    builder.add(
        ferrari,
        Member {
            family_name: "Ferrari",
            given_name: "Anna",
            female: true,
            birth_date: date(1990, 5, 5),
            birth_place: ("Monza (MB)", "F704"),
            citizenship: ITALIAN,
            civil_status: CivilStatus::Unmarried,
            relationship: Relationship::Head,
        },
    )?;
    // Family sizes of Rho's households: 1 person 33 %, 2 28 %, 3 20 %, 4 15 %, 5 4 %.
    for _ in 0..families {
        let size = match builder.sequence.below(100) {
            0..=32 => 1,
            33..=60 => 2,
            61..=80 => 3,
            81..=95 => 4,
            _ => 5,
        };
        builder.generated_family(size)?;
    }
    Ok(builder.registry)
}

/// Rows per INSERT. sqlx's SQLite driver binds each `$n` in time that grows
/// with the statement's parameter count: 400 rows a statement (6,000
/// parameters) took 8 s for the demo registry, against 0.5 s for SQLite
/// itself; smaller statements keep both databases fast.
pub const BATCH: usize = 50;

/// Writes `rows` with one multi-row INSERT per batch of `BATCH`.
async fn insert_rows<T>(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: impl for<'q> Fn(sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>, &'q T) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> anyhow::Result<()> {
    for chunk in rows.chunks(BATCH) {
        let placeholders = (0..chunk.len())
            .map(|row| format!("({})", (1..=columns.len()).map(|column| format!("${}", row * columns.len() + column)).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join(", ");
        let statement = format!("INSERT INTO {table} ({}) VALUES {placeholders}", columns.join(", "));
        let mut query = sqlx::query(&statement);
        for row in chunk {
            query = bind(query, row);
        }
        query.execute(&mut **transaction).await.with_context(|| format!("cannot write {table}"))?;
    }
    Ok(())
}

/// Writes the registry in one transaction.
pub async fn store_registry(pool: &AnyPool, registry: &SyntheticRegistry) -> anyhow::Result<()> {
    let mut transaction = pool.begin().await.context("cannot start writing the registry")?;
    // A demo registry of an earlier version makes way (certificates keep
    // fiscal codes, never registry ids).
    for table in ["registry_procedures", "registry_acts", "registry_people", "registry_families", "registry_addresses"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *transaction).await.with_context(|| format!("cannot empty {table}"))?;
    }
    insert_rows(&mut transaction, "registry_addresses", &["id", "street", "house_number", "hamlet"], &registry.addresses, |query, row| {
        query.bind(row.id).bind(row.street).bind(row.house_number.as_str()).bind(row.hamlet)
    })
    .await?;
    insert_rows(&mut transaction, "registry_families", &["id", "address_id"], &registry.families, |query, row| query.bind(row.0).bind(row.1)).await?;
    insert_rows(
        &mut transaction,
        "registry_people",
        &[
            "id",
            "fiscal_code",
            "family_name",
            "given_name",
            "female",
            "birth_date",
            "birth_place",
            "citizenship",
            "civil_status",
            "political_rights",
            "life_status",
            "life_status_on",
            "under_guardianship",
            "family_id",
            "relationship",
        ],
        &registry.people,
        |query, row| {
            query
                .bind(row.id)
                .bind(row.fiscal_code.as_str())
                .bind(row.family_name.as_str())
                .bind(row.given_name.as_str())
                .bind(i64::from(row.female))
                .bind(row.birth_date.to_string())
                .bind(row.birth_place.as_str())
                .bind(row.citizenship.as_str())
                .bind(row.civil_status.code())
                .bind(i64::from(row.political_rights))
                .bind(row.life_status.code())
                .bind(row.life_status_on.map(|date| date.to_string()))
                .bind(i64::from(row.under_guardianship))
                .bind(row.family_id)
                .bind(row.relationship.code())
        },
    )
    .await?;
    let acts: Vec<(i64, &ActRow)> = registry.acts.iter().enumerate().map(|(index, act)| (index as i64 + 1, act)).collect();
    insert_rows(
        &mut transaction,
        "registry_acts",
        &["id", "person_id", "kind", "act_year", "part", "series", "act_number", "act_date"],
        &acts,
        |query, (id, act)| {
            let (part, series) = match act.kind {
                ActKind::Birth => ("I", "A"),
                ActKind::Marriage => ("II", "A"),
                ActKind::Death => ("I", "A"),
            };
            query
                .bind(*id)
                .bind(act.person_id)
                .bind(act.kind.code())
                .bind(i64::from(act.year))
                .bind(part)
                .bind(series)
                .bind(act.number)
                .bind(act.date.to_string())
        },
    )
    .await?;
    let procedures: Vec<(i64, &(i64, &'static str, Date))> = registry.procedures.iter().enumerate().map(|(index, row)| (index as i64 + 1, row)).collect();
    insert_rows(&mut transaction, "registry_procedures", &["id", "person_id", "kind", "started_on"], &procedures, |query, (id, row)| {
        query.bind(*id).bind(row.0).bind(row.1).bind(row.2.to_string())
    })
    .await?;
    transaction.commit().await.context("cannot commit the registry")?;
    Ok(())
}

/// Generates and writes the demo registry, once per database.
/// `families` is `DEMO_REGISTRY_FAMILIES` but in tests that need only the
/// demo citizens' families.
pub async fn load_demo_registry(pool: &AnyPool, today: Date, families: usize) -> anyhow::Result<()> {
    crate::database::run_data_fix_once(pool, DEMO_REGISTRY_LOADED, || async {
        let started = std::time::Instant::now();
        let registry = generate(DEMO_REGISTRY_SEED, families, today)?;
        store_registry(pool, &registry).await?;
        tracing::info!(
            people = registry.people.len(),
            families = registry.families.len(),
            milliseconds = started.elapsed().as_millis() as u64,
            "demo registry loaded"
        );
        Ok(())
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        date(2026, 12, 3)
    }

    #[test]
    fn the_same_seed_gives_the_same_registry_of_rhos_size_and_shares() {
        let registry = generate(DEMO_REGISTRY_SEED, DEMO_REGISTRY_FAMILIES, today()).unwrap();
        let again = generate(DEMO_REGISTRY_SEED, DEMO_REGISTRY_FAMILIES, today()).unwrap();
        assert_eq!(registry.people.len(), again.people.len());
        assert!(registry.people.iter().zip(&again.people).all(|(one, other)| one.fiscal_code == other.fiscal_code && one.given_name == other.given_name));
        let people = registry.people.len() as f64;
        assert!((48_000.0..53_000.0).contains(&people), "{people} people");
        let share = |test: &dyn Fn(&PersonRow) -> bool| registry.people.iter().filter(|person| test(person)).count() as f64 / people;
        let foreign = share(&|person| person.citizenship != ITALIAN);
        assert!((0.08..0.16).contains(&foreign), "foreigners {foreign}");
        assert!(share(&|person| person.life_status == LifeStatus::Deceased) > 0.001);
        assert!(share(&|person| person.life_status == LifeStatus::Emigrated) > 0.001);
        for status in CivilStatus::ALL {
            assert!(share(&|person| person.civil_status == *status) > 0.002, "{status:?}");
        }
        assert!(registry.people.iter().any(|person| person.under_guardianship));
        assert!(!registry.procedures.is_empty());
        for kind in ActKind::ALL {
            assert!(registry.acts.iter().any(|act| act.kind == *kind), "{kind:?}");
        }
        // Every code is valid and unique, omocodia included.
        let codes: HashSet<&str> = registry.people.iter().map(|person| person.fiscal_code.as_str()).collect();
        assert_eq!(codes.len(), registry.people.len());
        assert!(registry.people.iter().all(|person| FiscalCode::parse(&person.fiscal_code).is_ok()));
        // The README's demo citizens, with their families.
        let mario = registry.people.iter().find(|person| person.fiscal_code == "RSSMRA80A01F205X").expect("Mario Rossi");
        assert_eq!(registry.people.iter().filter(|person| person.family_id == mario.family_id).count(), 5, "with his late father");
        assert!(registry.people.iter().any(|person| person.fiscal_code == "FRRNNA90E45F704T"));
        // Another seed, other people.
        let other = generate(7, 100, today()).unwrap();
        assert_ne!(other.people[10].fiscal_code, registry.people[10].fiscal_code);
    }
}
