use super::Locale;

/// Declares the catalogue: one variant per message, Italian first.
macro_rules! catalogue {
    ($($key:ident => $it:expr, $en:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Text { $($key),* }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$key),*];

            pub fn in_locale(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Text::$key, Locale::Italian) => $it,
                      (Text::$key, Locale::English) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    // Layout
    SkipToContent => "Vai al contenuto principale", "Skip to main content";
    SkipToFooter => "Vai al piè di pagina", "Skip to footer";
    MunicipalityName => "Comune di Rho", "Comune di Rho";
    RegionName => "Regione Lombardia", "Lombardy Region";
    PortalName => "Sportello telematico", "Online services desk";
    LoginToPersonalArea => "Accedi all'area personale", "Log in to your personal area";
    LanguageSwitchButton => "English", "Italiano";
    LanguageSwitchLabel => "Read this site in English", "Leggi il sito in italiano";
    MainNavigationLabel => "Menu principale", "Main menu";
    NavServices => "Servizi", "Services";
    NavTopics => "Argomenti", "Topics";
    NavSearch => "Cerca", "Search";
    NavRatings => "Valutazioni", "Ratings";
    BreadcrumbLabel => "Percorso di navigazione", "Breadcrumb";
    Home => "Home", "Home";
    FooterContactsTitle => "Contatti", "Contacts";
    FooterCounterName => "Sportello del Cittadino (QUIC)", "Citizens' Desk (QUIC)";
    FooterAddress => "Via De Amicis 1, 20017 Rho (MI)", "Via De Amicis 1, 20017 Rho (MI), Italy";
    FooterPhoneLabel => "Telefono", "Phone";
    FooterEmailLabel => "Email", "Email";
    FooterUsefulLinks => "Link utili", "Useful links";
    FooterFaq => "Leggi le FAQ", "Read the FAQ";
    FooterReportDisservice => "Segnalazione disservizio", "Report a service problem";
    FooterPrivacy => "Informativa privacy", "Privacy notice";
    FooterAccessibility => "Dichiarazione di accessibilità", "Accessibility statement";
    FooterBookAppointment => "Prenota appuntamento", "Book an appointment";
    FooterTerms => "Condizioni di servizio", "Terms of service";
    FooterSitemap => "Mappa del sito", "Site map";
    FooterComponents => "Componenti dell'interfaccia", "Interface components";
    FooterLegal => "Comune di Rho · Piazza Visconti 23, 20017 Rho (MI)", "Comune di Rho · Piazza Visconti 23, 20017 Rho (MI), Italy";

    // Home, services, topics
    HomeTitle => "Servizi online del Comune di Rho", "Online services of the Comune di Rho";
    HomeIntro => "Informazioni, moduli e servizi per cittadini e imprese, disponibili 24 ore su 24, 365 giorni l'anno.", "Information, forms and services for citizens and businesses, available 24 hours a day, every day of the year.";
    HomeTopicsTitle => "Esplora per argomento", "Browse by topic";
    HomeAllServices => "Vedi tutti i servizi", "See all services";
    HomeSearchTitle => "Cosa stai cercando?", "What are you looking for?";
    ServicesTitle => "Servizi", "Services";
    ServicesIntro => "Tutte le schede dei servizi del Comune: a chi sono rivolti, come si richiedono, cosa serve, tempi e costi.", "Every service sheet of the Comune: who it is for, how to apply, what you need, times and costs.";
    ServicesCount => "{n} servizi", "{n} services";
    TopicsTitle => "Argomenti", "Topics";
    TopicsIntro => "I servizi del Comune raggruppati per argomento.", "The Comune's services grouped by topic.";
    TopicServicesTitle => "Servizi su questo argomento", "Services on this topic";
    ReadMore => "Leggi la scheda", "Read the sheet";

    // Service sheet
    SectionAddressed => "A chi è rivolto", "Who it is for";
    SectionDescription => "Descrizione", "Description";
    SectionHowTo => "Come fare", "How to do it";
    SectionNeeded => "Cosa serve", "What you need";
    SectionAchieved => "Cosa si ottiene", "What you get";
    SectionTimes => "Tempi e scadenze", "Times and deadlines";
    SectionCost => "Quanto costa", "Cost";
    SectionAccess => "Accedi al servizio", "Access the service";
    SectionConditions => "Condizioni di servizio", "Terms of service";
    SectionContacts => "Contatti", "Contacts";
    SectionDocuments => "Documenti", "Documents";
    SectionTopics => "Argomenti", "Topics";
    PageIndex => "Indice della pagina", "On this page";
    LastUpdate => "Ultimo aggiornamento", "Last update";
    ServiceActive => "Servizio attivo", "Service available";
    ServiceInactive => "Servizio non attivo", "Service not available";
    OnlyItalianNotice => "Le informazioni dettagliate di questa scheda sono disponibili solo in italiano.", "The detailed information on this page is available in Italian only.";
    ResponsibleOffice => "Ufficio responsabile", "Responsible office";
    OfficeAddress => "Indirizzo", "Address";
    OfficeHours => "Orari", "Opening hours";
    DownloadFormPdf => "Scarica il modulo (PDF)", "Download the form (PDF)";
    ConditionsText => "Per conoscere i dettagli di scadenze, requisiti e altre informazioni importanti, leggi i termini e le condizioni di servizio.", "For details on deadlines, requirements and other important information, read the terms and conditions of service.";
    ConditionsLink => "Termini e condizioni di servizio", "Terms and conditions of service";
    AccessBookingHint => "Puoi prenotare un appuntamento presso l'ufficio indicato.", "You can book an appointment at the office shown.";
    AccessOnlineHint => "Puoi presentare la richiesta online, senza recarti in Comune.", "You can apply online, without going to the town hall.";
    AccessGenericHint => "Ecco come accedere al servizio.", "This is how to access the service.";

    // Feedback widget (national model for municipal sites)
    FeedbackTitle => "Quanto sono chiare le informazioni su questa pagina?", "How clear is the information on this page?";
    FeedbackStarsLegend => "Valuta da 1 a 5 stelle la pagina", "Rate this page from 1 to 5 stars";
    FeedbackRateStars => "Valuta {n} stelle su 5", "Rate {n} stars out of 5";
    FeedbackRateOneStar => "Valuta 1 stella su 5", "Rate 1 star out of 5";
    FeedbackNext => "Avanti", "Next";
    FeedbackYouRated => "Hai dato {n} stelle su 5.", "You gave {n} stars out of 5.";
    FeedbackYouRatedOne => "Hai dato 1 stella su 5.", "You gave 1 star out of 5.";
    FeedbackChangeRating => "Cambia valutazione", "Change rating";
    FeedbackPositiveQuestion => "Quali sono stati gli aspetti che hai preferito?", "What did you like most?";
    FeedbackNegativeQuestion => "Dove hai incontrato le maggiori difficoltà?", "Where did you have the most trouble?";
    ReasonClear => "Le indicazioni erano chiare", "The instructions were clear";
    ReasonComplete => "Le indicazioni erano complete", "The instructions were complete";
    ReasonHelpedUnderstand => "Le indicazioni mi hanno aiutato a capire come procedere", "The instructions helped me understand what to do";
    ReasonNotClear => "A volte le indicazioni non erano chiare", "Sometimes the instructions were not clear";
    ReasonNotComplete => "A volte le indicazioni non erano complete", "Sometimes the instructions were incomplete";
    ReasonUnsureProgress => "A volte non capivo se stavo procedendo correttamente", "Sometimes I could not tell whether I was doing it right";
    ReasonTechnicalProblems => "Ho avuto problemi tecnici", "I had technical problems";
    ReasonOther => "Altro", "Other";
    FeedbackDetailsQuestion => "Vuoi aggiungere altri dettagli?", "Would you like to add more details?";
    FeedbackDetailsLabel => "Dettaglio (facoltativo)", "Details (optional)";
    FeedbackDetailsHint => "Massimo 200 caratteri. Non scrivere dati personali.", "At most 200 characters. Do not write personal data.";
    FeedbackSubmit => "Invia", "Send";
    FeedbackThanks => "Grazie, il tuo parere ci aiuterà a migliorare il servizio!", "Thank you, your feedback will help us improve the service!";
    FeedbackErrorRating => "Scegli da 1 a 5 stelle.", "Choose from 1 to 5 stars.";
    FeedbackErrorReason => "Scegli una delle risposte proposte.", "Choose one of the answers offered.";
    FeedbackErrorCommentTooLong => "Il dettaglio può contenere al massimo 200 caratteri: accorcialo.", "The details can be at most 200 characters long: please shorten them.";
    FeedbackErrorPage => "Non è stato possibile registrare la valutazione per questa pagina.", "Your rating could not be recorded for this page.";

    // Errors and status
    ErrorSummaryTitle => "Correggi i seguenti errori:", "Please correct the following:";
    ErrorTitlePrefix => "Errore: ", "Error: ";
    NotFoundTitle => "Pagina non trovata", "Page not found";
    NotFoundText => "La pagina che cerchi non esiste o è stata spostata. Puoi cercarla con parole diverse o tornare alla home.", "The page you are looking for does not exist or has moved. You can search for it or go back to the home page.";
    SheetNotFoundTitle => "Servizio non trovato", "Service not found";
    SheetNotFoundText => "Non esiste un servizio a questo indirizzo. Cercalo per nome o sfoglia l'elenco dei servizi.", "There is no service at this address. Search for it by name or browse the list of services.";
    TopicNotFoundTitle => "Argomento non trovato", "Topic not found";
    ServiceUnavailableTitle => "Servizio momentaneamente non disponibile", "Service temporarily unavailable";
    ServiceUnavailableText => "Non riusciamo a mostrare questa pagina. Riprova tra qualche minuto; se il problema continua, contatta lo Sportello del Cittadino.", "We cannot show this page right now. Please try again in a few minutes; if the problem persists, contact the Citizens' Desk.";
    GoHome => "Torna alla home", "Go to the home page";
    Loading => "Caricamento…", "Loading…";

    // Search
    SearchTitle => "Cerca", "Search";
    SearchLabel => "Cerca nel sito", "Search the site";
    SearchHint => "Per esempio: residenza, carta d'identità, rifiuti.", "For example: residenza, carta d'identità, rifiuti.";
    SearchButton => "Cerca", "Search";
    SearchResultsFor => "Risultati per «{q}»", "Results for “{q}”";
    SearchResultsCount => "{n} risultati", "{n} results";
    SearchResultsCountOne => "1 risultato", "1 result";
    SearchNoResults => "Nessun servizio corrisponde alla ricerca. Prova con parole diverse o sfoglia gli argomenti.", "No service matches your search. Try different words or browse the topics.";
    SearchEmpty => "Scrivi una o più parole, per esempio «residenza» o «rifiuti».", "Type one or more words, for example “residenza” or “rifiuti”.";
    SearchQueryTooLong => "La ricerca può contenere al massimo 200 caratteri: accorciala.", "A search can be at most 200 characters long: please shorten it.";
    SearchSuggestionsTitle => "Suggerimenti", "Suggestions";
    SearchSuggestionsNone => "Nessun suggerimento.", "No suggestions.";
    SearchSuggestionsSome => "{n} suggerimenti disponibili.", "{n} suggestions available.";

    // Ratings (open data for auditors)
    RatingsTitle => "Valutazioni delle pagine", "Page ratings";
    RatingsIntro => "Come i cittadini valutano la chiarezza delle schede dei servizi. I dati sono anonimi e aggiornati in tempo reale.", "How citizens rate the clarity of the service sheets. The data is anonymous and updated in real time.";
    RatingsPage => "Pagina", "Page";
    RatingsResponses => "Risposte", "Responses";
    RatingsAverage => "Media (1–5)", "Average (1–5)";
    RatingsPositive => "Positive (4–5 stelle)", "Positive (4–5 stars)";
    RatingsNegative => "Negative (1–3 stelle)", "Negative (1–3 stars)";
    RatingsNone => "Non ci sono ancora valutazioni.", "There are no ratings yet.";
    RatingsDownloadJson => "Scarica i dati (JSON)", "Download the data (JSON)";

    // Offline
    OfflineTitle => "Sei offline", "You are offline";
    OfflineText => "Questa pagina non è disponibile senza connessione. Le schede dei servizi che hai già visitato restano leggibili: riprova quando sarai di nuovo online.", "This page is not available without a connection. The service sheets you have already visited can still be read: try again when you are back online.";

    // Component examples
    ExamplesTitle => "Componenti dell'interfaccia", "Interface components";
    ExamplesIntro => "I componenti accessibili usati in tutto il portale, mostrati uno per uno.", "The accessible components used across the portal, shown one by one.";
    ExampleFieldLabel => "Codice fiscale", "Tax code (codice fiscale)";
    ExampleFieldHint => "16 caratteri, come sulla tessera sanitaria.", "16 characters, as printed on your health card.";
    ExampleFieldError => "Il codice fiscale deve avere 16 caratteri.", "The tax code must have 16 characters.";
    ExampleButton => "Continua", "Continue";
    ExampleSecondaryButton => "Annulla", "Cancel";
    ExampleAlertInfo => "Le domande si presentano dal 1° al 31 marzo.", "Applications can be submitted from 1 to 31 March.";
    ExampleAlertSuccess => "Richiesta inviata correttamente.", "Request sent successfully.";
    ExampleAlertWarning => "Il servizio sarà in manutenzione sabato dalle 8 alle 10.", "The service will be under maintenance on Saturday from 8 to 10 am.";
    ExampleCardTitle => "Carta d'identità elettronica", "Electronic identity card";
    ExampleCardText => "Come richiedere la CIE presso l'Ufficio Anagrafe.", "How to apply for the CIE at the Registry Office.";
    ExampleSummaryKey1 => "Nome", "Name";
    ExampleSummaryValue1 => "Maria Rossi", "Maria Rossi";
    ExampleSummaryKey2 => "Indirizzo", "Address";
    ExampleSummaryValue2 => "Via Madonna 12, Rho", "Via Madonna 12, Rho";
    ExampleChange => "Modifica", "Change";
    ExampleStepLabels => "Dati personali|Documenti|Riepilogo", "Personal details|Documents|Summary";
    StepOf => "Passo {n} di {total}", "Step {n} of {total}";
    StepsLabel => "Avanzamento della richiesta", "Request progress";
    StepCompleted => "completato", "completed";
    StepCurrent => "passo attuale", "current step";
    ComponentSkipLink => "Link per saltare al contenuto", "Skip link";
    ComponentBreadcrumb => "Percorso di navigazione", "Breadcrumb";
    ComponentField => "Campo con suggerimento ed errore", "Field with hint and error";
    ComponentErrorSummary => "Riepilogo degli errori", "Error summary";
    ComponentButtons => "Pulsanti", "Buttons";
    ComponentAlerts => "Avvisi", "Alerts";
    ComponentCard => "Scheda", "Card";
    ComponentSteps => "Indicatore dei passi", "Step indicator";
    ComponentSummaryList => "Elenco di riepilogo", "Summary list";
    ComponentSearch => "Ricerca con suggerimenti", "Search with suggestions";
}
