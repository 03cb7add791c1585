//! Typed configuration: every setting is an environment variable and a flag.

use clap::{Args, ValueEnum};
use std::fmt;
use std::path::PathBuf;

/// What to load into an empty database on first start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedMode {
    /// The fictional demo CUS from `seed-data/`.
    Demo,
    /// Nothing: start empty.
    None,
}

/// Settings shared by every subcommand.
#[derive(Args, Clone)]
pub struct Settings {
    /// Directory for the SQLite file and the search index.
    #[arg(
        long,
        env = "OKIENKO_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Address to listen on.
    #[arg(
        long,
        env = "OKIENKO_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: String,
    /// Database URL; overrides the SQLite default (e.g. `postgres://user:pass@host/db`).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,
    /// Seed data loaded into an empty database on first start.
    #[arg(
        long,
        env = "OKIENKO_SEED",
        value_enum,
        default_value = "demo",
        global = true
    )]
    pub seed: SeedMode,
    /// A directory in the format of `seed-data/directory.json` seeded instead of the demo
    /// (with `OKIENKO_SEED=demo`, into an empty database).
    #[arg(long, env = "OKIENKO_SEED_FILE", global = true)]
    pub seed_file: Option<PathBuf>,
    /// Bearer token for staff operations (HSDS import) until accounts exist; unset disables them.
    #[arg(
        long,
        env = "OKIENKO_ADMIN_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub admin_token: Option<String>,
    /// File holding the admin token (instead of `OKIENKO_ADMIN_TOKEN`).
    #[arg(long, env = "OKIENKO_ADMIN_TOKEN_FILE", global = true)]
    pub admin_token_file: Option<PathBuf>,
    /// Secret signing access tokens (32+ bytes; all instances of one database share it).
    /// Unset: a random secret kept in `<data dir>/token-secret`.
    #[arg(
        long,
        env = "OKIENKO_JWT_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub jwt_secret: Option<String>,
    /// File holding the token secret (instead of `OKIENKO_JWT_SECRET`).
    #[arg(long, env = "OKIENKO_JWT_SECRET_FILE", global = true)]
    pub jwt_secret_file: Option<PathBuf>,
    /// Seconds an access token lives.
    #[arg(
        long,
        env = "OKIENKO_ACCESS_TOKEN_TTL_SECS",
        default_value_t = 900,
        global = true
    )]
    pub access_token_ttl_secs: i64,
    /// Web origins allowed to call the API from browsers (comma-separated, e.g.
    /// `https://www.gmina.example.pl`); unset allows none.
    #[arg(
        long,
        env = "OKIENKO_CORS_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_origins: Vec<String>,
    /// Directory with `synonyms.txt` and `glossary.txt` replacing the built-in search dictionary;
    /// edits are picked up within seconds, without reindexing.
    #[arg(long, env = "OKIENKO_DICTIONARY_DIR", global = true)]
    pub dictionary_dir: Option<PathBuf>,
    /// How often (ms) the search index follows changes made through other instances.
    #[arg(
        long,
        env = "OKIENKO_SYNC_INTERVAL_MS",
        default_value_t = 500,
        global = true
    )]
    pub sync_interval_ms: u64,
    /// How long (s) change-log rows are kept, and how long a silent instance is waited for
    /// before the log is pruned past its position (it rebuilds its index when it returns).
    #[arg(
        long,
        env = "OKIENKO_CHANGE_LOG_KEEP_SECS",
        default_value_t = 3600,
        global = true
    )]
    pub change_log_keep_secs: u64,
    /// Search and suggest answers kept in memory (0 disables the cache).
    #[arg(long, env = "OKIENKO_SEARCH_CACHE_SIZE", default_value_t = crate::services::search_cache::DEFAULT_CAPACITY, global = true)]
    pub search_cache_size: usize,
    /// SMTP server for e-mail (`smtp://127.0.0.1:2525`, `smtps://user:pass@host`); unset sends none.
    #[arg(long, env = "OKIENKO_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,
    /// Sender of okienko's e-mail.
    #[arg(
        long,
        env = "OKIENKO_MAIL_FROM",
        default_value = "okienko <no-reply@okienko.invalid>",
        global = true
    )]
    pub mail_from: String,
    /// Public address of this service, for links in e-mail.
    #[arg(long, env = "OKIENKO_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Days without confirmation after which the liaison is reminded by e-mail.
    #[arg(
        long,
        env = "OKIENKO_REMIND_AFTER_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub remind_after_days: i64,
    /// How often (seconds) the freshness job runs.
    #[arg(
        long,
        env = "OKIENKO_FRESHNESS_INTERVAL_SECS",
        default_value_t = 3600,
        global = true
    )]
    pub freshness_interval_secs: u64,
    /// For tests and drills: a file holding the current time (RFC 3339) okienko works by
    /// instead of the system clock (deliveries' retries and access tokens keep the system's).
    #[arg(long, env = "OKIENKO_CLOCK_FILE", global = true)]
    pub clock_file: Option<PathBuf>,
    /// How often (ms) the notification worker and the referral jobs run.
    #[arg(
        long,
        env = "OKIENKO_JOBS_INTERVAL_MS",
        default_value_t = 1000,
        global = true
    )]
    pub jobs_interval_ms: u64,
    /// First retry delay (ms) of a failed notification; doubles with each attempt (max 1 h).
    #[arg(
        long,
        env = "OKIENKO_RETRY_BASE_MS",
        default_value_t = 5000,
        global = true
    )]
    pub retry_base_ms: u64,
    /// Delivery attempts of a notification before the coordinators are alerted.
    #[arg(
        long,
        env = "OKIENKO_DELIVERY_MAX_ATTEMPTS",
        default_value_t = 10,
        global = true
    )]
    pub delivery_max_attempts: i32,
    /// Referrals one client address may create per minute (0: no limit).
    #[arg(
        long,
        env = "OKIENKO_REFERRALS_PER_MINUTE",
        default_value_t = 20,
        global = true
    )]
    pub referrals_per_minute: u32,
    /// Months after a case closes that its personal data is erased.
    #[arg(
        long,
        env = "OKIENKO_RETENTION_MONTHS",
        default_value_t = 12,
        global = true
    )]
    pub retention_months: u32,
    /// Hosts and address ranges (CIDR) a webhook may reach although they are not public
    /// https hosts, e.g. a partner's receiver on the municipality's own network
    /// (comma-separated; default none).
    #[arg(
        long,
        env = "OKIENKO_WEBHOOK_ALLOW_HOSTS",
        default_value = "",
        global = true
    )]
    pub webhook_allow_hosts: String,
    /// Failed bearer-token attempts one client address may make per minute (0: no limit).
    #[arg(
        long,
        env = "OKIENKO_AUTH_FAILURES_PER_MINUTE",
        default_value_t = 30,
        global = true
    )]
    pub auth_failures_per_minute: u32,
    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose `Forwarded` /
    /// `X-Forwarded-For` headers name the client; default none (the peer is the client).
    #[arg(
        long,
        env = "OKIENKO_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(long = "log", env = "RUST_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl Settings {
    /// The database URL in effect: `DATABASE_URL`, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("okienko.db").display()
            ),
        }
    }

    /// The change-log polling interval (at least 50 ms).
    pub fn sync_interval(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.sync_interval_ms.max(50))
    }

    /// How long change-log rows and silent readers are kept.
    pub fn change_log_keep(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.change_log_keep_secs)
    }

    /// Where the search index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The admin token, from the environment or its file, when one is set and not blank.
    pub fn admin_token(&self) -> anyhow::Result<Option<String>> {
        let token = match (&self.admin_token, &self.admin_token_file) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(file)) => Some(read_secret(file)?),
            (None, None) => None,
        };
        let token = token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(t) = &token {
            anyhow::ensure!(
                t.chars().count() >= MIN_ADMIN_TOKEN_CHARS,
                "OKIENKO_ADMIN_TOKEN must have at least {MIN_ADMIN_TOKEN_CHARS} characters"
            );
        }
        Ok(token)
    }

    /// The token secret given in the environment or a file, if any.
    pub fn jwt_secret(&self) -> anyhow::Result<Option<String>> {
        match (&self.jwt_secret, &self.jwt_secret_file) {
            (Some(s), _) => Ok(Some(s.clone())),
            (None, Some(file)) => read_secret(file).map(Some),
            (None, None) => Ok(None),
        }
    }

    /// The base of links in e-mail: `OKIENKO_PUBLIC_URL`, else the listening address.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }

    /// Where a generated token secret is kept.
    pub fn generated_secret_file(&self) -> PathBuf {
        self.data_dir.join("token-secret")
    }
}

/// Shortest admin token accepted.
pub const MIN_ADMIN_TOKEN_CHARS: usize = 32;

/// Parses a comma-separated list of hosts and ranges of the setting `name`.
pub fn address_list(
    name: &str,
    value: &str,
) -> anyhow::Result<crate::domain::network::AddressList> {
    crate::domain::network::AddressList::parse(value).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

fn read_secret(file: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file)
        .map(|s| s.trim().to_owned())
        .map_err(|e| anyhow::anyhow!("cannot read the secret file {}: {e}", file.display()))
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field("listen", &self.listen)
            .field(
                "database_url",
                &crate::persistence::redact(&self.database_url()),
            )
            .field("seed", &self.seed)
            .field("seed_file", &self.seed_file)
            .field("admin_token", &self.admin_token.as_ref().map(|_| "***"))
            .field("admin_token_file", &self.admin_token_file)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("jwt_secret_file", &self.jwt_secret_file)
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .field("cors_origins", &self.cors_origins)
            .field("dictionary_dir", &self.dictionary_dir)
            .field("sync_interval_ms", &self.sync_interval_ms)
            .field("change_log_keep_secs", &self.change_log_keep_secs)
            .field("search_cache_size", &self.search_cache_size)
            .field(
                "smtp_url",
                &self.smtp_url.as_deref().map(crate::persistence::redact),
            )
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("remind_after_days", &self.remind_after_days)
            .field("freshness_interval_secs", &self.freshness_interval_secs)
            .field("clock_file", &self.clock_file)
            .field("jobs_interval_ms", &self.jobs_interval_ms)
            .field("retry_base_ms", &self.retry_base_ms)
            .field("delivery_max_attempts", &self.delivery_max_attempts)
            .field("referrals_per_minute", &self.referrals_per_minute)
            .field("retention_months", &self.retention_months)
            .field("webhook_allow_hosts", &self.webhook_allow_hosts)
            .field("auth_failures_per_minute", &self.auth_failures_per_minute)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("log", &self.log)
            .finish()
    }
}
