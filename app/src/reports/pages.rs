//! The reports pages: the public list and map data `/segnalazioni` and each
//! report's public page, the citizen's new-report form (with "is it one of
//! these?" before sending), "Le mie segnalazioni" and one's own report (to
//! reopen it), the office's inbox, report page and the form that registers
//! a report received by phone, email or at the counter. Every form posts
//! without JavaScript; no page shows a reporter's name to the public.

use super::forms::*;
use super::model::{
    office_actions, Channel, NewReportOptions, PhotoView, PublicReport, ReportAction, ReportEventView, ReportFilter, ReportStatus, ANSWER_WORKING_DAYS,
    DESCRIPTION_MAX_CHARS, LANDMARK_MAX_CHARS, PUBLIC_PAGE_SIZE, REOPEN_DAYS, REPLY_MAX_CHARS, TITLE_MAX_CHARS,
};
use super::questions::{CategoryQuestion, QuestionKind, ANSWER_MAX_CHARS};
use super::server_functions::{
    get_category_administration, get_my_reports, get_nearby_reports, get_new_report_options, get_office_report, get_office_reports, get_public_reports,
    get_report,
};
use crate::auth::model::SubmittedForm;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{format_date_long, t, use_locale, Text};
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{
    path_with, CLERK_NEW_REPORT_PATH, CLERK_REPORTS_PATH, CLERK_REPORT_PATH, CLERK_REPORT_PHOTO_PATH, MY_REPORTS_PATH, MY_REPORT_PATH, NEW_REPORT_PATH,
    REPORTS_PATH, REPORT_CATEGORIES_PATH, REPORT_FOLLOW_PATH, REPORT_PATH, REPORT_PHOTO_PATH,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn status_text(status: ReportStatus) -> Text {
    match status {
        ReportStatus::Received => Text::ReportStatusReceived,
        ReportStatus::TakenInCharge => Text::ReportStatusTakenInCharge,
        ReportStatus::InProgress => Text::ReportStatusInProgress,
        ReportStatus::Resolved => Text::ReportStatusResolved,
        ReportStatus::NotOurCompetence => Text::ReportStatusNotOurCompetence,
        ReportStatus::Duplicate => Text::ReportStatusDuplicate,
    }
}

pub fn action_text(action: ReportAction) -> Text {
    match action {
        ReportAction::TakeInCharge => Text::ReportActionTakeInCharge,
        ReportAction::StartWork => Text::ReportActionStartWork,
        ReportAction::Resolve => Text::ReportActionResolve,
        ReportAction::CloseNotOurCompetence => Text::ReportActionCloseNotOurCompetence,
        ReportAction::CloseAsDuplicate => Text::ReportActionCloseAsDuplicate,
        ReportAction::Reopen => Text::ReportActionReopen,
    }
}

pub fn channel_text(channel: Channel) -> Text {
    match channel {
        Channel::Portal => Text::ReportChannelPortal,
        Channel::Phone => Text::ReportChannelPhone,
        Channel::Email => Text::ReportChannelEmail,
        Channel::Counter => Text::ReportChannelCounter,
        Channel::Open311 => Text::ReportChannelOpen311,
    }
}

fn status_badge(status: ReportStatus) -> impl IntoView {
    let class = if status.is_open() { "badge badge-inactive" } else { "badge badge-active" };
    view! { <span class=class>{t(status_text(status))}</span> }
}

/// A report's public facts: category, place, status, dates, reply.
#[component]
fn ReportFacts(report: PublicReport) -> impl IntoView {
    let locale = use_locale();
    let point = report.latitude.clone().zip(report.longitude.clone());
    view! {
        <dl class="definition-list mt-4">
            <dt>{t(Text::ReportNumberLabel)}</dt><dd>{report.number.clone()}</dd>
            <dt>{t(Text::ReportCategoryLabel)}</dt><dd>{report.category_name.clone()}</dd>
            <dt>{t(Text::ReportStatusLabel)}</dt><dd>{status_badge(report.status)}</dd>
            {(!report.place.is_empty()).then(|| view! { <dt>{t(Text::ReportPlaceLabel)}</dt><dd>{report.place.clone()}</dd> })}
            {point.map(|(latitude, longitude)| view! { <dt>{t(Text::ReportPointLabel)}</dt><dd>{format!("{latitude}, {longitude}")}</dd> })}
            {report.area.clone().map(|area| view! { <dt>{t(Text::ReportAreaLabel)}</dt><dd>{area}</dd> })}
            <dt>{t(Text::ReportFiledLabel)}</dt><dd>{italian_date_time_of_unix_seconds(report.created_at)}</dd>
            {report.status.is_open().then(|| view! { <dt>{t(Text::ReportDueLabel)}</dt><dd>{format_date_long(&report.due_on, locale)}</dd> })}
            {report.duplicate_of.clone().map(|original| view! {
                <dt>{t(Text::ReportDuplicateOfLabel)}</dt>
                <dd><a class="link" href=path_with(REPORT_PATH, &[&original])>{original.clone()}</a></dd>
            })}
        </dl>
        <h2 class="section-title mt-6">{t(Text::ReportDescriptionLabel)}</h2>
        <p class="whitespace-pre-line">{report.description.clone()}</p>
        {report.public_reply.clone().map(|reply| view! {
            <h2 class="section-title mt-6">{t(Text::ReportReplyLabel)}</h2>
            <p class="whitespace-pre-line">{reply}</p>
        })}
    }
}

/// A report's photos; with `publish_from`, each with the clerk's publish or withdraw form.
#[component]
fn ReportPhotos(number: String, title: String, photos: Vec<PhotoView>, #[prop(optional)] publish_from: bool) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        view! {
            <h2 class="section-title mt-6">{t(Text::ReportPhotosTitle)}</h2>
            <ul class="mt-2 grid gap-4 md:grid-cols-3">
                {photos.into_iter().enumerate().map(|(index, photo)| {
                    let n = (index + 1).to_string();
                    let alt = t(Text::ReportPhotoAlt).replace("{n}", &n).replace("{title}", &title);
                    let source = path_with(REPORT_PHOTO_PATH, &[&number, &photo.id]);
                    let action = path_with(CLERK_REPORT_PHOTO_PATH, &[&number, &photo.id]);
                    let (button, value) = if photo.published { (Text::ReportPhotoWithdraw, "no") } else { (Text::ReportPhotoPublish, "si") };
                    view! {
                        <li>
                            <figure>
                                <img class="h-auto w-full rounded" src=source alt=alt width=photo.width height=photo.height loading="lazy"/>
                                {(!photo.published).then(|| view! { <figcaption class="text-base">{t(Text::ReportPhotoUnpublished)}</figcaption> })}
                            </figure>
                            {publish_from.then(|| view! {
                                <form method="post" action=action class="mt-2">
                                    <CsrfField/>
                                    <input type="hidden" name=PUBLISH_FIELD value=value/>
                                    <button class="button button-secondary" type="submit">{t(button).replace("{n}", &n)}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// A report's public history, oldest first.
#[component]
fn ReportHistory(history: Vec<ReportEventView>) -> impl IntoView {
    view! {
        <h2 class="section-title mt-6" id="storia">{t(Text::ReportHistoryTitle)}</h2>
        <ol class="mt-2 space-y-3" aria-labelledby="storia">
            {history.into_iter().map(|event| {
                let by = if event.by_office { Text::ReportByOffice } else { Text::ReportByAuthor };
                view! {
                    <li>
                        <strong>{t(status_text(event.status))}</strong>
                        " · "{italian_date_time_of_unix_seconds(event.at)}" · "{t(by)}
                        {event.note.map(|note| view! { <p class="whitespace-pre-line">{note}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// One report in a list, linking to `href`.
#[component]
fn ReportListItem(report: PublicReport, href: String, #[prop(optional)] note: Option<Text>) -> impl IntoView {
    // A report with a point is also drawn on the page's map, if it has one.
    let point = report.latitude.clone().zip(report.longitude.clone());
    let map_href = point.as_ref().map(|_| href.clone());
    view! {
        <li class="card" data-report-point=point.as_ref().map(|_| "") data-lat=point.as_ref().map(|(latitude, _)| latitude.clone())
            data-lon=point.as_ref().map(|(_, longitude)| longitude.clone()) data-title=point.as_ref().map(|_| report.title.clone())
            data-href=map_href>
            <h3 class="card-title"><a class="link" href=href>{report.title.clone()}</a></h3>
            <p>{status_badge(report.status)}" "{report.category_name.clone()}{note.map(|note| format!(" · {}", t(note)))}</p>
            <p class="text-base">{format!("{} {} · {}", t(Text::ReportNumberLabel), report.number, italian_date_time_of_unix_seconds(report.created_at))}</p>
            {(!report.place.is_empty()).then(|| view! { <p class="text-base">{report.place.clone()}</p> })}
        </li>
    }
}

/// `/segnalazioni`: every report, newest first, with filters; no personal data.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let locale = use_locale();
    let category = query_parameter("categoria").filter(|value| !value.is_empty());
    let status = query_parameter("stato").and_then(|value| ReportStatus::from_code(&value));
    let street = query_parameter("via").filter(|value| !value.is_empty());
    let area = query_parameter("zona").filter(|value| !value.is_empty());
    let page = query_parameter("pagina").and_then(|value| value.parse::<u32>().ok()).filter(|page| *page >= 1).unwrap_or(1);
    let filter = ReportFilter { category: category.clone(), status, street: street.clone(), area: area.clone(), page };
    let list = Resource::new(move || filter.clone(), get_public_reports);
    let title = Text::ReportsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale) description=Text::ReportsIntro.in_locale(locale).to_string()/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="lead">{t(Text::ReportsIntro).replace("{days}", &ANSWER_WORKING_DAYS.to_string())}</p>
        <p class="mt-4 flex flex-wrap gap-4">
            <a class="button button-primary" href=NEW_REPORT_PATH>{t(Text::ReportsNewButton)}</a>
            <a class="button button-secondary" href=MY_REPORTS_PATH>{t(Text::SectionReports)}</a>
        </p>
        <p class="mt-4"><a class="link" href=crate::routes::REPORTS_FEED_PATH type="application/atom+xml">{t(Text::ReportsFeedLink)}</a></p>
        <Suspense fallback=loading>
            {move || {
                let (category, street, area) = (category.clone(), street.clone(), area.clone());
                Suspend::new(async move {
                    let Ok(list) = list.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let filters: Vec<(&'static str, String)> = [
                        ("categoria", category.clone().unwrap_or_default()),
                        ("stato", status.map(|status| status.code().to_string()).unwrap_or_default()),
                        ("via", street.clone().unwrap_or_default()),
                        ("zona", area.clone().unwrap_or_default()),
                    ].into_iter().filter(|(_, value)| !value.is_empty()).collect();
                    let total = list.total;
                    view! {
                        <form method="get" action=REPORTS_PATH class="mt-6 grid gap-4 md:grid-cols-2 lg:grid-cols-4" aria-labelledby="filtri">
                            <h2 class="section-title md:col-span-2 lg:col-span-4" id="filtri">{t(Text::ReportsFiltersTitle)}</h2>
                            <SelectField id="categoria" label=t(Text::ReportCategoryLabel).to_string() error=None value=category.clone().unwrap_or_default()
                                empty=t(Text::ReportsAnyCategory).to_string()
                                options=list.categories.into_iter().map(|option| (option.code, option.name)).collect()/>
                            <SelectField id="stato" label=t(Text::ReportStatusLabel).to_string() error=None
                                value=status.map(|status| status.code().to_string()).unwrap_or_default() empty=t(Text::ReportsAnyStatus).to_string()
                                options=ReportStatus::ALL.into_iter().map(|option| (option.code().to_string(), t(status_text(option)).to_string())).collect()/>
                            <SelectField id="via" label=t(Text::ReportStreetLabel).to_string() error=None value=street.clone().unwrap_or_default()
                                empty=t(Text::ReportsAnyStreet).to_string() options=list.streets.into_iter().map(|street| (street.clone(), street)).collect()/>
                            <SelectField id="zona" label=t(Text::ReportAreaLabel).to_string() error=None value=area.clone().unwrap_or_default()
                                empty=t(Text::ReportsAnyArea).to_string() options=list.areas.into_iter().map(|area| (area.clone(), area)).collect()/>
                            <p><Button style=ButtonStyle::Secondary>{t(Text::InboxFilterButton)}</Button></p>
                        </form>
                        <h2 class="section-title mt-8" id="elenco" aria-live="polite">{t(Text::ReportsResults).replace("{total}", &total.to_string())}</h2>
                        {list.reports.iter().any(|report| report.latitude.is_some()).then(|| view! {
                            <ReportsMap kind="show" label=Text::ReportsMapLabel/>
                        })}
                        {if list.reports.is_empty() {
                            view! { <p>{t(Text::ReportsEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-2 grid gap-4 md:grid-cols-2" aria-labelledby="elenco">
                                    {list.reports.into_iter().map(|report| {
                                        let href = path_with(REPORT_PATH, &[&report.number]);
                                        view! { <ReportListItem report href/> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <ResultPages path=REPORTS_PATH filters page total page_size=PUBLIC_PAGE_SIZE/>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

fn report_number_param() -> String {
    use_params_map().read_untracked().get("number").unwrap_or_default()
}

/// `/segnalazioni/<number>`: one report and its public history.
#[component]
pub fn ReportPage() -> impl IntoView {
    let locale = use_locale();
    let number = report_number_param();
    let report = Resource::new(move || number.clone(), get_report);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(page)) => {
                        let title = page.report.title.clone();
                        view! {
                            <PageTitle text=page_title(&[&title, Text::ReportsTitle.in_locale(locale)], locale)/>
                            <Breadcrumb items=vec![BreadcrumbItem::link(Text::ReportsTitle.in_locale(locale), REPORTS_PATH), BreadcrumbItem::current(title.clone())]/>
                            <h1 class="page-title">{title.clone()}</h1>
                            <ReportPhotos number=page.report.number.clone() title photos=page.report.photos.clone()/>
                            <ReportFacts report=page.report/>
                            <ReportHistory history=page.history/>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A category's extra questions, under its choice: CSS shows them only
/// while it is the chosen one (with no category chosen, none), so they work
/// with JavaScript off; the server reads only the chosen category's answers.
#[component]
fn CategoryQuestions(category: String, name: String, questions: Vec<CategoryQuestion>, form: SubmittedForm) -> impl IntoView {
    let locale = use_locale();
    let legend = t(Text::ReportQuestionsLegend).replace("{category}", &name);
    view! {
        <fieldset class="choice-conditional">
            <legend class="field-label">{legend}</legend>
            {questions.into_iter().map(|question| {
                let field = answer_field(&category, &question.code);
                let label = question.question(locale).to_string();
                let hint = (!question.required).then(|| t(Text::ReportQuestionOptional).to_string());
                let error = form.error(&field);
                let value = form.value(&field);
                match question.kind {
                    QuestionKind::SingleChoice => {
                        let hint_id = format!("{field}-hint");
                        let error_id = format!("{field}-error");
                        let described = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())]
                            .into_iter().flatten().collect::<Vec<_>>().join(" ");
                        let class = if error.is_some() { "field field-error" } else { "field" };
                        view! {
                            <fieldset class=class id=field.clone() aria-describedby=(!described.is_empty()).then_some(described)>
                                <legend class="field-label">{label}</legend>
                                {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
                                {error.map(|error| view! { <p class="field-error-message" id=error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                                {question.choices.into_iter().enumerate().map(|(index, choice)| {
                                    let id = format!("{field}-{index}");
                                    let checked = choice.key == value;
                                    view! {
                                        <div class="choice">
                                            <input class="choice-input" type="radio" id=id.clone() name=field.clone() value=choice.key.clone() checked=checked/>
                                            <label class="choice-label" for=id>{choice.name(locale).to_string()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }.into_any()
                    }
                    QuestionKind::Number => view! {
                        <TextField id=field.clone() name=field label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value inputmode="decimal" maxlength=ANSWER_MAX_CHARS/>
                    }.into_any(),
                    QuestionKind::Text => view! {
                        <TextField id=field.clone() name=field label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=ANSWER_MAX_CHARS/>
                    }.into_any(),
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The report's own fields, shared by the citizen's form and the clerk's.
#[component]
fn ReportFields(options: NewReportOptions, form: SubmittedForm) -> impl IntoView {
    let chosen = form.value(CATEGORY_FIELD);
    let category_error = form.error(CATEGORY_FIELD);
    let category_class = if category_error.is_some() { "field field-error" } else { "field" };
    let category_described = category_error.as_ref().map(|_| "categoria-error");
    let text = |field: &str| form.value(field);
    view! {
        <fieldset class=category_class id=CATEGORY_FIELD aria-describedby=category_described>
            <legend class="field-label">{t(Text::ReportCategoryLegend)}</legend>
            {category_error.map(|error| view! { <p class="field-error-message" id="categoria-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            {options.categories.into_iter().filter(|category| category.active).enumerate().map(|(position, category)| {
                let id = format!("categoria-{position}");
                let hint_id = format!("{id}-hint");
                let checked = category.code == chosen;
                let questions = options.questions.get(&category.code).cloned().unwrap_or_default();
                let asked = (!questions.is_empty())
                    .then(|| view! { <CategoryQuestions category=category.code.clone() name=category.name.clone() questions form=form.clone()/> });
                view! {
                    <div class="choice">
                        <input class="choice-input" type="radio" id=id.clone() name=CATEGORY_FIELD value=category.code checked=checked aria-describedby=hint_id.clone()/>
                        <label class="choice-label" for=id>{category.name}</label>
                        <p class="field-hint ml-10" id=hint_id>{category.description}</p>
                        {asked}
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <TextField id=TITLE_FIELD.to_string() name=TITLE_FIELD.to_string() label=t(Text::ReportTitleLabel).to_string() hint=t(Text::ReportTitleHint).to_string()
            error=form.error(TITLE_FIELD).unwrap_or_default() value=text(TITLE_FIELD) maxlength=TITLE_MAX_CHARS/>
        <TextAreaField id=DESCRIPTION_FIELD label=t(Text::ReportDescriptionLabel).to_string() hint=t(Text::ReportDescriptionHint).to_string()
            error=form.error(DESCRIPTION_FIELD) value=text(DESCRIPTION_FIELD) maxlength=DESCRIPTION_MAX_CHARS rows=6/>
        <fieldset class="mt-6">
            <legend class="section-title">{t(Text::ReportWhereLegend)}</legend>
            <p class="field-hint">{t(Text::ReportWhereHint)}</p>
            <SelectField id=STREET_FIELD label=t(Text::ReportStreetLabel).to_string() error=form.error(STREET_FIELD) value=text(STREET_FIELD)
                empty=t(Text::ReportStreetChoose).to_string() options=options.streets.into_iter().map(|street| (street.clone(), street)).collect()/>
            <TextField id=HOUSE_NUMBER_FIELD.to_string() name=HOUSE_NUMBER_FIELD.to_string() label=t(Text::ReportHouseNumberLabel).to_string()
                hint=t(Text::ReportHouseNumberHint).to_string() error=form.error(HOUSE_NUMBER_FIELD).unwrap_or_default() value=text(HOUSE_NUMBER_FIELD) maxlength=12/>
            <TextField id=LANDMARK_FIELD.to_string() name=LANDMARK_FIELD.to_string() label=t(Text::ReportLandmarkLabel).to_string()
                hint=t(Text::ReportLandmarkHint).to_string() error=form.error(LANDMARK_FIELD).unwrap_or_default() value=text(LANDMARK_FIELD) maxlength=LANDMARK_MAX_CHARS/>
            <p class="mt-4">{t(Text::ReportPointHint)}</p>
            <div class="grid gap-4 md:grid-cols-2">
                <TextField id=LATITUDE_FIELD.to_string() name=LATITUDE_FIELD.to_string() label=t(Text::ReportLatitudeLabel).to_string()
                    error=form.error(LATITUDE_FIELD).unwrap_or_default() value=text(LATITUDE_FIELD) maxlength=12 inputmode="decimal"/>
                <TextField id=LONGITUDE_FIELD.to_string() name=LONGITUDE_FIELD.to_string() label=t(Text::ReportLongitudeLabel).to_string()
                    error=form.error(LONGITUDE_FIELD).unwrap_or_default() value=text(LONGITUDE_FIELD) maxlength=12 inputmode="decimal"/>
            </div>
            <p class="field-hint mt-4" id="mappa-aiuto" hidden=true data-map-only="">{t(Text::ReportMapHint)}</p>
            <ReportsMap kind="choose" label=Text::ReportMapChooseLabel/>
            <button type="button" class="button button-secondary mt-2" id="mappa-centro" hidden=true data-map-only="">{t(Text::ReportMapCentreButton)}</button>
            <p class="mt-2 font-semibold" id="mappa-annuncio" aria-live="polite"></p>
        </fieldset>
    }
}

/// The photos' file input, and the photos kept from the form's earlier answer.
#[component]
fn PhotoUpload(form: SubmittedForm) -> impl IntoView {
    let pending = form.value(PENDING_PHOTOS_FIELD);
    let count = pending.split(',').filter(|id| !id.trim().is_empty()).count();
    let error = form.error(PHOTOS_FIELD);
    let described = if error.is_some() { "foto-hint foto-error" } else { "foto-hint" };
    let class = if error.is_some() { "field field-error mt-6" } else { "field mt-6" };
    view! {
        <div class=class>
            <label class="field-label" for=PHOTOS_FIELD>{t(Text::ReportPhotosLabel)}</label>
            <p class="field-hint" id="foto-hint">{t(Text::ReportPhotosHint)}</p>
            {error.map(|error| view! { <p class="field-error-message" id="foto-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            {(count > 0).then(|| view! { <p class="mt-2"><strong>{t(Text::ReportPhotosKept).replace("{count}", &count.to_string())}</strong></p> })}
            <input type="hidden" name=PENDING_PHOTOS_FIELD value=pending/>
            <input class="field-input" type="file" id=PHOTOS_FIELD name=PHOTOS_FIELD multiple=true accept="image/jpeg,image/png,image/webp" aria-describedby=described/>
        </div>
    }
}

/// The privacy notice and its acknowledgement.
#[component]
fn PrivacyAcknowledgement(form: SubmittedForm) -> impl IntoView {
    let error = form.error(PRIVACY_FIELD);
    let checked = form.value(PRIVACY_FIELD) == "si";
    let class = if error.is_some() { "field field-error mt-6" } else { "field mt-6" };
    view! {
        <div class=class>
            <p>{t(Text::ReportPrivacyNotice)}" "<a class="link" href="/info/privacy">{t(Text::ReportPrivacyLink)}</a></p>
            {error.map(|error| view! { <p class="field-error-message" id="privacy-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <div class="choice">
                <input class="choice-input" type="checkbox" id=PRIVACY_FIELD name=PRIVACY_FIELD value="si" checked=checked/>
                <label class="choice-label" for=PRIVACY_FIELD>{t(Text::ReportPrivacyLabel)}</label>
            </div>
        </div>
    }
}

fn error_summary(form: &SubmittedForm) -> Option<impl IntoView> {
    let entries = form.errors.iter().map(|(field, message)| ErrorSummaryEntry { message: message.clone(), field_id: field.clone() }).collect::<Vec<_>>();
    (!entries.is_empty()).then(|| view! { <ErrorSummary id="riepilogo-errori" entries/> })
}

/// The open reports near the place just described: follow one, or send anyway.
#[component]
fn NearbyReports(form: SubmittedForm) -> impl IntoView {
    let (category, latitude, longitude, street) =
        (form.value(CATEGORY_FIELD), form.value(LATITUDE_FIELD), form.value(LONGITUDE_FIELD), form.value(STREET_FIELD));
    let nearby = Resource::new(
        move || (category.clone(), latitude.clone(), longitude.clone(), street.clone()),
        |(category, latitude, longitude, street)| get_nearby_reports(category, latitude, longitude, street),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let reports = nearby.await.unwrap_or_default();
                (!reports.is_empty()).then(|| view! {
                    <section class="mt-6 rounded border-2 border-blue-800 p-4" aria-labelledby="simili">
                        <h2 class="section-title" id="simili" tabindex="-1">{t(Text::ReportNearbyTitle)}</h2>
                        <p>{t(Text::ReportNearbyText)}</p>
                        <ul class="mt-4 grid gap-4">
                            {reports.into_iter().map(|report| {
                                let number = report.number.clone();
                                view! {
                                    <li class="card">
                                        <h3 class="card-title"><a class="link" href=path_with(REPORT_PATH, &[&number])>{report.title.clone()}</a></h3>
                                        <p>{status_badge(report.status)}" "{report.place.clone()}" · "{italian_date_time_of_unix_seconds(report.created_at)}</p>
                                        <form method="post" action=path_with(REPORT_FOLLOW_PATH, &[&number]) class="mt-2">
                                            <CsrfField/>
                                            <button class="button button-secondary" type="submit" aria-label=format!("{} {}: {}", t(Text::ReportFollowButton), number, report.title)>
                                                {t(Text::ReportFollowButton)}
                                            </button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="mt-4">{t(Text::ReportNearbySendAnyway)}</p>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// `/area-personale/segnalazioni/nuova`: the citizen's report.
#[component]
pub fn NewReportPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let nearby_check = !has_errors && form.value(NEARBY_SEEN_FIELD) == "1";
    let title = Text::NewReportTitle.in_locale(locale);
    let options = Resource::new(|| (), |_| get_new_report_options());
    view! {
        <PageTitle text=form_page_title(&[title, Text::ReportsTitle.in_locale(locale)], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ReportsTitle.in_locale(locale), REPORTS_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        {error_summary(&form)}
        <p class="lead">{t(Text::NewReportIntro).replace("{days}", &ANSWER_WORKING_DAYS.to_string())}</p>
        {nearby_check.then(|| view! { <NearbyReports form=form.clone()/> })}
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let Ok(options) = options.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let button = if nearby_check { Text::ReportSendAnywayButton } else { Text::ReportSendButton };
                    view! {
                        <form method="post" action=NEW_REPORT_PATH enctype="multipart/form-data" novalidate=true class="mt-6 max-w-2xl">
                            <CsrfField/>
                            {nearby_check.then(|| view! { <input type="hidden" name=NEARBY_SEEN_FIELD value="1"/> })}
                            <ReportFields options form=form.clone()/>
                            <PhotoUpload form=form.clone()/>
                            <PrivacyAcknowledgement form/>
                            <Button>{t(button)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// `/area-personale/segnalazioni`: the reports one filed or follows.
#[component]
pub fn MyReportsPage() -> impl IntoView {
    let locale = use_locale();
    let reports = Resource::new(|| (), |_| get_my_reports());
    let filed = query_parameter("inviata");
    let followed = query_parameter("seguita");
    let title = Text::SectionReports.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <div aria-live="polite">
            {filed.map(|number| view! { <Alert kind=AlertKind::Success>{t(Text::ReportFiledNow).replace("{number}", &number)}</Alert> })}
            {followed.map(|number| view! { <Alert kind=AlertKind::Success>{t(Text::ReportFollowedNow).replace("{number}", &number)}</Alert> })}
        </div>
        <p class="mt-4"><a class="button button-primary" href=NEW_REPORT_PATH>{t(Text::ReportsNewButton)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match reports.await {
                    Ok(reports) if reports.is_empty() => view! { <p class="mt-6">{t(Text::MyReportsEmpty)}</p> }.into_any(),
                    Ok(reports) => view! {
                        <ul class="mt-6 grid gap-4 md:grid-cols-2" aria-label=t(Text::SectionReports)>
                            {reports.into_iter().map(|(report, authored)| {
                                let href = path_with(MY_REPORT_PATH, &[&report.number]);
                                let note = if authored { Text::MyReportAuthored } else { Text::MyReportFollowed };
                                view! { <ReportListItem report href note/> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/area-personale/segnalazioni/<number>`: one's own (or followed) report; the author may reopen it.
#[component]
pub fn MyReportPage() -> impl IntoView {
    let locale = use_locale();
    let number = report_number_param();
    let report = Resource::new(move || number.clone(), get_report);
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let moved = query_parameter("riaperta").is_some();
    view! {
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match report.await {
                        Ok(Some(page)) if page.is_author || page.is_follower => {
                            let title = page.report.title.clone();
                            let number = page.report.number.clone();
                            view! {
                                <PageTitle text=form_page_title(&[&title, Text::SectionReports.in_locale(locale)], locale, has_errors)/>
                                <Breadcrumb items=vec![
                                    BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
                                    BreadcrumbItem::link(Text::SectionReports.in_locale(locale), MY_REPORTS_PATH),
                                    BreadcrumbItem::current(title.clone()),
                                ]/>
                                <h1 class="page-title">{title.clone()}</h1>
                                {error_summary(&form)}
                                <div aria-live="polite">{moved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ReportReopenedNow)}</Alert> })}</div>
                                <ReportPhotos number=number.clone() title=title.clone()
                                    photos=if page.is_author { page.own_photos.clone() } else { page.report.photos.clone() }/>
                                <ReportFacts report=page.report/>
                                <ReportHistory history=page.history/>
                                {page.may_reopen_until.map(|until| view! {
                                    <form method="post" action=path_with(MY_REPORT_PATH, &[&number]) novalidate=true class="mt-8 max-w-2xl">
                                        <h2 class="section-title">{t(Text::ReportReopenTitle)}</h2>
                                        <p>{t(Text::ReportReopenText).replace("{days}", &REOPEN_DAYS.to_string()).replace("{until}", &format_date_long(&until, locale))}</p>
                                        <CsrfField/>
                                        <input type="hidden" name=ACTION_FIELD value=ReportAction::Reopen.code()/>
                                        <TextAreaField id=NOTE_FIELD label=t(Text::ReportReopenReasonLabel).to_string() error=form.error(NOTE_FIELD)
                                            value=form.value(NOTE_FIELD) maxlength=REPLY_MAX_CHARS rows=4/>
                                        <Button style=ButtonStyle::Secondary>{t(Text::ReportActionReopen)}</Button>
                                    </form>
                                })}
                                <p class="mt-8"><a class="link" href=path_with(REPORT_PATH, &[&number])>{t(Text::ReportPublicPageLink)}</a></p>
                            }.into_any()
                        }
                        Ok(_) => view! { <NotFoundPage/> }.into_any(),
                        Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/operatore/segnalazioni`: the reports of the clerk's offices, the overdue first.
#[component]
pub fn ClerkReportsPage() -> impl IntoView {
    let locale = use_locale();
    let status = query_parameter("stato").and_then(|value| ReportStatus::from_code(&value));
    let reports = Resource::new(move || status, get_office_reports);
    let registered = query_parameter("registrata");
    let title = Text::ClerkReportsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <div aria-live="polite">
            {registered.map(|number| view! { <Alert kind=AlertKind::Success>{t(Text::ReportRegisteredNow).replace("{number}", &number)}</Alert> })}
        </div>
        <p class="mt-4"><a class="button button-primary" href=CLERK_NEW_REPORT_PATH>{t(Text::ClerkNewReportTitle)}</a></p>
        <form method="get" action=CLERK_REPORTS_PATH class="mt-6 flex flex-wrap items-end gap-4">
            <div>
                <label class="form-label" for="stato">{t(Text::ReportStatusLabel)}</label>
                <select class="form-input" id="stato" name="stato">
                    <option value="">{t(Text::ReportsAnyStatus)}</option>
                    {ReportStatus::ALL.into_iter().map(|option| view! { <option value=option.code() selected=Some(option) == status>{t(status_text(option))}</option> }).collect_view()}
                </select>
            </div>
            <Button style=ButtonStyle::Secondary>{t(Text::InboxFilterButton)}</Button>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match reports.await {
                    Ok(reports) if reports.is_empty() => view! { <p class="mt-6">{t(Text::ReportsEmpty)}</p> }.into_any(),
                    Ok(reports) => view! {
                        <div class="mt-6 overflow-x-auto">
                            <table class="table w-full">
                                <caption class="sr-only">{t(Text::ClerkReportsTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Text::ReportNumberLabel)}</th>
                                        <th scope="col">{t(Text::ReportTitleLabel)}</th>
                                        <th scope="col">{t(Text::ReportCategoryLabel)}</th>
                                        <th scope="col">{t(Text::ReportStatusLabel)}</th>
                                        <th scope="col">{t(Text::ReportChannelLabel)}</th>
                                        <th scope="col">{t(Text::ReportDueLabel)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {reports.into_iter().map(|item| view! {
                                        <tr>
                                            <td><a class="link inline-flex min-h-11 items-center" href=path_with(CLERK_REPORT_PATH, &[&item.report.number])>{item.report.number.clone()}</a></td>
                                            <td>{item.report.title.clone()}</td>
                                            <td>{item.report.category_name.clone()}</td>
                                            <td>{t(status_text(item.report.status))}</td>
                                            <td>{t(channel_text(item.channel))}</td>
                                            <td>
                                                {item.report.status.is_open().then(|| format_date_long(&item.report.due_on, locale))}
                                                {item.overdue.then(|| view! { <strong class="ml-1 text-red-800">{t(Text::InboxOverdue)}</strong> })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/operatore/segnalazioni/<number>`: one report of the clerk's offices and its moves.
#[component]
pub fn ClerkReportPage() -> impl IntoView {
    let locale = use_locale();
    let number = report_number_param();
    let report = Resource::new(move || number.clone(), get_office_report);
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let moved = query_parameter("aggiornata").is_some();
    view! {
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match report.await {
                        Ok(Some(page)) => {
                            let title = page.report.title.clone();
                            let number = page.report.number.clone();
                            let chosen = form.value(ACTION_FIELD);
                            let actions = office_actions(page.report.status);
                            let action_error = form.error(ACTION_FIELD);
                            let action_class = if action_error.is_some() { "field field-error" } else { "field" };
                            view! {
                                <PageTitle text=form_page_title(&[&title, Text::ClerkReportsTitle.in_locale(locale)], locale, has_errors)/>
                                <Breadcrumb items=vec![
                                    BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"),
                                    BreadcrumbItem::link(Text::ClerkReportsTitle.in_locale(locale), CLERK_REPORTS_PATH),
                                    BreadcrumbItem::current(title.clone()),
                                ]/>
                                <h1 class="page-title">{title.clone()}</h1>
                                {error_summary(&form)}
                                <div aria-live="polite">{moved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ReportMovedNow)}</Alert> })}</div>
                                {page.overdue.then(|| view! { <Alert kind=AlertKind::Warning>{t(Text::ReportOverdueWarning)}</Alert> })}
                                <dl class="definition-list mt-4">
                                    <dt>{t(Text::ReportChannelLabel)}</dt><dd>{t(channel_text(page.channel))}</dd>
                                    <dt>{t(Text::ReportReporterLabel)}</dt><dd>{page.reporter_name.clone()}</dd>
                                    {(!page.reporter_contact.is_empty()).then(|| view! { <dt>{t(Text::ReportReporterContactLabel)}</dt><dd>{page.reporter_contact.clone()}</dd> })}
                                    {page.open311_client.clone().map(|client| view! { <dt>{t(Text::Open311ClientNameLabel)}</dt><dd>{client}</dd> })}
                                    {page.media_url.clone().map(|url| view! {
                                        <dt>{t(Text::ReportMediaUrlLabel)}</dt>
                                        <dd><a class="link break-all" href=url.clone() rel="noopener noreferrer nofollow">{url.clone()}</a></dd>
                                    })}
                                </dl>
                                {(!page.answers.is_empty()).then(|| view! {
                                    <h2 class="section-title">{t(Text::ReportAnswersTitle)}</h2>
                                    <dl class="definition-list">
                                        {page.answers.iter().map(|(question, answer)| view! { <dt>{question.clone()}</dt><dd>{answer.clone()}</dd> }).collect_view()}
                                    </dl>
                                })}
                                <ReportPhotos number=number.clone() title=title.clone() photos=page.photos.clone() publish_from=true/>
                                <ReportFacts report=page.report/>
                                <ReportHistory history=page.history/>
                                {(!actions.is_empty()).then(|| view! {
                                    <form method="post" action=path_with(CLERK_REPORT_PATH, &[&number]) novalidate=true class="mt-8 max-w-2xl">
                                        <CsrfField/>
                                        <fieldset class=action_class id=ACTION_FIELD>
                                            <legend class="section-title">{t(Text::ReportActionLegend)}</legend>
                                            {action_error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                                            {actions.into_iter().enumerate().map(|(position, action)| {
                                                let id = format!("azione-{position}");
                                                view! {
                                                    <div class="choice">
                                                        <input class="choice-input" type="radio" id=id.clone() name=ACTION_FIELD value=action.code() checked=action.code() == chosen/>
                                                        <label class="choice-label" for=id>{t(action_text(action))}</label>
                                                    </div>
                                                }
                                            }).collect_view()}
                                        </fieldset>
                                        <TextAreaField id=NOTE_FIELD label=t(Text::ReportReplyFieldLabel).to_string() hint=t(Text::ReportReplyFieldHint).to_string()
                                            error=form.error(NOTE_FIELD) value=form.value(NOTE_FIELD) maxlength=REPLY_MAX_CHARS rows=5/>
                                        <TextField id=ORIGINAL_FIELD.to_string() name=ORIGINAL_FIELD.to_string() label=t(Text::ReportOriginalLabel).to_string()
                                            hint=t(Text::ReportOriginalHint).to_string() error=form.error(ORIGINAL_FIELD).unwrap_or_default() value=form.value(ORIGINAL_FIELD) maxlength=12/>
                                        <Button>{t(Text::ReportMoveButton)}</Button>
                                    </form>
                                })}
                            }.into_any()
                        }
                        Ok(None) => view! { <NotFoundPage/> }.into_any(),
                        Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/operatore/segnalazioni/nuova`: a report received by phone, email or at the counter.
#[component]
pub fn ClerkNewReportPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let title = Text::ClerkNewReportTitle.in_locale(locale);
    let options = Resource::new(|| (), |_| get_new_report_options());
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"),
            BreadcrumbItem::link(Text::ClerkReportsTitle.in_locale(locale), CLERK_REPORTS_PATH),
            BreadcrumbItem::current(title),
        ]/>
        <h1 class="page-title">{title}</h1>
        {error_summary(&form)}
        <p class="lead">{t(Text::ClerkNewReportIntro)}</p>
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let Ok(options) = options.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let channels = Channel::REGISTERED_BY_CLERKS.into_iter().map(|channel| (channel.code().to_string(), t(channel_text(channel)).to_string())).collect();
                    view! {
                        <form method="post" action=CLERK_NEW_REPORT_PATH enctype="multipart/form-data" novalidate=true class="mt-6 max-w-2xl">
                            <CsrfField/>
                            <input type="hidden" name=PRIVACY_FIELD value="si"/>
                            <input type="hidden" name=NEARBY_SEEN_FIELD value="1"/>
                            <SelectField id=CHANNEL_FIELD label=t(Text::ReportChannelLabel).to_string() error=form.error(CHANNEL_FIELD) value=form.value(CHANNEL_FIELD)
                                empty=t(Text::ReportChannelChoose).to_string() options=channels/>
                            <TextField id=REPORTER_NAME_FIELD.to_string() name=REPORTER_NAME_FIELD.to_string() label=t(Text::ReportReporterLabel).to_string()
                                error=form.error(REPORTER_NAME_FIELD).unwrap_or_default() value=form.value(REPORTER_NAME_FIELD) maxlength=120 autocomplete="off"/>
                            <TextField id=REPORTER_CONTACT_FIELD.to_string() name=REPORTER_CONTACT_FIELD.to_string() label=t(Text::ReportReporterContactLabel).to_string()
                                hint=t(Text::ReportReporterContactHint).to_string() error=form.error(REPORTER_CONTACT_FIELD).unwrap_or_default()
                                value=form.value(REPORTER_CONTACT_FIELD) maxlength=200 autocomplete="off"/>
                            <TextField id=REPORTER_FISCAL_CODE_FIELD.to_string() name=REPORTER_FISCAL_CODE_FIELD.to_string() label=t(Text::ReportReporterFiscalCodeLabel).to_string()
                                hint=t(Text::ReportReporterFiscalCodeHint).to_string() error=form.error(REPORTER_FISCAL_CODE_FIELD).unwrap_or_default()
                                value=form.value(REPORTER_FISCAL_CODE_FIELD) maxlength=16 autocomplete="off"/>
                            <ReportFields options form=form.clone()/>
                            <PhotoUpload form/>
                            <Button>{t(Text::ClerkRegisterReportButton)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// `/amministrazione/segnalazioni`: the categories of reports, each with
/// its office, in both languages; `?categoria=<code>` edits one, without it
/// the form adds a new one.
#[component]
pub fn ReportCategoriesPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let chosen = query_parameter("categoria").unwrap_or_default();
    let saved = query_parameter("salvata");
    let revoked = query_parameter("revocata").is_some();
    let issued = use_context::<super::model::IssuedOpen311Key>();
    let administration = Resource::new(|| (), |_| get_category_administration());
    let title = Text::ReportCategoriesTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::AdministrationTitle.in_locale(locale), "/amministrazione"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        {error_summary(&form)}
        <p class="lead">{t(Text::ReportCategoriesIntro)}</p>
        <div aria-live="polite">
            {saved.map(|code| view! { <Alert kind=AlertKind::Success>{t(Text::ReportCategorySaved).replace("{code}", &code)}</Alert> })}
            {revoked.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::Open311ClientRevoked)}</Alert> })}
            {issued.map(|issued| view! {
                <div class="alert alert-success" role="status">
                    <h2 class="text-lg font-bold">{t(Text::Open311KeyIssuedTitle).replace("{name}", &issued.client_name)}</h2>
                    <p><code class="break-all" data-testid="open311-key">{issued.key.clone()}</code></p>
                    <p>{t(Text::Open311KeyIssuedText)}</p>
                </div>
            })}
        </div>
        <Suspense fallback=loading>
            {move || {
                let (form, chosen) = (form.clone(), chosen.clone());
                Suspend::new(async move {
                    let Ok(administration) = administration.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let editing = administration.categories.iter().find(|category| category.code == chosen).cloned();
                    let office_names: std::collections::BTreeMap<String, String> = administration.offices.iter().cloned().collect();
                    // The form shows what was just typed (a mistake), else the category chosen, else a new one.
                    let value = |field: &str, stored: String| if form.values.is_empty() { stored } else { form.value(field) };
                    let current = editing.clone().unwrap_or(super::model::CategoryDefinition {
                        position: administration.categories.len() as i64 + 1,
                        active: true,
                        ..Default::default()
                    });
                    let active = if form.values.is_empty() { current.active } else { form.value(ACTIVE_FIELD) == "si" };
                    let heading = if editing.is_some() { Text::ReportCategoryEditTitle } else { Text::ReportCategoryNewTitle };
                    view! {
                        <div class="mt-6 overflow-x-auto">
                            <table class="table w-full">
                                <caption class="sr-only">{t(Text::ReportCategoriesTitle)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Text::ReportCategoryLabel)}</th>
                                        <th scope="col">{t(Text::ReportCategoryOfficeLabel)}</th>
                                        <th scope="col">{t(Text::ReportCategoryActiveLabel)}</th>
                                        <th scope="col"><span class="sr-only">{t(Text::ReportCategoryEditTitle)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {administration.categories.iter().map(|category| {
                                        let office = office_names.get(&category.office).cloned().unwrap_or_else(|| category.office.clone());
                                        let href = format!("{REPORT_CATEGORIES_PATH}?categoria={}", category.code);
                                        view! {
                                            <tr>
                                                <td>{category.name_it.clone()}</td>
                                                <td>{office}</td>
                                                <td>{t(if category.active { Text::AnswerYes } else { Text::AnswerNo })}</td>
                                                <td><a class="link inline-flex min-h-11 items-center" href=href
                                                    aria-label=format!("{}: {}", t(Text::ReportCategoryEditTitle), category.name_it)>{t(Text::ReportCategoryEditLink)}</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p class="mt-4"><a class="link" href=REPORT_CATEGORIES_PATH>{t(Text::ReportCategoryNewTitle)}</a></p>
                        <form method="post" action=REPORT_CATEGORIES_PATH novalidate=true class="mt-6 max-w-2xl" aria-labelledby="categoria-modulo">
                            <h2 class="section-title" id="categoria-modulo">{t(heading)}</h2>
                            <CsrfField/>
                            {match editing {
                                Some(category) => view! {
                                    <input type="hidden" name=CATEGORY_CODE_FIELD value=category.code.clone()/>
                                    <p>{t(Text::ReportCategoryCodeLabel)}": "<code>{category.code.clone()}</code></p>
                                }.into_any(),
                                None => view! {
                                    <TextField id=CATEGORY_CODE_FIELD.to_string() name=CATEGORY_CODE_FIELD.to_string() label=t(Text::ReportCategoryCodeLabel).to_string()
                                        hint=t(Text::ReportCategoryCodeHint).to_string() error=form.error(CATEGORY_CODE_FIELD).unwrap_or_default()
                                        value=form.value(CATEGORY_CODE_FIELD) maxlength=40 autocomplete="off"/>
                                }.into_any(),
                            }}
                            <TextField id=NAME_IT_FIELD.to_string() name=NAME_IT_FIELD.to_string() label=t(Text::ReportCategoryNameItLabel).to_string()
                                error=form.error(NAME_IT_FIELD).unwrap_or_default() value=value(NAME_IT_FIELD, current.name_it.clone()) maxlength=60/>
                            <TextField id=NAME_EN_FIELD.to_string() name=NAME_EN_FIELD.to_string() label=t(Text::ReportCategoryNameEnLabel).to_string()
                                error=form.error(NAME_EN_FIELD).unwrap_or_default() value=value(NAME_EN_FIELD, current.name_en.clone()) maxlength=60/>
                            <TextField id=DESCRIPTION_IT_FIELD.to_string() name=DESCRIPTION_IT_FIELD.to_string() label=t(Text::ReportCategoryDescriptionItLabel).to_string()
                                error=form.error(DESCRIPTION_IT_FIELD).unwrap_or_default() value=value(DESCRIPTION_IT_FIELD, current.description_it.clone()) maxlength=200/>
                            <TextField id=DESCRIPTION_EN_FIELD.to_string() name=DESCRIPTION_EN_FIELD.to_string() label=t(Text::ReportCategoryDescriptionEnLabel).to_string()
                                error=form.error(DESCRIPTION_EN_FIELD).unwrap_or_default() value=value(DESCRIPTION_EN_FIELD, current.description_en.clone()) maxlength=200/>
                            <SelectField id=OFFICE_FIELD label=t(Text::ReportCategoryOfficeLabel).to_string() error=form.error(OFFICE_FIELD)
                                value=value(OFFICE_FIELD, current.office.clone()) empty=t(Text::ReportCategoryOfficeChoose).to_string() options=administration.offices.clone()/>
                            <TextField id=POSITION_FIELD.to_string() name=POSITION_FIELD.to_string() label=t(Text::ReportCategoryPositionLabel).to_string()
                                hint=t(Text::ReportCategoryPositionHint).to_string() error=form.error(POSITION_FIELD).unwrap_or_default()
                                value=value(POSITION_FIELD, current.position.to_string()) maxlength=3 inputmode="numeric"/>
                            <div class="choice mt-4">
                                <input class="choice-input" type="checkbox" id=ACTIVE_FIELD name=ACTIVE_FIELD value="si" checked=active/>
                                <label class="choice-label" for=ACTIVE_FIELD>{t(Text::ReportCategoryActiveHint)}</label>
                            </div>
                            <Button>{t(Text::ReportCategorySaveButton)}</Button>
                        </form>
                        <Open311Clients clients=administration.open311_clients.clone() form=form.clone()/>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// The applications holding an Open311 key: issue one, revoke one.
#[component]
fn Open311Clients(clients: Vec<super::model::Open311ClientView>, form: SubmittedForm) -> impl IntoView {
    view! {
        <section class="mt-10 max-w-2xl" aria-labelledby="open311-titolo">
            <h2 class="section-title" id="open311-titolo">{t(Text::Open311ClientsTitle)}</h2>
            <p>{t(Text::Open311ClientsIntro)}</p>
            {if clients.is_empty() {
                view! { <p class="mt-4">{t(Text::Open311ClientsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-4 grid gap-4">
                        {clients.into_iter().map(|client| {
                            let state = if client.revoked { Text::Open311ClientRevokedState } else { Text::Open311ClientActive };
                            view! {
                                <li class="card">
                                    <p class="font-bold">{client.name.clone()}</p>
                                    <p>{format!("{}: {} · {}: {}", t(Text::Open311ClientIssuedLabel), italian_date_time_of_unix_seconds(client.issued_at),
                                        t(Text::Open311ClientStateLabel), t(state))}</p>
                                    {(!client.revoked).then(|| view! {
                                        <form method="post" action=crate::routes::OPEN311_CLIENTS_PATH class="mt-2">
                                            <CsrfField/>
                                            <input type="hidden" name=OPEN311_REVOKE_FIELD value=client.id.clone()/>
                                            <Button style=ButtonStyle::Secondary>
                                                {t(Text::Open311RevokeButton)}<span class="sr-only">{format!(" — {}", client.name)}</span>
                                            </Button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form method="post" action=crate::routes::OPEN311_CLIENTS_PATH novalidate=true class="mt-6">
                <CsrfField/>
                <TextField id=OPEN311_CLIENT_NAME_FIELD.to_string() name=OPEN311_CLIENT_NAME_FIELD.to_string() label=t(Text::Open311ClientNameLabel).to_string()
                    hint=t(Text::Open311ClientNameHint).to_string() error=form.error(OPEN311_CLIENT_NAME_FIELD).unwrap_or_default()
                    value=form.value(OPEN311_CLIENT_NAME_FIELD) maxlength=120 autocomplete="off"/>
                <Button>{t(Text::Open311IssueButton)}</Button>
            </form>
        </section>
    }
}

/// A map drawn by `/map.js` with Leaflet, both served from this origin:
/// `choose` writes a point into the form's latitude and longitude fields,
/// `show` draws the page's reports that have one. Hidden until the script
/// runs: without JavaScript the fields and the list are the whole page.
#[component]
fn ReportsMap(kind: &'static str, label: Text) -> impl IntoView {
    let settings = use_context::<super::model::MapSettings>().unwrap_or_default();
    view! {
        <div class="report-map mt-4" hidden=true data-map=kind data-tiles=settings.tiles data-attribution=settings.attribution
            data-attribution-url=settings.attribution_url data-center=super::model::MapSettings::centre() data-label=t(label)
            data-roledescription=t(Text::MapRoleDescription) data-latitude-field=LATITUDE_FIELD data-longitude-field=LONGITUDE_FIELD
            data-center-button="mappa-centro" data-announcement="mappa-annuncio" data-chosen-text=t(Text::ReportMapChosen)
            data-marker-label=t(Text::ReportMapMarker) data-zoom-in=t(Text::MapZoomIn) data-zoom-out=t(Text::MapZoomOut)></div>
        <link rel="stylesheet" href="/vendor/leaflet/leaflet.css"/>
        <script src="/vendor/leaflet/leaflet.js" defer=true></script>
        <script src="/map.js" defer=true></script>
    }
}
