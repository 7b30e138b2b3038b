//! The messages' form handlers: a message marked unread again, and the
//! channel preferences with the language of messages.

use super::store::{save_preferences, set_reading, Reading};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, Path, SignedIn, UserLocale};
use crate::AppState;
use app::i18n::{Locale, Text};
use app::ids::MessageId;
use app::messages::forms::{MessageActionForm, PreferencesForm, LANGUAGE_FIELD, MARK_UNREAD_ACTION};
use app::messages::model::choices_from_form;
use app::routes::{MESSAGE_PREFERENCES_PATH, MY_MESSAGES_PATH};
use axum::extract::State;
use axum::response::Response;

/// POST `/area-personale/messaggi/<id>`: back to unread, to come back to it.
#[tracing::instrument(skip_all)]
pub async fn message_action(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<MessageId>,
    form: Form<MessageActionForm>,
) -> Result<Response, AppError> {
    if form.fields.action != MARK_UNREAD_ACTION {
        return Err(AppError::NotFound);
    }
    let now = state.config.clock.now_unix_seconds();
    if !set_reading(&state.pool, user.account_id.as_str(), id.as_str(), Reading::Unread, now).await.or_internal("mark_unread")? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_to(&format!("{MY_MESSAGES_PATH}?da-leggere=1")))
}

/// POST `/area-personale/preferenze-messaggi`.
#[tracing::instrument(skip_all)]
pub async fn save_message_preferences(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    form: Form<PreferencesForm>,
) -> Result<Response, AppError> {
    let Some(language) = Locale::from_language_tag(&form.fields.language) else {
        return Err(form.with_problems(vec![(LANGUAGE_FIELD.to_string(), Text::MessageLanguageError.in_locale(locale).to_string())]));
    };
    let choices = choices_from_form(&form.typed);
    save_preferences(&state.pool, user.account_id.as_str(), &choices, language).await.or_internal("save_message_preferences")?;
    Ok(redirect_to(&format!("{MESSAGE_PREFERENCES_PATH}?salvate=1")))
}
