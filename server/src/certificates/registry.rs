//! Where certificates read the registry from: the `RegistrySource` port,
//! with the local registry (`registry_*` tables) as its implementation. The
//! national registry ANPR is the adapter to come; its certificate service
//! asks the same questions (a person by fiscal code, their family unit).

use anyhow::Context;
use app::certificates::registry::{ActKind, CivilStatus, LifeStatus, RegistryAct, RegistryAddress, RegistryPerson, Relationship};
use sqlx::{AnyPool, Row};

#[async_trait::async_trait]
pub trait RegistrySource: Send + Sync {
    /// The person with this fiscal code, living, deceased or emigrated.
    async fn person(&self, fiscal_code: &str) -> anyhow::Result<Option<RegistryPerson>>;
    /// Everyone in the person's family unit, the person included, head first.
    async fn family_of(&self, fiscal_code: &str) -> anyhow::Result<Vec<RegistryPerson>>;
    /// Whether a registry procedure about the person is in progress.
    async fn procedure_in_progress(&self, fiscal_code: &str) -> anyhow::Result<bool>;
    /// The address of the person's family unit.
    async fn address_of(&self, fiscal_code: &str) -> anyhow::Result<Option<RegistryAddress>>;
    /// The civil status acts about the person in Rho's registers, oldest first.
    async fn acts_of(&self, fiscal_code: &str) -> anyhow::Result<Vec<RegistryAct>>;
}

pub struct LocalRegistry {
    pub pool: AnyPool,
}

const PERSON_COLUMNS: &str = "p.fiscal_code, p.family_name, p.given_name, p.female, p.birth_date, p.birth_place, p.citizenship, p.civil_status, \
     p.political_rights, p.life_status, p.under_guardianship, p.family_id, p.relationship";

fn person_of(row: &sqlx::any::AnyRow) -> anyhow::Result<RegistryPerson> {
    let code = |column: &str| row.try_get::<String, _>(column).with_context(|| column.to_string());
    Ok(RegistryPerson {
        fiscal_code: code("fiscal_code")?,
        family_name: code("family_name")?,
        given_name: code("given_name")?,
        female: row.try_get::<i64, _>("female")? == 1,
        birth_date: code("birth_date")?,
        birth_place: code("birth_place")?,
        citizenship: code("citizenship")?,
        civil_status: CivilStatus::from_code(&code("civil_status")?).context("unknown civil status")?,
        political_rights: row.try_get::<i64, _>("political_rights")? == 1,
        life_status: LifeStatus::from_code(&code("life_status")?).context("unknown life status")?,
        under_guardianship: row.try_get::<i64, _>("under_guardianship")? == 1,
        family_id: row.try_get("family_id")?,
        relationship: Relationship::from_code(&code("relationship")?).context("unknown relationship")?,
    })
}

#[async_trait::async_trait]
impl RegistrySource for LocalRegistry {
    #[tracing::instrument(skip_all)]
    async fn person(&self, fiscal_code: &str) -> anyhow::Result<Option<RegistryPerson>> {
        let row = sqlx::query(&format!("SELECT {PERSON_COLUMNS} FROM registry_people p WHERE p.fiscal_code = $1"))
            .bind(fiscal_code)
            .fetch_optional(&self.pool)
            .await
            .context("cannot read the registry")?;
        row.as_ref().map(person_of).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn family_of(&self, fiscal_code: &str) -> anyhow::Result<Vec<RegistryPerson>> {
        let rows = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM registry_people p JOIN registry_people me ON me.family_id = p.family_id \
             WHERE me.fiscal_code = $1 ORDER BY CASE WHEN p.relationship = 'intestatario' THEN 0 ELSE 1 END, p.birth_date, p.id"
        ))
        .bind(fiscal_code)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the family unit")?;
        rows.iter().map(person_of).collect()
    }

    #[tracing::instrument(skip_all)]
    async fn procedure_in_progress(&self, fiscal_code: &str) -> anyhow::Result<bool> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registry_procedures r JOIN registry_people p ON p.id = r.person_id WHERE p.fiscal_code = $1")
            .bind(fiscal_code)
            .fetch_one(&self.pool)
            .await
            .context("cannot read the registry procedures")?;
        Ok(count > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn address_of(&self, fiscal_code: &str) -> anyhow::Result<Option<RegistryAddress>> {
        let row = sqlx::query(
            "SELECT a.street, a.house_number, a.hamlet FROM registry_people p JOIN registry_families f ON f.id = p.family_id \
             JOIN registry_addresses a ON a.id = f.address_id WHERE p.fiscal_code = $1",
        )
        .bind(fiscal_code)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read an address")?;
        row.map(|row| {
            anyhow::Ok(RegistryAddress { street: row.try_get("street")?, house_number: row.try_get("house_number")?, hamlet: row.try_get("hamlet")? })
        })
        .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn acts_of(&self, fiscal_code: &str) -> anyhow::Result<Vec<RegistryAct>> {
        let rows = sqlx::query(
            "SELECT a.kind, a.act_year, a.part, a.series, a.act_number, a.act_date FROM registry_acts a JOIN registry_people p ON p.id = a.person_id \
             WHERE p.fiscal_code = $1 ORDER BY a.act_date, a.id",
        )
        .bind(fiscal_code)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the civil status acts")?;
        rows.iter()
            .map(|row| {
                anyhow::Ok(RegistryAct {
                    kind: ActKind::from_code(&row.try_get::<String, _>("kind")?).context("unknown act kind")?,
                    year: row.try_get("act_year")?,
                    part: row.try_get("part")?,
                    series: row.try_get("series")?,
                    number: row.try_get("act_number")?,
                    date: row.try_get("act_date")?,
                })
            })
            .collect()
    }
}
