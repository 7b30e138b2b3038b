//! The national model's page feedback widget ("Quanto sono chiare le
//! informazioni su questa pagina?"), built from plain forms so that it works
//! without JavaScript: stars (GET, nothing stored yet), then the follow-up
//! question and details (POST to a server function), then thanks.
//!
//! Each step after the first moves the focus into the widget with `autofocus`
//! (which also scrolls it into view, without JavaScript): the error summary
//! when something is wrong, else the widget's heading, else the thanks. URLs
//! carry no `#fragment`, because a fragment disables `autofocus`.

use super::model::*;
use super::server_functions::SubmitPageFeedback;
use crate::components::{Alert, AlertKind, ErrorSummary, ErrorSummaryEntry};
use crate::http_context::set_response_status;
use crate::i18n::{t, use_locale, Locale, Text};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

fn rating_label(rating: StarRating, locale: Locale) -> String {
    if rating.value() == 1 {
        Text::FeedbackRateOneStar.in_locale(locale).to_string()
    } else {
        Text::FeedbackRateStars.in_locale(locale).replace("{n}", &rating.value().to_string())
    }
}

fn reason_text(reason: FeedbackReason) -> Text {
    match reason {
        FeedbackReason::Clear => Text::ReasonClear,
        FeedbackReason::Complete => Text::ReasonComplete,
        FeedbackReason::HelpedUnderstand => Text::ReasonHelpedUnderstand,
        FeedbackReason::NotClear => Text::ReasonNotClear,
        FeedbackReason::NotComplete => Text::ReasonNotComplete,
        FeedbackReason::UnsureProgress => Text::ReasonUnsureProgress,
        FeedbackReason::TechnicalProblems => Text::ReasonTechnicalProblems,
        FeedbackReason::PositiveOther | FeedbackReason::NegativeOther => Text::ReasonOther,
    }
}

fn error_entry(error: PageFeedbackError, locale: Locale) -> ErrorSummaryEntry {
    let (text, field_id) = match error {
        PageFeedbackError::UnknownPage => (Text::FeedbackErrorPage, "feedback-title"),
        PageFeedbackError::RatingMissing => (Text::FeedbackErrorRating, "feedback-rating-1"),
        PageFeedbackError::ReasonInvalid => (Text::FeedbackErrorReason, "feedback-reason-0"),
        PageFeedbackError::CommentTooLong => (Text::FeedbackErrorCommentTooLong, "feedback-comment"),
    };
    ErrorSummaryEntry { message: text.in_locale(locale).to_string(), field_id: field_id.to_string() }
}

#[component]
pub fn PageFeedbackWidget(sheet_slug: String) -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let page_path = service_sheet_path(&sheet_slug);
    let rating_param = query.get("valutazione").unwrap_or_default();
    let errors = query.get("errore").unwrap_or_default().split(',').filter_map(PageFeedbackError::from_code).collect::<Vec<_>>();
    let typed_reason = query.get("motivo").unwrap_or_default();
    let typed_comment = query.get("commento").unwrap_or_default();
    // Set by the stars form: "Avanti" pressed with no star chosen is a mistake to report.
    let stars_submitted = query.get("passo").is_some();

    // On the follow-up step without errors the heading takes the focus.
    let focus_heading = StarRating::parse(&rating_param).is_some() && errors.is_empty();
    let body = if rating_param == "grazie" {
        view! {
            <Alert kind=AlertKind::Success>
                <p data-element="feedback-thanks" tabindex="-1" autofocus=true>{t(Text::FeedbackThanks)}</p>
            </Alert>
        }
        .into_any()
    } else if let Some(rating) = StarRating::parse(&rating_param) {
        if !errors.is_empty() {
            set_response_status(422);
        }
        view! {
            <FeedbackDetailsForm
                page_path=page_path
                rating=rating
                errors=errors
                typed_reason=typed_reason
                typed_comment=typed_comment
            />
        }
        .into_any()
    } else {
        let rating_error = !errors.is_empty() || !rating_param.is_empty() || stars_submitted;
        if rating_error {
            set_response_status(422);
        }
        view! { <FeedbackStarsForm page_path=page_path rating_error=rating_error/> }.into_any()
    };

    view! {
        <section class="feedback" id="feedback" aria-labelledby="feedback-title" data-element="feedback">
            <h2 class="section-title" id="feedback-title" tabindex="-1" autofocus=focus_heading data-element="feedback-title">
                {t(Text::FeedbackTitle)}
            </h2>
            {body}
        </section>
    }
}

/// Step 1: the stars. A GET form: choosing stars stores nothing yet.
#[component]
fn FeedbackStarsForm(page_path: String, rating_error: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="get" action=page_path>
            <input type="hidden" name="passo" value="stelle"/>
            {rating_error.then(|| view! {
                <ErrorSummary id="feedback-errors" entries=vec![error_entry(PageFeedbackError::RatingMissing, locale)]/>
            })}
            <fieldset class="mt-2">
                <legend class="sr-only">{t(Text::FeedbackStarsLegend)}</legend>
                <div class="stars">
                    {StarRating::all().into_iter().rev().map(|rating| {
                        let id = format!("feedback-rating-{}", rating.value());
                        view! {
                            <input class="star-input sr-only" type="radio" name="valutazione" id=id.clone()
                                value=rating.value().to_string()
                                data-element=format!("feedback-rate-{}", rating.value())/>
                            <label class="star-label" for=id>
                                <span aria-hidden="true">"★"</span>
                                <span class="sr-only">{rating_label(rating, locale)}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <button class="button button-primary mt-4" type="submit">{t(Text::FeedbackNext)}</button>
        </form>
    }
}

/// Step 2: the follow-up question for the chosen rating and optional details.
#[component]
fn FeedbackDetailsForm(page_path: String, rating: StarRating, errors: Vec<PageFeedbackError>, typed_reason: String, typed_comment: String) -> impl IntoView {
    let locale = use_locale();
    let (question, polarity) = if rating.is_positive() {
        (Text::FeedbackPositiveQuestion, "feedback-rating-positive")
    } else {
        (Text::FeedbackNegativeQuestion, "feedback-rating-negative")
    };
    let you_rated = if rating.value() == 1 {
        Text::FeedbackYouRatedOne.in_locale(locale).to_string()
    } else {
        Text::FeedbackYouRated.in_locale(locale).replace("{n}", &rating.value().to_string())
    };
    let reason_error = errors.contains(&PageFeedbackError::ReasonInvalid);
    let comment_error = errors.contains(&PageFeedbackError::CommentTooLong);
    let entries = errors.iter().map(|error| error_entry(*error, locale)).collect::<Vec<_>>();
    let comment_described_by = if comment_error { "feedback-comment-hint feedback-comment-error" } else { "feedback-comment-hint" };
    view! {
        <form method="post" action=SubmitPageFeedback::url() novalidate=true>
            <crate::components::CsrfField/>
            {(!entries.is_empty()).then(|| view! { <ErrorSummary id="feedback-errors" entries/> })}
            <input type="hidden" name="page" value=page_path.clone()/>
            <input type="hidden" name="rating" value=rating.value().to_string()/>
            <p class="mb-2">
                {you_rated}" "
                <a class="link inline-flex min-h-11 items-center" href=format!("{page_path}#feedback")>{t(Text::FeedbackChangeRating)}</a>
            </p>
            <fieldset class="mt-2" data-element=polarity
                aria-describedby=reason_error.then_some("feedback-reason-error")>
                <legend class="text-lg font-semibold" data-element="feedback-rating-question">{question.in_locale(locale)}</legend>
                {reason_error.then(|| view! {
                    <p class="field-error-message" id="feedback-reason-error">
                        <span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{t(Text::FeedbackErrorReason)}
                    </p>
                })}
                {FeedbackReason::for_rating(rating).iter().enumerate().map(|(index, reason)| {
                    let id = format!("feedback-reason-{index}");
                    let checked = typed_reason == reason.code();
                    view! {
                        <div class="radio-option">
                            <input type="radio" name="reason" id=id.clone() value=reason.code() checked=checked
                                data-element="feedback-rating-answer"/>
                            <label for=id>{t(reason_text(*reason))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class=if comment_error { "field field-error mt-4" } else { "field mt-4" }>
                <p class="text-lg font-semibold">{t(Text::FeedbackDetailsQuestion)}</p>
                <label class="field-label" for="feedback-comment">{t(Text::FeedbackDetailsLabel)}</label>
                <p class="field-hint" id="feedback-comment-hint">{t(Text::FeedbackDetailsHint)}</p>
                {comment_error.then(|| view! {
                    <p class="field-error-message" id="feedback-comment-error">
                        <span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{t(Text::FeedbackErrorCommentTooLong)}
                    </p>
                })}
                <input class="field-input" type="text" id="feedback-comment" name="comment"
                    value=typed_comment maxlength=FEEDBACK_COMMENT_MAX_CHARS
                    aria-invalid=comment_error.then_some("true")
                    aria-describedby=comment_described_by
                    data-element="feedback-input-text"/>
            </div>
            <button class="button button-primary mt-4" type="submit">{t(Text::FeedbackSubmit)}</button>
        </form>
    }
}
