use super::server_functions::get_development_outbox;
use crate::components::PageTitle;
use crate::i18n::{t, use_locale, Text};
use leptos::prelude::*;

/// `/sviluppo/posta`: what the portal sent, for developers and end-to-end
/// tests; "not found" wherever the outbox page is switched off.
#[component]
pub fn DevelopmentOutboxPage() -> impl IntoView {
    let locale = use_locale();
    let messages = Resource::new(|| (), |_| get_development_outbox());
    view! {
        <PageTitle text=format!("{} · {}", Text::DevelopmentOutboxTitle.in_locale(locale), Text::MunicipalityName.in_locale(locale))/>
        <h1 class="page-title">{t(Text::DevelopmentOutboxTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match messages.await.ok().flatten() {
                    None => {
                        crate::http_context::set_response_status(404);
                        view! { <p>{t(Text::DevelopmentOutboxUnavailable)}</p> }.into_any()
                    }
                    Some(messages) if messages.is_empty() => view! {
                        <p class="lead">{t(Text::DevelopmentOutboxIntro)}</p>
                        <p>{t(Text::DevelopmentOutboxEmpty)}</p>
                    }.into_any(),
                    Some(messages) => view! {
                        <p class="lead">{t(Text::DevelopmentOutboxIntro)}</p>
                        {messages.into_iter().map(|message| {
                            let heading_id = format!("messaggio-{}", message.id);
                            let labelled_by = heading_id.clone();
                            view! {
                                <article class="card mt-4" aria-labelledby=labelled_by>
                                    <h2 class="text-lg font-bold" id=heading_id>{format!("{} — {}", message.subject, message.recipient)}</h2>
                                    <dl class="definition-list">
                                        <dt>{t(Text::OutboxRecipientLabel)}</dt><dd>{message.recipient.clone()}</dd>
                                        <dt>{t(Text::OutboxStateLabel)}</dt>
                                        <dd>{format!("{} · {}", if message.delivered { t(Text::OutboxDelivered) } else { t(Text::OutboxQueued) }, message.queued_at)}</dd>
                                    </dl>
                                    <pre class="mt-2 whitespace-pre-wrap break-all">{message.body}</pre>
                                </article>
                            }
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
