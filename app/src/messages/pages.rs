//! "I miei messaggi": every message the Comune sent the citizen, unread
//! ones marked in words (not by colour alone); one message (opening it
//! marks it read, a button marks it unread again); and the preferences:
//! which channels carry each kind of message, and their language. Every
//! form posts without JavaScript.

use super::forms::*;
use super::model::{choices_from_form, Channel, ChannelChoice, MessageKind, MessagePreferences, MessageView};
use super::server_functions::{get_message_preferences, get_my_messages, open_my_message};
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::{query_parameter, submitted_form};
use crate::i18n::{t, use_locale, Locale, Text};
use crate::payments::amount::AmountInCents;
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{path_with, MESSAGE_PREFERENCES_PATH, MY_MESSAGES_PATH, MY_MESSAGE_PATH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn kind_text(kind: MessageKind) -> Text {
    match kind {
        MessageKind::Practices => Text::MessageKindPractices,
        MessageKind::Payments => Text::MessageKindPayments,
        MessageKind::Appointments => Text::MessageKindAppointments,
    }
}

fn personal_area(locale: Locale) -> BreadcrumbItem {
    BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale")
}

/// `/area-personale/messaggi`: newest first.
#[component]
pub fn MyMessagesPage() -> impl IntoView {
    let locale = use_locale();
    let messages = Resource::new(|| (), |_| get_my_messages());
    let title = Text::SectionMessages.in_locale(locale);
    let marked_unread = query_parameter("da-leggere").is_some();
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![personal_area(locale), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <div aria-live="polite">
            {marked_unread.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::MessageMarkedUnread)}</Alert> })}
        </div>
        <p class="lead">{t(Text::MessagesIntro)}</p>
        <p><a class="link inline-flex min-h-11 items-center" href=MESSAGE_PREFERENCES_PATH>{t(Text::MessagePreferencesTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(messages) = messages.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if messages.is_empty() {
                    return view! { <p class="mt-6">{t(Text::MessagesEmpty)}</p> }.into_any();
                }
                let unread = messages.iter().filter(|message| !message.read).count();
                view! {
                    <p class="mt-6">{Text::MessagesUnreadCount.in_locale(locale).replace("{n}", &unread.to_string())}</p>
                    <ul class="mt-4 grid gap-4" aria-label=title>
                        {messages.into_iter().map(|message| view! { <MessageListItem message/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn MessageListItem(message: MessageView) -> impl IntoView {
    let href = path_with(MY_MESSAGE_PATH, &[&message.id]);
    let class = if message.read { "card" } else { "card border-l-4 border-l-blue-700" };
    let subject_class = if message.read { "card-title" } else { "card-title font-bold" };
    view! {
        <li class=class>
            <p class="text-sm">
                {(!message.read).then(|| view! { <strong class="badge badge-active mr-2">{t(Text::MessageUnread)}</strong> })}
                {t(kind_text(message.kind))}" · "{italian_date_time_of_unix_seconds(message.created_at)}
            </p>
            <h2 class=subject_class><a class="card-link" href=href>{message.subject}</a></h2>
        </li>
    }
}

fn message_id_param() -> String {
    use_params_map().with_untracked(|params| params.get("id").unwrap_or_default())
}

/// `/area-personale/messaggi/<id>`: opening it marks it read.
#[component]
pub fn MyMessagePage() -> impl IntoView {
    let locale = use_locale();
    let id = message_id_param();
    let message = Resource::new(move || id.clone(), open_my_message);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match message.await {
                    Ok(Some(message)) => view! { <MessageDetails message locale/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MessageDetails(message: MessageView, locale: Locale) -> impl IntoView {
    let title = message.subject.clone();
    let section = Text::SectionMessages.in_locale(locale);
    let paragraphs: Vec<String> = message.body.split("\n\n").map(|paragraph| paragraph.trim().to_string()).filter(|paragraph| !paragraph.is_empty()).collect();
    let due = message.due_on.as_deref().and_then(crate::practices::validation::parse_date).map(crate::practices::calendar::italian_date);
    let amount =
        message.amount_cents.and_then(|cents| i64::try_from(cents).ok()).and_then(|cents| AmountInCents::from_cents(cents).ok()).map(AmountInCents::italian);
    let mut rows = vec![
        SummaryRow { key: Text::MessageKindLabel.in_locale(locale).to_string(), value: t(kind_text(message.kind)).to_string(), change_href: None },
        SummaryRow {
            key: Text::MessageSentLabel.in_locale(locale).to_string(),
            value: italian_date_time_of_unix_seconds(message.created_at),
            change_href: None,
        },
    ];
    if let Some(due) = due {
        rows.push(SummaryRow { key: Text::MessageDueLabel.in_locale(locale).to_string(), value: due, change_href: None });
    }
    if let Some(number) = message.notice_number.clone() {
        rows.push(SummaryRow { key: Text::MessageNoticeLabel.in_locale(locale).to_string(), value: number, change_href: None });
    }
    if let Some(amount) = amount {
        rows.push(SummaryRow { key: Text::MessageAmountLabel.in_locale(locale).to_string(), value: amount, change_href: None });
    }
    let action = path_with(MY_MESSAGE_PATH, &[&message.id]);
    view! {
        <PageTitle text=form_page_title(&[&title, section], locale, false)/>
        <Breadcrumb items=vec![personal_area(locale), BreadcrumbItem::link(section, MY_MESSAGES_PATH), BreadcrumbItem::current(title.clone())]/>
        <h1 class="page-title">{title.clone()}</h1>
        <SummaryList rows/>
        <div class="mt-6 max-w-prose">
            <Paragraphs paragraphs/>
        </div>
        {message.link.clone().map(|link| view! {
            <p class="mt-6"><a class="button button-primary" href=link>{t(Text::MessageOpenLink)}</a></p>
        })}
        <form method="post" action=action class="mt-6">
            <CsrfField/>
            <input type="hidden" name=ACTION_FIELD value=MARK_UNREAD_ACTION/>
            <Button style=ButtonStyle::Secondary>{t(Text::MessageMarkUnreadButton)}</Button>
        </form>
    }
}

/// `/area-personale/preferenze-messaggi`: the channels per kind, and the language.
#[component]
pub fn MessagePreferencesPage() -> impl IntoView {
    let locale = use_locale();
    let preferences = Resource::new(|| (), |_| get_message_preferences());
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let saved = query_parameter("salvate").is_some();
    let title = Text::MessagePreferencesTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![personal_area(locale), BreadcrumbItem::link(Text::SectionMessages.in_locale(locale), MY_MESSAGES_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {saved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::MessagePreferencesSaved)}</Alert> })}
        </div>
        <p class="lead">{t(Text::MessagePreferencesIntro)}</p>
        <Suspense fallback=loading>
            {move || { let form = form.clone(); Suspend::new(async move {
                match preferences.await {
                    Ok(preferences) => view! { <ChannelsForm preferences form/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn ChannelsForm(preferences: MessagePreferences, form: crate::auth::model::SubmittedForm) -> impl IntoView {
    let locale = use_locale();
    let language = if form.values.contains_key(LANGUAGE_FIELD) { form.value(LANGUAGE_FIELD) } else { preferences.locale.language_tag().to_string() };
    let language_options = vec![("it".to_string(), "Italiano".to_string()), ("en".to_string(), "English".to_string())];
    let app_io_available = preferences.app_io_available;
    // After a mistake, what was ticked in the form, not what is saved.
    let resubmitted = !form.errors.is_empty();
    let kinds = MessageKind::ALL
        .into_iter()
        .map(|kind| {
            let choice = if resubmitted { ChannelChoice::among(&choices_from_form(&form.values), kind) } else { preferences.choice(kind) };
            let legend_id = format!("tipo-{}", kind.code());
            let channels = Channel::ALL
                .into_iter()
                .filter(|channel| *channel != Channel::AppIo || app_io_available)
                .map(|channel| {
                    let value = channel.field(kind);
                    let label = match channel {
                        Channel::Email => Text::ChannelEmail,
                        Channel::AppIo => Text::ChannelAppIo,
                    };
                    view! {
                        <div class="choice">
                            <input class="choice-input" type="checkbox" id=value.clone() name=value.clone() value=TICKED checked=choice.allows(channel)/>
                            <label class="choice-label" for=value>{t(label)}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field">
                    <legend class="field-label" id=legend_id>{t(kind_text(kind))}</legend>
                    <p class="field-hint">{t(Text::MessagePersonalAreaAlways)}</p>
                    {channels}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        {(!preferences.email_verified).then(|| view! { <Alert kind=AlertKind::Info>{t(Text::MessageEmailNotVerified)}</Alert> })}
        {(!app_io_available).then(|| view! { <p class="mt-4">{t(Text::MessageAppIoOff)}</p> })}
        <form method="post" action=MESSAGE_PREFERENCES_PATH novalidate=true class="mt-6 max-w-xl">
            <CsrfField/>
            {kinds}
            <SelectField
                id=LANGUAGE_FIELD
                label=Text::MessageLanguageLabel.in_locale(locale).to_string()
                hint=Text::MessageLanguageHint.in_locale(locale).to_string()
                error=form.error(LANGUAGE_FIELD)
                value=language
                empty=Text::MessageLanguageChoose.in_locale(locale).to_string()
                options=language_options
            />
            <p class="mt-6"><Button>{t(Text::MessagePreferencesSave)}</Button></p>
        </form>
    }
}
