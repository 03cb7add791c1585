use clap::Parser;
use okienko::cli::{Cli, run};
use okienko::telemetry;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(&cli.settings.log);
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            tracing::error!(error.cause_chain = ?e, "okienko failed");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
