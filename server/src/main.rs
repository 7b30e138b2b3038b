use server::config::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init_logging();
    let config = Config::from_environment()?;
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
