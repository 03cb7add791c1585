use clap::Parser;
use okienko::cli::{Cli, run};
use okienko::telemetry;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a search builds and drops many small query and
/// scorer objects on several threads, where glibc's allocator spent a sixth of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
