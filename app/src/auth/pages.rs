//! Login, activation, personal area and staff pages. Every form is a plain
//! POST that works without JavaScript; the server answers a mistake with the
//! same page (status 422), the values typed (never passwords) and the errors.

use super::forms::*;
use super::model::*;
use super::server_functions::*;
use crate::components::*;
use crate::http_context::{current_user, query_parameter, submitted_form};
use crate::i18n::{t, use_locale, Locale, Text};
use leptos::prelude::*;

fn page_title(title: Text, locale: Locale, has_errors: bool) -> String {
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    format!("{prefix}{} · {}", title.in_locale(locale), Text::MunicipalityName.in_locale(locale))
}

/// The page to return to after login, carried through every step.
fn return_path() -> String {
    let form = submitted_form();
    let candidate = form.values.get(RETURN_FIELD).cloned().or_else(|| query_parameter(RETURN_FIELD)).unwrap_or_default();
    // Coming back to a login page after logging in would be pointless.
    safe_return_path(&candidate).filter(|path| !path.starts_with("/accedi") && !path.starts_with("/attiva")).unwrap_or_else(|| "/area-personale".to_string())
}

#[component]
fn ReturnField() -> impl IntoView {
    view! { <input type="hidden" name=RETURN_FIELD value=return_path()/> }
}

#[component]
fn FormField(
    name: &'static str,
    label: Text,
    #[prop(optional)] hint: Option<Text>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] keep_value: bool,
    #[prop(optional)] value: Option<String>,
) -> impl IntoView {
    let form = submitted_form();
    let value = if keep_value { Some(form.value(name)).filter(|value| !value.is_empty()).or(value) } else { value };
    view! {
        <TextField
            id=name.to_string()
            name=name.to_string()
            label=t(label).to_string()
            hint=hint.map(|hint| t(hint).to_string()).unwrap_or_default()
            error=form.error(name).unwrap_or_default()
            value=value.unwrap_or_default()
            input_type=input_type
            autocomplete=autocomplete.unwrap_or("off")
        />
    }
}

#[component]
pub fn LoginChoicePage() -> impl IntoView {
    let locale = use_locale();
    let ritorno = crate::http_context::percent_encode(&return_path());
    let logged_out = query_parameter("uscito").is_some();
    view! {
        <PageTitle text=page_title(Text::LoginTitle, locale, false)/>
        <h1 class="page-title">{t(Text::LoginTitle)}</h1>
        {logged_out.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::LoggedOut)}</Alert> })}
        <p class="lead">{t(Text::LoginIntro)}</p>
        <section class="mt-6" aria-labelledby="login-counter">
            <h2 class="section-title" id="login-counter">{t(Text::LoginWithCounterCredentials)}</h2>
            <p>{t(Text::LoginWithCounterCredentialsText)}</p>
            <p class="mt-4 flex flex-wrap gap-4">
                <a class="button button-primary" href=format!("/accedi/credenziali?ritorno={ritorno}")>
                    {t(Text::LoginWithCredentialsLink)}
                </a>
                <a class="button button-secondary" href="/attiva">{t(Text::ActivateCredentialsLink)}</a>
            </p>
        </section>
        <section class="mt-6" aria-labelledby="login-smart-card">
            <h2 class="section-title" id="login-smart-card">{t(Text::SmartCardTitle)}</h2>
            <p>{t(Text::SmartCardIntro)}</p>
            {match use_context::<SmartCardLoginUrl>().and_then(|url| url.0) {
                Some(url) => view! {
                    <p class="mt-4">
                        <a class="button button-secondary" href=format!("{url}?ritorno={ritorno}")>{t(Text::SmartCardContinue)}</a>
                    </p>
                }.into_any(),
                None => view! { <p class="mt-4">{t(Text::SmartCardUnavailable)}</p> }.into_any(),
            }}
        </section>
        <SpidLoginSection ritorno=ritorno.clone() level=None/>
    }
}

/// The "Entra con SPID" choice: the identity providers from configuration as
/// plain links (a `<details>` list, so it opens without JavaScript). Each
/// link starts the SAML request on this server, which then sends the browser
/// to the provider in the same tab.
#[component]
fn SpidLoginSection(ritorno: String, level: Option<u8>) -> impl IntoView {
    let locale = use_locale();
    let providers = use_context::<crate::auth::spid::SpidIdentityProviders>().unwrap_or_default().0;
    let level_parameter = level.map(|level| format!("&livello={level}")).unwrap_or_default();
    view! {
        <section class="mt-6" aria-labelledby="login-spid">
            <h2 class="section-title" id="login-spid">{t(Text::SpidTitle)}</h2>
            {if providers.is_empty() {
                view! { <p>{t(Text::LoginOtherMethodsText)}</p> }.into_any()
            } else {
                view! {
                    <p>{t(Text::SpidIntro)}</p>
                    <details class="spid-choice mt-4">
                        <summary class="button button-primary">{t(Text::SpidChooseProvider)}</summary>
                        <ul class="spid-providers" aria-label=Text::SpidChooseProvider.in_locale(locale)>
                            {providers.into_iter().map(|provider| view! {
                                <li>
                                    <a class="link" href=format!("/spid/accedi?idp={}{}&ritorno={}", provider.code, level_parameter, ritorno)>
                                        {provider.name}
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                    <p class="mt-4"><a class="link" href="https://www.spid.gov.it/cos-e-spid/come-attivare-spid/">{t(Text::SpidMoreInformation)}</a></p>
                }.into_any()
            }}
        </section>
    }
}

/// Where a SPID login that did not succeed lands, with the reason.
#[component]
pub fn SpidFailurePage() -> impl IntoView {
    use crate::auth::spid::SpidFailure;
    let locale = use_locale();
    let failure = query_parameter("errore").and_then(|code| SpidFailure::from_code(&code)).unwrap_or(SpidFailure::InvalidResponse);
    let message = match failure {
        SpidFailure::Cancelled => Text::SpidCancelled,
        SpidFailure::LevelTooLow => Text::SpidLevelTooLow,
        SpidFailure::InvalidResponse => Text::SpidInvalidResponse,
        SpidFailure::ExpiredOrReused => Text::SpidExpiredOrReused,
        SpidFailure::NoFiscalCode => Text::SpidNoFiscalCode,
        SpidFailure::UnknownIdentityProvider => Text::SpidUnknownProvider,
        SpidFailure::NotConfigured => Text::LoginOtherMethodsText,
    };
    crate::http_context::set_response_status(403);
    view! {
        <PageTitle text=page_title(Text::SpidFailureTitle, locale, true)/>
        <h1 class="page-title">{t(Text::SpidFailureTitle)}</h1>
        <Alert kind=AlertKind::Error>{t(message)}</Alert>
        <p class="mt-6"><a class="button button-primary" href="/accedi">{t(Text::SpidTryAgain)}</a></p>
    }
}

#[component]
pub fn CounterLoginPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let password_changed = query_parameter("password-cambiata").is_some();
    view! {
        <PageTitle text=page_title(Text::CounterLoginTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::CounterLoginTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {password_changed.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::PasswordResetDone)}</Alert> })}
        <form method="post" action=crate::routes::COUNTER_LOGIN_PATH novalidate=true class="max-w-xl">
            <CsrfField/>
            <ReturnField/>
            <FormField name=FISCAL_CODE_FIELD label=Text::FiscalCodeLabel hint=Text::FiscalCodeHint keep_value=true autocomplete="username"/>
            <FormField name=PASSWORD_FIELD label=Text::PasswordLabel input_type="password" autocomplete="current-password"/>
            <p class="mt-6"><Button>{t(Text::LoginButton)}</Button></p>
        </form>
        <p class="mt-6"><a class="link" href="/accedi/password-dimenticata">{t(Text::ForgotPasswordLink)}</a></p>
        <p class="mt-4"><a class="link" href="/attiva">{t(Text::ActivateCredentialsLink)}</a></p>
    }
}

#[component]
fn TotpCodeForm(action: &'static str, button: Text) -> impl IntoView {
    view! {
        <form method="post" action=action novalidate=true class="max-w-xl">
            <CsrfField/>
            <ReturnField/>
            <FormField name=TOTP_CODE_FIELD label=Text::TotpCodeLabel input_type="text" autocomplete="one-time-code"/>
            <p class="mt-6"><Button>{t(button)}</Button></p>
        </form>
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    view! {
        <PageTitle text=page_title(Text::SecondFactorTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::SecondFactorTitle)}</h1>
        <SubmittedFormErrors form=form/>
        <p class="lead">{t(Text::SecondFactorIntro)}</p>
        <TotpCodeForm action=crate::routes::SECOND_FACTOR_PATH button=Text::ConfirmButton/>
    }
}

#[component]
pub fn StepUpPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let user = current_user();
    let can_use_totp = user.as_ref().is_some_and(|user| user.has_totp);
    view! {
        <PageTitle text=page_title(Text::StepUpTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::StepUpTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {if user.is_none() {
            view! {
                <p class="lead">{t(Text::LoginIntro)}</p>
                <p class="mt-4"><a class="button button-primary" href="/accedi">{t(Text::LoginButton)}</a></p>
            }.into_any()
        } else if can_use_totp {
            view! {
                <p class="lead">{t(Text::StepUpIntro)}</p>
                <TotpCodeForm action=crate::routes::STEP_UP_PATH button=Text::ConfirmButton/>
            }.into_any()
        } else {
            view! {
                <p class="lead">{t(Text::StepUpWithoutTotp)}</p>
                <p class="mt-4"><a class="button button-primary" href="/area-personale/sicurezza">{t(Text::SetUpTotpLink)}</a></p>
            }.into_any()
        }}
        {user.is_some().then(|| view! {
            <SpidLoginSection ritorno=crate::http_context::percent_encode(&return_path()) level=Some(2)/>
        })}
    }
}

#[component]
pub fn ActivationPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    view! {
        <PageTitle text=page_title(Text::ActivationTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::ActivationTitle)}</h1>
        <SubmittedFormErrors form=form/>
        <p class="lead">{t(Text::ActivationIntro)}</p>
        <form method="post" action=crate::routes::ACTIVATION_PATH novalidate=true class="max-w-xl">
            <CsrfField/>
            <FormField name=FISCAL_CODE_FIELD label=Text::FiscalCodeLabel hint=Text::FiscalCodeHint keep_value=true autocomplete="username"/>
            <FormField name=ACTIVATION_CODE_FIELD label=Text::ActivationCodeLabel hint=Text::ActivationCodeHint keep_value=true/>
            <FormField name=PASSWORD_FIELD label=Text::NewPasswordLabel hint=Text::NewPasswordHint input_type="password" autocomplete="new-password"/>
            <FormField name=PASSWORD_CONFIRMATION_FIELD label=Text::PasswordConfirmationLabel input_type="password" autocomplete="new-password"/>
            <p class="mt-6"><Button>{t(Text::ActivateButton)}</Button></p>
        </form>
    }
}

/// Asking for a reset link: fiscal code and the verified address.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let sent = query_parameter("inviata").is_some();
    view! {
        <PageTitle text=page_title(Text::ForgotPasswordTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::ForgotPasswordTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {sent.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ForgotPasswordSent)}</Alert> })}
        <p class="lead">{t(Text::ForgotPasswordIntro)}</p>
        <form method="post" action=crate::routes::PASSWORD_RESET_PATH novalidate=true class="max-w-xl">
            <CsrfField/>
            <FormField name=FISCAL_CODE_FIELD label=Text::FiscalCodeLabel hint=Text::FiscalCodeHint keep_value=true autocomplete="username"/>
            <FormField name=EMAIL_FIELD label=Text::EmailLabel input_type="email" autocomplete="email" keep_value=true/>
            <p class="mt-6"><Button>{t(Text::ForgotPasswordButton)}</Button></p>
        </form>
        <p class="mt-6">{t(Text::ForgotPasswordAtTheCounter)}</p>
        <p class="mt-4"><a class="link" href="/accedi/credenziali">{t(Text::CounterLoginTitle)}</a></p>
    }
}

/// Where the mailed link leads: a new password, if the link still works.
#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let token = form.values.get("token").cloned().or_else(|| query_parameter("token")).unwrap_or_default();
    let token_for_form = token.clone();
    let usable = Resource::new(move || token.clone(), check_password_reset_link);
    view! {
        <PageTitle text=page_title(Text::NewPasswordTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::NewPasswordTitle)}</h1>
        <SubmittedFormErrors form=form/>
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || { let token = token_for_form.clone(); Suspend::new(async move {
                if usable.await.unwrap_or(false) {
                    view! {
                        <p class="lead">{t(Text::NewPasswordIntro)}</p>
                        <form method="post" action=crate::routes::NEW_PASSWORD_PATH novalidate=true class="max-w-xl">
                            <CsrfField/>
                            <input type="hidden" name=RESET_TOKEN_FIELD value=token/>
                            <FormField name=PASSWORD_FIELD label=Text::NewPasswordLabel hint=Text::NewPasswordHint input_type="password" autocomplete="new-password"/>
                            <FormField name=PASSWORD_CONFIRMATION_FIELD label=Text::PasswordConfirmationLabel input_type="password" autocomplete="new-password"/>
                            <p class="mt-6"><Button>{t(Text::SetNewPasswordButton)}</Button></p>
                        </form>
                    }.into_any()
                } else {
                    view! {
                        <Alert kind=AlertKind::Error>{t(Text::ResetLinkInvalid)}</Alert>
                        <p class="mt-6"><a class="button button-primary" href="/accedi/password-dimenticata">{t(Text::ResetLinkRequestAgain)}</a></p>
                    }.into_any()
                }
            })}}
        </Suspense>
    }
}

fn method_text(method: AuthenticationMethod) -> Text {
    match method {
        AuthenticationMethod::CounterPassword => Text::MethodCounterPassword,
        AuthenticationMethod::CounterPasswordAndTotp => Text::MethodCounterPasswordTotp,
        AuthenticationMethod::Spid => Text::MethodSpid,
        AuthenticationMethod::SpidAndTotp => Text::MethodSpidTotp,
        AuthenticationMethod::SmartCard => Text::MethodSmartCard,
    }
}

#[component]
pub fn PersonalAreaPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let user = current_user();
    let profile = Resource::new(|| (), |_| get_my_profile());
    let saved = query_parameter("salvato").is_some();
    let email_verified_now = query_parameter("email-verificata").is_some();
    let Some(user) = user else {
        return view! { <p>{t(Text::LoginIntro)}</p> }.into_any();
    };
    let welcome = Text::Welcome.in_locale(locale).replace("{name}", &user.full_name());
    let access = format!("{} ({})", t(method_text(user.method)), Text::LevelLabel.in_locale(locale).replace("{n}", &user.level.number().to_string()));
    let sections = [
        Text::SectionPractices,
        Text::SectionPayments,
        Text::SectionCertificates,
        Text::SectionReports,
        Text::SectionInformationRequests,
        Text::SectionAppointments,
        Text::SectionMessages,
    ];
    view! {
        <PageTitle text=page_title(Text::PersonalArea, locale, has_errors)/>
        <h1 class="page-title">{t(Text::PersonalArea)}</h1>
        <SubmittedFormErrors form=form.clone()/>
        {saved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ContactsSaved)}</Alert> })}
        {email_verified_now.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::EmailVerifiedNow)}</Alert> })}
        <p class="lead">{welcome}</p>
        <section class="mt-6" aria-labelledby="profile-title">
            <h2 class="section-title" id="profile-title">{t(Text::ProfileTitle)}</h2>
            <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
                {move || { let access = access.clone(); Suspend::new(async move {
                    let profile = profile.await.ok().flatten();
                    profile.map(|profile| {
                        let not_provided = t(Text::NotProvided).to_string();
                        view! {
                            <dl class="definition-list">
                                <dt>{t(Text::GivenNameLabel)}</dt><dd>{profile.given_name.clone()}</dd>
                                <dt>{t(Text::FamilyNameLabel)}</dt><dd>{profile.family_name.clone()}</dd>
                                <dt>{t(Text::FiscalCodeLabel)}</dt><dd>{profile.fiscal_code.clone()}</dd>
                                <dt>{t(Text::EmailLabel)}</dt>
                                <dd>{match profile.email.clone() {
                                    Some(email) => format!("{email} ({})", if profile.email_verified { t(Text::EmailVerified) } else { t(Text::EmailNotVerified) }),
                                    None => not_provided.clone(),
                                }}</dd>
                                <dt>{t(Text::PhoneLabel)}</dt><dd>{profile.phone.clone().unwrap_or(not_provided)}</dd>
                                <dt>{t(Text::AccessMethodLabel)}</dt><dd>{access.clone()}</dd>
                            </dl>
                            <h3 class="mt-6 text-lg font-bold" id="contacts-title">{t(Text::ContactsTitle)}</h3>
                            <p>{t(Text::ContactsIntro)}</p>
                            <form method="post" action=crate::routes::PERSONAL_AREA_PATH novalidate=true class="max-w-xl" aria-labelledby="contacts-title">
                                <CsrfField/>
                                <FormField name=EMAIL_FIELD label=Text::EmailLabel input_type="email" autocomplete="email" keep_value=true value=profile.email.clone().unwrap_or_default()/>
                                <FormField name=PHONE_FIELD label=Text::PhoneLabel input_type="tel" autocomplete="tel" keep_value=true value=profile.phone.clone().unwrap_or_default()/>
                                <p class="mt-6"><Button style=ButtonStyle::Secondary>{t(Text::SaveButton)}</Button></p>
                            </form>
                            {(profile.email.is_some() && !profile.email_verified).then(|| view! {
                                <EmailVerificationSection pending=profile.email_verification_pending/>
                            })}
                        }
                    })
                })}}
            </Suspense>
        </section>
        <section class="mt-8" aria-labelledby="sections-title">
            <h2 class="section-title" id="sections-title">{t(Text::PersonalAreaSections)}</h2>
            <div class="grid gap-4 md:grid-cols-2">
                {sections.into_iter().map(|section| match section {
                    Text::SectionPractices => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href="/area-personale/pratiche">{t(section)}</a></h3>
                            <p>{t(Text::SectionPracticesText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionPayments => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href="/area-personale/pagamenti">{t(section)}</a></h3>
                            <p>{t(Text::SectionPaymentsText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionCertificates => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href="/area-personale/certificati">{t(section)}</a></h3>
                            <p>{t(Text::SectionCertificatesText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionReports => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href=crate::routes::MY_REPORTS_PATH>{t(section)}</a></h3>
                            <p>{t(Text::SectionReportsText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionInformationRequests => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href=crate::routes::MY_INFORMATION_REQUESTS_PATH>{t(section)}</a></h3>
                            <p>{t(Text::SectionInformationRequestsText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionAppointments => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href=crate::routes::MY_APPOINTMENTS_PATH>{t(section)}</a></h3>
                            <p>{t(Text::SectionAppointmentsText)}</p>
                        </div>
                    }.into_any(),
                    Text::SectionMessages => view! {
                        <div class="card">
                            <h3 class="card-title"><a class="card-link" href=crate::routes::MY_MESSAGES_PATH>{t(section)}</a></h3>
                            <p>{t(Text::SectionMessagesText)}</p>
                        </div>
                    }.into_any(),
                    _ => view! {
                        <div class="card">
                            <h3 class="text-lg font-bold">{t(section)}</h3>
                            <p>{t(Text::SectionEmpty)}</p>
                        </div>
                    }.into_any(),
                }).collect_view()}
            </div>
        </section>
        <section class="mt-8" aria-labelledby="security-title">
            <h2 class="section-title" id="security-title">{t(Text::SecurityTitle)}</h2>
            <p>{if user.has_totp { t(Text::TotpActive) } else { t(Text::TotpInactive) }}</p>
            <p class="mt-4"><a class="link" href="/area-personale/sicurezza">{t(Text::SecurityTitle)}</a></p>
        </section>
        <section class="mt-8" aria-labelledby="export-title">
            <h2 class="section-title" id="export-title">{t(Text::ExportTitle)}</h2>
            <p>{t(Text::ExportText)}</p>
            <p class="mt-4 flex flex-wrap gap-4">
                <a class="link inline-flex min-h-11 items-center" href=crate::routes::DATA_EXPORT_PAGE_PATH>{t(Text::ExportReadableLink)}</a>
                <a class="link inline-flex min-h-11 items-center" href=crate::routes::DATA_EXPORT_PATH download="dati-personali.json">{t(Text::ExportLink)}</a>
            </p>
        </section>
        <section class="mt-8 flex flex-wrap gap-4" aria-label=t(Text::LogoutButton)>
            <form method="post" action=crate::routes::LOG_OUT_PATH>
                <CsrfField/>
                <Button>{t(Text::LogoutButton)}</Button>
            </form>
            <form method="post" action=crate::routes::LOG_OUT_EVERYWHERE_PATH>
                <CsrfField/>
                <Button style=ButtonStyle::Secondary>{t(Text::LogoutEverywhereButton)}</Button>
            </form>
        </section>
        <p class="mt-2 text-sm">{t(Text::LogoutEverywhereText)}</p>
    }
    .into_any()
}

/// In the personal area, under the contacts: an unproven address and the
/// button that mails it a code (answered on the verification page).
#[component]
fn EmailVerificationSection(pending: bool) -> impl IntoView {
    view! {
        <h3 class="mt-6 text-lg font-bold" id="email-verification-title">{t(Text::EmailVerificationTitle)}</h3>
        <p>{t(Text::EmailVerificationIntro)}</p>
        <form method="post" action=crate::routes::EMAIL_CODE_PATH class="mt-4" aria-labelledby="email-verification-title">
            <CsrfField/>
            <Button style=ButtonStyle::Secondary>
                {if pending { t(Text::EmailVerificationResendButton) } else { t(Text::EmailVerificationSendButton) }}
            </Button>
        </form>
        {pending.then(|| view! {
            <p class="mt-4"><a class="link" href="/area-personale/email">{t(Text::EmailVerificationEnterCodeLink)}</a></p>
        })}
    }
}

/// `/area-personale/email`: the code mailed to the address, typed back.
/// The form posts to this same address, so an answer with errors can be
/// reloaded or bookmarked like any page.
#[component]
pub fn EmailVerificationPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let just_sent = query_parameter("codice-inviato").is_some();
    let profile = Resource::new(|| (), |_| get_my_profile());
    view! {
        <PageTitle text=page_title(Text::EmailVerificationTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::EmailVerificationTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {just_sent.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::EmailVerificationSent)}</Alert> })}
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                let profile = profile.await.ok().flatten();
                match profile.as_ref().and_then(|profile| profile.email.clone().map(|email| (email, profile.email_verified))) {
                    None => view! {
                        <p class="lead">{t(Text::EmailVerificationNoAddress)}</p>
                    }.into_any(),
                    Some((email, true)) => view! {
                        <p class="lead">{format!("{email} ({})", t(Text::EmailVerified))}</p>
                    }.into_any(),
                    Some((email, false)) => view! {
                        <p class="lead">{Text::EmailVerificationCodeSentTo.in_locale(locale).replace("{email}", &email)}</p>
                        <form method="post" action=crate::routes::EMAIL_VERIFICATION_PATH novalidate=true class="max-w-xl">
                            <CsrfField/>
                            <FormField name=EMAIL_VERIFICATION_CODE_FIELD label=Text::EmailVerificationCodeLabel autocomplete="one-time-code" keep_value=true/>
                            <p class="mt-6"><Button>{t(Text::EmailVerificationConfirmButton)}</Button></p>
                        </form>
                        <form method="post" action=crate::routes::EMAIL_CODE_PATH class="mt-4">
                            <CsrfField/>
                            <Button style=ButtonStyle::Secondary>{t(Text::EmailVerificationResendButton)}</Button>
                        </form>
                    }.into_any(),
                }
            })}
        </Suspense>
        <p class="mt-8"><a class="link" href="/area-personale">{t(Text::PersonalArea)}</a></p>
    }
}

/// The authenticator app. Citizens with counter credentials set up or
/// replace their own: the confirmation asks the password again and, when an
/// app is enrolled, a code of that app. Staff get theirs from an
/// administrator; SPID and smart-card accounts get level 2 from those.
/// The personal data export to read: the same records as the JSON download,
/// one section per kind, one description list per record.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(move || locale, get_my_data);
    view! {
        <PageTitle text=page_title(Text::ExportTitle, locale, false)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), crate::routes::PERSONAL_AREA_PATH),
            BreadcrumbItem::current(Text::ExportTitle.in_locale(locale)),
        ]/>
        <h1 class="page-title">{t(Text::ExportTitle)}</h1>
        <p class="lead">{t(Text::ExportPageIntro)}</p>
        <p class="mt-2"><a class="link inline-flex min-h-11 items-center" href=crate::routes::DATA_EXPORT_PATH download="dati-personali.json">{t(Text::ExportLink)}</a></p>
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(export)) => view! { <ReadableExportView export/> }.into_any(),
                    Ok(None) => view! { <Alert kind=AlertKind::Error>{t(Text::ServiceUnavailableText)}</Alert> }.into_any(),
                    Err(_) => view! { <Alert kind=AlertKind::Error>{t(Text::ServiceUnavailableText)}</Alert> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReadableExportView(export: ReadableExport) -> impl IntoView {
    let locale = use_locale();
    view! {
        <dl class="mt-4 grid gap-x-4 sm:grid-cols-[auto_1fr]">
            <dt class="font-semibold">{t(Text::ExportPageController)}</dt><dd>{export.controller}</dd>
            <dt class="font-semibold">{t(Text::ExportPageGeneratedAt)}</dt><dd>{export.generated_at}</dd>
        </dl>
        {export.sections.into_iter().enumerate().map(|(index, section)| {
            let heading_id = format!("export-section-{index}");
            let count = section.records.len();
            view! {
                <section class="mt-8" aria-labelledby=heading_id.clone()>
                    <h2 class="section-title" id=heading_id.clone()>{section.title}</h2>
                    {(count == 0).then(|| view! { <p>{t(Text::ExportNothing)}</p> })}
                    {section.records.into_iter().enumerate().map(|(number, record)| view! {
                        <article class="mt-4 rounded border border-slate-300 p-4">
                            {(count > 1).then(|| view! {
                                <h3 class="font-bold">{Text::ExportRecord.in_locale(locale).replace("{n}", &(number + 1).to_string())}</h3>
                            })}
                            <dl class="grid gap-x-4 sm:grid-cols-[minmax(12rem,auto)_1fr]">
                                {record.into_iter().map(|(label, value)| view! {
                                    <dt class="font-semibold">{label}</dt>
                                    <dd class="mb-2 break-words">{value}</dd>
                                }).collect_view()}
                            </dl>
                        </article>
                    }).collect_view()}
                </section>
            }
        }).collect_view()}
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let user = current_user();
    let enrolment = Resource::new(|| (), |_| get_totp_enrolment());
    let profile = Resource::new(|| (), |_| get_my_profile());
    let enrolled_now = query_parameter("attivata").is_some();
    let has_totp = user.as_ref().is_some_and(|user| user.has_totp);
    let new_code_label = if has_totp { Text::NewTotpCodeLabel } else { Text::TotpCodeLabel };
    view! {
        <PageTitle text=page_title(Text::SecurityTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::SecurityTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {enrolled_now.then(|| view! {
            <Alert kind=AlertKind::Success>
                <p>{t(Text::TotpEnrolled)}</p>
                <p class="mt-2"><a class="link" href="/accedi/livello-2?ritorno=%2Farea-personale">{t(Text::StepUpNowLink)}</a></p>
            </Alert>
        })}
        <p class="lead">{if has_totp { t(Text::TotpActive) } else { t(Text::TotpInactive) }}</p>
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                let allowed = profile.await.ok().flatten().map(|profile| self_enrolment_allowed(profile.role, profile.credentials_active));
                let pending = enrolment.await.ok().flatten().filter(|enrolment| enrolment.for_person.is_none());
                match (allowed, pending) {
                    (None, _) => ().into_any(),
                    (Some(Err(refusal)), _) => view! { <p class="mt-4">{t(refusal.message())}</p> }.into_any(),
                    (Some(Ok(())), None) => view! {
                        {has_totp.then(|| view! { <p class="mt-4">{t(Text::TotpReplaceIntro)}</p> })}
                        <form method="post" action=crate::routes::TOTP_ENROLMENT_START_PATH>
                            <CsrfField/>
                            <p class="mt-4"><Button>{if has_totp { t(Text::TotpReplaceButton) } else { t(Text::TotpStartButton) }}</Button></p>
                        </form>
                    }.into_any(),
                    (Some(Ok(())), Some(enrolment)) => view! {
                        <h2 class="section-title mt-6">{t(Text::TotpScanTitle)}</h2>
                        <div class="totp-qr" role="img" aria-label=t(Text::TotpQrAlt) inner_html=enrolment.qr_svg></div>
                        <p class="mt-4">{t(Text::TotpScanAlternative)}</p>
                        <p><code class="font-bold break-all">{enrolment.secret}</code></p>
                        <p class="mt-4">{t(Text::TotpConfirmIntro)}</p>
                        <form method="post" action=crate::routes::SECURITY_PATH novalidate=true class="max-w-xl">
                            <CsrfField/>
                            <FormField name=TOTP_CODE_FIELD label=new_code_label autocomplete="one-time-code"/>
                            <FormField name=PASSWORD_FIELD label=Text::ReauthenticationPasswordLabel hint=Text::ReauthenticationPasswordHint input_type="password" autocomplete="current-password"/>
                            {has_totp.then(|| view! {
                                <FormField name=CURRENT_TOTP_CODE_FIELD label=Text::CurrentTotpCodeLabel hint=Text::CurrentTotpCodeHint autocomplete="one-time-code"/>
                            })}
                            <p class="mt-6"><Button>{t(Text::ConfirmButton)}</Button></p>
                        </form>
                    }.into_any(),
                }
            })}
        </Suspense>
        <p class="mt-8"><a class="link" href="/area-personale">{t(Text::PersonalArea)}</a></p>
    }
}

/// Shown to the clerk right after registering a citizen (or issuing a new
/// code): the only time the code is ever visible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedActivationCode {
    pub account_id: String,
    pub full_name: String,
    pub printable_code: String,
}

#[component]
pub fn ClerkHomePage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let issued = use_context::<IssuedActivationCode>();
    view! {
        <PageTitle text=page_title(Text::ClerkTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::ClerkTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {issued.map(|issued| view! {
            <div class="alert alert-success" role="status">
                <h2 class="text-lg font-bold">{t(Text::ClerkCodeIssuedTitle)}</h2>
                <p>{issued.full_name.clone()}</p>
                <p class="text-2xl font-bold tracking-widest" data-testid="activation-code">{issued.printable_code.clone()}</p>
                <p>{t(Text::ClerkCodeIssuedText)}</p>
                <form method="post" action=crate::routes::ACTIVATION_LETTER_PATH class="mt-4">
                    <CsrfField/>
                    <input type="hidden" name=ACCOUNT_FIELD value=issued.account_id.clone()/>
                    <input type="hidden" name=ISSUED_CODE_FIELD value=issued.printable_code.clone()/>
                    <Button style=ButtonStyle::Secondary>{t(Text::ClerkDownloadLetter)}</Button>
                </form>
            </div>
        })}
        <p class="mt-4"><a class="button button-primary" href="/operatore/pratiche">{t(Text::InboxTitle)}</a></p>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::CLERK_CERTIFICATES_PATH>{t(Text::ClerkCertificatesTitle)}</a></p>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::CLERK_INFORMATION_REQUESTS_PATH>{t(Text::ClerkInformationRequestsTitle)}</a></p>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::CLERK_COMPLAINTS_PATH>{t(Text::ClerkComplaintsTitle)}</a></p>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::PIN_LOG_PATH>{t(Text::PinLogTitle)}</a></p>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::CLERK_AGENDA_PATH>{t(Text::AgendaTitle)}</a></p>
        <section class="mt-6" aria-labelledby="find-title">
            <h2 class="section-title" id="find-title">{t(Text::ClerkFindTitle)}</h2>
            <form method="get" action="/operatore/cittadino" class="max-w-xl">
                <FormField name="cerca_codice_fiscale" label=Text::FiscalCodeLabel/>
                <p class="mt-4"><Button style=ButtonStyle::Secondary>{t(Text::ClerkFindButton)}</Button></p>
            </form>
        </section>
        <section class="mt-8" aria-labelledby="register-title">
            <h2 class="section-title" id="register-title">{t(Text::ClerkRegisterTitle)}</h2>
            <p>{t(Text::ClerkRegisterIntro)}</p>
            <form method="post" action=crate::routes::COUNTER_PATH novalidate=true class="max-w-xl">
                <CsrfField/>
                <FormField name=FISCAL_CODE_FIELD label=Text::FiscalCodeLabel hint=Text::FiscalCodeHint keep_value=true/>
                <FormField name=GIVEN_NAME_FIELD label=Text::GivenNameLabel keep_value=true/>
                <FormField name=FAMILY_NAME_FIELD label=Text::FamilyNameLabel keep_value=true/>
                <FormField name=EMAIL_FIELD label=Text::EmailLabel input_type="email" keep_value=true/>
                <FormField name=PHONE_FIELD label=Text::PhoneLabel input_type="tel" keep_value=true/>
                <p class="mt-6"><Button>{t(Text::ClerkRegisterButton)}</Button></p>
            </form>
        </section>
    }
}

#[component]
pub fn CitizenRecordPage() -> impl IntoView {
    let locale = use_locale();
    let searched = query_parameter("cerca_codice_fiscale").unwrap_or_default();
    let record = Resource::new(move || searched.clone(), find_citizen_for_clerk);
    let reset_now = query_parameter("app_disattivata").is_some();
    view! {
        <PageTitle text=page_title(Text::ClerkCitizenTitle, locale, false)/>
        <h1 class="page-title">{t(Text::ClerkCitizenTitle)}</h1>
        {reset_now.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ClerkTotpResetDone)}</Alert> })}
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await.ok().flatten() {
                    None => view! { <Alert kind=AlertKind::Warning>{t(Text::ClerkCitizenNotFound)}</Alert> }.into_any(),
                    Some(profile) => {
                        let not_provided = t(Text::NotProvided).to_string();
                        let credentials = if profile.credentials_active { t(Text::CredentialsActive) } else { t(Text::CredentialsPending) };
                        view! {
                            <p class="text-sm">{t(Text::ClerkCitizenAccessLogged)}</p>
                            <dl class="definition-list mt-4">
                                <dt>{t(Text::GivenNameLabel)}</dt><dd>{profile.given_name.clone()}</dd>
                                <dt>{t(Text::FamilyNameLabel)}</dt><dd>{profile.family_name.clone()}</dd>
                                <dt>{t(Text::FiscalCodeLabel)}</dt><dd>{profile.fiscal_code.clone()}</dd>
                                <dt>{t(Text::EmailLabel)}</dt><dd>{profile.email.clone().unwrap_or(not_provided.clone())}</dd>
                                <dt>{t(Text::PhoneLabel)}</dt><dd>{profile.phone.clone().unwrap_or(not_provided)}</dd>
                                <dt>{t(Text::CredentialsState)}</dt><dd>{credentials}</dd>
                                <dt>{t(Text::ClerkTotpState)}</dt>
                                <dd>{if profile.has_totp { t(Text::ClerkTotpActive) } else { t(Text::ClerkTotpInactive) }}</dd>
                            </dl>
                            <form method="post" action=crate::routes::REISSUE_ACTIVATION_CODE_PATH class="mt-6">
                                <CsrfField/>
                                <input type="hidden" name=ACCOUNT_FIELD value=profile.account_id.clone()/>
                                <Button style=ButtonStyle::Secondary>{t(Text::ClerkReissueButton)}</Button>
                            </form>
                            {profile.has_totp.then(|| view! {
                                <form method="post" action=crate::routes::COUNTER_TOTP_RESET_PATH class="mt-6">
                                    <CsrfField/>
                                    <input type="hidden" name=ACCOUNT_FIELD value=profile.account_id.clone()/>
                                    <p class="text-sm">{t(Text::ClerkTotpResetIntro)}</p>
                                    <p class="mt-2"><Button style=ButtonStyle::Secondary>{t(Text::ClerkTotpResetButton)}</Button></p>
                                </form>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        <p class="mt-8"><a class="link" href="/operatore">{t(Text::ClerkTitle)}</a></p>
    }
}

/// Where a smart-card login that did not succeed explains why.
#[component]
pub fn SmartCardPage() -> impl IntoView {
    let locale = use_locale();
    let failure = use_context::<SmartCardFailure>();
    let message = failure.map(|failure| match failure {
        SmartCardFailure::NoCertificate => Text::SmartCardNoCertificate,
        SmartCardFailure::Expired => Text::SmartCardExpired,
        SmartCardFailure::UntrustedIssuer => Text::SmartCardUntrusted,
        SmartCardFailure::Unreadable => Text::SmartCardUnreadable,
        SmartCardFailure::NoFiscalCode => Text::SmartCardNoFiscalCode,
        SmartCardFailure::NotConfigured => Text::SmartCardUnavailable,
    });
    view! {
        <PageTitle text=page_title(Text::SmartCardTitle, locale, message.is_some())/>
        <h1 class="page-title">{t(Text::SmartCardTitle)}</h1>
        {message.map(|message| view! { <Alert kind=AlertKind::Error>{t(message)}</Alert> })}
        <p class="lead mt-4">{t(Text::SmartCardIntro)}</p>
        <p class="mt-6"><a class="link" href="/accedi">{t(Text::SmartCardOtherWays)}</a></p>
    }
}

/// `/amministrazione/app-autenticazione`: an administrator, with the member
/// of staff present, shows the key of that person's new app and types the
/// code it gives. The form posts to this same address.
#[component]
pub fn StaffAuthenticatorPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let enrolment = Resource::new(|| (), |_| get_totp_enrolment());
    view! {
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || { let form = form.clone(); Suspend::new(async move {
                match enrolment.await.ok().flatten().and_then(|enrolment| enrolment.for_person.clone().map(|person| (enrolment, person))) {
                    None => view! {
                        <PageTitle text=page_title(Text::StaffTotpEnrolButton, locale, false)/>
                        <h1 class="page-title">{t(Text::StaffTotpEnrolButton)}</h1>
                        <p class="lead">{t(Text::StaffTotpNothingPending)}</p>
                    }.into_any(),
                    Some((enrolment, person)) => {
                        let title = Text::StaffTotpEnrolTitle.in_locale(locale).replace("{name}", &person);
                        let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
                        view! {
                            <PageTitle text=format!("{prefix}{title} · {}", Text::MunicipalityName.in_locale(locale))/>
                            <h1 class="page-title">{title}</h1>
                            <SubmittedFormErrors form=form/>
                            <p class="lead">{t(Text::StaffTotpEnrolIntro)}</p>
                            <div class="totp-qr mt-4" role="img" aria-label=t(Text::TotpQrAlt) inner_html=enrolment.qr_svg></div>
                            <p class="mt-4">{t(Text::TotpScanAlternative)}</p>
                            <p><code class="font-bold break-all">{enrolment.secret}</code></p>
                            <form method="post" action=crate::routes::STAFF_TOTP_ENROLMENT_PATH novalidate=true class="max-w-xl">
                                <CsrfField/>
                                <FormField name=TOTP_CODE_FIELD label=Text::TotpCodeLabel autocomplete="one-time-code"/>
                                <p class="mt-6"><Button>{t(Text::ConfirmButton)}</Button></p>
                            </form>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
        <p class="mt-8"><a class="link" href="/amministrazione">{t(Text::AdministrationTitle)}</a></p>
    }
}

#[component]
pub fn AdministrationPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let issued = use_context::<IssuedActivationCode>();
    let revoked = query_parameter("revocato").is_some();
    let app_enrolled = query_parameter("app_configurata").is_some();
    let staff = Resource::new(|| (), |_| list_staff_members());
    view! {
        <PageTitle text=page_title(Text::AdministrationTitle, locale, has_errors)/>
        <h1 class="page-title">{t(Text::AdministrationTitle)}</h1>
        <SubmittedFormErrors form=form/>
        {revoked.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::StaffRevoked)}</Alert> })}
        {app_enrolled.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::StaffTotpEnrolled)}</Alert> })}
        {issued.map(|issued| view! {
            <div class="alert alert-success" role="status">
                <h2 class="text-lg font-bold">{t(Text::ClerkCodeIssuedTitle)}</h2>
                <p>{issued.full_name.clone()}</p>
                <p class="text-2xl font-bold tracking-widest" data-testid="activation-code">{issued.printable_code.clone()}</p>
                <p>{t(Text::ClerkCodeIssuedText)}</p>
            </div>
        })}
        <section class="mt-6" aria-labelledby="staff-title">
            <h2 class="section-title" id="staff-title">{t(Text::StaffListTitle)}</h2>
            <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let members = staff.await.unwrap_or_default();
                    view! {
                        <ul class="grid gap-4">
                            {members.into_iter().map(|member| {
                                let role = if member.role == Role::Administrator { t(Text::RoleAdministrator) } else { t(Text::RoleClerk) };
                                let credentials = if member.credentials_active { t(Text::CredentialsActive) } else { t(Text::CredentialsPending) };
                                let is_clerk = member.role == Role::Clerk;
                                let enrol_label = format!(" — {}", member.full_name);
                                view! {
                                    <li class="card">
                                        <p class="font-bold">{member.full_name.clone()}</p>
                                        <p>{member.fiscal_code.clone()}</p>
                                        <p>{format!("{}: {role} · {}: {} · {}: {credentials}", t(Text::StaffRoleLabel), t(Text::StaffOfficesLabel), member.offices.join(", "), t(Text::CredentialsState))}</p>
                                        <form method="post" action=crate::routes::STAFF_TOTP_ENROLMENT_START_PATH class="mt-2">
                                            <CsrfField/>
                                            <input type="hidden" name=ACCOUNT_FIELD value=member.account_id.clone()/>
                                            <Button style=ButtonStyle::Secondary>
                                                {t(Text::StaffTotpEnrolButton)}<span class="sr-only">{enrol_label}</span>
                                            </Button>
                                        </form>
                                        {is_clerk.then(|| view! {
                                            <form method="post" action=crate::routes::REVOKE_STAFF_PATH class="mt-2">
                                                <CsrfField/>
                                                <input type="hidden" name=ACCOUNT_FIELD value=member.account_id.clone()/>
                                                <Button style=ButtonStyle::Secondary>
                                                    {t(Text::RevokeStaffButton)}<span class="sr-only">{format!(" — {}", member.full_name)}</span>
                                                </Button>
                                            </form>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
        <section class="mt-8" aria-labelledby="add-clerk-title">
            <h2 class="section-title" id="add-clerk-title">{t(Text::AddClerkTitle)}</h2>
            <p>{t(Text::AddClerkIntro)}</p>
            <form method="post" action=crate::routes::ADMINISTRATION_PATH novalidate=true class="max-w-xl">
                <CsrfField/>
                <FormField name=FISCAL_CODE_FIELD label=Text::FiscalCodeLabel hint=Text::FiscalCodeHint keep_value=true/>
                <FormField name=GIVEN_NAME_FIELD label=Text::GivenNameLabel keep_value=true/>
                <FormField name=FAMILY_NAME_FIELD label=Text::FamilyNameLabel keep_value=true/>
                <FormField name=OFFICE_FIELD label=Text::OfficeCodeLabel hint=Text::OfficeCodeHint keep_value=true value="sportello-del-cittadino".to_string()/>
                <p class="mt-6"><Button>{t(Text::AddClerkButton)}</Button></p>
            </form>
        </section>
        <nav class="mt-8" aria-labelledby="administration-more">
            <h2 class="section-title" id="administration-more">{t(Text::AdministrationMoreTitle)}</h2>
            <ul class="mt-2 list-disc pl-6">
                <li><a class="link inline-flex min-h-11 items-center" href=crate::routes::REPORT_CATEGORIES_PATH>{t(Text::ReportCategoriesTitle)}</a></li>
                <li><a class="link inline-flex min-h-11 items-center" href=crate::routes::MAINTENANCE_PATH>{t(Text::MaintenanceTitle)}</a></li>
                <li><a class="link inline-flex min-h-11 items-center" href=crate::routes::COMPENSATION_INVENTORY_PATH>{t(Text::CompensationInventoryTitle)}</a></li>
                <li><a class="link inline-flex min-h-11 items-center" href=crate::routes::SURVEY_ADMINISTRATION_PATH>{t(Text::SurveyAdministrationTitle)}</a></li>
                <li><a class="link inline-flex min-h-11 items-center" href=crate::routes::APPOINTMENT_CALENDARS_PATH>{t(Text::CalendarsTitle)}</a></li>
            </ul>
        </nav>
    }
}
