//! The national model's page feedback widget ("Quanto sono chiare le
//! informazioni su questa pagina?") as the model draws it: the stars, then
//! the follow-up question of the stars' polarity with its answers, then the
//! details. It is one plain form posted to a server function, so it works
//! without JavaScript; choosing the stars shows the right follow-up question
//! through CSS alone (`:has()`), and where a browser lacks `:has()` both
//! questions stay visible and the server keeps the answer of the stars'
//! polarity.
//!
//! After a post with mistakes the page comes back with every value kept and
//! the error summary focused with `autofocus` (which also scrolls it into
//! view, without JavaScript). URLs carry no `#fragment`, because a fragment
//! disables `autofocus`.

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
        FeedbackReason::SureOfProgress => Text::ReasonSureOfProgress,
        FeedbackReason::NoTechnicalProblems => Text::ReasonNoTechnicalProblems,
        FeedbackReason::NotClear => Text::ReasonNotClear,
        FeedbackReason::NotComplete => Text::ReasonNotComplete,
        FeedbackReason::UnsureProgress => Text::ReasonUnsureProgress,
        FeedbackReason::TechnicalProblems => Text::ReasonTechnicalProblems,
        FeedbackReason::PositiveOther | FeedbackReason::NegativeOther => Text::ReasonOther,
    }
}

fn error_entry(error: PageFeedbackError, rating: Option<StarRating>, locale: Locale) -> ErrorSummaryEntry {
    let reason_field = match rating {
        Some(rating) if rating.is_positive() => "feedback-positive-reason-0",
        _ => "feedback-negative-reason-0",
    };
    let (text, field_id) = match error {
        PageFeedbackError::UnknownPage => (Text::FeedbackErrorPage, "feedback-title"),
        PageFeedbackError::RatingMissing => (Text::FeedbackErrorRating, "feedback-rating-1"),
        PageFeedbackError::ReasonInvalid => (Text::FeedbackErrorReason, reason_field),
        PageFeedbackError::CommentTooLong => (Text::FeedbackErrorCommentTooLong, "feedback-comment"),
    };
    ErrorSummaryEntry { message: text.in_locale(locale).to_string(), field_id: field_id.to_string() }
}

fn field_error(id: &'static str, text: Text) -> impl IntoView {
    view! {
        <p class="field-error-message" id=id>
            <span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{t(text)}
        </p>
    }
}

#[component]
pub fn PageFeedbackWidget(sheet_slug: String) -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let page_path = service_sheet_path(&sheet_slug);
    let rating_param = query.get("valutazione").unwrap_or_default();
    let errors = query.get("errore").unwrap_or_default().split(',').filter_map(PageFeedbackError::from_code).collect::<Vec<_>>();
    let typed = TypedFeedback {
        rating: StarRating::parse(&rating_param),
        reason: query.get("motivo").unwrap_or_default(),
        comment: query.get("commento").unwrap_or_default(),
    };
    let body = if rating_param == "grazie" {
        view! {
            <Alert kind=AlertKind::Success>
                <p data-element="feedback-thanks" tabindex="-1" autofocus=true>{t(Text::FeedbackThanks)}</p>
            </Alert>
        }
        .into_any()
    } else {
        // A rating in the address that is not 1 to 5 is a mistake to report too.
        let mut errors = errors;
        if !rating_param.is_empty() && typed.rating.is_none() && !errors.contains(&PageFeedbackError::RatingMissing) {
            errors.push(PageFeedbackError::RatingMissing);
        }
        if !errors.is_empty() {
            set_response_status(422);
        }
        view! { <FeedbackForm page_path typed errors/> }.into_any()
    };

    view! {
        <section class="feedback" id="feedback" aria-labelledby="feedback-title" data-element="feedback">
            <h2 class="section-title" id="feedback-title" tabindex="-1" data-element="feedback-title">
                {t(Text::FeedbackTitle)}
            </h2>
            {body}
        </section>
    }
}

/// What the citizen chose and typed before a post came back with mistakes.
struct TypedFeedback {
    rating: Option<StarRating>,
    reason: String,
    comment: String,
}

#[component]
fn FeedbackForm(page_path: String, typed: TypedFeedback, errors: Vec<PageFeedbackError>) -> impl IntoView {
    let locale = use_locale();
    let rating_error = errors.contains(&PageFeedbackError::RatingMissing);
    let reason_error = errors.contains(&PageFeedbackError::ReasonInvalid);
    let comment_error = errors.contains(&PageFeedbackError::CommentTooLong);
    let entries = errors.iter().map(|error| error_entry(*error, typed.rating, locale)).collect::<Vec<_>>();
    let comment_described_by = if comment_error { "feedback-comment-hint feedback-comment-error" } else { "feedback-comment-hint" };
    let follow_up = |positive: bool| {
        let (question, polarity, reasons, field_name, id_prefix) = if positive {
            (Text::FeedbackPositiveQuestion, "feedback-rating-positive", &FeedbackReason::POSITIVE[..], "reason_positive", "feedback-positive-reason")
        } else {
            (Text::FeedbackNegativeQuestion, "feedback-rating-negative", &FeedbackReason::NEGATIVE[..], "reason_negative", "feedback-negative-reason")
        };
        let this_polarity_chosen = typed.rating.is_some_and(|rating| rating.is_positive() == positive);
        let show_error = reason_error && this_polarity_chosen;
        view! {
            <fieldset class=if positive { "feedback-reasons feedback-positive" } else { "feedback-reasons feedback-negative" }
                data-element=polarity
                aria-describedby=show_error.then_some(if positive { "feedback-positive-error" } else { "feedback-negative-error" })>
                <legend class="text-lg font-semibold" data-element="feedback-rating-question">{question.in_locale(locale)}</legend>
                {show_error.then(|| field_error(if positive { "feedback-positive-error" } else { "feedback-negative-error" }, Text::FeedbackErrorReason))}
                {reasons.iter().enumerate().map(|(index, reason)| {
                    let id = format!("{id_prefix}-{index}");
                    let checked = this_polarity_chosen && typed.reason == reason.code();
                    view! {
                        <div class="radio-option">
                            <input type="radio" name=field_name id=id.clone() value=reason.code() checked=checked/>
                            <label for=id data-element="feedback-rating-answer">{t(reason_text(*reason))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        // No token: the guide's pages are the same for every anonymous visitor (`TOKEN_FREE_POSTS`).
        <form method="post" action=SubmitPageFeedback::url() novalidate=true>
            {(!entries.is_empty()).then(|| view! { <ErrorSummary id="feedback-errors" entries/> })}
            <input type="hidden" name="page" value=page_path/>
            <fieldset class="mt-2" aria-describedby=rating_error.then_some("feedback-rating-error")>
                <legend class="sr-only">{t(Text::FeedbackStarsLegend)}</legend>
                {rating_error.then(|| field_error("feedback-rating-error", Text::FeedbackErrorRating))}
                <div class="stars">
                    {StarRating::all().into_iter().rev().map(|rating| {
                        let id = format!("feedback-rating-{}", rating.value());
                        view! {
                            <input class="star-input sr-only" type="radio" name="rating" id=id.clone()
                                value=rating.value().to_string()
                                checked=typed.rating == Some(rating)
                                data-element=format!("feedback-rate-{}", rating.value())/>
                            <label class="star-label" for=id>
                                <span aria-hidden="true">"★"</span>
                                <span class="sr-only">{rating_label(rating, locale)}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="feedback-follow-up">
                {follow_up(false)}
                {follow_up(true)}
                <div class=if comment_error { "field field-error mt-4" } else { "field mt-4" }>
                    <p class="text-lg font-semibold">{t(Text::FeedbackDetailsQuestion)}</p>
                    <label class="field-label" for="feedback-comment">{t(Text::FeedbackDetailsLabel)}</label>
                    <p class="field-hint" id="feedback-comment-hint">{t(Text::FeedbackDetailsHint)}</p>
                    {comment_error.then(|| field_error("feedback-comment-error", Text::FeedbackErrorCommentTooLong))}
                    <input class="field-input" type="text" id="feedback-comment" name="comment"
                        value=typed.comment.clone() maxlength=FEEDBACK_COMMENT_MAX_CHARS
                        aria-invalid=comment_error.then_some("true")
                        aria-describedby=comment_described_by
                        data-element="feedback-input-text"/>
                </div>
            </div>
            <button class="button button-primary mt-4" type="submit">{t(Text::FeedbackSubmit)}</button>
        </form>
    }
}
