//! Satisfaction surveys (charter 3): surveys as data (`content/surveys/`),
//! questions on a scale of 1 to 5, a choice among options, or a short text;
//! the answers' checks and their tally. Pure, compiled for the server and
//! the browser alike.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A short text answer's limit.
pub const TEXT_ANSWER_MAX_CHARS: usize = 500;
pub const SCALE: [&str; 5] = ["1", "2", "3", "4", "5"];

/// A survey's name in its addresses: lowercase letters, digits and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SurveySlug(String);

impl SurveySlug {
    pub fn parse(input: &str) -> Option<SurveySlug> {
        is_slug(input).then(|| SurveySlug(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SurveySlug {
    type Error = &'static str;

    fn try_from(text: String) -> Result<SurveySlug, &'static str> {
        SurveySlug::parse(&text).ok_or("not a survey's name")
    }
}

impl From<SurveySlug> for String {
    fn from(slug: SurveySlug) -> String {
        slug.0
    }
}

/// Lowercase words of letters and digits joined by single hyphens, at most 80 characters.
fn is_slug(text: &str) -> bool {
    text.len() <= 80
        && !text.is_empty()
        && text.split('-').all(|word| !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    #[serde(rename = "scala")]
    Scale,
    #[serde(rename = "scelta")]
    Choice,
    #[serde(rename = "testo")]
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyOption {
    pub id: String,
    pub it: String,
    pub en: String,
}

fn required_by_default() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text_it: String,
    pub text_en: String,
    #[serde(default)]
    pub options: Vec<SurveyOption>,
    #[serde(default = "required_by_default")]
    pub required: bool,
}

impl Question {
    pub fn text(&self, locale: Locale) -> &str {
        if locale == Locale::English {
            &self.text_en
        } else {
            &self.text_it
        }
    }

    /// The name of its field in the survey's form.
    pub fn field(&self) -> String {
        format!("d-{}", self.id)
    }

    /// The answers it takes: (value, label), in order (none for a text).
    pub fn choices(&self, locale: Locale) -> Vec<(String, String)> {
        match self.kind {
            QuestionKind::Scale => SCALE.iter().map(|value| (value.to_string(), value.to_string())).collect(),
            QuestionKind::Choice => {
                self.options.iter().map(|option| (option.id.clone(), if locale == Locale::English { option.en.clone() } else { option.it.clone() })).collect()
            }
            QuestionKind::Text => Vec::new(),
        }
    }
}

/// A survey as its content file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub slug: String,
    pub title_it: String,
    pub title_en: String,
    pub intro_it: String,
    pub intro_en: String,
    pub questions: Vec<Question>,
}

impl Survey {
    pub fn title(&self, locale: Locale) -> &str {
        if locale == Locale::English {
            &self.title_en
        } else {
            &self.title_it
        }
    }

    pub fn intro(&self, locale: Locale) -> &str {
        if locale == Locale::English {
            &self.intro_en
        } else {
            &self.intro_it
        }
    }

    /// What is wrong with the definition, if anything: a slug of lowercase
    /// words, at least one question, unique ids, a choice with two options
    /// at least (unique), no options elsewhere.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !is_slug(&self.slug) {
            problems.push(format!("the slug {:?} is not lowercase words joined by hyphens", self.slug));
        }
        if self.questions.is_empty() {
            problems.push("a survey needs a question at least".to_string());
        }
        let mut ids: Vec<&str> = self.questions.iter().map(|question| question.id.as_str()).collect();
        ids.sort();
        if ids.windows(2).any(|pair| pair[0] == pair[1]) {
            problems.push("two questions share an id".to_string());
        }
        for question in &self.questions {
            if !is_slug(&question.id) {
                problems.push(format!("the question id {:?} is not lowercase words joined by hyphens", question.id));
            }
            let mut options: Vec<&str> = question.options.iter().map(|option| option.id.as_str()).collect();
            options.sort();
            options.dedup();
            match question.kind {
                QuestionKind::Choice if options.len() < 2 || options.len() != question.options.len() => {
                    problems.push(format!("the question {} needs two options at least, each with its own id", question.id))
                }
                QuestionKind::Scale | QuestionKind::Text if !question.options.is_empty() => {
                    problems.push(format!("the question {} takes no options", question.id))
                }
                _ => {}
            }
        }
        problems
    }
}

/// Where a survey stands: only an administrator opens and closes it; its
/// results are published once it is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyState {
    Draft,
    Open,
    Closed,
}

impl SurveyState {
    pub fn code(self) -> &'static str {
        match self {
            SurveyState::Draft => "bozza",
            SurveyState::Open => "aperto",
            SurveyState::Closed => "chiuso",
        }
    }

    pub fn parse(code: &str) -> Option<SurveyState> {
        [SurveyState::Draft, SurveyState::Open, SurveyState::Closed].into_iter().find(|state| state.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerProblem {
    Missing,
    NotAChoice,
    TooLong,
}

/// A response's answers: (question id, answer).
pub type Answers = Vec<(String, String)>;
/// A response's problems: (question id, problem).
pub type AnswerProblems = Vec<(String, AnswerProblem)>;

/// Checks a response (`values`: the form's fields by name) against the
/// survey: every required question answered, each answer one of its
/// choices or a text of at most 500 characters. Returns (question, answer)
/// for the questions answered, or every problem by question id.
pub fn check_answers(survey: &Survey, values: &BTreeMap<String, String>) -> Result<Answers, AnswerProblems> {
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for question in &survey.questions {
        let value = values.get(&question.field()).map(|value| value.trim()).unwrap_or_default();
        if value.is_empty() {
            if question.required {
                problems.push((question.id.clone(), AnswerProblem::Missing));
            }
            continue;
        }
        let fits = match question.kind {
            QuestionKind::Text => value.chars().count() <= TEXT_ANSWER_MAX_CHARS,
            _ => question.choices(Locale::Italian).iter().any(|(choice, _)| choice == value),
        };
        if !fits {
            let problem = if question.kind == QuestionKind::Text { AnswerProblem::TooLong } else { AnswerProblem::NotAChoice };
            problems.push((question.id.clone(), problem));
            continue;
        }
        answers.push((question.id.clone(), value.to_string()));
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(problems)
    }
}

/// One question's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// (label, count) for each choice in order (none for a text).
    pub counts: Vec<(String, u32)>,
    /// How many responses answered it.
    pub answered: u32,
    /// A scale's mean in hundredths (None: no answer, or not a scale).
    pub mean_hundredths: Option<u32>,
}

/// The survey's results from its stored answers (question id, value).
pub fn tally(survey: &Survey, answers: &[(String, String)], locale: Locale) -> Vec<QuestionResult> {
    survey
        .questions
        .iter()
        .map(|question| {
            let values: Vec<&str> = answers.iter().filter(|(id, _)| *id == question.id).map(|(_, value)| value.as_str()).collect();
            let counts: Vec<(String, u32)> =
                question.choices(locale).into_iter().map(|(choice, label)| (label, values.iter().filter(|value| **value == choice).count() as u32)).collect();
            let mean_hundredths = (question.kind == QuestionKind::Scale && !values.is_empty()).then(|| {
                let sum: u32 = values.iter().filter_map(|value| value.parse::<u32>().ok()).sum();
                (sum * 100 + values.len() as u32 / 2) / values.len() as u32
            });
            QuestionResult {
                id: question.id.clone(),
                kind: question.kind,
                text: question.text(locale).to_string(),
                counts,
                answered: values.len() as u32,
                mean_hundredths,
            }
        })
        .collect()
}

/// The published results as CSV (RFC 4180): one line per question and
/// answer with its count; a text question's line counts its answers.
pub fn results_csv(slug: &str, results: &[QuestionResult]) -> String {
    let quoted = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut csv = String::from("questionario,domanda,risposta,conteggio\r\n");
    for result in results {
        if result.kind == QuestionKind::Text {
            csv.push_str(&format!("{slug},{},{},{}\r\n", quoted(&result.text), quoted("(testo libero)"), result.answered));
        }
        for (label, count) in &result.counts {
            csv.push_str(&format!("{slug},{},{},{count}\r\n", quoted(&result.text), quoted(label)));
        }
    }
    csv
}

/// A survey in the lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub slug: String,
    pub title: String,
    pub state: SurveyState,
    pub responses: u32,
}

/// A survey's page: its questions in the reader's language, and the signed
/// one-time token its form carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyPageView {
    pub slug: String,
    pub title: String,
    pub intro: String,
    pub state: SurveyState,
    pub questions: Vec<QuestionView>,
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub field: String,
    pub kind: QuestionKind,
    pub text: String,
    pub choices: Vec<(String, String)>,
    pub required: bool,
}

/// A survey's published results, with a chart per question drawn by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResultsView {
    pub slug: String,
    pub title: String,
    pub state: SurveyState,
    pub responses: u32,
    pub results: Vec<QuestionResult>,
    /// One SVG per result (empty for a text question).
    pub charts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn survey() -> Survey {
        let option = |id: &str| SurveyOption { id: id.to_string(), it: format!("{id} (it)"), en: format!("{id} (en)") };
        let question = |id: &str, kind, options: Vec<SurveyOption>, required| Question {
            id: id.to_string(),
            kind,
            text_it: format!("Domanda {id}"),
            text_en: format!("Question {id}"),
            options,
            required,
        };
        Survey {
            slug: "soddisfazione".to_string(),
            title_it: "Soddisfazione".to_string(),
            title_en: "Satisfaction".to_string(),
            intro_it: String::new(),
            intro_en: String::new(),
            questions: vec![
                question("facilita", QuestionKind::Scale, vec![], true),
                question("servizio", QuestionKind::Choice, vec![option("pratiche"), option("pagamenti")], true),
                question("commento", QuestionKind::Text, vec![], false),
            ],
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn a_response_answers_every_required_question_with_one_of_its_choices() {
        let survey = survey();
        assert_eq!(survey.problems(), Vec::<String>::new());
        assert_eq!(
            check_answers(&survey, &values(&[("d-facilita", "4"), ("d-servizio", "pagamenti"), ("d-commento", " ")])),
            Ok(vec![("facilita".to_string(), "4".to_string()), ("servizio".to_string(), "pagamenti".to_string())])
        );
        assert_eq!(
            check_answers(&survey, &values(&[("d-facilita", "6"), ("d-commento", &"a".repeat(TEXT_ANSWER_MAX_CHARS + 1))])),
            Err(vec![
                ("facilita".to_string(), AnswerProblem::NotAChoice),
                ("servizio".to_string(), AnswerProblem::Missing),
                ("commento".to_string(), AnswerProblem::TooLong)
            ])
        );
    }

    #[test]
    fn a_definition_with_a_flaw_is_named() {
        let mut survey = survey();
        survey.slug = "Soddisfazione 2027".to_string();
        survey.questions[1].options.truncate(1);
        survey.questions[2].id = "facilita".to_string();
        let problems = survey.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn the_tally_counts_each_choice_and_the_scale_mean() {
        let survey = survey();
        let answers: Vec<(String, String)> =
            [("facilita", "5"), ("facilita", "4"), ("facilita", "4"), ("servizio", "pratiche"), ("commento", "Bene, \"grazie\"")]
                .iter()
                .map(|(id, value)| (id.to_string(), value.to_string()))
                .collect();
        let results = tally(&survey, &answers, Locale::Italian);
        assert_eq!(results[0].counts.iter().map(|(_, count)| *count).collect::<Vec<_>>(), vec![0, 0, 0, 2, 1]);
        assert_eq!(results[0].mean_hundredths, Some(433));
        assert_eq!(results[1].counts, vec![("pratiche (it)".to_string(), 1), ("pagamenti (it)".to_string(), 0)]);
        assert_eq!((results[2].answered, results[2].counts.len()), (1, 0));
        let csv = results_csv(&survey.slug, &results);
        assert!(csv.starts_with("questionario,domanda,risposta,conteggio\r\nsoddisfazione,\"Domanda facilita\",\"1\",0\r\n"), "{csv}");
        assert!(csv.contains("soddisfazione,\"Domanda commento\",\"(testo libero)\",1\r\n"), "{csv}");
        assert!(!csv.contains("grazie"), "the texts are not published");
    }

    #[test]
    fn a_slug_is_lowercase_words() {
        assert!(SurveySlug::parse("soddisfazione-sportello-2027").is_some());
        for wrong in ["", "Soddisfazione", "a--b", "-a", "a-", "a b", "à"] {
            assert_eq!(SurveySlug::parse(wrong), None, "{wrong}");
        }
    }

    proptest! {
        #[test]
        fn slugs_read_back(words in proptest::collection::vec("[a-z0-9]{1,8}", 1..5)) {
            let text = words.join("-");
            prop_assert_eq!(SurveySlug::parse(&text).map(String::from), Some(text));
        }

        #[test]
        fn every_count_adds_up_to_the_answers(scores in proptest::collection::vec(1u32..=5, 0..50)) {
            let survey = survey();
            let answers: Vec<(String, String)> = scores.iter().map(|score| ("facilita".to_string(), score.to_string())).collect();
            let results = tally(&survey, &answers, Locale::English);
            prop_assert_eq!(results[0].counts.iter().map(|(_, count)| *count).sum::<u32>(), scores.len() as u32);
            prop_assert_eq!(results[0].answered, scores.len() as u32);
        }
    }
}
