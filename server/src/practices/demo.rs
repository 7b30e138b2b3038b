//! Demonstration practices (only with SPORTELLO_DEMO_DATA=1): the demo
//! citizen Mario Rossi has filed applications that stand at every point of
//! the workflow, so that on `./sportello run` the demo clerk's inbox (the
//! Segreteria and Tributi offices) has work in several states and the
//! citizen's archive holds concluded practices. They are filed and moved
//! through the same functions as real ones (validation, protocol register,
//! workflow), once per database.

use super::attachments::sniff;
use super::drafts::create_draft;
use super::processing::{apply_practice_action, NewDocument};
use super::submission::file_practice;
use crate::auth::accounts::find_account_by_fiscal_code;
use crate::auth::demo::{DEMO_CITIZEN_FISCAL_CODE, DEMO_CLERK_FISCAL_CODE};
use crate::pdf_text::TextLayout;
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::ids::PracticeId;
use app::practices::answers::{Answers, TICKED};
use app::practices::model::IdentityPrefill;
use app::practices::procedure::ProcedureDefinition;
use app::practices::validation::{apply_identity, validate_submission};
use app::practices::workflow::{ActionRequest, Actor, PracticeAction};
use sqlx::AnyPool;

/// The name under which the demo practices are recorded as loaded.
pub const DEMO_PRACTICES_LOADED: &str = "demo_practices_2026_12";

struct DemoPractice {
    procedure: &'static str,
    answers: &'static [(&'static str, &'static str)],
    /// The clerk's actions after filing, in order, with their notes.
    actions: &'static [(PracticeAction, &'static str)],
}

const DEMO_EMAIL: &str = "mario.rossi@example.org";

const DEMO_PRACTICES: &[DemoPractice] = &[
    // Concluded: accepted, with the outcome document.
    DemoPractice {
        procedure: "accesso-civico-generalizzato",
        answers: &[
            ("oggetto", "Copia delle determinazioni dirigenziali del 2025 sulla manutenzione del verde pubblico del quartiere Lucernate."),
            ("formato", "digitale"),
        ],
        actions: &[(PracticeAction::TakeCharge, ""), (PracticeAction::Accept, "Accesso accolto: i documenti richiesti sono allegati in formato digitale.")],
    },
    // Concluded: rejected, with the reason.
    DemoPractice {
        procedure: "accesso-civico-semplice",
        answers: &[("dato_mancante", "Il curriculum del direttore dell'Area Tributi nella sezione Amministrazione trasparente.")],
        actions: &[
            (PracticeAction::TakeCharge, ""),
            (PracticeAction::Reject, "Il documento è già pubblicato in Amministrazione trasparente, sezione Personale, alla voce Incarichi dirigenziali."),
        ],
    },
    // Waiting for the citizen: more information requested.
    DemoPractice {
        procedure: "rateizzazione-tributi",
        answers: &[
            ("numero_avviso", "TARI-2026-001234"),
            ("importo_euro", "840"),
            ("rate", "12"),
            ("difficolta", "Cassa integrazione da settembre 2026: il reddito familiare si è ridotto di un terzo."),
            ("dichiarazioni.veridicita", TICKED),
        ],
        actions: &[
            (PracticeAction::TakeCharge, ""),
            (PracticeAction::RequestIntegration, "Allega la comunicazione INPS della cassa integrazione o l'ultima busta paga."),
        ],
    },
    // In review by the clerk.
    DemoPractice {
        procedure: "accesso-agli-atti",
        answers: &[
            ("in_qualita_di", "per_me"),
            ("documenti_richiesti", "Verbale della Polizia locale n. 4321 del 2026 e le fotografie allegate."),
            ("motivazione", "Devo presentare ricorso al Giudice di pace contro il verbale e mi servono gli atti."),
            ("modalita", "copia_digitale"),
            ("dichiarazioni.veridicita", TICKED),
        ],
        actions: &[(PracticeAction::TakeCharge, "")],
    },
    // Just filed: in the inbox, nobody on it yet.
    DemoPractice {
        procedure: "accesso-civico-generalizzato",
        answers: &[("oggetto", "I dati sui tempi medi di pagamento dei fornitori del Comune nel 2026, per trimestre."), ("formato", "digitale")],
        actions: &[],
    },
];

/// Files the demo practices and moves them, once per database; nothing if
/// the demo accounts are missing.
pub async fn load_demo_practices(pool: &AnyPool, procedures: &[ProcedureDefinition], today: time::Date) -> anyhow::Result<()> {
    let citizen = find_account_by_fiscal_code(pool, &FiscalCode::parse(DEMO_CITIZEN_FISCAL_CODE)?).await?;
    let clerk = find_account_by_fiscal_code(pool, &FiscalCode::parse(DEMO_CLERK_FISCAL_CODE)?).await?;
    let (Some(citizen), Some(clerk)) = (citizen, clerk) else { return Ok(()) };
    crate::database::run_data_fix_once(pool, DEMO_PRACTICES_LOADED, || async {
        let identity = IdentityPrefill {
            family_name: citizen.family_name.clone(),
            given_name: citizen.given_name.clone(),
            fiscal_code: citizen.fiscal_code.as_str().to_string(),
            email: Some(DEMO_EMAIL.into()),
            phone: None,
        };
        for demo in DEMO_PRACTICES {
            let definition = procedures
                .iter()
                .find(|definition| definition.slug == demo.procedure)
                .with_context(|| format!("the demo names an unknown procedure {}", demo.procedure))?;
            let filed = demo_answers(definition, demo, &identity, today)?;
            let (draft_id, _) = create_draft(pool, &citizen.id, demo.procedure).await?.context("the demo procedure is not published")?;
            let practice = file_practice(pool, &citizen.id, draft_id.as_str(), &definition.office, &definition.time_limit, &filed)
                .await?
                .context("the demo draft is not the demo citizen's")?;
            let practice_id = PracticeId::parse(&practice.practice_id)?;
            for (action, note) in demo.actions {
                let deadline = (*action == PracticeAction::RequestIntegration).then(|| today + time::Duration::days(20));
                let documents = match action {
                    PracticeAction::Accept | PracticeAction::Reject => vec![outcome_document(&definition.title, &practice.protocol_number.to_string(), note)?],
                    _ => Vec::new(),
                };
                let request = ActionRequest { action: *action, note: note.to_string(), deadline };
                apply_practice_action(pool, &practice_id, Actor::Clerk, &clerk.id, &request, &documents)
                    .await
                    .map_err(|error| anyhow::anyhow!("the demo action {action:?} on {} failed: {error}", demo.procedure))?;
            }
        }
        Ok(())
    })
    .await?;
    Ok(())
}

/// The demo's answers, checked as a submission is: a demo that no longer
/// fits its procedure stops the start instead of filing a broken practice.
fn demo_answers(definition: &ProcedureDefinition, demo: &DemoPractice, identity: &IdentityPrefill, today: time::Date) -> anyhow::Result<Answers> {
    let mut answers = Answers::new();
    apply_identity(definition, &mut answers, identity);
    answers.set("email", DEMO_EMAIL);
    for (path, value) in demo.answers {
        answers.set(*path, *value);
    }
    validate_submission(definition, &answers, today).map_err(|errors| {
        let problems = errors.iter().map(|error| error.path.as_str()).collect::<Vec<_>>().join(", ");
        anyhow::anyhow!("the demo answers of {} are not valid: {problems}", demo.procedure)
    })
}

/// The office's decision as a one-page PDF, as a clerk would attach it.
fn outcome_document(procedure_title: &str, protocol_number: &str, decision: &str) -> anyhow::Result<NewDocument> {
    let mut layout = TextLayout::new();
    layout.line("Comune di Rho", b"F2", 14.0, 6.0);
    layout.line(&format!("Provvedimento sulla pratica n. {protocol_number}"), b"F2", 12.0, 10.0);
    layout.paragraph(procedure_title);
    layout.paragraph(decision);
    let bytes = layout.into_pdf(&format!("Provvedimento {protocol_number}"), procedure_title);
    let sniffed = sniff(&bytes).context("the outcome document is not a PDF")?;
    Ok(NewDocument { file_name: format!("provvedimento-{}.pdf", protocol_number.replace('/', "-")), sniffed, bytes })
}
