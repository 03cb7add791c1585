//! The `okienko` command line.

use crate::access::Role;
use crate::access::accounts::{AccountRequest, add_account};
use crate::configuration::{SeedMode, Settings};
use crate::openapi;
use crate::progress::Progress;
use crate::services::{gen_data, hsds_export, hsds_import, indexing};
use crate::startup::{Application, IndexUse, open_state};
use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use uuid::Uuid;

/// okienko — the one-stop shop directory of a Centrum Usług Społecznych.
#[derive(Parser, Debug)]
#[command(name = "okienko", version, about)]
pub struct Cli {
    /// Settings (each also an environment variable).
    #[command(flatten)]
    pub settings: Settings,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP service (migrates, and seeds an empty database per OKIENKO_SEED).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Import a directory.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export the directory.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Rebuild the search index from the database.
    Reindex,
    /// Write synthetic Polish offers as HSDS 3.0 (for benchmarks), to stdout or a file.
    GenData {
        /// Number of services.
        #[arg(long)]
        services: usize,
        /// Random seed (the same seed gives the same data).
        #[arg(long, default_value_t = 1)]
        random_seed: u64,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage tenants (a CUS and the gminy it serves).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Print the OpenAPI specification.
    Openapi {
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: SpecFormat,
    },
}

/// Import formats.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// HSDS 3.0 services: a JSON array or JSON Lines of fully nested service objects ("-" = stdin).
    Hsds {
        /// The file to read.
        file: PathBuf,
    },
}

/// Account commands.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account; without --password-stdin a one-time password is generated and printed.
    Add {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// admin, coordinator, front_desk or liaison.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The organization of a liaison.
        #[arg(long)]
        organization: Option<Uuid>,
        /// The tenant of staff (default: the first tenant).
        #[arg(long)]
        tenant: Option<Uuid>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change an account's role, organization or tenant, or disable it; every session of the
    /// account ends (running servers refuse its tokens within the sync interval).
    Update {
        /// Login e-mail of the account.
        #[arg(long)]
        email: String,
        /// New role.
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        /// New organization (liaisons).
        #[arg(long, conflicts_with = "no_organization")]
        organization: Option<Uuid>,
        /// Remove the account from its organization.
        #[arg(long)]
        no_organization: bool,
        /// New tenant (staff).
        #[arg(long)]
        tenant: Option<Uuid>,
        /// Disable the account: it can no longer log in.
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        /// Enable a disabled account again.
        #[arg(long)]
        enable: bool,
    },
}

/// Tenant commands.
#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Create a tenant serving the given gminy (moving them from their current tenant).
    Add {
        /// Name of the CUS.
        #[arg(long)]
        name: String,
        /// TERYT codes of the gminy it serves.
        #[arg(long = "municipality", required = true)]
        municipalities: Vec<String>,
    },
}

fn parse_role(code: &str) -> Result<Role, String> {
    Role::parse(code).ok_or_else(|| {
        format!("unknown role {code:?}: use admin, coordinator, front_desk or liaison")
    })
}

/// Export formats.
#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// HSDS 3.0 services as one JSON array.
    Hsds {
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// Formats of the OpenAPI document.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SpecFormat {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Runs the command; the exit code tells success.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = cli.settings;
    let clock = crate::clock::from_settings(settings.clock_file.clone());
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::info!(?settings, "starting okienko");
            let app = Application::build(&settings).await?;
            let host = settings
                .listen
                .rsplit_once(':')
                .map_or("127.0.0.1", |(h, _)| h);
            tracing::info!(address = %format!("http://{host}:{}", app.port()), port = app.port(), "listening");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = crate::persistence::connect(&settings.database_url()).await?;
            crate::persistence::migrate(&db).await?;
            eprintln!("migrations applied");
        }
        Command::Import(ImportCommand::Hsds { file }) => {
            let state = open_state(&settings, SeedMode::None, IndexUse::ShareWithServer).await?;
            let input: Box<dyn std::io::Read + Send> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(
                    std::fs::File::open(&file)
                        .with_context(|| format!("cannot open {}", file.display()))?,
                )
            };
            let report = match hsds_import::import(
                &state.db,
                &state.search.index,
                input,
                hsds_import::ImportScope::All,
                state.search.index.is_persistent(),
                Progress::new("import", None),
                state.clock.as_ref(),
            )
            .await
            {
                Ok(report) => report,
                Err(hsds_import::ImportError::Syntax { source, report }) => {
                    println!("{}", serde_json::to_string_pretty(&report)?);
                    anyhow::bail!(
                        "{} is not valid JSON ({source}); the {} records before the error were imported",
                        file.display(),
                        report.received
                    );
                }
                Err(hsds_import::ImportError::Unexpected(e)) => return Err(e),
            };
            if state.search.index.is_persistent() {
                // This process owned the index: it now reflects the whole change log.
                state
                    .search
                    .index
                    .set_watermark(crate::persistence::latest_change(&state.db).await?);
                crate::services::indexing::finish_bulk_load(&state.search.index).await?;
            }
            println!("{}", serde_json::to_string_pretty(&report)?);
            eprintln!(
                "received {}, created {}, updated {}, invalid {}",
                report.received, report.created, report.updated, report.invalid
            );
        }
        Command::Export(ExportCommand::Hsds { output }) => {
            let db = crate::persistence::connect(&settings.database_url()).await?;
            crate::persistence::migrate(&db).await?;
            let total = crate::persistence::count_services(&db).await?;
            let progress = Progress::new("export", Some(total));
            let written = match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    hsds_export::export_all(&db, &mut std::io::BufWriter::new(file), progress)
                        .await?
                }
                None => {
                    hsds_export::export_all(&db, &mut std::io::stdout().lock(), progress).await?
                }
            };
            eprintln!("exported {written} services");
        }
        Command::Reindex => {
            let state = open_state(&settings, SeedMode::None, IndexUse::Own).await?;
            let total = crate::persistence::count_services(&state.db).await?;
            let started = std::time::Instant::now();
            let n = indexing::reindex_all(
                &state.db,
                &state.search.index,
                Progress::new("reindex", Some(total)),
                state.clock.as_ref(),
            )
            .await?;
            eprintln!(
                "indexed {n} services in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::GenData {
            services,
            random_seed,
            output,
        } => {
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    gen_data::generate(services, random_seed, &mut std::io::BufWriter::new(file))?;
                }
                None => gen_data::generate(services, random_seed, &mut std::io::stdout().lock())?,
            }
            eprintln!("generated {services} services");
        }
        Command::User(UserCommand::Add {
            email,
            role,
            organization,
            tenant,
            password_stdin,
        }) => {
            let db = crate::persistence::connect(&settings.database_url()).await?;
            crate::persistence::migrate(&db).await?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("cannot read the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (crate::access::generate_password(), true)
            };
            let request = AccountRequest {
                email,
                role,
                organization_id: organization,
                tenant_id: tenant,
                password: password.clone(),
                one_time: generated,
            };
            let account = add_account(&db, clock.as_ref(), request).await?;
            println!("{}", account.id);
            if generated {
                println!("one-time password: {password}");
                eprintln!(
                    "the password must be changed at first login (POST /api/v1/auth/password)"
                );
            }
            eprintln!("account {} ({}) created", account.email, account.role);
        }
        Command::User(UserCommand::Update {
            email,
            role,
            organization,
            no_organization,
            tenant,
            disable,
            enable,
        }) => {
            let db = crate::persistence::connect(&settings.database_url()).await?;
            crate::persistence::migrate(&db).await?;
            let organization = match (organization, no_organization) {
                (Some(o), _) => Some(Some(o)),
                (None, true) => Some(None),
                (None, false) => None,
            };
            let disabled = (disable || enable).then_some(disable);
            let change = crate::persistence::accounts::AccountChange {
                role,
                tenant_id: tenant,
                organization_id: organization,
                disabled,
            };
            let account =
                crate::access::accounts::update_account(&db, clock.as_ref(), &email, change)
                    .await?;
            eprintln!(
                "account {} is now {} ({}); its sessions have ended",
                account.email,
                account.role,
                if account.disabled {
                    "disabled"
                } else {
                    "enabled"
                }
            );
        }
        Command::Tenant(TenantCommand::Add {
            name,
            municipalities,
        }) => {
            let db = crate::persistence::connect(&settings.database_url()).await?;
            crate::persistence::migrate(&db).await?;
            for code in &municipalities {
                crate::domain::Teryt::parse(code).map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            let tenant = crate::persistence::accounts::insert_tenant(
                &db,
                &name,
                &municipalities,
                clock.now(),
            )
            .await?;
            println!("{}", tenant.id);
            eprintln!("tenant {name} created for {}", municipalities.join(", "));
        }
        Command::Openapi { format } => match format {
            SpecFormat::Json => println!("{}", openapi::json()?),
            SpecFormat::Yaml => print!("{}", openapi::yaml()?),
        },
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
