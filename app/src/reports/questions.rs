//! A category's extra questions (Open311's service attributes): data, like
//! the categories; what an answer must be to be kept.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The longest answer kept to a question of free text.
pub const ANSWER_MAX_CHARS: usize = 200;

/// What kind of answer a question takes, as Open311 names its datatypes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Text,
    Number,
    SingleChoice,
}

impl QuestionKind {
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Text => "string",
            QuestionKind::Number => "number",
            QuestionKind::SingleChoice => "singlevaluelist",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        [QuestionKind::Text, QuestionKind::Number, QuestionKind::SingleChoice].into_iter().find(|kind| kind.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionChoice {
    pub key: String,
    pub name_it: String,
    pub name_en: String,
}

/// One question of a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryQuestion {
    pub code: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub position: i64,
    pub question_it: String,
    pub question_en: String,
    /// The choices of a single-choice question, in order.
    pub choices: Vec<QuestionChoice>,
}

impl CategoryQuestion {
    pub fn question(&self, locale: Locale) -> &str {
        match locale {
            Locale::Italian => &self.question_it,
            Locale::English => &self.question_en,
        }
    }
}

impl QuestionChoice {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Italian => &self.name_it,
            Locale::English => &self.name_en,
        }
    }
}

/// Why an answer is not kept, naming the question's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerProblem {
    /// No question of the category has this code.
    Unknown(String),
    Required(String),
    NotAChoice(String),
    NotANumber(String),
    TooLong(String),
}

/// The answers to keep, in the questions' order: every required question
/// answered, a choice one of its keys, a number a number; an empty answer
/// to an optional question is no answer.
pub fn check_answers(questions: &[CategoryQuestion], given: &[(String, String)]) -> Result<Vec<(String, String)>, AnswerProblem> {
    if let Some((code, _)) = given.iter().find(|(code, _)| !questions.iter().any(|question| &question.code == code)) {
        return Err(AnswerProblem::Unknown(code.chars().take(40).collect()));
    }
    let mut answers = Vec::new();
    for question in questions {
        let value = given.iter().rev().find(|(code, _)| code == &question.code).map(|(_, value)| value.trim()).unwrap_or_default();
        if value.is_empty() {
            if question.required {
                return Err(AnswerProblem::Required(question.code.clone()));
            }
            continue;
        }
        let problem = match question.kind {
            QuestionKind::SingleChoice => {
                (!question.choices.iter().any(|choice| choice.key == value)).then(|| AnswerProblem::NotAChoice(question.code.clone()))
            }
            QuestionKind::Number => value
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|number| number.is_finite())
                .is_none()
                .then(|| AnswerProblem::NotANumber(question.code.clone())),
            QuestionKind::Text => None,
        };
        if let Some(problem) = problem {
            return Err(problem);
        }
        if value.chars().count() > ANSWER_MAX_CHARS {
            return Err(AnswerProblem::TooLong(question.code.clone()));
        }
        answers.push((question.code.clone(), value.to_string()));
    }
    Ok(answers)
}

/// A wrong answer of a form: its field, its question, the problem.
pub type FormAnswerProblem<'a> = (String, &'a CategoryQuestion, AnswerProblem);

/// The answers a form posted to the chosen category's questions (in the
/// fields `answer_field` names), each checked on its own so that every
/// problem is named at once: the answers to keep, or the wrong ones.
pub fn read_form_answers<'a>(
    category: &str,
    questions: &'a [CategoryQuestion],
    posted: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, Vec<FormAnswerProblem<'a>>> {
    let mut kept = Vec::new();
    let mut wrong = Vec::new();
    for question in questions {
        let field = super::forms::answer_field(category, &question.code);
        let given = [(question.code.clone(), posted.get(&field).cloned().unwrap_or_default())];
        match check_answers(std::slice::from_ref(question), &given) {
            Ok(answers) => kept.extend(answers),
            Err(problem) => wrong.push((field, question, problem)),
        }
    }
    if wrong.is_empty() {
        Ok(kept)
    } else {
        Err(wrong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn questions() -> Vec<CategoryQuestion> {
        let choice = |key: &str| QuestionChoice { key: key.into(), name_it: key.into(), name_en: key.into() };
        vec![
            CategoryQuestion {
                code: "animale".into(),
                kind: QuestionKind::SingleChoice,
                required: true,
                position: 1,
                question_it: "Che animale?".into(),
                question_en: "Which animal?".into(),
                choices: vec![choice("cane"), choice("gatto")],
            },
            CategoryQuestion {
                code: "quanti".into(),
                kind: QuestionKind::Number,
                required: false,
                position: 2,
                question_it: "Quanti?".into(),
                question_en: "How many?".into(),
                choices: Vec::new(),
            },
        ]
    }

    fn given(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(code, value)| (code.to_string(), value.to_string())).collect()
    }

    #[test]
    fn answers_are_checked_against_their_question() {
        assert_eq!(check_answers(&questions(), &given(&[("animale", "cane"), ("quanti", "2")])), Ok(given(&[("animale", "cane"), ("quanti", "2")])));
        assert_eq!(check_answers(&questions(), &given(&[("animale", "gatto"), ("quanti", "")])), Ok(given(&[("animale", "gatto")])));
        assert_eq!(check_answers(&questions(), &given(&[])), Err(AnswerProblem::Required("animale".into())));
        assert_eq!(check_answers(&questions(), &given(&[("animale", "drago")])), Err(AnswerProblem::NotAChoice("animale".into())));
        assert_eq!(check_answers(&questions(), &given(&[("animale", "cane"), ("quanti", "molti")])), Err(AnswerProblem::NotANumber("quanti".into())));
        assert_eq!(check_answers(&questions(), &given(&[("animale", "cane"), ("colore", "nero")])), Err(AnswerProblem::Unknown("colore".into())));
        assert_eq!(check_answers(&[], &given(&[])), Ok(Vec::new()));
    }

    #[test]
    fn a_form_names_every_wrong_answer_and_ignores_other_categories() {
        let posted: std::collections::BTreeMap<String, String> =
            [("risposta-animali-animale", "drago"), ("risposta-animali-quanti", "molti"), ("risposta-strade-animale", "anything")]
                .into_iter()
                .map(|(field, value)| (field.to_string(), value.to_string()))
                .collect();
        let questions = questions();
        let wrong = read_form_answers("animali", &questions, &posted).unwrap_err();
        let named: Vec<(&str, &str, &AnswerProblem)> =
            wrong.iter().map(|(field, question, problem)| (field.as_str(), question.code.as_str(), problem)).collect();
        assert_eq!(
            named,
            [
                ("risposta-animali-animale", "animale", &AnswerProblem::NotAChoice("animale".into())),
                ("risposta-animali-quanti", "quanti", &AnswerProblem::NotANumber("quanti".into())),
            ]
        );
        let posted: std::collections::BTreeMap<String, String> = [("risposta-animali-animale".to_string(), "gatto".to_string())].into_iter().collect();
        assert_eq!(read_form_answers("animali", &questions, &posted), Ok(given(&[("animale", "gatto")])));
        assert!(read_form_answers("animali", &questions, &Default::default()).is_err(), "a required question left unanswered");
    }

    #[test]
    fn kinds_have_open311_names() {
        for kind in [QuestionKind::Text, QuestionKind::Number, QuestionKind::SingleChoice] {
            assert_eq!(QuestionKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(QuestionKind::from_code("multivaluelist"), None);
    }

    proptest! {
        #[test]
        fn a_kept_answer_is_always_a_valid_one(value in "\\PC{0,8}") {
            if let Ok(answers) = check_answers(&questions(), &given(&[("animale", &value)])) {
                prop_assert!(answers.iter().all(|(code, answer)| code != "animale" || answer == "cane" || answer == "gatto"));
            }
        }
    }
}
