//! "I miei pagamenti" (`/area-personale/pagamenti`): what the person owes
//! and has paid, each notice downloadable and payable online (alone or up to
//! five together), all plain forms; and the way back from pagoPA
//! (`/area-personale/pagamenti/esito/<cart>`), which shows what the receipts
//! say — "in attesa di conferma" until one arrives — and, with JavaScript,
//! refreshes itself.

use super::model::{CartOutcome, PaymentLookup, PaymentView, PositionStatus};
use super::server_functions::{get_cart_outcome, get_my_payments, look_up_payment};
use crate::components::*;
use crate::guide::pages::{loading, page_title, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{t, use_locale, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

pub use crate::routes::{MY_PAYMENTS_PATH, NEW_SPONTANEOUS_PAYMENT_PATH, PAYMENTS_PATH, PAYMENT_LOOKUP_PATH};
const PAY_PATH: &str = "/area-personale/pagamenti/paga";
pub const CANCEL_NOTICE_PATH: &str = "/area-personale/pagamenti/annulla";
pub use super::forms::CANCEL_CONFIRM_FIELD;
use super::forms::CHOSEN_POSITION_FIELD as CHOSEN_FIELD;

pub fn pay_error_text(code: &str) -> Option<Text> {
    Some(match code {
        "numero" => Text::PayErrorNumber,
        "sconosciuto" => Text::PayErrorUnknown,
        "pagato" => Text::PayErrorPaid,
        "in-corso" => Text::PayErrorInProgress,
        "non-pagabile" => Text::PayErrorNotPayable,
        "pagopa" => Text::PayErrorPagoPa,
        "conferma-annullamento" => Text::CancelErrorNotConfirmed,
        "non-annullabile" => Text::CancelErrorNotCancellable,
        _ => return None,
    })
}

/// `/area-personale/pagamenti`.
#[component]
pub fn MyPaymentsPage() -> impl IntoView {
    let locale = use_locale();
    let payments = Resource::new(|| (), |_| get_my_payments());
    let error = query_parameter("errore").and_then(|code| pay_error_text(&code));
    let kept: Vec<String> = query_parameter("scelti").map(|ids| ids.split(',').map(str::to_string).collect()).unwrap_or_default();
    let prefix = if error.is_some() { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    view! {
        <PageTitle text=format!("{prefix}{}", page_title(&[Text::MyPaymentsTitle.in_locale(locale)], locale))/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::current(t(Text::MyPaymentsTitle)),
        ]/>
        <h1 class="page-title">{t(Text::MyPaymentsTitle)}</h1>
        {error.map(|error| view! {
            <ErrorSummary id="riepilogo-errori" entries=vec![ErrorSummaryEntry { message: t(error).to_string(), field_id: "da-pagare".to_string() }]/>
        })}
        {query_parameter("creato").map(|_| view! { <div class="alert alert-success mt-4" role="status"><p>{t(Text::SpontaneousCreated)}</p></div> })}
        {query_parameter("annullato").map(|_| view! { <div class="alert alert-success mt-4" role="status"><p>{t(Text::CancelNoticeDone)}</p></div> })}
        <p class="lead">{t(Text::MyPaymentsIntro)}</p>
        <p><a class="link inline-flex min-h-11 items-center" href=PAYMENTS_PATH>{t(Text::SpontaneousPaymentsTitle)}</a></p>
        <Suspense fallback=loading>
            {move || {
                let kept = kept.clone();
                Suspend::new(async move {
                    match payments.await {
                        Ok(payments) => view! { <PaymentLists payments kept/> }.into_any(),
                        Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn PaymentLists(payments: Vec<PaymentView>, kept: Vec<String>) -> impl IntoView {
    let of = |status: PositionStatus| payments.iter().filter(|payment| payment.status == status).cloned().collect::<Vec<_>>();
    let to_pay = of(PositionStatus::ToPay);
    let sections = [
        (PositionStatus::InProgress, Text::PaymentsInProgress, "in-corso"),
        (PositionStatus::Paid, Text::PaymentsPaid, "pagati"),
        (PositionStatus::Expired, Text::PaymentsExpired, "scaduti"),
        (PositionStatus::Cancelled, Text::PaymentsCancelled, "annullati"),
    ];
    view! {
        <section class="mt-6" aria-labelledby="da-pagare-titolo">
            <h2 class="section-title" id="da-pagare-titolo">{t(Text::PaymentsToPay)}</h2>
            {if to_pay.is_empty() {
                view! { <p id="da-pagare">{t(Text::PaymentsNothingToPay)}</p> }.into_any()
            } else {
                view! { <ToPayForm payments=to_pay kept/> }.into_any()
            }}
        </section>
        {sections.into_iter().map(|(status, title, id)| {
            let list = of(status);
            let heading = format!("{id}-titolo");
            let labelled_by = heading.clone();
            view! {
                <section class="mt-8" aria-labelledby=labelled_by>
                    <h2 class="section-title" id=heading>{t(title)}</h2>
                    {if list.is_empty() {
                        view! { <p>{t(Text::PaymentsNothingHere)}</p> }.into_any()
                    } else {
                        view! { <ul class="space-y-4">{list.into_iter().map(|payment| view! { <li class="card"><PaymentFacts payment/></li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
    }
}

/// What every payment shows: object, amount, notice code, due or paid.
#[component]
fn PaymentFacts(payment: PaymentView) -> impl IntoView {
    let row = |key: Text, value: &str| SummaryRow { key: t(key).to_string(), value: value.to_string(), change_href: None };
    let mut rows = vec![row(Text::PaymentAmountLabel, &payment.amount), row(Text::PaymentNoticeCode, &payment.notice_number)];
    if let Some(due) = &payment.due_on {
        rows.push(row(Text::PaymentDueLabel, due));
    }
    if let Some(paid) = &payment.paid_at {
        rows.push(row(Text::PaymentPaidOnLabel, paid));
    }
    if let Some(provider) = &payment.provider {
        rows.push(row(Text::PaymentProviderLabel, provider));
    }
    let in_progress = payment.status == PositionStatus::InProgress;
    // A receipt exists once paid: the PDF that proves it, for the owner.
    let receipt = (payment.status == PositionStatus::Paid).then(|| {
        let href = format!("{MY_PAYMENTS_PATH}/{}/ricevuta.pdf", payment.id);
        let label = t(Text::DownloadPaymentReceipt).replace("{description}", &payment.description);
        view! { <p class="mt-2"><a class="button button-secondary" href=href download="">{label}</a></p> }
    });
    // Boxed: Leptos's nested view types otherwise overflow the compiler's
    // query depth in the WASM build.
    view! {
        <h3 class="font-bold">{payment.description.clone()}</h3>
        <SummaryList rows/>
        {in_progress.then(|| view! { <p class="alert alert-info">{t(Text::PaymentInProgressNote)}</p> })}
        {receipt}
    }
    .into_any()
}

/// One notice's "Paga online" (a submit of the enclosing pay form) and its
/// PDF. The button's name says which notice; it starts with the visible
/// words (WCAG 2.5.3).
#[component]
fn PayOnlineActions(id: String, description: String) -> impl IntoView {
    let notice_link = format!("{MY_PAYMENTS_PATH}/{id}/avviso.pdf");
    view! {
        <div class="mt-2 flex flex-wrap gap-4">
            <button type="submit" class="button button-primary" name=CHOSEN_FIELD value=id formnovalidate=true
                aria-label=t(Text::PayOnlineThis).replace("{description}", &description)>
                {t(Text::PayOnline)}
            </button>
            <a class="button button-secondary" href=notice_link download="">
                {t(Text::DownloadPaymentNotice).replace("{description}", &description)}
            </a>
        </div>
    }
}

/// A practice's fee on the practice's page: what it is, where it stands
/// and, while payable, "Paga online" (the same post as "I miei pagamenti")
/// and its notice.
#[component]
pub fn PracticeFeePayment(payment: PaymentView) -> impl IntoView {
    let payable = payment.status == PositionStatus::ToPay;
    let (id, description) = (payment.id.clone(), payment.description.clone());
    let actions = payable.then(|| {
        view! {
            <form method="post" action=PAY_PATH>
                <CsrfField/>
                <PayOnlineActions id description/>
            </form>
        }
    });
    view! {
        <section class="mt-6 card" aria-labelledby="costo-pratica">
            <h2 class="section-title" id="costo-pratica">{t(Text::PracticeFeeTitle)}</h2>
            {payable.then(|| view! { <p>{t(Text::PracticeFeeToPay)}</p> })}
            <PaymentFacts payment/>
            {actions}
        </section>
    }
    .into_any()
}

/// "Annulla questo avviso", folded: a confirmation checkbox and a button
/// that belong to the notice's own cancel form (HTML's `form` attribute:
/// the controls sit in the card, inside the pay form, but submit the cancel
/// form written after it — forms cannot nest).
#[component]
fn CancelNoticeControls(id: String, description: String) -> impl IntoView {
    let form_id = format!("annulla-{id}");
    let confirm_id = format!("conferma-annullamento-{id}");
    view! {
        <details class="mt-4">
            <summary class="link inline-flex min-h-11 items-center cursor-pointer">{t(Text::CancelNotice)}</summary>
            <p class="mt-2">{t(Text::CancelNoticeExplained)}</p>
            <div class="choice mt-2">
                <input class="choice-input" type="checkbox" id=confirm_id.clone() name=CANCEL_CONFIRM_FIELD value=super::forms::CONFIRMED form=form_id.clone()/>
                <label class="choice-label" for=confirm_id>{t(Text::CancelNoticeConfirm).replace("{description}", &description)}</label>
            </div>
            <button type="submit" class="button button-secondary mt-2" form=form_id name=CHOSEN_FIELD value=id formnovalidate=true
                aria-label=t(Text::CancelNoticeThis).replace("{description}", &description)>
                {t(Text::CancelNoticeButton)}
            </button>
        </details>
    }
    .into_any()
}

/// The positions to pay: each with its notice and its own "Paga online",
/// and checkboxes to pay up to five together — one form, plain POST. The
/// notices the owner may cancel get their own small forms after it.
#[component]
fn ToPayForm(payments: Vec<PaymentView>, kept: Vec<String>) -> impl IntoView {
    let cancel_forms = payments
        .iter()
        .filter(|payment| payment.cancellable)
        .map(|payment| view! { <form id=format!("annulla-{}", payment.id) method="post" action=CANCEL_NOTICE_PATH><CsrfField/></form> })
        .collect_view();
    view! {
        <form method="post" action=PAY_PATH id="da-pagare">
            <CsrfField/>
            <p>{t(Text::PaySelectedHint)}</p>
            <ul class="space-y-4">
                {payments.into_iter().map(|payment| {
                    let checkbox_id = format!("scegli-{}", payment.id);
                    let checked = kept.contains(&payment.id);
                    let description = payment.description.clone();
                    let id = payment.id.clone();
                    let choose = view! {
                            <div class="choice mt-2">
                                <input class="choice-input" type="checkbox" id=checkbox_id.clone() name=CHOSEN_FIELD value=id.clone() checked=checked/>
                                <label class="choice-label" for=checkbox_id>{t(Text::ChooseNoticeToPay).replace("{description}", &description)}</label>
                            </div>
                    }
                    .into_any();
                    let cancel = payment.cancellable.then(|| view! { <CancelNoticeControls id=id.clone() description=description.clone()/> });
                    view! { <li class="card"><PaymentFacts payment/>{choose}<PayOnlineActions id description/>{cancel}</li> }.into_any()
                }).collect_view()}
            </ul>
            <button type="submit" class="button button-primary mt-6">{t(Text::PaySelected)}</button>
        </form>
        {cancel_forms}
    }
    .into_any()
}

/// `/area-personale/pagamenti/esito/<cart>?esito=ok|annullato|errore`.
#[component]
pub fn PaymentOutcomePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let cart_id = move || params.read().get("cart").unwrap_or_default();
    let outcome = Resource::new(cart_id, get_cart_outcome);
    let reported = query_parameter("esito").unwrap_or_default();
    view! {
        <PageTitle text=page_title(&[Text::PaymentOutcomeTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::link(Text::MyPaymentsTitle.in_locale(locale), MY_PAYMENTS_PATH),
            BreadcrumbItem::current(t(Text::PaymentOutcomeTitle)),
        ]/>
        <h1 class="page-title">{t(Text::PaymentOutcomeTitle)}</h1>
        {match reported.as_str() {
            "annullato" => Some(view! { <p>{t(Text::PaymentOutcomeCancelledByYou)}</p> }),
            "errore" => Some(view! { <p>{t(Text::PaymentOutcomeErrorReported)}</p> }),
            _ => None,
        }}
        <Suspense fallback=loading>
            {move || {
                let reported = reported.clone();
                Suspend::new(async move {
                    match outcome.await {
                        Ok(Some(outcome)) => {
                            let labels = OutcomeLabels::in_locale(locale);
                            view! { <PaymentOutcomeWatcher cart_id=cart_id() outcome reported labels/> }.into_any()
                        }
                        Ok(None) => view! { <p class="alert alert-warning">{t(Text::PaymentOutcomeUnknownCart)}</p> }.into_any(),
                        Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // A fee paid before filing: back to the application, to send it.
                outcome.await.ok().flatten().and_then(|outcome| outcome.return_to).map(|href| view! {
                    <p class="mt-6"><a class="link inline-flex min-h-11 items-center" href=href>{t(Text::BackToApplication)}</a></p>
                })
            })}
        </Suspense>
        <p class="mt-6"><a class="link inline-flex min-h-11 items-center" href=MY_PAYMENTS_PATH>{t(Text::BackToMyPayments)}</a></p>
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeLabels {
    pub awaiting: String,
    pub confirmed: String,
    pub not_completed: String,
    pub refresh: String,
    pub auto_refresh: String,
}

impl OutcomeLabels {
    fn in_locale(locale: crate::i18n::Locale) -> OutcomeLabels {
        OutcomeLabels {
            awaiting: Text::PaymentOutcomeAwaiting.in_locale(locale).to_string(),
            confirmed: Text::PaymentOutcomeConfirmed.in_locale(locale).to_string(),
            not_completed: Text::PaymentOutcomeNotCompleted.in_locale(locale).to_string(),
            refresh: Text::PaymentOutcomeRefresh.in_locale(locale).to_string(),
            auto_refresh: Text::PaymentOutcomeAutoRefresh.in_locale(locale).to_string(),
        }
    }
}

/// What a position's state means on the way back. Checkout's word ("ok")
/// only says a receipt may be on its way; it never makes a payment.
fn outcome_text(payment: &PaymentView, reported: &str, labels: &OutcomeLabels) -> (String, &'static str) {
    match payment.status {
        PositionStatus::Paid => (labels.confirmed.clone(), "alert alert-success"),
        PositionStatus::InProgress => (labels.awaiting.clone(), "alert alert-info"),
        PositionStatus::ToPay if reported == "ok" => (labels.awaiting.clone(), "alert alert-info"),
        _ => (labels.not_completed.clone(), "alert alert-warning"),
    }
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn settled(outcome: &CartOutcome, reported: &str) -> bool {
    outcome.positions.iter().all(|payment| match payment.status {
        PositionStatus::Paid | PositionStatus::Expired | PositionStatus::Cancelled => true,
        PositionStatus::ToPay => reported != "ok",
        PositionStatus::InProgress => false,
    })
}

/// The cart's positions and what their receipts say, in a live region;
/// with JavaScript it asks again every three seconds until every position
/// is settled, without it the "refresh" link reloads the page.
#[island(lazy)]
pub fn PaymentOutcomeWatcher(cart_id: String, outcome: CartOutcome, reported: String, labels: OutcomeLabels) -> impl IntoView {
    let current = RwSignal::new(outcome);
    let watching = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        fn poll(cart_id: String, reported: String, current: RwSignal<CartOutcome>, watching: RwSignal<bool>) {
            if settled(&current.get_untracked(), &reported) {
                watching.set(false);
                return;
            }
            watching.set(true);
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        if let Ok(Some(fresh)) = get_cart_outcome(cart_id.clone()).await {
                            if fresh != current.get_untracked() {
                                current.set(fresh);
                            }
                        }
                        poll(cart_id, reported, current, watching);
                    });
                },
                std::time::Duration::from_secs(3),
            );
        }
        Effect::new({
            let (cart_id, reported) = (cart_id.clone(), reported.clone());
            move |_| poll(cart_id.clone(), reported.clone(), current, watching)
        });
    }
    let refresh_link = format!("{}?esito={reported}", crate::routes::payment_outcome_path(&cart_id));
    let labels_for_list = labels.clone();
    view! {
        <div aria-live="polite" role="status" class="mt-4">
            <ul class="space-y-4">
                {move || current.get().positions.into_iter().map(|payment| {
                    let (text, class) = outcome_text(&payment, &reported, &labels_for_list);
                    view! {
                        <li class="card">
                            <h2 class="font-bold">{payment.description.clone()}</h2>
                            <p>{format!("{} · {}", payment.amount, payment.notice_number)}</p>
                            <p class=class>{text}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
        <p class="mt-4" hidden=move || !watching.get()>{labels.auto_refresh.clone()}</p>
        <p class="mt-2"><a class="link inline-flex min-h-11 items-center" href=refresh_link>{labels.refresh.clone()}</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(status: PositionStatus) -> PaymentView {
        PaymentView {
            id: "p".into(),
            description: "Diritti".into(),
            amount: "1,00 €".into(),
            notice_number: "3010 0000 0000 0001 44".into(),
            due_on: None,
            status,
            paid_at: None,
            provider: None,
            cancellable: false,
        }
    }

    #[test]
    fn checkouts_word_never_makes_a_payment() {
        let labels = OutcomeLabels::in_locale(crate::i18n::Locale::Italian);
        // "ok" from Checkout with no receipt yet: still waiting, never "confirmed".
        assert_eq!(outcome_text(&payment(PositionStatus::ToPay), "ok", &labels).0, labels.awaiting);
        assert_eq!(outcome_text(&payment(PositionStatus::InProgress), "ok", &labels).0, labels.awaiting);
        assert_eq!(outcome_text(&payment(PositionStatus::Paid), "errore", &labels).0, labels.confirmed);
        assert_eq!(outcome_text(&payment(PositionStatus::ToPay), "annullato", &labels).0, labels.not_completed);
        let waiting = CartOutcome { positions: vec![payment(PositionStatus::Paid), payment(PositionStatus::InProgress)], return_to: None };
        assert!(!settled(&waiting, "ok"));
        let done = CartOutcome { positions: vec![payment(PositionStatus::Paid), payment(PositionStatus::ToPay)], return_to: None };
        assert!(settled(&done, "errore") && !settled(&done, "ok"));
    }
}

pub const REQUEST_TOKEN_FIELD: &str = "richiesta";

/// `/pagamenti`: what can be paid here, and where one's payments are.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    use super::spontaneous::SPONTANEOUS_PAYMENT_TYPES;
    let locale = use_locale();
    view! {
        <PageTitle text=page_title(&[Text::PaymentsTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::PaymentsTitle))]/>
        <h1 class="page-title">{t(Text::PaymentsTitle)}</h1>
        <p class="lead">{t(Text::PaymentsIntro)}</p>
        <ul class="mt-2">
            <li><a class="link inline-flex min-h-11 items-center" href=MY_PAYMENTS_PATH>{t(Text::PaymentsMyPaymentsLink)}</a></li>
            <li><a class="link inline-flex min-h-11 items-center" href=PAYMENT_LOOKUP_PATH>{t(Text::PaymentLookupTitle)}</a></li>
        </ul>
        <section class="mt-6" aria-labelledby="spontanei">
            <h2 class="section-title" id="spontanei">{t(Text::SpontaneousPaymentsTitle)}</h2>
            <p>{t(Text::SpontaneousPaymentsIntro)}</p>
            <ul class="mt-4 space-y-4">
                {SPONTANEOUS_PAYMENT_TYPES.iter().map(|kind| view! {
                    <li class="card">
                        <a class="card-link" href=format!("{NEW_SPONTANEOUS_PAYMENT_PATH}/{}", kind.code)>
                            {t(Text::SpontaneousPayThis).replace("{title}", kind.title(locale))}
                        </a>
                        <p class="mt-1">{kind.description(locale)}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

const LOOKUP_CREDITOR_FIELD: &str = "ente";
const LOOKUP_NOTICE_FIELD: &str = "avviso";

pub fn position_status_text(status: PositionStatus) -> Text {
    match status {
        PositionStatus::ToPay => Text::PaymentStatusToPay,
        PositionStatus::InProgress => Text::PaymentStatusInProgress,
        PositionStatus::Paid => Text::PaymentStatusPaid,
        PositionStatus::Expired => Text::PaymentStatusExpired,
        PositionStatus::Cancelled => Text::PaymentStatusCancelled,
    }
}

/// `/pagamenti/verifica`: anyone holding a notice sees whether it is paid.
/// A GET form, so the answer is a plain page with or without JavaScript.
#[component]
pub fn PaymentLookupPage() -> impl IntoView {
    let locale = use_locale();
    let creditor = query_parameter(LOOKUP_CREDITOR_FIELD).unwrap_or_default();
    let notice = query_parameter(LOOKUP_NOTICE_FIELD).unwrap_or_default();
    let asked = !creditor.trim().is_empty() || !notice.trim().is_empty();
    let (creditor_value, notice_value) = (creditor.clone(), notice.clone());
    // The empty form asks nothing, so it counts for no rate limit.
    let answer = Resource::new(
        move || asked.then(|| (creditor.clone(), notice.clone())),
        |question| async move {
            match question {
                Some((creditor, notice)) => look_up_payment(creditor, notice).await,
                None => Ok(PaymentLookup::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=page_title(&[Text::PaymentLookupTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PaymentsTitle.in_locale(locale), PAYMENTS_PATH),
            BreadcrumbItem::current(t(Text::PaymentLookupTitle)),
        ]/>
        <h1 class="page-title">{t(Text::PaymentLookupTitle)}</h1>
        <p class="lead">{t(Text::PaymentLookupIntro)}</p>
        <form method="get" action=PAYMENT_LOOKUP_PATH class="mt-6 max-w-xl" novalidate=true>
            <TextField id=LOOKUP_CREDITOR_FIELD.to_string() name=LOOKUP_CREDITOR_FIELD.to_string() label=t(Text::PaymentLookupCreditorLabel).to_string()
                hint=t(Text::PaymentLookupCreditorHint).to_string() value=creditor_value maxlength=16/>
            <TextField id=LOOKUP_NOTICE_FIELD.to_string() name=LOOKUP_NOTICE_FIELD.to_string() label=t(Text::PaymentNoticeCode).to_string()
                hint=t(Text::PaymentLookupNoticeHint).to_string() value=notice_value maxlength=30/>
            <Button>{t(Text::PaymentLookupButton)}</Button>
        </form>
        <div class="mt-8" aria-live="polite">
            {asked.then(|| view! {
                <Suspense fallback=loading>
                    {move || Suspend::new(async move {
                        match answer.await {
                            Ok(PaymentLookup::Found { notice_number, status }) => view! {
                                <section aria-labelledby="esito-verifica">
                                    <h2 class="section-title" id="esito-verifica">{t(Text::PaymentLookupTitle)}</h2>
                                    <dl class="definition-list">
                                        <dt>{t(Text::PaymentNoticeCode)}</dt><dd>{notice_number}</dd>
                                        <dt>{t(Text::PaymentLookupStatusLabel)}</dt><dd>{t(position_status_text(status))}</dd>
                                    </dl>
                                </section>
                            }.into_any(),
                            Ok(PaymentLookup::NotFound) => view! { <Alert kind=AlertKind::Warning>{t(Text::PaymentLookupNotFound)}</Alert> }.into_any(),
                            Ok(PaymentLookup::TooManyRequests) => {
                                crate::http_context::set_response_status(429);
                                view! { <Alert kind=AlertKind::Error>{t(Text::PaymentLookupTooMany)}</Alert> }.into_any()
                            }
                            Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
        </div>
    }
    .into_any()
}

/// A fresh token per rendered form: a repeated post of the same form (double
/// click, refresh) opens one notice, not two.
fn fresh_request_token() -> String {
    #[cfg(feature = "ssr")]
    {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|elapsed| elapsed.as_nanos()).unwrap_or(0);
        let csrf = crate::http_context::csrf_token();
        format!("{}{nanos:x}", csrf.chars().rev().take(8).collect::<String>())
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// `/area-personale/pagamenti/nuovo/<type>`: reason and amount, then the notice.
#[component]
pub fn NewSpontaneousPaymentPage() -> impl IntoView {
    use super::amount::AmountInCents;
    use super::spontaneous::{spontaneous_payment_type, SpontaneousAmount, AMOUNT_FIELD, REASON_FIELD, REASON_MAXIMUM_CHARACTERS, REASON_MINIMUM_CHARACTERS};
    let locale = use_locale();
    let params = use_params_map();
    let code = params.read_untracked().get("code").unwrap_or_default();
    let Some(kind) = spontaneous_payment_type(&code) else {
        return view! { <crate::guide::pages::NotFoundPage/> }.into_any();
    };
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    let token = Some(form.value(REQUEST_TOKEN_FIELD)).filter(|token| !token.is_empty()).unwrap_or_else(fresh_request_token);
    let euros = |cents: u64| AmountInCents::from_cents(cents as i64).map(AmountInCents::italian).unwrap_or_default();
    let title = kind.title(locale);
    let amount_field = match kind.amount {
        SpontaneousAmount::Fixed(cents) => view! { <p class="font-bold">{t(Text::SpontaneousFixedAmount).replace("{amount}", &euros(cents))}</p> }.into_any(),
        SpontaneousAmount::Between(minimum, maximum) => view! {
            <TextField
                id=AMOUNT_FIELD.to_string()
                name=AMOUNT_FIELD.to_string()
                label=t(Text::SpontaneousAmountLabel).to_string()
                hint=t(Text::SpontaneousAmountHint).replace("{min}", &euros(minimum)).replace("{max}", &euros(maximum))
                error=form.error(AMOUNT_FIELD).unwrap_or_default()
                value=form.value(AMOUNT_FIELD)
                autocomplete="off"
            />
        }
        .into_any(),
    };
    let summary = form.errors.iter().map(|(field, message)| ErrorSummaryEntry { message: message.clone(), field_id: field.clone() }).collect::<Vec<_>>();
    view! {
        <PageTitle text=format!("{prefix}{}", page_title(&[title, Text::PaymentsTitle.in_locale(locale)], locale))/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PaymentsTitle.in_locale(locale), PAYMENTS_PATH),
            BreadcrumbItem::current(title),
        ]/>
        <h1 class="page-title">{title}</h1>
        {has_errors.then(|| view! { <ErrorSummary id="riepilogo-errori" entries=summary/> })}
        <p class="lead">{kind.description(locale)}</p>
        <form method="post" action=format!("{NEW_SPONTANEOUS_PAYMENT_PATH}/{}", kind.code) novalidate=true>
            <CsrfField/>
            <input type="hidden" name=REQUEST_TOKEN_FIELD value=token/>
            <TextField
                id=REASON_FIELD.to_string()
                name=REASON_FIELD.to_string()
                label=t(Text::SpontaneousReasonLabel).to_string()
                hint=t(Text::SpontaneousReasonHint).replace("{min}", &REASON_MINIMUM_CHARACTERS.to_string()).replace("{max}", &REASON_MAXIMUM_CHARACTERS.to_string())
                error=form.error(REASON_FIELD).unwrap_or_default()
                value=form.value(REASON_FIELD)
                maxlength=REASON_MAXIMUM_CHARACTERS
            />
            {amount_field}
            <button type="submit" class="button button-primary mt-4">{t(Text::SpontaneousCreate)}</button>
        </form>
    }
    .into_any()
}
