use super::*;
use crate::guide::search_island::search_island_for_locale;
use crate::i18n::use_locale;

/// `/esempi/componenti`: every component once, for reviewers and for the axe check.
#[component]
pub fn ComponentExamplesPage() -> impl IntoView {
    let locale = use_locale();
    let steps = t(Text::ExampleStepLabels).split('|').map(str::to_string).collect::<Vec<_>>();
    view! {
        <PageTitle text=format!("{} · {}", t(Text::ExamplesTitle), t(Text::MunicipalityName))/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::ExamplesTitle))]/>
        <h1 class="page-title">{t(Text::ExamplesTitle)}</h1>
        <p class="lead">{t(Text::ExamplesIntro)}</p>

        <section class="example" aria-labelledby="example-skip">
            <h2 id="example-skip" class="section-title">{t(Text::ComponentSkipLink)}</h2>
            <p>{t(Text::SkipToContent)}</p>
        </section>

        <section class="example" aria-labelledby="example-breadcrumb">
            <h2 id="example-breadcrumb" class="section-title">{t(Text::ComponentBreadcrumb)}</h2>
            <p>{format!("{} / {}", t(Text::Home), t(Text::ExamplesTitle))}</p>
        </section>

        <section class="example" aria-labelledby="example-error-summary">
            <h2 id="example-error-summary" class="section-title">{t(Text::ComponentErrorSummary)}</h2>
            <section class="error-summary" aria-labelledby="example-error-summary-title">
                <h3 class="text-lg font-bold" id="example-error-summary-title">{t(Text::ErrorSummaryTitle)}</h3>
                <ul class="mt-2 list-disc pl-6">
                    <li><a class="link" href="#example-tax-code">{t(Text::ExampleFieldError)}</a></li>
                </ul>
            </section>
        </section>

        <section class="example" aria-labelledby="example-field">
            <h2 id="example-field" class="section-title">{t(Text::ComponentField)}</h2>
            <TextField
                id="example-tax-code".into()
                name="codice_fiscale".into()
                label=t(Text::ExampleFieldLabel).into()
                hint=t(Text::ExampleFieldHint).into()
                error=t(Text::ExampleFieldError).into()
                value="RSSMRA80A41".into()
                autocomplete="off"
            />
        </section>

        <section class="example" aria-labelledby="example-buttons">
            <h2 id="example-buttons" class="section-title">{t(Text::ComponentButtons)}</h2>
            <div class="flex flex-wrap gap-3">
                <Button button_type="button">{t(Text::ExampleButton)}</Button>
                <Button button_type="button" style=ButtonStyle::Secondary>{t(Text::ExampleSecondaryButton)}</Button>
            </div>
        </section>

        <section class="example" aria-labelledby="example-alerts">
            <h2 id="example-alerts" class="section-title">{t(Text::ComponentAlerts)}</h2>
            <Alert kind=AlertKind::Info>{t(Text::ExampleAlertInfo)}</Alert>
            <Alert kind=AlertKind::Success>{t(Text::ExampleAlertSuccess)}</Alert>
            <Alert kind=AlertKind::Warning>{t(Text::ExampleAlertWarning)}</Alert>
        </section>

        <section class="example" aria-labelledby="example-card">
            <h2 id="example-card" class="section-title">{t(Text::ComponentCard)}</h2>
            <Card
                title=t(Text::ExampleCardTitle).into()
                href="/servizi/carta-identita-elettronica".into()
                text=t(Text::ExampleCardText).into()
            />
        </section>

        <section class="example" aria-labelledby="example-steps">
            <h2 id="example-steps" class="section-title">{t(Text::ComponentSteps)}</h2>
            <StepIndicator steps=steps current=1/>
        </section>

        <section class="example" aria-labelledby="example-summary">
            <h2 id="example-summary" class="section-title">{t(Text::ComponentSummaryList)}</h2>
            <SummaryList rows=vec![
                SummaryRow { key: t(Text::ExampleSummaryKey1).into(), value: t(Text::ExampleSummaryValue1).into(), change_href: Some("#example-tax-code".into()) },
                SummaryRow { key: t(Text::ExampleSummaryKey2).into(), value: t(Text::ExampleSummaryValue2).into(), change_href: Some("#example-tax-code".into()) },
            ]/>
        </section>

        <section class="example" aria-labelledby="example-search">
            <h2 id="example-search" class="section-title">{t(Text::ComponentSearch)}</h2>
            {search_island_for_locale(locale, String::new(), "example-search-input")}
        </section>
    }
}
