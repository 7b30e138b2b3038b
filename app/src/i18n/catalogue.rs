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

    // Accounts and access
    PersonalArea => "Area personale", "Personal area";
    LoginTitle => "Accedi all'area personale", "Log in to your personal area";
    LoginIntro => "Per usare i servizi online e vedere le tue pratiche, accedi con uno dei modi che seguono.", "To use the online services and see your requests, log in in one of the following ways.";
    LoginWithCounterCredentials => "Credenziali rilasciate allo sportello", "Credentials issued at the counter";
    LoginWithCounterCredentialsText => "Se hai ricevuto allo Sportello del Cittadino una lettera con il codice di attivazione, attiva le credenziali e poi accedi con codice fiscale e password.", "If the Citizens' Desk gave you a letter with an activation code, activate your credentials and then log in with your tax code and password.";
    LoginWithCredentialsLink => "Accedi con codice fiscale e password", "Log in with tax code and password";
    ActivateCredentialsLink => "Attiva le credenziali", "Activate your credentials";
    LoginOtherMethodsTitle => "SPID", "SPID";
    LoginOtherMethodsText => "L'accesso con SPID non è disponibile in questo momento. Puoi accedere con la Carta Nazionale dei Servizi o con le credenziali dello Sportello del Cittadino.", "Access with SPID is not available at the moment. You can log in with the National Services Card or with the Citizens' Desk credentials.";
    SpidTitle => "Entra con SPID", "Log in with SPID";
    SpidIntro => "SPID, il Sistema Pubblico di Identità Digitale, ti fa entrare con le credenziali del tuo gestore di identità. Scegli il tuo gestore: lasci questo sito per il suo, poi torni qui.", "SPID, the Public Digital Identity System, lets you in with the credentials of your identity provider. Choose your provider: you leave this site for theirs, then come back here.";
    SpidChooseProvider => "Scegli il tuo gestore di identità SPID", "Choose your SPID identity provider";
    SpidMoreInformation => "Non hai SPID? Scopri come ottenerlo", "No SPID? Find out how to get it";
    SpidFailureTitle => "Accesso con SPID non riuscito", "SPID login failed";
    SpidCancelled => "L'accesso è stato annullato presso il gestore di identità. Puoi riprovare quando vuoi.", "The login was cancelled at the identity provider. You can try again whenever you like.";
    SpidLevelTooLow => "Il gestore di identità ha confermato la tua identità con un livello di sicurezza inferiore a quello richiesto da questo servizio (SPID livello 2: password e codice temporaneo). Riprova e completa la verifica richiesta.", "The identity provider confirmed your identity at a lower security level than this service needs (SPID level 2: password and one-time code). Try again and complete the check asked for.";
    SpidInvalidResponse => "La risposta del gestore di identità non è valida e non è stata accettata. Riprova; se il problema continua, scegli un altro modo di accesso.", "The identity provider's answer is not valid and was not accepted. Try again; if the problem persists, choose another way to log in.";
    SpidExpiredOrReused => "La richiesta di accesso è scaduta o è già stata usata. Ricomincia l'accesso da questa pagina.", "The login request has expired or has been used already. Start the login again from this page.";
    SpidNoFiscalCode => "Il gestore di identità non ha comunicato un codice fiscale valido.", "The identity provider did not send a valid tax code.";
    SpidUnknownProvider => "Il gestore di identità scelto non è tra quelli disponibili.", "The chosen identity provider is not among those available.";
    SpidTryAgain => "Torna alla scelta dell'accesso", "Back to the login choice";
    CounterLoginTitle => "Accedi con codice fiscale e password", "Log in with tax code and password";
    FiscalCodeLabel => "Codice fiscale", "Tax code (codice fiscale)";
    FiscalCodeHint => "16 caratteri, come sulla tessera sanitaria.", "16 characters, as on the health insurance card.";
    PasswordLabel => "Password", "Password";
    LoginButton => "Accedi", "Log in";
    LoginFailed => "Codice fiscale o password non corretti, oppure credenziali non ancora attivate.", "Wrong tax code or password, or credentials not yet activated.";
    LoginLocked => "Troppi tentativi non riusciti. Per sicurezza l'accesso è sospeso: riprova tra {minutes} minuti o rivolgiti allo Sportello del Cittadino.", "Too many failed attempts. For your security, login is suspended: try again in {minutes} minutes or contact the Citizens' Desk.";
    PasswordRequired => "Inserisci la password.", "Enter your password.";
    SecondFactorTitle => "Inserisci il codice dell'app", "Enter the code from your app";
    SecondFactorIntro => "Apri l'app di autenticazione che hai configurato e inserisci il codice di 6 cifre per il Comune di Rho.", "Open the authenticator app you set up and enter the 6-digit code for the Comune di Rho.";
    TotpCodeLabel => "Codice di 6 cifre", "6-digit code";
    TotpCodeEmpty => "Inserisci il codice di 6 cifre mostrato dall'app.", "Enter the 6-digit code shown by the app.";
    TotpCodeWrongShape => "Il codice è formato da 6 cifre, senza lettere.", "The code is made of 6 digits, no letters.";
    TotpCodeWrong => "Il codice non è corretto o è scaduto: inserisci quello mostrato ora dall'app.", "The code is wrong or has expired: enter the one the app shows now.";
    ConfirmButton => "Conferma", "Confirm";
    SecondFactorExpired => "La verifica è scaduta: accedi di nuovo.", "The check has expired: please log in again.";
    StepUpTitle => "Serve un livello di sicurezza più alto", "A higher security level is needed";
    StepUpIntro => "Per questa pagina serve un accesso di livello 2 (con un secondo fattore). Inserisci il codice dell'app di autenticazione per continuare.", "This page needs a level 2 login (with a second factor). Enter the code from your authenticator app to continue.";
    StepUpWithoutTotp => "Per questa pagina serve un accesso di livello 2. Configura un'app di autenticazione nell'area personale, oppure accedi con SPID di livello 2 o con la Carta Nazionale dei Servizi.", "This page needs a level 2 login. Set up an authenticator app in your personal area, or log in with SPID level 2 or the National Services Card.";
    SetUpTotpLink => "Configura l'app di autenticazione", "Set up an authenticator app";
    ActivationTitle => "Attiva le credenziali", "Activate your credentials";
    ActivationIntro => "Inserisci il codice fiscale e il codice di attivazione della lettera ricevuta allo sportello, poi scegli la password.", "Enter your tax code and the activation code from the letter you received at the counter, then choose your password.";
    ActivationCodeLabel => "Codice di attivazione", "Activation code";
    ActivationCodeHint => "12 lettere e cifre, come nella lettera (es. ABCD-EFGH-JKMN).", "12 letters and digits, as in the letter (e.g. ABCD-EFGH-JKMN).";
    ActivationCodeEmpty => "Inserisci il codice di attivazione della lettera.", "Enter the activation code from the letter.";
    ActivationCodeWrongShape => "Il codice di attivazione ha 12 lettere e cifre: controlla di averlo copiato per intero.", "The activation code has 12 letters and digits: check that you copied all of it.";
    ActivationFailed => "Il codice fiscale e il codice di attivazione non corrispondono, oppure il codice è scaduto o già usato. Se serve, chiedine uno nuovo allo Sportello del Cittadino.", "The tax code and activation code do not match, or the code has expired or was already used. If needed, ask the Citizens' Desk for a new one.";
    NewPasswordLabel => "Nuova password", "New password";
    NewPasswordHint => "Almeno 10 caratteri. Una frase di più parole è facile da ricordare e difficile da indovinare.", "At least 10 characters. A phrase of several words is easy to remember and hard to guess.";
    PasswordConfirmationLabel => "Ripeti la nuova password", "Repeat the new password";
    PasswordTooShort => "La password deve avere almeno 10 caratteri.", "The password must have at least 10 characters.";
    PasswordTooLong => "La password può avere al massimo 128 caratteri.", "The password can have at most 128 characters.";
    PasswordIsFiscalCode => "La password non può contenere il codice fiscale.", "The password cannot contain your tax code.";
    PasswordTooCommon => "Questa password è troppo facile da indovinare: scegline un'altra.", "This password is too easy to guess: choose another one.";
    PasswordConfirmationDiffers => "Le due password non coincidono: scrivile di nuovo.", "The two passwords do not match: type them again.";
    ActivateButton => "Attiva e accedi", "Activate and log in";
    FiscalCodeEmpty => "Inserisci il codice fiscale.", "Enter your tax code.";
    FiscalCodeWrongLength => "Il codice fiscale ha 16 caratteri: ne hai inseriti {found}.", "The tax code has 16 characters: you entered {found}.";
    FiscalCodeNotAlphanumeric => "Il codice fiscale contiene solo lettere e cifre: controlla il carattere numero {position}.", "The tax code contains only letters and digits: check character number {position}.";
    FiscalCodeNameLetters => "I primi 6 caratteri del codice fiscale (cognome e nome) sono lettere.", "The first 6 characters of the tax code (surname and name) are letters.";
    FiscalCodeYear => "I caratteri 7 e 8 del codice fiscale (anno di nascita) sono cifre.", "Characters 7 and 8 of the tax code (year of birth) are digits.";
    FiscalCodeMonth => "Il carattere 9 del codice fiscale (mese di nascita) non è valido.", "Character 9 of the tax code (month of birth) is not valid.";
    FiscalCodeDay => "I caratteri 10 e 11 del codice fiscale (giorno di nascita) non sono validi.", "Characters 10 and 11 of the tax code (day of birth) are not valid.";
    FiscalCodePlace => "I caratteri da 12 a 15 del codice fiscale (comune di nascita) non sono validi.", "Characters 12 to 15 of the tax code (place of birth) are not valid.";
    FiscalCodeCheck => "Il codice fiscale non è corretto: l'ultimo carattere non corrisponde agli altri. Controlla di averlo scritto bene.", "The tax code is not correct: the last character does not match the others. Check that you typed it correctly.";
    Welcome => "Benvenuto, {name}", "Welcome, {name}";
    ProfileTitle => "I tuoi dati", "Your details";
    GivenNameLabel => "Nome", "First name";
    FamilyNameLabel => "Cognome", "Surname";
    EmailLabel => "Email", "Email";
    PhoneLabel => "Telefono", "Phone";
    NotProvided => "Non indicato", "Not provided";
    AccessMethodLabel => "Accesso", "Login";
    LevelLabel => "livello {n}", "level {n}";
    MethodCounterPassword => "Credenziali dello sportello", "Counter credentials";
    MethodCounterPasswordTotp => "Credenziali dello sportello e app di autenticazione", "Counter credentials and authenticator app";
    MethodSpid => "SPID", "SPID";
    MethodSmartCard => "Carta Nazionale dei Servizi", "National Services Card";
    ContactsTitle => "I tuoi recapiti", "Your contact details";
    ContactsIntro => "Il Comune li usa per avvisarti sulle tue pratiche. Puoi lasciarli vuoti.", "The Comune uses them to keep you informed about your requests. You can leave them empty.";
    SaveButton => "Salva", "Save";
    ContactsSaved => "Recapiti salvati.", "Contact details saved.";
    EmailInvalid => "L'indirizzo email non è valido: scrivilo nella forma nome@esempio.it.", "The email address is not valid: write it as name@example.it.";
    PhoneInvalid => "Il numero di telefono non è valido: usa solo cifre, eventualmente con il prefisso +39.", "The phone number is not valid: use digits only, optionally with the +39 prefix.";
    PersonalAreaSections => "I tuoi servizi", "Your services";
    SectionPractices => "Le mie pratiche", "My requests";
    SectionPayments => "I miei pagamenti", "My payments";
    SectionCertificates => "I miei certificati", "My certificates";
    SectionReports => "Le mie segnalazioni", "My reports";
    SectionMessages => "I miei messaggi", "My messages";
    SectionEmpty => "Non ci sono ancora elementi.", "Nothing here yet.";
    SecurityTitle => "Sicurezza dell'accesso", "Login security";
    TotpActive => "L'app di autenticazione è attiva: i tuoi accessi sono di livello 2.", "The authenticator app is active: your logins are level 2.";
    TotpInactive => "Aggiungi un'app di autenticazione (per esempio FreeOTP, Aegis o Google Authenticator) per accedere con il livello 2, necessario per alcuni servizi.", "Add an authenticator app (for example FreeOTP, Aegis or Google Authenticator) to log in at level 2, which some services require.";
    TotpStartButton => "Configura l'app di autenticazione", "Set up an authenticator app";
    TotpScanTitle => "Inquadra il codice QR con l'app", "Scan the QR code with the app";
    TotpScanAlternative => "Se non puoi inquadrarlo, inserisci nell'app questa chiave:", "If you cannot scan it, enter this key in the app:";
    TotpQrAlt => "Codice QR per configurare l'app di autenticazione", "QR code to set up the authenticator app";
    TotpConfirmIntro => "Poi inserisci il codice di 6 cifre che l'app mostra, per confermare.", "Then enter the 6-digit code the app shows, to confirm.";
    TotpEnrolled => "App di autenticazione configurata: ora il tuo accesso è di livello 2.", "Authenticator app set up: your login is now level 2.";
    LogoutButton => "Esci", "Log out";
    LogoutEverywhereButton => "Esci da tutti i dispositivi", "Log out on every device";
    LogoutEverywhereText => "Chiude ogni accesso aperto con il tuo profilo, anche su altri computer e telefoni.", "Ends every open login with your profile, also on other computers and phones.";
    LoggedOut => "Sei uscito dall'area personale.", "You have logged out of your personal area.";
    ExportTitle => "I tuoi dati personali", "Your personal data";
    ExportText => "Scarica in formato JSON tutti i dati che il Comune conserva su di te in questo portale (art. 15 e 20 del Regolamento UE 2016/679).", "Download as JSON all the data the Comune keeps about you on this portal (articles 15 and 20 of Regulation (EU) 2016/679).";
    ExportLink => "Scarica i tuoi dati (JSON)", "Download your data (JSON)";
    ClerkTitle => "Area operatori", "Staff area";
    ClerkRegisterTitle => "Registra un cittadino", "Register a citizen";
    ClerkRegisterIntro => "Dopo aver verificato l'identità con un documento, registra il cittadino: riceverai il codice di attivazione da stampare e consegnare.", "After checking identity with a document, register the citizen: you will get the activation code to print and hand over.";
    ClerkRegisterButton => "Registra e genera il codice", "Register and issue the code";
    ClerkAlreadyRegistered => "Questo codice fiscale è già registrato: cerca il cittadino e, se serve, genera un nuovo codice di attivazione.", "This tax code is already registered: look the citizen up and, if needed, issue a new activation code.";
    NameInvalid => "Scrivi il nome con lettere, spazi, apostrofi o trattini.", "Write the name with letters, spaces, apostrophes or hyphens.";
    ClerkCodeIssuedTitle => "Codice di attivazione generato", "Activation code issued";
    ClerkCodeIssuedText => "Stampa la lettera e consegnala al cittadino. Il codice non sarà più mostrato e vale 30 giorni.", "Print the letter and hand it to the citizen. The code will not be shown again and is valid for 30 days.";
    ClerkDownloadLetter => "Scarica la lettera di attivazione (PDF)", "Download the activation letter (PDF)";
    ClerkFindTitle => "Cerca un cittadino", "Look up a citizen";
    ClerkFindButton => "Cerca", "Search";
    ClerkCitizenNotFound => "Nessun cittadino registrato con questo codice fiscale.", "No citizen registered with this tax code.";
    ClerkCitizenTitle => "Scheda del cittadino", "Citizen record";
    ClerkCitizenAccessLogged => "Questa consultazione è registrata nel registro degli accessi.", "This consultation is recorded in the access log.";
    ClerkReissueButton => "Genera un nuovo codice di attivazione", "Issue a new activation code";
    CredentialsState => "Credenziali", "Credentials";
    CredentialsActive => "attive", "active";
    CredentialsPending => "in attesa di attivazione", "awaiting activation";
    SmartCardTitle => "Accedi con la Carta Nazionale dei Servizi", "Log in with the National Services Card";
    SmartCardIntro => "Inserisci la carta (CNS, CRS o Tessera Sanitaria attivata) nel lettore, poi prosegui: il browser ti chiederà di scegliere il certificato e di inserire il PIN.", "Insert the card (CNS, CRS or activated health card) in the reader, then continue: the browser will ask you to choose the certificate and enter the PIN.";
    SmartCardContinue => "Accedi con la carta", "Log in with the card";
    SmartCardUnavailable => "L'accesso con la carta non è disponibile in questo momento.", "Login with the card is not available at the moment.";
    SmartCardNoCertificate => "Il browser non ha presentato nessun certificato. Controlla che la carta sia inserita e che il lettore funzioni, poi riprova.", "The browser presented no certificate. Check that the card is inserted and the reader works, then try again.";
    SmartCardExpired => "Il certificato della carta è scaduto o non ancora valido. Puoi rinnovare la carta presso l'ente che l'ha rilasciata, oppure accedere in un altro modo.", "The card's certificate has expired or is not yet valid. You can renew the card with its issuer, or log in another way.";
    SmartCardUntrusted => "Il certificato non è stato rilasciato da un ente riconosciuto per la Carta Nazionale dei Servizi.", "The certificate was not issued by a recognised National Services Card certifier.";
    SmartCardUnreadable => "Il certificato della carta non è leggibile.", "The card's certificate cannot be read.";
    SmartCardNoFiscalCode => "Il certificato non contiene un codice fiscale valido: non è un certificato di autenticazione CNS/CRS.", "The certificate does not carry a valid tax code: it is not a CNS/CRS authentication certificate.";
    SmartCardOtherWays => "Altri modi di accesso", "Other ways to log in";
    AdministrationTitle => "Amministrazione: personale", "Administration: staff";
    StaffListTitle => "Operatori e amministratori", "Clerks and administrators";
    StaffRoleLabel => "Ruolo", "Role";
    StaffOfficesLabel => "Uffici", "Offices";
    RoleClerk => "Operatore", "Clerk";
    RoleAdministrator => "Amministratore", "Administrator";
    AddClerkTitle => "Aggiungi un operatore", "Add a clerk";
    AddClerkIntro => "L'operatore riceve un codice di attivazione come i cittadini; al primo accesso sceglie la password e configura l'app di autenticazione (il personale lavora sempre con il livello 2).", "The clerk gets an activation code like citizens do; at first login they choose a password and set up the authenticator app (staff always work at level 2).";
    OfficeCodeLabel => "Ufficio", "Office";
    OfficeCodeHint => "Codice dell'ufficio, per esempio sportello-del-cittadino.", "Office code, for example sportello-del-cittadino.";
    OfficeCodeInvalid => "Scrivi il codice dell'ufficio con lettere minuscole, cifre e trattini.", "Write the office code with lower-case letters, digits and dashes.";
    AddClerkButton => "Aggiungi e genera il codice", "Add and issue the code";
    RevokeStaffButton => "Revoca l'accesso come operatore", "Revoke staff access";
    StaffRevoked => "Accesso come operatore revocato: i suoi accessi aperti sono stati chiusi.", "Staff access revoked: their open sessions were ended.";
    AccountIsCitizenAlready => "Questo codice fiscale appartiene a un cittadino già registrato: è stato nominato operatore.", "This tax code belongs to a registered citizen: they have been made a clerk.";
}
