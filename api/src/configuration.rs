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
    /// Bearer token for staff operations (HSDS import) until accounts exist; unset disables them.
    #[arg(
        long,
        env = "OKIENKO_ADMIN_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub admin_token: Option<String>,
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
    /// Search and suggest answers kept in memory (0 disables the cache).
    #[arg(long, env = "OKIENKO_SEARCH_CACHE_SIZE", default_value_t = crate::services::search_cache::DEFAULT_CAPACITY, global = true)]
    pub search_cache_size: usize,
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

    /// Where the search index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The admin token, when one is set and not blank.
    pub fn admin_token(&self) -> Option<&str> {
        self.admin_token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
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
            .field("admin_token", &self.admin_token().map(|_| "***"))
            .field("dictionary_dir", &self.dictionary_dir)
            .field("sync_interval_ms", &self.sync_interval_ms)
            .field("search_cache_size", &self.search_cache_size)
            .field("log", &self.log)
            .finish()
    }
}
