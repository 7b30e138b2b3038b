//! How the municipality appears on pagoPA: its fiscal code and name as a
//! creditor body, the segregation code of its notice numbers, the broker and
//! station the node calls, the account transfers go to, and the Checkout
//! address. Read from the environment and checked when the server starts,
//! so a typo stops the start instead of printing unpayable notices.

use anyhow::{bail, Context};
use app::payments::creditor::CreditorFiscalCode;
use app::payments::notice_number::SegregationCode;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct PaymentSettings {
    pub creditor_fiscal_code: CreditorFiscalCode,
    pub creditor_name: String,
    /// The office named on notices and in paVerifyPaymentNotice.
    pub office_name: String,
    pub segregation_code: SegregationCode,
    /// idBrokerPA: the technological intermediary (the Comune itself when it
    /// connects directly).
    pub broker_id: String,
    /// idStation: the station of that broker the node calls.
    pub station_id: String,
    /// The account the whole amount is transferred to (one transfer per position).
    pub treasury_iban: String,
    /// pagoPA Checkout's base URL; `POST {checkout_url}/carts`. None: the
    /// simulator's, when it runs; otherwise paying online is unavailable.
    pub checkout_url: Option<String>,
    /// The pagoPA simulator (Checkout and the node) runs inside this server,
    /// at `/simulatore-pagopa/`: development, demo and tests only.
    pub simulator: bool,
    /// How often reconciliation looks for payments started without a receipt.
    pub reconciliation_interval_seconds: u64,
    /// Addresses allowed to call `/pagopa/paForNode` (the node's egress, or
    /// the simulator's). Empty: nobody may call it.
    pub node_addresses: Vec<IpAddr>,
    /// `SPORTELLO_PAGOPA_NODE_ADDRESSES` was set (not the loopback default,
    /// which a production server or one behind a proxy refuses).
    pub node_addresses_configured: bool,
    /// Where pagoPA's XSDs are (`SPORTELLO_PAGOPA_SCHEMA_DIR`).
    pub schema_dir: PathBuf,
    /// How long a started payment holds its position before another may
    /// start (and before reconciliation looks at it).
    pub payment_hold_seconds: i64,
    /// The province's environmental surcharge (TEFA) collected with the
    /// TARI: its body and account, so a TARI notice carries two transfers.
    /// `None`: the TARI is transferred whole to the treasury account.
    pub tefa: Option<OtherBeneficiary>,
    /// Whether the values are the development defaults (shown on notices as
    /// "facsimile", and the start-up says so).
    pub demo_values: bool,
}

/// Another public body that receives part of a payment in its own account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherBeneficiary {
    pub fiscal_code: CreditorFiscalCode,
    pub name: String,
    pub iban: app::practices::iban::Iban,
}

/// TEFA: 5 % of the TARI (Città metropolitana di Milano's rate), in
/// ten-thousandths as `split_with_surcharge` takes it.
pub const TEFA_PER_TEN_THOUSAND: u64 = 500;

/// The development defaults: valid in form, owned by nobody.
const DEMO_CREDITOR_FISCAL_CODE: &str = "00000000000";
const DEMO_IBAN: &str = "IT60X0542811101000000123456";
/// Città metropolitana di Milano receives the TEFA of Rho's TARI; the
/// account is a facsimile.
const DEMO_TEFA_FISCAL_CODE: &str = "08911820960";
const DEMO_TEFA_IBAN: &str = "IT67Y0306909606100000067890";

impl PaymentSettings {
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<PaymentSettings> {
        let configured = var("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE");
        let demo_values = configured.is_none();
        let creditor_fiscal_code = CreditorFiscalCode::parse(configured.as_deref().unwrap_or(DEMO_CREDITOR_FISCAL_CODE))
            .map_err(|error| anyhow::anyhow!("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE: {error}"))?;
        let segregation_code = SegregationCode::parse(&var("SPORTELLO_PAGOPA_SEGREGATION_CODE").unwrap_or_else(|| "01".to_string()))
            .map_err(|error| anyhow::anyhow!("SPORTELLO_PAGOPA_SEGREGATION_CODE (two digits, 00–99): {error}"))?;
        let broker_id = var("SPORTELLO_PAGOPA_BROKER_ID").unwrap_or_else(|| creditor_fiscal_code.to_string());
        check_identifier("SPORTELLO_PAGOPA_BROKER_ID", &broker_id)?;
        let station_id = var("SPORTELLO_PAGOPA_STATION_ID").unwrap_or_else(|| format!("{broker_id}_01"));
        check_identifier("SPORTELLO_PAGOPA_STATION_ID", &station_id)?;
        let treasury_iban = app::practices::iban::Iban::parse(&var("SPORTELLO_PAGOPA_IBAN").unwrap_or_else(|| DEMO_IBAN.to_string()))
            .map_err(|error| anyhow::anyhow!("SPORTELLO_PAGOPA_IBAN is not a valid IBAN: {error:?}"))?
            .as_str()
            .to_string();
        let node_addresses_configured = var("SPORTELLO_PAGOPA_NODE_ADDRESSES").is_some();
        let node_addresses = crate::config::ip_list(
            Some(var("SPORTELLO_PAGOPA_NODE_ADDRESSES").unwrap_or_else(|| "127.0.0.1,::1".to_string())),
            "SPORTELLO_PAGOPA_NODE_ADDRESSES",
        )?;
        let checkout_url = var("SPORTELLO_PAGOPA_CHECKOUT_URL");
        if checkout_url.as_deref().is_some_and(|url| url::Url::parse(url).map_or(true, |url| !matches!(url.scheme(), "https" | "http"))) {
            bail!("SPORTELLO_PAGOPA_CHECKOUT_URL must be an http(s) address");
        }
        let reconciliation_minutes: u64 = var("SPORTELLO_PAGOPA_RECONCILIATION_MINUTES")
            .unwrap_or_else(|| "5".to_string())
            .parse()
            .ok()
            .filter(|minutes| (1..=24 * 60).contains(minutes))
            .context("SPORTELLO_PAGOPA_RECONCILIATION_MINUTES must be a number of minutes from 1 to 1440")?;
        let payment_hold_minutes: i64 = var("SPORTELLO_PAGOPA_PAYMENT_HOLD_MINUTES")
            .unwrap_or_else(|| "30".to_string())
            .parse()
            .ok()
            .filter(|minutes| (1..=24 * 60).contains(minutes))
            .context("SPORTELLO_PAGOPA_PAYMENT_HOLD_MINUTES must be a number of minutes from 1 to 1440")?;
        let tefa = match (var("SPORTELLO_PAGOPA_TEFA_FISCAL_CODE"), var("SPORTELLO_PAGOPA_TEFA_IBAN")) {
            (Some(fiscal_code), Some(iban)) => Some((fiscal_code, iban)),
            (None, None) if demo_values => Some((DEMO_TEFA_FISCAL_CODE.to_string(), DEMO_TEFA_IBAN.to_string())),
            (None, None) => None,
            _ => bail!("SPORTELLO_PAGOPA_TEFA_FISCAL_CODE and SPORTELLO_PAGOPA_TEFA_IBAN go together: set both or neither"),
        };
        let tefa = tefa
            .map(|(fiscal_code, iban)| {
                anyhow::Ok(OtherBeneficiary {
                    fiscal_code: CreditorFiscalCode::parse(&fiscal_code).map_err(|error| anyhow::anyhow!("SPORTELLO_PAGOPA_TEFA_FISCAL_CODE: {error}"))?,
                    name: var("SPORTELLO_PAGOPA_TEFA_NAME").unwrap_or_else(|| "Città metropolitana di Milano".to_string()),
                    iban: app::practices::iban::Iban::parse(&iban)
                        .map_err(|error| anyhow::anyhow!("SPORTELLO_PAGOPA_TEFA_IBAN is not a valid IBAN: {error:?}"))?,
                })
            })
            .transpose()?;
        Ok(PaymentSettings {
            tefa,
            creditor_fiscal_code,
            creditor_name: var("SPORTELLO_PAGOPA_CREDITOR_NAME").unwrap_or_else(|| "Comune di Rho".to_string()),
            office_name: var("SPORTELLO_PAGOPA_OFFICE_NAME").unwrap_or_else(|| "Servizio Tributi e Entrate".to_string()),
            segregation_code,
            broker_id,
            station_id,
            treasury_iban,
            checkout_url: checkout_url.map(|url| url.trim_end_matches('/').to_string()),
            simulator: var("SPORTELLO_PAGOPA_SIMULATOR").is_some_and(|value| value == "1" || value == "true"),
            reconciliation_interval_seconds: reconciliation_minutes * 60,
            node_addresses,
            node_addresses_configured,
            schema_dir: var("SPORTELLO_PAGOPA_SCHEMA_DIR").unwrap_or_else(|| "server/pagopa-schemas".to_string()).into(),
            payment_hold_seconds: payment_hold_minutes * 60,
            demo_values,
        })
    }

    /// The development defaults, as tests and `./sportello run` use them.
    pub fn development() -> PaymentSettings {
        PaymentSettings::from_environment(|_| None).expect("the development defaults are valid")
    }
}

/// pagoPA identifiers are stText35: 1 to 35 characters; ours are plain ASCII.
fn check_identifier(name: &str, value: &str) -> anyhow::Result<()> {
    if value.is_empty() || value.len() > 35 || !value.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-') {
        bail!("{name} must be 1 to 35 letters, digits, '_' or '-'");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::PaymentSettings;
    use std::collections::HashMap;

    fn settings_from(pairs: &[(&str, &str)]) -> anyhow::Result<PaymentSettings> {
        let values: HashMap<String, String> = pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        PaymentSettings::from_environment(|name| values.get(name).cloned())
    }

    #[test]
    fn the_development_defaults_are_marked_as_such_and_derive_broker_and_station() {
        let settings = PaymentSettings::development();
        assert!(settings.demo_values);
        assert_eq!(settings.segregation_code.value(), 1);
        assert_eq!(settings.broker_id, "00000000000");
        assert_eq!(settings.station_id, "00000000000_01");
    }

    #[test]
    fn configured_values_are_used() {
        let settings = settings_from(&[
            ("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE", "80015010723"),
            ("SPORTELLO_PAGOPA_SEGREGATION_CODE", "07"),
            ("SPORTELLO_PAGOPA_STATION_ID", "80015010723_03"),
            ("SPORTELLO_PAGOPA_NODE_ADDRESSES", "10.0.0.1, 10.0.0.2"),
        ])
        .expect("valid settings");
        assert!(!settings.demo_values);
        assert_eq!(settings.creditor_fiscal_code.as_str(), "80015010723");
        assert_eq!(settings.segregation_code.value(), 7);
        assert_eq!(settings.station_id, "80015010723_03");
        assert_eq!(settings.node_addresses.len(), 2);
        // A real creditor has no facsimile TEFA account: the TARI goes whole to the treasury unless one is configured.
        assert_eq!(settings.tefa, None);
        let with_tefa = settings_from(&[
            ("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE", "80015010723"),
            ("SPORTELLO_PAGOPA_TEFA_FISCAL_CODE", "08911820960"),
            ("SPORTELLO_PAGOPA_TEFA_IBAN", "IT67 Y030 6909 6061 0000 0067 890"),
        ])
        .expect("valid settings");
        assert_eq!(with_tefa.tefa.map(|tefa| tefa.iban.as_str().to_string()).as_deref(), Some("IT67Y0306909606100000067890"));
    }

    #[test]
    fn each_wrong_value_stops_the_start_naming_its_variable() {
        for (name, value) in [
            ("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE", "80015010724"),
            ("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE", "8001501072"),
            ("SPORTELLO_PAGOPA_SEGREGATION_CODE", "100"),
            ("SPORTELLO_PAGOPA_SEGREGATION_CODE", "x1"),
            ("SPORTELLO_PAGOPA_BROKER_ID", "con spazi"),
            ("SPORTELLO_PAGOPA_STATION_ID", "0123456789012345678901234567890123456"),
            ("SPORTELLO_PAGOPA_IBAN", "IT60X0542811101000000123457"),
            ("SPORTELLO_PAGOPA_NODE_ADDRESSES", "nodo.pagopa.it"),
            ("SPORTELLO_PAGOPA_CHECKOUT_URL", "ftp://checkout"),
            ("SPORTELLO_PAGOPA_PAYMENT_HOLD_MINUTES", "0"),
            ("SPORTELLO_PAGOPA_RECONCILIATION_MINUTES", "cinque"),
            ("SPORTELLO_PAGOPA_TEFA_IBAN", "IT67Y0306909606100000067890"),
            ("SPORTELLO_PAGOPA_TEFA_FISCAL_CODE", "08911820960"),
        ] {
            let error = settings_from(&[(name, value)]).expect_err(&format!("{name}={value} must be refused"));
            assert!(error.to_string().contains(name), "{name}={value}: {error}");
        }
    }
}
