//! A wizard step's post, read once into what the handler works with: the
//! button that sent it, the answers (their names are the procedure's field
//! paths, so they are data), the files, whether the island sent it and
//! whether the step was opened from the summary.

use crate::http::errors::AppError;
use crate::http::extract::{FormWithFiles, UploadedFile};
use app::auth::model::CSRF_FIELD_NAME;
use app::practices::answers::Answers;
use app::practices::step_action::{StepAction, ACTION_FIELD};
use app::practices::step_island::STEP_POST_BY_SCRIPT_HEADER;
use app::practices::wizard_pages::{CHECK_ANSWERS_SEGMENT, RETURN_PARAMETER};
use axum::extract::{FromRequest, Request};
use serde::Deserialize;

pub struct StepForm {
    pub action: StepAction,
    /// Everything posted but the button and the CSRF token.
    pub answers: Answers,
    pub files: Vec<UploadedFile>,
    /// The island that uploads with a progress bar wants the outcome as data.
    pub by_script: bool,
    /// Opened from the summary (`?ritorno=riepilogo`): saving goes back there.
    pub returning_to_summary: bool,
}

/// The one field of a step whose name is ours, not the procedure's (the
/// button pressed; a script that sent it twice: the first).
#[derive(Deserialize)]
struct StepButton {
    #[serde(default, rename = "azione")]
    action: Vec<String>,
}

impl StepButton {
    fn action(&self) -> StepAction {
        StepAction::parse(self.action.first().map(String::as_str).unwrap_or_default())
    }
}

impl<S: Send + Sync> FromRequest<S> for StepForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<StepForm, AppError> {
        let by_script = request.headers().contains_key(STEP_POST_BY_SCRIPT_HEADER);
        let returning_to_summary = request
            .uri()
            .query()
            .is_some_and(|query| form_urlencoded::parse(query.as_bytes()).any(|(name, value)| name == RETURN_PARAMETER && value == CHECK_ANSWERS_SEGMENT));
        let form = FormWithFiles::<StepButton>::from_request(request, state).await?;
        let answers = Answers::from_pairs(form.pairs.into_iter().filter(|(name, _)| name != CSRF_FIELD_NAME && name != ACTION_FIELD));
        Ok(StepForm { action: form.fields.action(), answers, files: form.files, by_script, returning_to_summary })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_is_read_from_the_field_the_page_renders() {
        let button: StepButton = serde_html_form::from_str(&format!("{ACTION_FIELD}=carica%3Aplanimetria&targa=AB123CD")).unwrap();
        assert_eq!(button.action(), StepAction::Upload { field: "planimetria".into() });
    }
}
