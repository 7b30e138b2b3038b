//! What a server reads and builds from its files before it serves: the
//! guide's content, the procedures, the search index and pagoPA's compiled
//! XSDs. They depend on the files only, never on the database, so one process
//! builds them once and every server it starts shares them (the integration
//! tests start hundreds); each start still writes the content and the
//! procedures into its own database.

use crate::config::Config;
use crate::guide::content::GuideContent;
use crate::guide::search::GuideSearchIndex;
use crate::payments::node_messages::NodeMessageSchema;
use app::practices::procedure::ProcedureDefinition;
use std::path::PathBuf;
use std::sync::Arc;

pub struct PreparedFiles {
    content_dir: PathBuf,
    schema_dir: PathBuf,
    pub content: GuideContent,
    pub procedures: Vec<ProcedureDefinition>,
    pub search_index: Arc<GuideSearchIndex>,
    pub node_message_schema: NodeMessageSchema,
    /// The Comune's street list and hamlets (`streets.toml`).
    pub streets: Arc<app::reports::streets::StreetList>,
    /// The maintenance notice, the deadlines and their guard (`maintenance.toml`).
    pub maintenance_rules: Arc<app::maintenance::model::MaintenanceRules>,
    /// The satisfaction surveys (`surveys/*.toml`).
    pub surveys: Vec<app::surveys::model::Survey>,
    /// The offices' calendars for appointments (`appointments.toml`).
    pub appointment_calendars: Vec<crate::appointments::calendars::OfficeCalendar>,
}

impl PreparedFiles {
    /// Reads `config`'s content folder and pagoPA schema folder; a mistake in
    /// them stops the start with a message naming the file.
    pub fn load(config: &Config) -> anyhow::Result<PreparedFiles> {
        let content = GuideContent::load(&config.content_dir)?;
        let procedures = crate::practices::definitions::load_repository_procedures(&config.content_dir, &content)?;
        let search_index = Arc::new(GuideSearchIndex::of_content(&content)?);
        let node_message_schema = NodeMessageSchema::load(&config.payments.schema_dir)?;
        let streets = Arc::new(crate::reports::streets::load_streets(&config.content_dir)?);
        let maintenance_rules = Arc::new(crate::maintenance::rules::load_rules(&config.content_dir)?);
        let surveys = crate::surveys::definitions::load_surveys(&config.content_dir)?;
        let offices: Vec<&str> = content.offices.keys().map(String::as_str).collect();
        let appointment_calendars = crate::appointments::calendars::load_calendars(&config.content_dir, &offices)?;
        Ok(PreparedFiles {
            content_dir: config.content_dir.clone(),
            schema_dir: config.payments.schema_dir.clone(),
            content,
            procedures,
            search_index,
            node_message_schema,
            streets,
            maintenance_rules,
            surveys,
            appointment_calendars,
        })
    }

    /// Whether these were read from the folders `config` names.
    pub fn are_of(&self, config: &Config) -> bool {
        self.content_dir == config.content_dir && self.schema_dir == config.payments.schema_dir
    }
}
