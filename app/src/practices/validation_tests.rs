//! The validation engine against the repository's own procedures: concrete
//! cases, then properties over answers generated from every definition.

use super::answers::{Answers, TICKED};
use super::procedure::{Field, FieldKind, ProcedureDefinition};
use super::validation::{validate_declarations, validate_step, validate_submission, FieldError, Problem};
use crate::i18n::Locale;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;
use time::macros::date;
use time::{Date, Duration};

fn repository_procedures() -> &'static [ProcedureDefinition] {
    static PROCEDURES: OnceLock<Vec<ProcedureDefinition>> = OnceLock::new();
    PROCEDURES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/procedures");
        let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("content/procedures exists").map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).unwrap();
                toml::from_str::<ProcedureDefinition>(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            })
            .collect()
    })
}

fn procedure(slug: &str) -> &'static ProcedureDefinition {
    repository_procedures().iter().find(|procedure| procedure.slug == slug).expect("procedure exists")
}

const TODAY: Date = date!(2026 - 11 - 27);

fn applicant() -> Answers {
    Answers::from_pairs([
        ("cognome", "Rossi"),
        ("nome", "Mario"),
        ("codice_fiscale", "rssmra80a01f205x"),
        ("email", "mario.rossi@example.it"),
        ("telefono", ""),
    ])
}

fn paths(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|error| error.path.as_str()).collect()
}

#[test]
fn every_repository_procedure_is_consistent_and_the_catalogue_is_large_enough() {
    let procedures = repository_procedures();
    for procedure in procedures {
        procedure.check().unwrap_or_else(|error| panic!("{error}"));
    }
    let themes: BTreeSet<&str> = procedures.iter().map(|procedure| procedure.theme.as_str()).collect();
    assert!(procedures.len() >= 15, "the charter promises at least 15 procedures online, found {}", procedures.len());
    assert!(themes.len() >= 4, "at least 4 themes, found {themes:?}");
    for slug in [
        "accesso-agli-atti",
        "accesso-civico-semplice",
        "accesso-civico-generalizzato",
        "tari-iscrizione",
        "tari-variazione",
        "tari-cessazione",
        "imu-rimborso",
        "rateizzazione-tributi",
    ] {
        procedure(slug);
    }
}

#[test]
fn the_applicant_step_normalises_what_it_accepts() {
    let normalised = validate_step(procedure("tari-iscrizione"), 0, &applicant(), TODAY).unwrap();
    assert_eq!(normalised.value("codice_fiscale"), "RSSMRA80A01F205X");
    assert_eq!(normalised.value("email"), "mario.rossi@example.it");
    assert!(normalised.values("telefono").is_empty(), "an optional empty field is not filed");
}

#[test]
fn an_empty_step_lists_every_missing_answer_in_page_order_with_its_question() {
    let errors = validate_step(procedure("tari-iscrizione"), 1, &Answers::new(), TODAY).unwrap_err();
    assert_eq!(
        paths(&errors),
        vec![
            "indirizzo_immobile.via",
            "indirizzo_immobile.civico",
            "indirizzo_immobile.cap",
            "indirizzo_immobile.comune",
            "foglio",
            "particella",
            "superficie_mq",
            "uso",
            "data_inizio",
            "titolo"
        ]
    );
    assert_eq!(errors[6].message(Locale::Italian), "Compila il campo «Superficie calpestabile in metri quadrati».");
    assert_eq!(errors[0].message(Locale::Italian), "Compila il campo «Indirizzo dell'immobile – via o piazza».");
    assert_eq!(errors[6].message(Locale::English), "Fill in “Superficie calpestabile in metri quadrati”.");
}

#[test]
fn specific_mistakes_get_specific_messages() {
    let definition = procedure("tari-iscrizione");
    let answers = Answers::from_pairs([
        ("indirizzo_immobile.via", "Via Madonna"),
        ("indirizzo_immobile.civico", "12"),
        ("indirizzo_immobile.cap", "2017"),
        ("indirizzo_immobile.comune", "Rho"),
        ("foglio", "12"),
        ("particella", "345"),
        ("superficie_mq", "85,5"),
        ("uso", "castello"),
        ("data_inizio", "31/02/2026"),
        ("titolo", "affitto"),
    ]);
    let errors = validate_step(definition, 1, &answers, TODAY).unwrap_err();
    let problems: Vec<(&str, &Problem)> = errors.iter().map(|error| (error.path.as_str(), &error.problem)).collect();
    assert_eq!(
        problems,
        vec![
            ("indirizzo_immobile.cap", &Problem::InvalidPostcode),
            ("superficie_mq", &Problem::NotAWholeNumber),
            ("uso", &Problem::UnknownOption),
            ("data_inizio", &Problem::NotADate)
        ]
    );
    let mut future = answers.clone();
    future.set("indirizzo_immobile.cap", "20017");
    future.set("superficie_mq", "85");
    future.set("uso", "abitazione");
    future.set("data_inizio", "2026-12-01");
    let errors = validate_step(definition, 1, &future, TODAY).unwrap_err();
    assert_eq!(errors[0].problem, Problem::DateTooLate { latest: TODAY });
    assert_eq!(errors[0].message(Locale::Italian), "«Data di inizio occupazione» non può essere dopo il 27/11/2026.");
    future.set("data_inizio", "01/10/2026");
    let normalised = validate_step(definition, 1, &future, TODAY).unwrap();
    assert_eq!(normalised.value("data_inizio"), "2026-10-01", "typed dates are filed in ISO form");
}

#[test]
fn conditional_fields_count_only_when_shown_and_are_dropped_when_hidden() {
    let definition = procedure("tari-iscrizione");
    let mut answers = Answers::from_pairs([("uso", "abitazione")]);
    let errors = validate_step(definition, 2, &answers, TODAY).unwrap_err();
    assert_eq!(errors[0].problem, Problem::TooFewItems { min: 1 });
    answers.set("occupanti", "1");
    answers.set("occupanti.0.nome_cognome", "Mario Rossi");
    answers.set("occupanti.0.codice_fiscale", "RSSMRA80A01F205Y");
    answers.set("occupanti.0.data_nascita", "01/01/1980");
    let errors = validate_step(definition, 2, &answers, TODAY).unwrap_err();
    assert_eq!(paths(&errors), vec!["occupanti.0.codice_fiscale"]);
    assert!(errors[0].message(Locale::Italian).starts_with("Codice fiscale (occupante 1): "), "{}", errors[0].message(Locale::Italian));
    answers.set("uso", "box");
    let normalised = validate_step(definition, 2, &answers, TODAY).unwrap();
    assert!(normalised.paths().all(|path| !path.starts_with("occupanti")), "hidden answers are not filed");
}

#[test]
fn an_iban_is_asked_only_for_a_refund_and_its_check_digits_are_checked() {
    let definition = procedure("imu-rimborso");
    let mut answers = Answers::from_pairs([
        ("anni", "2024"),
        ("anni", "2023"),
        ("importo_euro", "350"),
        ("motivo", "Pagata due volte"),
        ("modalita", "rimborso"),
        ("iban", "IT60 X054 2811 1010 0000 0123 465"),
    ]);
    let errors = validate_step(definition, 1, &answers, TODAY).unwrap_err();
    assert_eq!(paths(&errors), vec!["iban"]);
    assert!(errors[0].message(Locale::Italian).contains("controlla di averlo copiato"));
    answers.set("iban", "it60 x054 2811 1010 0000 0123 456");
    let normalised = validate_step(definition, 1, &answers, TODAY).unwrap();
    assert_eq!(normalised.value("iban"), "IT60X0542811101000000123456");
    assert_eq!(normalised.values("anni"), vec!["2023", "2024"], "choices filed in page order");
    answers.set("modalita", "compensazione");
    assert!(validate_step(definition, 1, &answers, TODAY).unwrap().values("iban").is_empty());
}

#[test]
fn a_cross_field_rule_speaks_with_its_own_message_on_the_later_field() {
    let definition = procedure("occupazione-suolo-pubblico");
    let answers = Answers::from_pairs([
        ("motivo", "trasloco"),
        ("indirizzo.via", "Via De Amicis"),
        ("indirizzo.civico", "1"),
        ("indirizzo.cap", "20017"),
        ("indirizzo.comune", "Rho"),
        ("superficie_mq", "20"),
        ("dal", "2026-12-10"),
        ("al", "2026-12-09"),
    ]);
    let errors = validate_step(definition, 1, &answers, TODAY).unwrap_err();
    assert_eq!(paths(&errors), vec!["al"]);
    assert_eq!(errors[0].message(Locale::Italian), "La fine dell'occupazione non può essere prima del suo inizio.");
    assert_eq!(super::validation::fee_in_cents(definition, &answers), Some(3000), "the minimum fee applies");
    let mut bigger = answers.clone();
    bigger.set("superficie_mq", "40");
    assert_eq!(super::validation::fee_in_cents(definition, &bigger), Some(6000));
}

#[test]
fn declarations_must_each_be_ticked() {
    let definition = procedure("compostaggio-domestico");
    let errors = validate_declarations(definition, &Answers::from_pairs([("dichiarazioni.veridicita", TICKED)])).unwrap_err();
    assert_eq!(paths(&errors), vec!["dichiarazioni.controlli"]);
    assert_eq!(errors[0].problem, Problem::NotTicked);
}

/// Builds answers for every field of a definition from a byte string: each
/// field takes a byte that decides a valid answer (several shapes), a blank
/// or a mistake. With `valid_only`, every answer is a valid one.
fn generated_answers(definition: &ProcedureDefinition, seed: &[u8], today: Date, valid_only: bool) -> Answers {
    let mut answers = Answers::new();
    let mut bytes = seed.iter().copied().cycle();
    for (_, field) in definition.fields() {
        fill(&mut answers, field, &field.id, &mut bytes, today, valid_only);
    }
    for declaration in &definition.declarations {
        let byte = bytes.next().unwrap_or(0);
        answers.set(format!("dichiarazioni.{}", declaration.id), if valid_only || byte % 4 != 3 { TICKED } else { "" });
    }
    answers
}

fn fill(answers: &mut Answers, field: &Field, path: &str, bytes: &mut impl Iterator<Item = u8>, today: Date, valid_only: bool) {
    let byte = bytes.next().unwrap_or(0);
    let mode = if valid_only { byte % 2 } else { byte % 4 };
    if mode == 2 {
        answers.set(path, "  ");
        return;
    }
    let mistake = mode == 3;
    let shape = usize::from(byte / 4);
    match &field.kind {
        FieldKind::Text { max_length } | FieldKind::LongText { max_length } => {
            let text = if mistake { "x".repeat(max_length + 1) } else { "Già è così ".chars().cycle().take((shape % 30 + 1).min(*max_length)).collect() };
            answers.set(path, text);
        }
        FieldKind::Number { min, max } => {
            let span = (max - min + 1).max(1);
            let value = if mistake { format!("{}a", min) } else { (min + (shape as i64 % span)).to_string() };
            answers.set(path, value);
        }
        FieldKind::Date { earliest_days_from_today, latest_days_from_today } => {
            let chosen = earliest_days_from_today.or(*latest_days_from_today).unwrap_or(0);
            let day = today + Duration::days(i64::from(chosen));
            let text = if mistake {
                "31/02/2026".to_string()
            } else if shape % 2 == 0 {
                format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day())
            } else {
                format!("{:02}/{:02}/{}", day.day(), u8::from(day.month()), day.year())
            };
            answers.set(path, text);
        }
        FieldKind::Email => answers.set(path, if mistake { "anna@" } else { " Anna.Verdi@Example.IT " }),
        FieldKind::Phone => answers.set(path, if mistake { "12" } else { "02.93.33.2.700" }),
        FieldKind::FiscalCode => answers.set(path, if mistake { "RSSMRA80A01F205Y" } else { "rssmra80a01f205x" }),
        FieldKind::Iban => answers.set(path, if mistake { "IT61X0542811101000000123456" } else { "it60 x054 2811 1010 0000 0123 456" }),
        FieldKind::StampIdentifier => answers.set(path, if mistake { "0123 4567 8901 2" } else { "0123 4567 8901 23" }),
        FieldKind::Address => {
            for (part, value) in [("via", "Via Madonna"), ("civico", "12/B"), ("cap", if mistake { "2017" } else { "20017" }), ("comune", "Rho")] {
                answers.set(format!("{path}.{part}"), value);
            }
        }
        FieldKind::SingleChoice { options } => {
            answers.set(path, if mistake { "inesistente".to_string() } else { options[shape % options.len()].value.clone() })
        }
        FieldKind::MultipleChoice { options, max_selected } => {
            let limit = max_selected.unwrap_or(options.len()).min(options.len());
            let values = if mistake {
                vec!["inesistente".to_string()]
            } else {
                options.iter().rev().take(shape % limit + 1).map(|option| option.value.clone()).collect()
            };
            answers.set_many(path, values);
        }
        FieldKind::Checkbox => answers.set(path, if mistake { "no" } else { TICKED }),
        FieldKind::Group { min_items, max_items, fields, .. } => {
            let items = if mistake { max_items + 1 } else { (*min_items).max(1) + shape % (max_items - (*min_items).max(1) + 1) };
            answers.set(path, items.to_string());
            for index in 0..items {
                for inner in fields {
                    fill(answers, inner, &format!("{path}.{index}.{}", inner.id), bytes, today, valid_only);
                }
            }
        }
        FieldKind::Attachment { max_files, .. } => {
            let count = if mistake { max_files + 1 } else { shape % max_files + 1 };
            answers.set_many(path, (0..count).map(|index| format!("allegato-{index}")).collect());
        }
    }
}

fn any_procedure() -> impl Strategy<Value = &'static ProcedureDefinition> {
    (0..repository_procedures().len()).prop_map(|index| &repository_procedures()[index])
}

fn any_today() -> impl Strategy<Value = Date> {
    (0i64..3650).prop_map(|offset| date!(2024 - 01 - 01) + Duration::days(offset))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// A complete, correct practice is always accepted, whatever shapes its answers take.
    #[test]
    fn valid_answers_are_always_accepted(definition in any_procedure(), seed in prop::collection::vec(any::<u8>(), 1..64), today in any_today()) {
        let answers = generated_answers(definition, &seed, today, true);
        let verdict = validate_submission(definition, &answers, today);
        prop_assert!(verdict.is_ok(), "{}: {:?}", definition.slug, verdict.err());
    }

    /// What the client accepted and normalised, the server accepts unchanged;
    /// what the client refused, the server refuses with the same messages.
    /// The client's answers reach the server as form pairs (no JavaScript)
    /// or as JSON (a server function call): both carry the same verdict.
    #[test]
    fn client_and_server_reach_the_same_verdict(definition in any_procedure(), seed in prop::collection::vec(any::<u8>(), 1..64), today in any_today()) {
        let typed = generated_answers(definition, &seed, today, false);
        let on_the_client = validate_submission(definition, &typed, today);
        let as_form = Answers::from_pairs(typed.to_pairs());
        let as_json: Answers = serde_json::from_str(&serde_json::to_string(&typed).unwrap()).unwrap();
        prop_assert_eq!(&validate_submission(definition, &as_form, today), &on_the_client);
        prop_assert_eq!(&validate_submission(definition, &as_json, today), &on_the_client);
        if let Ok(filed) = &on_the_client {
            prop_assert_eq!(&validate_submission(definition, filed, today), &on_the_client, "normalising twice changes nothing");
        }
        if let Err(errors) = &on_the_client {
            let messages: Vec<String> = errors.iter().map(|error| error.message(Locale::Italian)).collect();
            prop_assert!(messages.iter().all(|message| !message.is_empty() && !message.contains('{')), "{:?}", messages);
        }
    }

    /// The wizard checks step by step (client and server on every step);
    /// submit checks everything at once. Both see the same problems.
    #[test]
    fn step_by_step_and_all_at_once_agree(definition in any_procedure(), seed in prop::collection::vec(any::<u8>(), 1..64), today in any_today()) {
        let typed = generated_answers(definition, &seed, today, false);
        let mut step_errors = Vec::new();
        for index in 0..definition.steps.len() {
            if let Err(errors) = validate_step(definition, index, &typed, today) {
                step_errors.extend(errors);
            }
        }
        if let Err(errors) = validate_declarations(definition, &typed) {
            step_errors.extend(errors);
        }
        match validate_submission(definition, &typed, today) {
            Ok(_) => prop_assert!(step_errors.is_empty()),
            Err(errors) => prop_assert_eq!(errors, step_errors),
        }
    }
}
