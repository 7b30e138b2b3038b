//! Search with suggestions while typing: the portal's first island.
//!
//! Without JavaScript it is a plain GET form to `/cerca`. Once hydrated, each
//! keystroke (debounced) asks the `suggest_service_sheets` server function for
//! the best matches and lists them under the field, announced politely.

use super::model::{service_sheet_path, SearchHit, SEARCH_QUERY_MAX_CHARS};
use super::server_functions::suggest_service_sheets;
use crate::i18n::{Locale, Text};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Labels are computed on the server and passed as props, so the translation
/// catalogue stays out of the WASM bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIslandLabels {
    pub label: String,
    pub hint: String,
    pub button: String,
    pub suggestions_title: String,
    pub no_suggestions: String,
    pub some_suggestions: String,
}

impl SearchIslandLabels {
    pub fn for_locale(locale: Locale) -> Self {
        SearchIslandLabels {
            label: Text::SearchLabel.in_locale(locale).into(),
            hint: Text::SearchHint.in_locale(locale).into(),
            button: Text::SearchButton.in_locale(locale).into(),
            suggestions_title: Text::SearchSuggestionsTitle.in_locale(locale).into(),
            no_suggestions: Text::SearchSuggestionsNone.in_locale(locale).into(),
            some_suggestions: Text::SearchSuggestionsSome.in_locale(locale).into(),
        }
    }
}

pub fn search_island_for_locale(locale: Locale, initial_query: String, input_id: &'static str) -> impl IntoView {
    view! {
        <SearchAsYouType
            locale=locale
            initial_query=initial_query
            input_id=input_id.to_string()
            labels=SearchIslandLabels::for_locale(locale)
        />
    }
}

#[island(lazy)]
pub fn SearchAsYouType(locale: Locale, initial_query: String, input_id: String, labels: SearchIslandLabels) -> impl IntoView {
    let suggestions = RwSignal::new(Vec::<SearchHit>::new());
    let announcement = RwSignal::new(String::new());
    // Responses can arrive out of order: only the latest keystroke's answer is shown.
    let latest_request = StoredValue::new(0u64);
    let no_suggestions = labels.no_suggestions.clone();
    let some_suggestions = labels.some_suggestions.clone();

    let on_input = move |event| {
        let typed = event_target_value(&event);
        let request = latest_request.get_value() + 1;
        latest_request.set_value(request);
        let no_suggestions = no_suggestions.clone();
        let some_suggestions = some_suggestions.clone();
        set_timeout(
            move || {
                if latest_request.get_value() != request {
                    return;
                }
                if typed.trim().chars().count() < 2 {
                    suggestions.set(Vec::new());
                    announcement.set(String::new());
                    return;
                }
                leptos::task::spawn_local(async move {
                    let hits = suggest_service_sheets(typed, locale).await.unwrap_or_default();
                    if latest_request.get_value() != request {
                        return;
                    }
                    announcement.set(if hits.is_empty() { no_suggestions } else { some_suggestions.replace("{n}", &hits.len().to_string()) });
                    suggestions.set(hits);
                });
            },
            std::time::Duration::from_millis(180),
        );
    };

    let hint_id = format!("{input_id}-hint");
    let list_title_id = format!("{input_id}-suggestions-title");
    view! {
        <form role="search" method="get" action="/cerca" class="search-form">
            <label class="field-label" for=input_id.clone()>{labels.label}</label>
            <p class="field-hint" id=hint_id.clone()>{labels.hint}</p>
            <div class="flex flex-wrap gap-2">
                <input
                    class="field-input grow"
                    id=input_id
                    name="q"
                    type="search"
                    value=initial_query
                    maxlength=SEARCH_QUERY_MAX_CHARS
                    autocomplete="off"
                    aria-describedby=hint_id
                    on:input=on_input
                />
                <button class="button button-primary" type="submit">{labels.button}</button>
            </div>
            <p class="sr-only" role="status" aria-live="polite">{move || announcement.get()}</p>
            <Show when=move || !suggestions.read().is_empty()>
                <div class="suggestions">
                    <p class="font-semibold" id=list_title_id.clone()>{labels.suggestions_title.clone()}</p>
                    <ul aria-labelledby=list_title_id.clone()>
                        <For
                            each=move || suggestions.get()
                            key=|hit| hit.slug.clone()
                            children=|hit| view! {
                                <li>
                                    <a class="link inline-flex min-h-11 items-center" href=service_sheet_path(&hit.slug)>
                                        {hit.title}
                                    </a>
                                </li>
                            }
                        />
                    </ul>
                </div>
            </Show>
        </form>
    }
}
