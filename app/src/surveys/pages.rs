//! The surveys' pages: the list, a survey's form (a fieldset per question,
//! the signed one-time token, no cookie until answered), the published
//! results (a chart and a table per question, the CSV), and the
//! administrators' page that opens and closes them. Every form posts
//! without JavaScript.

use super::forms::*;
use super::model::{QuestionKind, QuestionResult, QuestionView, SurveyPageView, SurveyState, SurveySummary, TEXT_ANSWER_MAX_CHARS};
use super::server_functions::{get_survey, get_survey_administration, get_survey_results, get_surveys};
use crate::auth::model::SubmittedForm;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{t, use_locale, Locale, Text};
use crate::routes::{path_with, ADMINISTRATION_PATH, SURVEYS_PATH, SURVEY_ADMINISTRATION_PATH, SURVEY_PATH, SURVEY_RESULTS_CSV_PATH, SURVEY_RESULTS_PATH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn state_text(state: SurveyState) -> Text {
    match state {
        SurveyState::Draft => Text::SurveyStateDraft,
        SurveyState::Open => Text::SurveyStateOpen,
        SurveyState::Closed => Text::SurveyStateClosed,
    }
}

/// `/ascolto/questionari`: the open surveys to answer, the closed ones' results.
#[component]
pub fn SurveysPage() -> impl IntoView {
    let locale = use_locale();
    let surveys = Resource::new(|| (), |_| get_surveys());
    let title = Text::SurveysTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="lead">{t(Text::SurveysIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(surveys) = surveys.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                let (open, closed): (Vec<SurveySummary>, Vec<SurveySummary>) = surveys.into_iter().partition(|survey| survey.state == SurveyState::Open);
                view! {
                    <section class="mt-6" aria-labelledby="questionari-aperti">
                        <h2 class="section-title" id="questionari-aperti">{t(Text::SurveysOpenTitle)}</h2>
                        {if open.is_empty() {
                            view! { <p>{t(Text::SurveysNoneOpen)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-2 list-disc pl-6">
                                    {open.into_iter().map(|survey| view! {
                                        <li><a class="link inline-flex min-h-11 items-center" href=path_with(SURVEY_PATH, &[&survey.slug])>{survey.title}</a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="mt-6" aria-labelledby="questionari-chiusi">
                        <h2 class="section-title" id="questionari-chiusi">{t(Text::SurveysResultsTitle)}</h2>
                        {if closed.is_empty() {
                            view! { <p>{t(Text::SurveysNoneClosed)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-2 list-disc pl-6">
                                    {closed.into_iter().map(|survey| {
                                        let label = Text::SurveyResultsLink.fill(locale, &[("title", &survey.title), ("responses", &survey.responses.to_string())]);
                                        view! { <li><a class="link inline-flex min-h-11 items-center" href=path_with(SURVEY_RESULTS_PATH, &[&survey.slug])>{label}</a></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// One question of the form: a fieldset of radios (a scale, a choice) or a short text.
#[component]
fn QuestionField(question: QuestionView, form: SubmittedForm) -> impl IntoView {
    let error = form.error(&question.field);
    let value = form.value(&question.field);
    let optional = (!question.required).then(|| t(Text::SurveyOptional));
    if question.kind == QuestionKind::Text {
        let label = match optional {
            Some(optional) => format!("{} {optional}", question.text),
            None => question.text.clone(),
        };
        // `TextAreaField` takes a constant id; a question's field is the survey's own.
        let field = question.field.clone();
        let hint_id = format!("{field}-hint");
        let error_id = format!("{field}-error");
        let described_by = if error.is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() };
        let class = if error.is_some() { "field field-error" } else { "field" };
        let invalid = error.is_some().then_some("true");
        return view! {
            <div class=class>
                <label class="field-label" for=field.clone()>{label}</label>
                <p class="field-hint" id=hint_id>{t(Text::SurveyTextHint)}</p>
                {error.map(|error| view! { <p class="field-error-message" id=error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                <textarea class="field-input" id=field.clone() name=field rows=4 maxlength=TEXT_ANSWER_MAX_CHARS aria-invalid=invalid
                    aria-describedby=described_by>{value}</textarea>
            </div>
        }
        .into_any();
    }
    let class = if error.is_some() { "field field-error" } else { "field" };
    let hint = (question.kind == QuestionKind::Scale).then(|| t(Text::SurveyScaleHint));
    let field = question.field.clone();
    view! {
        <fieldset class=class id=field.clone()>
            <legend class="field-label">{question.text.clone()}{optional.map(|optional| format!(" {optional}"))}</legend>
            {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
            {error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <div class=if question.kind == QuestionKind::Scale { "flex flex-wrap gap-x-6" } else { "" }>
                {question.choices.into_iter().map(|(choice, label)| {
                    let id = format!("{field}-{choice}");
                    let checked = value == choice;
                    view! {
                        <div class="choice">
                            <input class="choice-input" type="radio" id=id.clone() name=field.clone() value=choice checked=checked/>
                            <label class="choice-label" for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
    .into_any()
}

fn survey_form(survey: SurveyPageView, form: SubmittedForm) -> AnyView {
    let action = path_with(SURVEY_PATH, &[&survey.slug]);
    view! {
        <p class="lead">{survey.intro.clone()}</p>
        <p>{t(Text::SurveyAnonymous)}</p>
        <form method="post" action=action novalidate=true class="mt-6 max-w-2xl">
            <CsrfField/>
            <input type="hidden" name=TOKEN_FIELD value=survey.token.clone()/>
            {survey.questions.into_iter().map(|question| view! { <QuestionField question=question form=form.clone()/> }).collect_view()}
            <Button>{t(Text::SurveySendButton)}</Button>
        </form>
    }
    .into_any()
}

/// A survey's form: anyone, once per browser, while it is open.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = params.with_untracked(|params| params.get("slug").unwrap_or_default());
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let sent = query_parameter("inviato").is_some();
    let survey = Resource::new(move || slug.clone(), get_survey);
    view! {
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let (survey, answered_here) = match survey.await {
                        Ok(Some(survey)) => survey,
                        Ok(None) => return view! { <NotFoundPage/> }.into_any(),
                        Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                    };
                    let title = survey.title.clone();
                    let results = path_with(SURVEY_RESULTS_PATH, &[&survey.slug]);
                    let body = if sent {
                        view! { <Alert kind=AlertKind::Success>{t(Text::SurveyThanks)}</Alert> }.into_any()
                    } else if survey.state == SurveyState::Closed {
                        view! {
                            <p class="lead">{t(Text::SurveyClosed)}</p>
                            <p><a class="link inline-flex min-h-11 items-center" href=results>{t(Text::SurveyResultsTitle)}</a></p>
                        }.into_any()
                    } else if answered_here {
                        view! { <p class="lead">{t(Text::SurveyAnsweredHere)}</p> }.into_any()
                    } else {
                        survey_form(survey, form.clone())
                    };
                    view! {
                        <PageTitle text=form_page_title(&[&title], locale, has_errors)/>
                        <Breadcrumb items=vec![BreadcrumbItem::link(Text::SurveysTitle.in_locale(locale), SURVEYS_PATH), BreadcrumbItem::current(title.clone())]/>
                        <h1 class="page-title">{title.clone()}</h1>
                        <SubmittedFormErrors form=form.clone()/>
                        <div aria-live="polite">{body}</div>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

#[component]
fn ResultSection(result: QuestionResult, chart: String, locale: Locale) -> impl IntoView {
    let heading_id = format!("risultato-{}", result.id);
    let labelled_by = heading_id.clone();
    let answered = Text::SurveyAnswered.fill(locale, &[("count", &result.answered.to_string())]);
    let mean = result.mean_hundredths.map(|mean| {
        let mean = format!("{},{:02}", mean / 100, mean % 100);
        Text::SurveyMean.fill(locale, &[("mean", &mean)])
    });
    let is_text = result.kind == QuestionKind::Text;
    view! {
        <section class="mt-10" aria-labelledby=labelled_by>
            <h2 class="section-title" id=heading_id>{result.text.clone()}</h2>
            <p>{answered}{mean.map(|mean| format!(" {mean}"))}</p>
            {if is_text {
                view! { <p>{t(Text::SurveyTextsKept)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-4 grid gap-6 lg:grid-cols-2">
                        // The chart repeats the table beside it, which is what assistive technologies read.
                        <div class="standard-chart" aria-hidden="true" inner_html=chart></div>
                        <div class="overflow-x-auto">
                            <table class="table w-full">
                                <caption class="text-left font-bold">{result.text.clone()}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Text::SurveyAnswerLabel)}</th>
                                        <th scope="col">{t(Text::SurveyCountLabel)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {result.counts.iter().map(|(label, count)| view! {
                                        <tr><th scope="row">{label.clone()}</th><td>{*count}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// A survey's results: published once it is closed.
#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = params.with_untracked(|params| params.get("slug").unwrap_or_default());
    let results = Resource::new(move || slug.clone(), get_survey_results);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let results = match results.await {
                    Ok(Some(results)) => results,
                    Ok(None) => return view! { <NotFoundPage/> }.into_any(),
                    Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                };
                let title = Text::SurveyResultsOf.fill(locale, &[("title", &results.title)]);
                let csv = path_with(SURVEY_RESULTS_CSV_PATH, &[&results.slug]);
                let responses = Text::SurveyResponses.fill(locale, &[("count", &results.responses.to_string())]);
                let provisional = results.state != SurveyState::Closed;
                view! {
                    <PageTitle text=page_title(&[&title], locale)/>
                    <Breadcrumb items=vec![BreadcrumbItem::link(Text::SurveysTitle.in_locale(locale), SURVEYS_PATH), BreadcrumbItem::current(title.clone())]/>
                    <h1 class="page-title">{title.clone()}</h1>
                    {provisional.then(|| view! { <Alert kind=AlertKind::Info>{t(Text::SurveyResultsProvisional)}</Alert> })}
                    <p class="lead">{responses}</p>
                    <p><a class="link inline-flex min-h-11 items-center" href=csv>{t(Text::SurveyCsvLink)}</a>" "{t(Text::StandardsLicence)}</p>
                    {results.results.into_iter().zip(results.charts.into_iter().chain(std::iter::repeat(String::new()))).map(|(result, chart)| view! {
                        <ResultSection result=result chart=chart locale=locale/>
                    }).collect_view()}
                }.into_any()
            })}
        </Suspense>
    }
}

/// The administrators' surveys: open a draft, close an open one (its results are then published).
#[component]
pub fn SurveyAdministrationPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let opened = query_parameter("aperto").is_some();
    let closed = query_parameter("chiuso").is_some();
    let surveys = Resource::new(|| (), |_| get_survey_administration());
    let title = Text::SurveyAdministrationTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::AdministrationTitle.in_locale(locale), ADMINISTRATION_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {opened.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::SurveyOpened)}</Alert> })}
            {closed.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::SurveyClosedNow)}</Alert> })}
        </div>
        <p class="lead">{t(Text::SurveyAdministrationIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(surveys) = surveys.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if surveys.is_empty() {
                    return view! { <p>{t(Text::SurveysNone)}</p> }.into_any();
                }
                view! {
                    <ul class="mt-4 grid gap-4">
                        {surveys.into_iter().map(|survey| {
                            let responses = Text::SurveyResponses.fill(locale, &[("count", &survey.responses.to_string())]);
                            let (action, button) = match survey.state {
                                SurveyState::Draft => (Some(OPEN_ACTION), Text::SurveyOpenButton),
                                SurveyState::Open => (Some(CLOSE_ACTION), Text::SurveyCloseButton),
                                SurveyState::Closed => (None, Text::SurveyCloseButton),
                            };
                            view! {
                                <li class="card">
                                    <p class="font-bold">{survey.title.clone()}</p>
                                    <p>{t(state_text(survey.state))}" — "{responses}</p>
                                    <p><a class="link inline-flex min-h-11 items-center" href=path_with(SURVEY_RESULTS_PATH, &[&survey.slug])>
                                        {t(Text::SurveyResultsTitle)}<span class="sr-only">{format!(" — {}", survey.title)}</span>
                                    </a></p>
                                    {action.map(|action| view! {
                                        <form method="post" action=SURVEY_ADMINISTRATION_PATH class="mt-2">
                                            <CsrfField/>
                                            <input type="hidden" name=ACTION_FIELD value=action/>
                                            <input type="hidden" name=SURVEY_FIELD value=survey.slug.clone()/>
                                            <Button>{t(button)}<span class="sr-only">{format!(" — {}", survey.title)}</span></Button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
}
