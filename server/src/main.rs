use server::config::Config;

const USAGE: &str = "usage: server                      run the portal
       server verify-audit-log     check the audit log's hash chain (exit 1 if broken)
       server create-administrator FISCAL_CODE GIVEN_NAME FAMILY_NAME
                                   creates (or promotes) an administrator and prints the activation code
                                   and the key of their authenticator app
       server publish-procedure FILE.toml
                                   publishes a new version of a procedure (checked like content/procedures)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init_logging();
    let config = Config::from_environment()?;
    match std::env::args().nth(1).as_deref() {
        None => run(config).await,
        Some("verify-audit-log") => verify_audit_log(config).await,
        Some("publish-procedure") => publish_procedure(config, std::env::args().nth(2)).await,
        Some("create-administrator") => create_administrator(config, std::env::args().skip(2).collect()).await,
        Some(_) => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    let sqlite = server::database::is_sqlite(&config.database_url);
    let server = server::start(config).await?;
    tracing::info!(
        address = %server.address,
        database = if sqlite { "sqlite" } else { "postgres" },
        "Sportello telematico is ready on http://{}",
        server.address
    );
    wait_for_termination().await;
    tracing::info!("shutting down");
    server.stop().await;
    Ok(())
}

async fn verify_audit_log(config: Config) -> anyhow::Result<()> {
    let pool = server::database::connect_and_migrate(&config.database_url).await?;
    match server::auth::audit::verify_audit_chain(&pool).await? {
        server::auth::audit::AuditChainReport::Intact { entries } => {
            println!("audit log intact: {entries} entries");
            Ok(())
        }
        server::auth::audit::AuditChainReport::Broken { sequence, reason } => {
            println!("audit log BROKEN at entry {sequence}: {reason}");
            std::process::exit(1);
        }
    }
}

async fn publish_procedure(config: Config, file: Option<String>) -> anyhow::Result<()> {
    let Some(file) = file else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let pool = server::database::connect_and_migrate(&config.database_url).await?;
    let publication = server::practices::definitions::publish_procedure_file_as_administrator(&pool, &config.content_dir, std::path::Path::new(&file)).await?;
    if publication.newly_published {
        println!("published version {}", publication.version);
    } else {
        println!("unchanged: version {} is already this definition", publication.version);
    }
    Ok(())
}

async fn create_administrator(config: Config, arguments: Vec<String>) -> anyhow::Result<()> {
    use app::auth::model::{parse_person_name, ActivationCode, Role};
    let [fiscal_code, given_name, family_name] = arguments.as_slice() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let fiscal_code = app::auth::fiscal_code::FiscalCode::parse(fiscal_code).map_err(|error| anyhow::anyhow!("the fiscal code is not valid: {error}"))?;
    let given_name = parse_person_name(given_name).ok_or_else(|| anyhow::anyhow!("the given name is not valid"))?;
    let family_name = parse_person_name(family_name).ok_or_else(|| anyhow::anyhow!("the family name is not valid"))?;
    let pool = server::database::connect_and_migrate(&config.database_url).await?;
    let (account_id, _) = server::auth::accounts::create_or_promote_staff(&pool, &fiscal_code, &given_name, &family_name, Role::Administrator, None).await?;
    server::auth::accounts::set_role(&pool, &account_id, Role::Administrator).await?;
    let code = ActivationCode::from_random_bytes(server::auth::tokens::random_bytes::<12>());
    server::auth::accounts::set_activation_code(&pool, &account_id, code.as_str()).await?;
    // Staff never enrol their own app, and the first administrator has no
    // administrator to do it: whoever runs this on the server gives the key.
    let secret = server::auth::totp::generate_totp_secret();
    let (otpauth_url, _) = server::auth::totp::enrolment_qr_svg(&secret, fiscal_code.as_str())?;
    server::auth::accounts::set_totp_secret(&pool, &account_id, &secret, 0).await?;
    server::auth::audit::append_audit_event(&pool, &server::auth::audit::AuditEvent::new("system", "administrator_created", &account_id)).await?;
    server::auth::audit::append_audit_event(&pool, &server::auth::audit::AuditEvent::new("system", "totp_enrolled_by_administrator", &account_id)).await?;
    println!("administrator {given_name} {family_name}: activate at /attiva with code {}", code.printable());
    println!("authenticator app key (give it to the administrator in person): {secret}");
    println!("  {otpauth_url}");
    Ok(())
}

async fn wait_for_termination() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("can install a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
