//! The certificates pages: the catalogue `/certificati`, the request form of
//! one kind (for whom, stamp duty or exemption), "I miei certificati" and
//! one certificate (download, or the stamp duty to pay), the public
//! verification `/certificati/verifica` (code, QR code's address or the
//! PDF itself) and the registry clerk's look-up with revocation. Every
//! form posts without JavaScript.

use super::forms::*;
use super::model::{
    CertificateKind, CertificateState, CertificateView, ExemptionCode, Refusal, VerificationOutcome, VerifiedCertificate, STAMP_CHOICE_EXEMPT, STAMP_CHOICE_PAY,
};
use super::server_functions::{clerk_look_up_certificate, get_my_certificate, get_my_certificates, get_request_options, verify_certificate_code};
use crate::components::*;
use crate::guide::pages::{loading, page_title, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{t, use_locale, Text};
use crate::routes::{
    path_with, CERTIFICATES_PATH, CERTIFICATE_PDF_PATH, CERTIFICATE_PUBLIC_KEY_PATH, CERTIFICATE_VERIFICATION_PATH, CLERK_CERTIFICATES_PATH,
    MY_CERTIFICATES_PATH, MY_CERTIFICATE_PATH, NEW_CERTIFICATE_PATH, PAY_ONLINE_PATH,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn kind_title(kind: CertificateKind) -> Text {
    match kind {
        CertificateKind::Residence => Text::CertificateKindResidence,
        CertificateKind::FamilyStatus => Text::CertificateKindFamilyStatus,
        CertificateKind::Citizenship => Text::CertificateKindCitizenship,
        CertificateKind::Existence => Text::CertificateKindExistence,
        CertificateKind::ResidenceAndFamily => Text::CertificateKindResidenceAndFamily,
        CertificateKind::ResidenceCitizenshipCivilStatus => Text::CertificateKindResidenceCitizenshipCivilStatus,
        CertificateKind::ResidenceCitizenshipPoliticalRights => Text::CertificateKindResidenceCitizenshipPoliticalRights,
        CertificateKind::Birth => Text::CertificateKindBirth,
        CertificateKind::Death => Text::CertificateKindDeath,
        CertificateKind::Marriage => Text::CertificateKindMarriage,
    }
}

fn kind_about(kind: CertificateKind) -> Text {
    match kind {
        CertificateKind::Residence => Text::CertificateAboutResidence,
        CertificateKind::FamilyStatus => Text::CertificateAboutFamilyStatus,
        CertificateKind::Citizenship => Text::CertificateAboutCitizenship,
        CertificateKind::Existence => Text::CertificateAboutExistence,
        CertificateKind::ResidenceAndFamily => Text::CertificateAboutResidenceAndFamily,
        CertificateKind::ResidenceCitizenshipCivilStatus => Text::CertificateAboutResidenceCitizenshipCivilStatus,
        CertificateKind::ResidenceCitizenshipPoliticalRights => Text::CertificateAboutResidenceCitizenshipPoliticalRights,
        CertificateKind::Birth => Text::CertificateAboutBirth,
        CertificateKind::Death => Text::CertificateAboutDeath,
        CertificateKind::Marriage => Text::CertificateAboutMarriage,
    }
}

/// The reason and where to go instead, for each refusal.
pub fn refusal_text(refusal: Refusal) -> Text {
    match refusal {
        // Never shown: "not found" is answered as 404.
        Refusal::NotFound => Text::NotFoundTitle,
        Refusal::RequesterNotResident => Text::RefusalRequesterNotResident,
        Refusal::Deceased => Text::RefusalDeceased,
        Refusal::Emigrated => Text::RefusalEmigrated,
        Refusal::ProcedureInProgress => Text::RefusalProcedureInProgress,
        Refusal::UnderGuardianship => Text::RefusalUnderGuardianship,
        Refusal::NotDeceased => Text::RefusalNotDeceased,
        Refusal::NotItalian => Text::RefusalNotItalian,
        Refusal::NoPoliticalRights => Text::RefusalNoPoliticalRights,
        Refusal::NoBirthAct => Text::RefusalNoBirthAct,
        Refusal::NoMarriageAct => Text::RefusalNoMarriageAct,
        Refusal::NoDeathAct => Text::RefusalNoDeathAct,
    }
}

pub fn state_text(state: CertificateState) -> Text {
    match state {
        CertificateState::AwaitingStamp => Text::CertificateStateAwaitingStamp,
        CertificateState::Valid => Text::CertificateStateValid,
        CertificateState::Expired => Text::CertificateStateExpired,
        CertificateState::Revoked => Text::CertificateStateRevoked,
    }
}

/// `/certificati`: the ten certificates, what each attests and costs.
#[component]
pub fn CertificatesPage() -> impl IntoView {
    let locale = use_locale();
    let signed_in = crate::http_context::current_user().is_some();
    view! {
        <PageTitle text=page_title(&[Text::CertificatesTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::CertificatesTitle))]/>
        <h1 class="page-title">{t(Text::CertificatesTitle)}</h1>
        <p class="lead">{t(Text::CertificatesIntro)}</p>
        {(!signed_in).then(|| view! { <Alert kind=AlertKind::Info>{t(Text::CertificatesLoginNeeded)}</Alert> })}
        <ul class="mt-6 grid gap-4 md:grid-cols-2" aria-label=t(Text::CertificatesTitle)>
            {CertificateKind::ALL.iter().map(|kind| {
                let kind = *kind;
                let cost = if kind.exempt_by_law() { Text::CertificatesExemptByLawInfo } else { Text::CertificatesStampInfo };
                view! {
                    <li class="card">
                        <h2 class="card-title">{t(kind_title(kind))}</h2>
                        <p>{t(kind_about(kind))}</p>
                        <p class="text-base">{t(cost)}</p>
                        <p class="mt-2">
                            <a class="button button-secondary" href=path_with(NEW_CERTIFICATE_PATH, &[kind.slug()])
                                aria-label=format!("{}: {}", t(Text::CertificatesRequest), t(kind_title(kind)))>
                                {t(Text::CertificatesRequest)}
                            </a>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="mt-8"><a class="link" href=CERTIFICATE_VERIFICATION_PATH>{t(Text::CertificatesVerifyLink)}</a></p>
    }
}

/// `/area-personale/certificati/nuovo/<kind>`: for whom, and the stamp duty.
#[component]
pub fn NewCertificatePage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map().read_untracked().get("kind").unwrap_or_default();
    let Some(kind) = CertificateKind::from_slug(&slug) else {
        return view! { <crate::guide::pages::NotFoundPage/> }.into_any();
    };
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    let title = kind_title(kind).in_locale(locale);
    let summary = form.errors.iter().map(|(field, message)| ErrorSummaryEntry { message: message.clone(), field_id: field.clone() }).collect::<Vec<_>>();
    let options = Resource::new(move || kind, get_request_options);
    let chosen_person = form.value(PERSON_FIELD);
    let stamp_choice = form.value(STAMP_CHOICE_FIELD);
    let exemption = form.value(EXEMPTION_FIELD);
    let reason = form.value(EXEMPTION_REASON_FIELD);
    let person_error = form.error(PERSON_FIELD);
    let stamp_error = form.error(STAMP_CHOICE_FIELD);
    let exemption_error = form.error(EXEMPTION_FIELD);
    let reason_error = form.error(EXEMPTION_REASON_FIELD);
    view! {
        <PageTitle text=format!("{prefix}{}", page_title(&[title, Text::CertificatesTitle.in_locale(locale)], locale))/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::CertificatesTitle.in_locale(locale), CERTIFICATES_PATH),
            BreadcrumbItem::current(title),
        ]/>
        <h1 class="page-title">{title}</h1>
        {has_errors.then(|| view! { <ErrorSummary id="riepilogo-errori" entries=summary/> })}
        <p class="lead">{t(kind_about(kind))}</p>
        <Suspense fallback=loading>
            {move || {
                let (chosen_person, stamp_choice, exemption, reason) = (chosen_person.clone(), stamp_choice.clone(), exemption.clone(), reason.clone());
                let (person_error, stamp_error, exemption_error, reason_error) = (person_error.clone(), stamp_error.clone(), exemption_error.clone(), reason_error.clone());
                Suspend::new(async move {
                    let options = match options.await {
                        Ok(options) => options,
                        Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                    };
                    if let Some(refusal) = options.requester_refusal {
                        return view! { <Alert kind=AlertKind::Warning>{t(refusal_text(refusal))}</Alert> }.into_any();
                    }
                    let (available, unavailable): (Vec<_>, Vec<_>) = options.people.into_iter().partition(|person| person.refusal.is_none());
                    if available.is_empty() {
                        return view! {
                            <Alert kind=AlertKind::Warning>{t(Text::CertificateNobodyAvailable)}</Alert>
                            <UnavailablePeople people=unavailable/>
                        }.into_any();
                    }
                    let only_one = available.len() == 1;
                    let person_error_id = "persona-error";
                    let person_class = if person_error.is_some() { "field field-error" } else { "field" };
                    let person_described = person_error.as_ref().map(|_| person_error_id);
                    view! {
                        <form method="post" action=path_with(NEW_CERTIFICATE_PATH, &[kind.slug()]) novalidate=true class="mt-6 max-w-2xl">
                            <CsrfField/>
                            <fieldset class=person_class id=PERSON_FIELD aria-describedby=person_described>
                                <legend class="field-label">{t(Text::CertificateForWhomLegend)}</legend>
                                {person_error.map(|error| view! { <p class="field-error-message" id=person_error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                                {available.into_iter().enumerate().map(|(position, person)| {
                                    let id = format!("persona-{position}");
                                    let checked = person.fiscal_code == chosen_person || (only_one && chosen_person.is_empty());
                                    let label = if person.is_requester { format!("{} ({})", person.name, t(Text::CertificateYourself)) } else { person.name.clone() };
                                    view! {
                                        <div class="choice">
                                            <input class="choice-input" type="radio" id=id.clone() name=PERSON_FIELD value=person.fiscal_code checked=checked/>
                                            <label class="choice-label" for=id>{label}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <UnavailablePeople people=unavailable/>
                            {(!kind.exempt_by_law()).then(|| view! {
                                <StampDutyFields stamp_choice exemption reason stamp_error exemption_error reason_error/>
                            })}
                            {kind.exempt_by_law().then(|| view! { <p class="mt-4">{t(Text::CertificatesExemptByLawInfo)}</p> })}
                            <Button>{t(Text::CertificatesRequest)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn UnavailablePeople(people: Vec<super::model::PersonChoice>) -> impl IntoView {
    (!people.is_empty()).then(|| {
        view! {
            <section class="mt-4" aria-labelledby="non-disponibili">
                <h2 class="text-lg font-bold" id="non-disponibili">{t(Text::CertificateUnavailableIntro)}</h2>
                <ul class="list-disc pl-6">
                    {people.into_iter().map(|person| {
                        let reason = person.refusal.map(|refusal| t(refusal_text(refusal))).unwrap_or_default();
                        view! { <li><strong>{person.name}</strong>": "{reason}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn StampDutyFields(
    stamp_choice: String,
    exemption: String,
    reason: String,
    stamp_error: Option<String>,
    exemption_error: Option<String>,
    reason_error: Option<String>,
) -> impl IntoView {
    let stamp_error_id = "bollo-error";
    let exemption_described = [Some("esenzione-hint"), exemption_error.as_ref().map(|_| "esenzione-error")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let stamp_class = if stamp_error.is_some() { "field field-error" } else { "field" };
    let stamp_described = stamp_error.as_ref().map(|_| stamp_error_id);
    let exemption_class = if exemption_error.is_some() { "field field-error" } else { "field" };
    view! {
        <fieldset class=stamp_class id=STAMP_CHOICE_FIELD aria-describedby=stamp_described>
            <legend class="field-label">{t(Text::CertificateStampLegend)}</legend>
            {stamp_error.map(|error| view! { <p class="field-error-message" id=stamp_error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <div class="choice">
                <input class="choice-input" type="radio" id="bollo-paga" name=STAMP_CHOICE_FIELD value=STAMP_CHOICE_PAY checked=stamp_choice == STAMP_CHOICE_PAY/>
                <label class="choice-label" for="bollo-paga">{t(Text::CertificateStampPay)}</label>
            </div>
            <div class="choice">
                <input class="choice-input" type="radio" id="bollo-esenzione" name=STAMP_CHOICE_FIELD value=STAMP_CHOICE_EXEMPT checked=stamp_choice == STAMP_CHOICE_EXEMPT/>
                <label class="choice-label" for="bollo-esenzione">{t(Text::CertificateStampExempt)}</label>
            </div>
        </fieldset>
        <div class=exemption_class>
            <label class="field-label" for=EXEMPTION_FIELD>{t(Text::CertificateExemptionLabel)}</label>
            <p class="field-hint" id="esenzione-hint">{t(Text::CertificateExemptionWarning)}</p>
            {exemption_error.map(|error| view! { <p class="field-error-message" id="esenzione-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <select class="form-input" id=EXEMPTION_FIELD name=EXEMPTION_FIELD aria-describedby=exemption_described>
                <option value="">{t(Text::CertificateExemptionChoose)}</option>
                {ExemptionCode::ALL.iter().map(|code| {
                    let value = code.code().to_string();
                    let label = if *code == ExemptionCode::Other { t(Text::CertificateExemptionOther).to_string() } else { format!("{} — {}", code.code(), code.law()) };
                    let selected = value == exemption;
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
        <TextField id=EXEMPTION_REASON_FIELD.to_string() name=EXEMPTION_REASON_FIELD.to_string() label=t(Text::CertificateExemptionReasonLabel).to_string()
            hint=t(Text::CertificateExemptionReasonHint).to_string() error=reason_error.unwrap_or_default() value=reason
            maxlength=super::model::EXEMPTION_REASON_MAXIMUM_CHARACTERS/>
    }
}

/// The facts of one certificate, as a definition list.
#[component]
fn CertificateFacts(certificate: CertificateView) -> impl IntoView {
    view! {
        <dl class="definition-list">
            <dt>{t(Text::CertificateKindLabel)}</dt><dd>{t(kind_title(certificate.kind))}</dd>
            <dt>{t(Text::CertificateHolderLabel)}</dt><dd>{certificate.holder}</dd>
            <dt>{t(Text::CertificateStateLabel)}</dt><dd>{t(state_text(certificate.state))}</dd>
            <dt>{t(Text::CertificateIssuedOnLabel)}</dt><dd>{certificate.issued_on}</dd>
            <dt>{t(Text::CertificateValidUntilLabel)}</dt><dd>{certificate.valid_until.unwrap_or_else(|| t(Text::CertificateUnlimited).to_string())}</dd>
            <dt>{t(Text::CertificateStampLabel)}</dt><dd>{certificate.stamp_duty}</dd>
            <dt>{t(Text::CertificateCodeLabel)}</dt><dd class="font-mono">{certificate.code}</dd>
        </dl>
    }
}

/// "I miei certificati".
#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let locale = use_locale();
    let certificates = Resource::new(|| (), |_| get_my_certificates());
    view! {
        <PageTitle text=page_title(&[Text::SectionCertificates.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::current(t(Text::SectionCertificates)),
        ]/>
        <h1 class="page-title">{t(Text::SectionCertificates)}</h1>
        <p class="lead">{t(Text::SectionCertificatesText)}</p>
        <p><a class="button button-primary" href=CERTIFICATES_PATH>{t(Text::MyCertificatesNew)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match certificates.await {
                    Ok(list) if list.is_empty() => view! { <p class="mt-6">{t(Text::MyCertificatesEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-6 grid gap-4">
                            {list.into_iter().map(|certificate| {
                                let href = path_with(MY_CERTIFICATE_PATH, &[&certificate.id]);
                                let title = t(kind_title(certificate.kind));
                                view! {
                                    <li class="card">
                                        <h2 class="card-title"><a class="card-link" href=href>{format!("{title} — {}", certificate.holder)}</a></h2>
                                        <p>{format!("{}: {} · {}", t(Text::CertificateIssuedOnLabel), certificate.issued_on, t(state_text(certificate.state)))}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One certificate: download it, or pay its stamp duty first.
#[component]
pub fn MyCertificatePage() -> impl IntoView {
    let locale = use_locale();
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let issued_now = query_parameter("rilasciato").is_some();
    let certificate = Resource::new(move || id.clone(), get_my_certificate);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match certificate.await {
                    Ok(Some(certificate)) => {
                        let title = kind_title(certificate.kind).in_locale(locale);
                        let pdf = path_with(CERTIFICATE_PDF_PATH, &[&certificate.id]);
                        let state = certificate.state;
                        let position = certificate.stamp_position_id.clone();
                        view! {
                            <PageTitle text=page_title(&[title, Text::SectionCertificates.in_locale(locale)], locale)/>
                            <Breadcrumb items=vec![
                                BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
                                BreadcrumbItem::link(Text::SectionCertificates.in_locale(locale), MY_CERTIFICATES_PATH),
                                BreadcrumbItem::current(title),
                            ]/>
                            <h1 class="page-title">{title}</h1>
                            <div aria-live="polite">
                                {(issued_now && state == CertificateState::Valid).then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CertificateIssuedNow)}</Alert> })}
                            </div>
                            <CertificateFacts certificate=certificate/>
                            {(state == CertificateState::Valid).then(|| view! {
                                <p class="mt-6"><a class="button button-primary" href=pdf download="">{t(Text::CertificateDownload)}</a></p>
                            })}
                            {(state == CertificateState::AwaitingStamp).then(|| view! {
                                <section class="mt-6" aria-labelledby="paga-bollo">
                                    <h2 class="section-title" id="paga-bollo">{t(Text::CertificatePayStamp)}</h2>
                                    <p>{t(Text::CertificatePayStampIntro)}</p>
                                    {position.map(|position| view! {
                                        <form method="post" action=PAY_ONLINE_PATH>
                                            <CsrfField/>
                                            <input type="hidden" name=crate::payments::forms::CHOSEN_POSITION_FIELD value=position/>
                                            <Button>{t(Text::CertificatePayStamp)}</Button>
                                        </form>
                                    })}
                                </section>
                            })}
                        }.into_any()
                    }
                    Ok(None) => view! { <crate::guide::pages::NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The result of checking a file, handed by the upload's handler to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileVerification(pub VerificationOutcome);

#[component]
fn VerificationResult(outcome: VerificationOutcome) -> impl IntoView {
    let found = |certificate: VerifiedCertificate, kind: AlertKind, message: Text, seal_valid: Option<bool>| {
        view! {
            <Alert kind=kind>{t(message)}</Alert>
            {seal_valid.map(|valid| view! {
                <Alert kind=if valid { AlertKind::Success } else { AlertKind::Error }>{t(if valid { Text::CertificateSealValid } else { Text::CertificateSealInvalid })}</Alert>
            })}
            <dl class="definition-list">
                <dt>{t(Text::CertificateKindLabel)}</dt><dd>{t(kind_title(certificate.kind))}</dd>
                <dt>{t(Text::CertificateHolderLabel)}</dt><dd>{certificate.holder}</dd>
                <dt>{t(Text::CertificateIssuedOnLabel)}</dt><dd>{certificate.issued_on}</dd>
                <dt>{t(Text::CertificateValidUntilLabel)}</dt><dd>{certificate.valid_until.unwrap_or_else(|| t(Text::CertificateUnlimited).to_string())}</dd>
                <dt>{t(Text::CertificateIssuerLabel)}</dt><dd>{certificate.issuer}</dd>
                <dt>{t(Text::CertificateCodeLabel)}</dt><dd class="font-mono">{certificate.code}</dd>
            </dl>
        }
        .into_any()
    };
    let body = match outcome {
        VerificationOutcome::Found { certificate, state, seal_valid } => match state {
            // A seal that does not check is no authentic certificate.
            CertificateState::Valid if seal_valid == Some(false) => found(certificate, AlertKind::Error, Text::CertificateUnknownOutcome, seal_valid),
            CertificateState::Valid => found(certificate, AlertKind::Success, Text::CertificateAuthentic, seal_valid),
            CertificateState::Expired => found(certificate, AlertKind::Warning, Text::CertificateExpiredOutcome, seal_valid),
            CertificateState::Revoked => found(certificate, AlertKind::Error, Text::CertificateRevokedOutcome, seal_valid),
            CertificateState::AwaitingStamp => view! { <Alert kind=AlertKind::Warning>{t(Text::CertificateUnknownOutcome)}</Alert> }.into_any(),
        },
        VerificationOutcome::Unknown => view! { <Alert kind=AlertKind::Warning>{t(Text::CertificateUnknownOutcome)}</Alert> }.into_any(),
        VerificationOutcome::NotACode => view! { <Alert kind=AlertKind::Warning>{t(Text::CertificateVerifyCodeInvalid)}</Alert> }.into_any(),
        VerificationOutcome::TooManyRequests => {
            crate::http_context::set_response_status(429);
            view! { <Alert kind=AlertKind::Error>{t(Text::CertificateVerifyTooMany)}</Alert> }.into_any()
        }
    };
    view! {
        <section aria-labelledby="esito-verifica" class="mt-6">
            <h2 class="section-title" id="esito-verifica">{t(Text::CertificateVerifyResultTitle)}</h2>
            {body}
        </section>
    }
}

/// `/certificati/verifica`: anyone, no login.
#[component]
pub fn CertificateVerificationPage() -> impl IntoView {
    let locale = use_locale();
    let code = query_parameter(CODE_FIELD).unwrap_or_default();
    let seal = query_parameter(SEAL_FIELD).filter(|seal| !seal.is_empty());
    let uploaded = use_context::<FileVerification>();
    let form = crate::http_context::submitted_form();
    let file_error = form.error(FILE_FIELD);
    let asked = !code.trim().is_empty() && uploaded.is_none();
    let code_value = code.clone();
    // The empty form asks nothing, so it counts for no rate limit.
    let answer = Resource::new(
        move || asked.then(|| (code.clone(), seal.clone())),
        |question| async move {
            match question {
                Some((code, seal)) => verify_certificate_code(code, seal).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let file_described = [Some("file-hint"), file_error.as_ref().map(|_| "file-error")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let file_class = if file_error.is_some() { "field field-error" } else { "field" };
    view! {
        <PageTitle text=page_title(&[Text::CertificateVerifyTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::CertificatesTitle.in_locale(locale), CERTIFICATES_PATH),
            BreadcrumbItem::current(t(Text::CertificateVerifyTitle)),
        ]/>
        <h1 class="page-title">{t(Text::CertificateVerifyTitle)}</h1>
        <p class="lead">{t(Text::CertificateVerifyIntro)}</p>
        <div aria-live="polite">
            {uploaded.map(|FileVerification(outcome)| view! { <VerificationResult outcome/> })}
            {asked.then(|| view! {
                <Suspense fallback=loading>
                    {move || Suspend::new(async move {
                        match answer.await {
                            Ok(Some(outcome)) => view! { <VerificationResult outcome/> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
        </div>
        <form method="get" action=CERTIFICATE_VERIFICATION_PATH class="mt-6 max-w-xl" novalidate=true>
            <TextField id=CODE_FIELD.to_string() name=CODE_FIELD.to_string() label=t(Text::CertificateCodeLabel).to_string()
                hint=t(Text::CertificateVerifyCodeHint).to_string() value=code_value maxlength=20 autocomplete="off"/>
            <Button>{t(Text::CertificateVerifyButton)}</Button>
        </form>
        <p class="mt-4">{t(Text::CertificateVerifyScanHint)}</p>
        <section class="mt-8 max-w-xl" aria-labelledby="verifica-file">
            <h2 class="section-title" id="verifica-file">{t(Text::CertificateVerifyUploadTitle)}</h2>
            <form method="post" action=CERTIFICATE_VERIFICATION_PATH enctype="multipart/form-data" novalidate=true>
                <CsrfField/>
                <div class=file_class>
                    <label class="field-label" for=FILE_FIELD>{t(Text::CertificateVerifyFileLabel)}</label>
                    <p class="field-hint" id="file-hint">{t(Text::CertificateVerifyFileHint)}</p>
                    {file_error.map(|error| view! { <p class="field-error-message" id="file-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    <input class="field-input" type="file" id=FILE_FIELD name=FILE_FIELD accept="application/pdf" aria-describedby=file_described/>
                </div>
                <Button>{t(Text::CertificateVerifyUploadButton)}</Button>
            </form>
        </section>
        <p class="mt-8"><a class="link" href=CERTIFICATE_PUBLIC_KEY_PATH>{t(Text::CertificatePublicKeyLink)}</a></p>
    }
}

/// `/operatore/certificati`: a registry clerk looks a certificate up by
/// code (audited) and may revoke it with a reason.
#[component]
pub fn ClerkCertificatesPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    // A revocation sent back for its reason keeps its code in the form.
    let code = query_parameter(CODE_FIELD).filter(|code| !code.is_empty()).unwrap_or_else(|| form.value(CODE_FIELD));
    let revoked_now = query_parameter("revocato").is_some();
    let reason_error = form.error(REVOCATION_REASON_FIELD);
    let reason_value = form.value(REVOCATION_REASON_FIELD);
    let asked = !code.trim().is_empty();
    let code_value = code.clone();
    let answer = Resource::new(
        move || asked.then(|| code.clone()),
        |code| async move {
            match code {
                Some(code) => clerk_look_up_certificate(code).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <PageTitle text=page_title(&[Text::ClerkCertificatesTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"),
            BreadcrumbItem::current(t(Text::ClerkCertificatesTitle)),
        ]/>
        <h1 class="page-title">{t(Text::ClerkCertificatesTitle)}</h1>
        <p class="lead">{t(Text::ClerkCertificatesIntro)}</p>
        <SubmittedFormErrors form=form.clone()/>
        <form method="get" action=CLERK_CERTIFICATES_PATH class="mt-6 max-w-xl" novalidate=true>
            <TextField id=CODE_FIELD.to_string() name=CODE_FIELD.to_string() label=t(Text::CertificateCodeLabel).to_string() value=code_value maxlength=20 autocomplete="off"/>
            <Button>{t(Text::CertificateVerifyButton)}</Button>
        </form>
        <div class="mt-6" aria-live="polite">
            {revoked_now.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ClerkCertificateRevokedNow)}</Alert> })}
            {asked.then(|| view! {
                <Suspense fallback=loading>
                    {move || {
                        let (reason_error, reason_value) = (reason_error.clone(), reason_value.clone());
                        Suspend::new(async move {
                            match answer.await {
                                Ok(Some(found)) => {
                                    let code = found.certificate.code.clone();
                                    let revocable = matches!(found.certificate.state, CertificateState::Valid | CertificateState::Expired);
                                    view! {
                                        <CertificateFacts certificate=found.certificate/>
                                        <dl class="definition-list">
                                            <dt>{t(Text::ClerkCertificateRequesterLabel)}</dt><dd>{found.requester_fiscal_code}</dd>
                                            {found.revocation_reason.map(|reason| view! { <dt>{t(Text::ClerkRevokeReasonLabel)}</dt><dd>{reason}</dd> })}
                                        </dl>
                                        {revocable.then(|| view! {
                                            <form method="post" action=CLERK_CERTIFICATES_PATH class="mt-6 max-w-xl" novalidate=true>
                                                <CsrfField/>
                                                <input type="hidden" name=CODE_FIELD value=code/>
                                                <TextField id=REVOCATION_REASON_FIELD.to_string() name=REVOCATION_REASON_FIELD.to_string()
                                                    label=t(Text::ClerkRevokeReasonLabel).to_string() hint=t(Text::ClerkRevokeReasonHint).to_string()
                                                    error=reason_error.unwrap_or_default() value=reason_value maxlength=500/>
                                                <Button>{t(Text::ClerkRevokeButton)}</Button>
                                            </form>
                                        })}
                                    }.into_any()
                                }
                                Ok(None) => view! { <Alert kind=AlertKind::Warning>{t(Text::ClerkCertificateNotFound)}</Alert> }.into_any(),
                                Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            })}
        </div>
    }
}
