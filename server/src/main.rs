use server::config::Config;

const USAGE: &str = "usage: server                      run the portal
       server verify-audit-log     check the audit log's hash chain (exit 1 if broken)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init_logging();
    let config = Config::from_environment()?;
    match std::env::args().nth(1).as_deref() {
        None => run(config).await,
        Some("verify-audit-log") => verify_audit_log(config).await,
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

async fn wait_for_termination() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("can install a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
