//! Building the application: one way for `serve`, the other commands and the tests.

use crate::access;
use crate::access::{RateLimiter, Revocations, TokenKeys};
use crate::clock::{self, Clock};
use crate::configuration::address_list;
use crate::configuration::{SeedMode, Settings};
use crate::middleware;
use crate::outbox::Worker;
use crate::outbox::smtp::Mailer;
use crate::outbox::webhook_target::WebhookPolicy;
use crate::persistence;
use crate::progress::Progress;
use crate::referral::Referrals;
use crate::referral::jobs::ReferralJobs;
use crate::referral::links::LinkSigner;
use crate::routes;
use crate::services::dictionary::DictionaryStore;
use crate::services::freshness::FreshnessJob;
use crate::services::needs::NeedStore;
use crate::services::search::Searching;
use crate::services::search_cache::SearchCache;
use crate::services::search_gate::SearchGate;
use crate::services::sync::{self, ChangeFollower};
use crate::services::{demo_accounts, indexing, seed};
use crate::state::AppState;
use actix_web::{App, HttpServer, dev::Server, middleware::from_fn, web};
use anyhow::Context;
use okienko_search::{OpenState, SearchError, SearchIndex};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Largest JSON body accepted by JSON endpoints.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// Login attempts one client address may make per minute.
const LOGINS_PER_MINUTE: u32 = 10;
/// Tracking-page attempts per minute from one address (a resident checks a few times).
const TRACKS_PER_MINUTE: u32 = 20;

/// Seconds in-flight requests get to finish on shutdown.
const SHUTDOWN_TIMEOUT_SECS: u64 = 10;

/// Whether a command may run while a server owns the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexUse {
    /// The command needs the on-disk index (serve, reindex).
    Own,
    /// The command only writes the database; a running server indexes from the change log.
    ShareWithServer,
}

/// Connects and migrates the database, opens the index (rebuilding it from the database when
/// it is new, corrupt or out of step) and, for `serve`, loads the seed data into an empty database.
pub async fn open_state(
    settings: &Settings,
    seed_mode: SeedMode,
    index_use: IndexUse,
) -> anyhow::Result<AppState> {
    create_private_dir(&settings.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            settings.data_dir.display()
        )
    })?;
    if settings
        .database_url
        .as_deref()
        .is_none_or(|u| u.trim().is_empty())
    {
        create_private_file(&settings.data_dir.join("okienko.db"))?;
    }
    let db = persistence::connect(&settings.database_url()).await?;
    persistence::migrate(&db).await?;
    let index_dir = settings.index_dir();
    let opened = match SearchIndex::open(&index_dir) {
        Err(SearchError::Locked) if index_use == IndexUse::ShareWithServer => None,
        Err(SearchError::Locked) => anyhow::bail!(
            "the search index in {} is in use by another okienko process: stop it, or give this one its own OKIENKO_DATA_DIR",
            index_dir.display()
        ),
        other => {
            Some(other.with_context(|| {
                format!("cannot open the search index in {}", index_dir.display())
            })?)
        }
    };
    let secret = access::load_secret(
        settings.jwt_secret()?.as_deref(),
        &settings.generated_secret_file(),
    )?;
    let keys = Arc::new(TokenKeys::new(
        secret.as_bytes(),
        settings.access_token_ttl_secs,
    )?);
    let links = Arc::new(LinkSigner::new(secret.as_bytes()));
    let resets = Arc::new(access::password_reset::PasswordResets::new(
        secret.as_bytes(),
    ));
    let clock = clock::from_settings(settings.clock_file.clone());
    let public_url: Arc<str> = Arc::from(settings.public_url());
    let frame_ancestors: Arc<str> = Arc::from(frame_ancestors(&settings.cors_origins));
    let referrals = Referrals::new(db.clone(), clock.clone(), links, public_url.clone());
    let editing = crate::editing::Editing::new(db.clone(), clock.clone());
    let referral_limiter = (settings.referrals_per_minute > 0).then(|| {
        Arc::new(RateLimiter::new(
            settings.referrals_per_minute,
            std::time::Duration::from_secs(60),
        ))
    });
    let login_limiter = Arc::new(RateLimiter::new(
        LOGINS_PER_MINUTE,
        std::time::Duration::from_secs(60),
    ));
    let bearer_limiter = (settings.auth_failures_per_minute > 0).then(|| {
        Arc::new(RateLimiter::new(
            settings.auth_failures_per_minute,
            std::time::Duration::from_secs(60),
        ))
    });
    let revocations = Arc::new(Revocations::new(settings.sync_interval()));
    let trusted_proxies = Arc::new(address_list(
        "OKIENKO_TRUSTED_PROXIES",
        &settings.trusted_proxies,
    )?);
    let webhooks = WebhookPolicy::new(address_list(
        "OKIENKO_WEBHOOK_ALLOW_HOSTS",
        &settings.webhook_allow_hosts,
    )?);
    let admin_token = settings.admin_token()?.map(Arc::from);
    let (index, owns_index) = match opened {
        None => {
            tracing::info!(
                "a running server owns the search index; it will index these changes from the change log"
            );
            (Arc::new(SearchIndex::in_ram()?), false)
        }
        Some((index, opened_as)) => {
            let index = Arc::new(index);
            bring_up_to_date(&db, &index, opened_as, settings, seed_mode, clock.as_ref()).await?;
            (index, true)
        }
    };
    let dictionary = Arc::new(DictionaryStore::load(settings.dictionary_dir.clone())?);
    let needs = Arc::new(NeedStore::load(&db).await?);
    // A command beside a running server answers no searches and leaves the admin token to it.
    let (admin_token, municipalities, search_cache) = if owns_index {
        okienko_search::wordlist::preload();
        (
            admin_token,
            Arc::new(persistence::list_municipalities(&db).await?),
            Arc::new(SearchCache::with_capacity(settings.search_cache_size)),
        )
    } else {
        (None, Arc::default(), Arc::default())
    };
    let search = Searching {
        db: db.clone(),
        index,
        clock: clock.clone(),
        dictionary,
        needs,
        municipalities,
        search_cache,
        search_gate: Arc::new(SearchGate::for_this_machine()),
        fallback_cache: Arc::default(),
    };
    Ok(AppState {
        search,
        db,
        admin_token,
        keys,
        login_limiter,
        resets,
        track_limiter: Arc::new(RateLimiter::new(
            TRACKS_PER_MINUTE,
            std::time::Duration::from_secs(60),
        )),
        bearer_limiter,
        revocations,
        trusted_proxies,
        webhooks,
        referral_limiter,
        referrals,
        editing,
        clock,
        public_url,
        frame_ancestors,
    })
}

/// Loads the seed data into an empty database (for `serve`), and rebuilds the index from the
/// database when it is new, corrupt or out of step.
async fn bring_up_to_date(
    db: &sea_orm::DatabaseConnection,
    index: &Arc<SearchIndex>,
    opened_as: OpenState,
    settings: &Settings,
    seed_mode: SeedMode,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    let seeded = seed_mode == SeedMode::Demo
        && seed::load_if_empty(db, index, settings.seed_file.as_deref(), clock.now()).await?;
    if seeded && settings.seed_file.is_none() {
        demo_accounts::create_and_print(db, clock, &settings.public_url()).await?;
    }
    let stored = persistence::count_services(db).await?;
    let missed = index.watermark() < persistence::pruned_through(db).await?;
    if !seeded && (opened_as != OpenState::Existing || index.num_docs() != stored || missed) {
        tracing::info!(
            state = ?opened_as,
            indexed = index.num_docs(),
            stored,
            missed_pruned_changes = missed,
            "rebuilding the search index"
        );
        indexing::reindex_all(db, index, Progress::hidden("reindex"), clock).await?;
    }
    Ok(())
}

/// Creates the data directory readable by its owner only (0700), and narrows an existing one.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Creates the SQLite file with mode 0600 before SQLite does (its journal and WAL files
/// take the database file's mode), and narrows an existing one.
fn create_private_file(file: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(file)
            .with_context(|| format!("cannot create {}", file.display()))?;
        for suffix in ["", "-wal", "-shm"] {
            let path = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
            if path.exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// The embeddable pages may be framed by the configured origins, or by any site when none is
/// configured (the pages show public information only).
fn frame_ancestors(origins: &[String]) -> String {
    let listed: Vec<&str> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty() && !o.contains([' ', ';', ',']))
        .collect();
    if listed.is_empty() {
        "*".to_owned()
    } else {
        format!("'self' {}", listed.join(" "))
    }
}

/// A bound, ready-to-run HTTP server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Opens everything and binds `settings.listen` (port 0 picks a free port).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let state = open_state(settings, settings.seed, IndexUse::Own).await?;
        let follower = ChangeFollower::starting_at(state.search.index.watermark());
        sync::spawn(
            state.db.clone(),
            Arc::clone(&state.search.index),
            Arc::clone(&state.search.needs),
            follower,
            settings.sync_interval(),
            sync::Pruning {
                instance: uuid::Uuid::new_v4(),
                keep: settings.change_log_keep(),
            },
            Arc::clone(&state.clock),
        );
        let mailer = settings
            .smtp_url
            .as_deref()
            .map(|url| Mailer::new(url, &settings.mail_from))
            .transpose()?;
        if mailer.is_none() {
            tracing::warn!("OKIENKO_SMTP_URL is not set: no e-mail will be sent");
        }
        let jobs_interval = std::time::Duration::from_millis(settings.jobs_interval_ms.max(10));
        let referrals = state.referrals.clone();
        Worker {
            db: state.db.clone(),
            webhooks: state.webhooks.clone(),
            mailer: mailer.clone(),
            http: state.webhooks.client(std::time::Duration::from_secs(10))?,
            retry_base: std::time::Duration::from_millis(settings.retry_base_ms.max(1)),
            max_attempts: settings.delivery_max_attempts.max(1),
            mark_sent: Arc::new(move |ids| {
                let referrals = referrals.clone();
                Box::pin(async move { Ok(referrals.mark_sent(ids).await?) })
            }),
        }
        .spawn(jobs_interval);
        ReferralJobs {
            referrals: state.referrals.clone(),
            retention_months: settings.retention_months,
        }
        .spawn(jobs_interval);
        FreshnessJob {
            db: state.db.clone(),
            clock: Arc::clone(&state.clock),
            mail_enabled: mailer.is_some(),
            remind_after_days: settings.remind_after_days,
            public_url: settings.public_url(),
        }
        .spawn(std::time::Duration::from_secs(
            settings.freshness_interval_secs.max(1),
        ));
        let listener = TcpListener::bind(&settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state, settings.cors_origins.clone())?;
        Ok(Self { port, server })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(
    listener: TcpListener,
    state: AppState,
    cors_origins: Vec<String>,
) -> anyhow::Result<Server> {
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::middleware::authorize))
            .wrap(from_fn(middleware::body_deadline))
            .wrap(from_fn(middleware::request_context))
            .wrap(middleware::cors(&cors_origins))
            .wrap(from_fn(middleware::security_headers))
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
            .app_data(state.clone())
            .app_data(web::QueryConfig::default().error_handler(routes::query_error_handler))
            .app_data(web::PathConfig::default().error_handler(routes::path_error_handler))
            .app_data(web::FormConfig::default().error_handler(routes::form_error_handler))
            .app_data(
                web::JsonConfig::default()
                    .limit(JSON_BODY_LIMIT)
                    .content_type(|mime| {
                        mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")
                    })
                    .error_handler(routes::json_error_handler),
            )
            .configure(routes::configure)
            .configure(crate::panel::configure)
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    .url("/api-docs/openapi.json", crate::openapi::ApiDoc::openapi()),
            )
            .default_service(web::route().to(routes::not_found))
    })
    .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
    .listen(listener)?
    .run();
    Ok(server)
}
