//! Demonstration accounts (only with SPORTELLO_DEMO_DATA=1): four
//! administrators, a clerk of the Sportello del Cittadino and two citizens,
//! one activated and one waiting for activation. The e2e suite's four
//! browser projects run side by side, each as its own administrator: a
//! code of the authenticator app is accepted once per account, so projects
//! sharing one would wait for each other's 30-second time steps. Their credentials are
//! public (README) and must never exist in production.

use super::accounts::*;
use super::passwords::hash_password;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use sqlx::AnyPool;

pub const DEMO_PASSWORD: &str = "sportello-demo-2026";
/// The clerk's and administrator's authenticator key (base32), so the demo
/// and the e2e suite can compute their codes.
pub const DEMO_STAFF_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// The activation code of the citizen still to activate (printed form).
pub const DEMO_ACTIVATION_CODE: &str = "RHD2-EMQA-TTVA";
/// The demo citizen (Mario Rossi), who owes the demo debts and filed the demo practices.
pub const DEMO_CITIZEN_FISCAL_CODE: &str = "RSSMRA80A01F205X";
/// The demo clerk (Giulia Bianchi), who works the demo practices.
pub const DEMO_CLERK_FISCAL_CODE: &str = "BNCGLI85M52F205H";

struct DemoAccount {
    fiscal_code: &'static str,
    given_name: &'static str,
    family_name: &'static str,
    role: Role,
    password: bool,
    totp: bool,
    activation_code: Option<&'static str>,
}

const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        fiscal_code: "VRDLCU75C15F205E",
        given_name: "Luca",
        family_name: "Verdi",
        role: Role::Administrator,
        password: true,
        totp: true,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: "GLLMRC78C10F205D",
        given_name: "Marco",
        family_name: "Galli",
        role: Role::Administrator,
        password: true,
        totp: true,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: "CNTSRA82E62F205S",
        given_name: "Sara",
        family_name: "Conti",
        role: Role::Administrator,
        password: true,
        totp: true,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: "GRCPLA70S05F205R",
        given_name: "Paolo",
        family_name: "Greco",
        role: Role::Administrator,
        password: true,
        totp: true,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: DEMO_CLERK_FISCAL_CODE,
        given_name: "Giulia",
        family_name: "Bianchi",
        role: Role::Clerk,
        password: true,
        totp: true,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: DEMO_CITIZEN_FISCAL_CODE,
        given_name: "Mario",
        family_name: "Rossi",
        role: Role::Citizen,
        password: true,
        totp: false,
        activation_code: None,
    },
    DemoAccount {
        fiscal_code: "FRRNNA90E45F704T",
        given_name: "Anna",
        family_name: "Ferrari",
        role: Role::Citizen,
        password: false,
        totp: false,
        activation_code: Some(DEMO_ACTIVATION_CODE),
    },
];

/// The demo staff work the transparency and tax practices (the README's
/// demo and the e2e flows), the registry's certificates and the public
/// works' reports; the administrator also the local police's and the
/// environment's.
fn demo_offices(role: Role) -> &'static [&'static str] {
    match role {
        Role::Clerk => &["sportello-del-cittadino", "segreteria", "tributi", "anagrafe", "lavori-pubblici"],
        Role::Administrator => &["sportello-del-cittadino", "segreteria", "tributi", "polizia-locale", "anagrafe", "lavori-pubblici", "ambiente"],
        _ => &[],
    }
}

/// Creates the demo accounts that do not exist yet (idempotent).
pub async fn load_demo_accounts(pool: &AnyPool) -> anyhow::Result<()> {
    let mut password_hash: Option<String> = None;
    for demo in DEMO_ACCOUNTS {
        let fiscal_code = FiscalCode::parse(demo.fiscal_code)?;
        if let Some(existing) = find_account_by_fiscal_code(pool, &fiscal_code).await? {
            // Offices added to the demo later reach databases made before.
            for office in demo_offices(demo.role) {
                add_clerk_office(pool, &existing.id, office).await?;
            }
            continue;
        }
        let Some(id) = insert_account(
            pool,
            &NewAccount {
                fiscal_code: &fiscal_code,
                given_name: demo.given_name,
                family_name: demo.family_name,
                email: None,
                phone: None,
                role: demo.role,
                identity_source: "counter",
            },
        )
        .await?
        else {
            continue;
        };
        for office in demo_offices(demo.role) {
            add_clerk_office(pool, &id, office).await?;
        }
        if demo.password {
            // One hash for every demo account (same password): Argon2 is slow by design.
            if password_hash.is_none() {
                password_hash = Some(hash_password(DEMO_PASSWORD.to_string()).await?);
            }
            sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(password_hash.as_deref()).bind(&id).execute(pool).await?;
        }
        if demo.totp {
            set_totp_secret(pool, &id, DEMO_STAFF_TOTP_SECRET, 0).await?;
        }
        if let Some(code) = demo.activation_code {
            let code = app::auth::model::ActivationCode::parse(code)?;
            set_activation_code(pool, &id, code.as_str()).await?;
        }
    }
    Ok(())
}
