//! `spawn_app()`: a fresh data directory (and database), the real binary, a client.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use uuid::Uuid;

/// The admin token every test server gets unless told otherwise.
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789abcdef-0123";

/// The access-token secret of every test server and command (tests mint expired tokens).
pub const JWT_SECRET: &str = "test-token-secret-0123456789abcdefghijklmnop";

/// How long a server may take to start (migrations, seeding, indexing) on a busy CI machine.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

/// Options of a test server.
pub struct Options {
    /// `demo` or `none`.
    pub seed: &'static str,
    /// `OKIENKO_ADMIN_TOKEN`, if any.
    pub admin_token: Option<&'static str>,
    /// More environment variables.
    pub env: Vec<(&'static str, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: "demo",
            admin_token: Some(ADMIN_TOKEN),
            env: Vec::new(),
        }
    }
}

/// A running server on its own data directory and database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The port.
    pub port: u16,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The data directory (deleted on drop).
    pub data_dir: tempfile::TempDir,
    /// The database URL the server uses, when not the SQLite default.
    pub database_url: Option<String>,
    /// Every line the server wrote to its log (stderr) so far.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    child: Child,
    _database: Option<TestDatabase>,
}

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_okienko"))
}

/// The HSDS 3.0 files vendored for the tests (`tests/data/hsds`, CC BY-SA 4.0).
pub fn hsds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/hsds")
}

/// A server with the demo seed and the admin token.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

/// A server with the given options.
pub async fn spawn_app_with(options: Options) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let database = TestDatabase::create().await;
    let database_url = database.as_ref().map(|d| d.url.clone());
    start(data_dir, database, database_url, options)
}

/// Starts the binary on an existing data directory / database (e.g. after a CLI import).
pub fn start(
    data_dir: tempfile::TempDir,
    database: Option<TestDatabase>,
    database_url: Option<String>,
    options: Options,
) -> TestApp {
    let mut command = base_command(data_dir.path(), database_url.as_deref());
    command
        .arg("serve")
        .env("OKIENKO_LISTEN", "127.0.0.1:0")
        .env("OKIENKO_SEED", options.seed);
    command.envs(options.env.iter().map(|(k, v)| (*k, v.as_str())));
    match options.admin_token {
        Some(token) => command.env("OKIENKO_ADMIN_TOKEN", token),
        None => command.env_remove("OKIENKO_ADMIN_TOKEN"),
    };
    // What the server prints for people (the demo accounts) goes to a file beside its data.
    let stdout = std::fs::File::create(data_dir.path().join("stdout.txt")).expect("stdout file");
    let mut child = command
        .stderr(Stdio::piped())
        .stdout(stdout)
        .spawn()
        .expect("spawn okienko");
    let log = std::sync::Arc::default();
    let port = wait_for_port(&mut child, std::sync::Arc::clone(&log));
    let address = format!("http://127.0.0.1:{port}");
    TestApp {
        address,
        port,
        // Idle connections are dropped before the server's 5 s keep-alive closes them, so a
        // test that waits never sends on a connection the server has just closed.
        client: reqwest::Client::builder()
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("client"),
        data_dir,
        database_url,
        log,
        child,
        _database: database,
    }
}

/// Another instance on the same database as `app`, with its own data directory and index.
pub fn spawn_sibling(app: &TestApp) -> TestApp {
    spawn_sibling_with(app, Options::default())
}

/// Another instance on the same database as `app`, with the given options.
pub fn spawn_sibling_with(app: &TestApp, options: Options) -> TestApp {
    let url = app.database_url.clone().unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            app.data_dir.path().join("okienko.db").display()
        )
    });
    start(
        tempfile::tempdir().expect("data dir"),
        None,
        Some(url),
        options,
    )
}

/// A command for the binary with the test environment (data dir, database, quiet logs).
pub fn base_command(data_dir: &Path, database_url: Option<&str>) -> Command {
    let mut command = Command::new(binary());
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("OKIENKO_DATA_DIR", data_dir)
        .env("OKIENKO_JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "info");
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    command
}

/// Reads the JSON log on stderr until the "listening" line; keeps draining it (into `log`)
/// afterwards.
fn wait_for_port(child: &mut Child, log: std::sync::Arc<std::sync::Mutex<Vec<String>>>) -> u16 {
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let echo = std::env::var_os("TEST_LOG").is_some();
        let mut sent = false;
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if echo {
                eprintln!("[okienko] {line}");
            }
            if let Ok(mut log) = log.lock() {
                log.push(line.clone());
            }
            if !sent && let Ok(v) = serde_json::from_str::<Value>(&line) {
                if v["message"] == "listening" {
                    sent = tx.send(Ok(v["port"].as_u64().unwrap_or(0) as u16)).is_ok();
                } else if v["level"] == "ERROR" {
                    sent = tx.send(Err(line.clone())).is_ok();
                }
            }
        }
        let _ = tx.send(Err("okienko exited before listening".into()));
    });
    match rx.recv_timeout(STARTUP_TIMEOUT) {
        Ok(Ok(port)) if port > 0 => port,
        other => panic!("okienko did not start: {other:?}"),
    }
}

impl TestApp {
    /// GET `path` with an optional `Accept-Language`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// GET `path` and parse JSON, asserting 200.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// POST an HSDS import body with the admin token.
    pub async fn import_hsds(&self, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/import/hsds", self.address))
            .bearer_auth(ADMIN_TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// Runs an `okienko` subcommand on this server's database; returns its standard output.
    pub fn command(&self, args: &[&str], stdin: Option<&str>) -> String {
        use std::io::Write;
        let mut command = base_command(self.data_dir.path(), self.database_url.as_deref());
        let mut child = command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn okienko");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write stdin");
        }
        let output = child.wait_with_output().expect("okienko output");
        assert!(
            output.status.success(),
            "okienko {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 output")
    }

    /// Creates an account through `okienko user add`; returns its password.
    pub fn add_user(&self, email: &str, role: &str, extra: &[&str]) -> String {
        let password = format!("pass-{}", Uuid::new_v4().simple());
        let mut args = vec![
            "user",
            "add",
            "--email",
            email,
            "--role",
            role,
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        self.command(&args, Some(&format!("{password}\n")));
        password
    }

    /// Logs in; returns the token answer.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let response = self
            .client
            .post(format!("{}/api/v1/auth/login", self.address))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "login {email}");
        response.json().await.expect("tokens")
    }

    /// An access token for a new account of this role.
    pub async fn token_for(&self, email: &str, role: &str, extra: &[&str]) -> String {
        let password = self.add_user(email, role, extra);
        let tokens = self.login(email, &password).await;
        tokens["access_token"].as_str().expect("token").to_owned()
    }

    /// Calls with a bearer token and parses the JSON answer.
    pub async fn call_json(&self, method: reqwest::Method, path: &str, token: &str) -> Value {
        let response = self
            .request(method, path, token)
            .send()
            .await
            .expect("request");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.expect("JSON body")
    }

    /// Calls with a bearer token and an optional JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self.request(method, path, token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    /// A request with a bearer token.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token)
    }

    /// The URL of the server's database (the SQLite file by default).
    pub fn db_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.path().join("okienko.db").display()
            )
        })
    }

    /// What the server printed on standard output so far.
    pub fn stdout_text(&self) -> String {
        std::fs::read_to_string(self.data_dir.path().join("stdout.txt")).unwrap_or_default()
    }

    /// Every line the server logged so far, joined.
    pub fn log_text(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }

    /// Stops the server and hands back its data directory and database for a restart.
    pub fn stop(mut self) -> (tempfile::TempDir, Option<TestDatabase>, Option<String>) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let database = self._database.take();
        let url = self.database_url.take();
        let dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir().expect("temp dir"));
        (dir, database, url)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh PostgreSQL database when `OKIENKO_TEST_DATABASE_URL` is set; dropped with it.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    /// URL of the fresh database.
    pub url: String,
}

impl TestDatabase {
    /// Creates a database named after a random UUID, or `None` on SQLite runs.
    pub async fn create() -> Option<Self> {
        let admin_url = std::env::var("OKIENKO_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = format!("okienko_test_{}", Uuid::new_v4().simple());
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .expect("connect to PostgreSQL");
        sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Some(Self {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                    let _ = sea_orm::ConnectionTrait::execute_unprepared(&admin, &sql).await;
                }
            });
        })
        .join();
    }
}

/// Asserts an RFC 9457 problem with `status` and `code`; returns the body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status for {code}");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "content type for {code}"
    );
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["type"], format!("urn:okienko:problem:{code}"));
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    body
}
