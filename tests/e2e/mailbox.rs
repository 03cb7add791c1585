//! A real SMTP server on a random local port (mailin-embedded) that collects what it receives.

use mailin_embedded::response::{OK, Response};
use mailin_embedded::{Handler, Server, SslConfig};
use std::net::{IpAddr, TcpListener};
use std::sync::mpsc;
use std::time::Duration;

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The raw message (headers and body).
    pub data: String,
}

impl Received {
    /// The body after the headers, decoded from base64 or quoted-printable (as the sender
    /// chose for the text).
    pub fn body(&self) -> String {
        use base64::Engine;
        let (headers, body) = self
            .data
            .split_once("\r\n\r\n")
            .unwrap_or(("", self.data.as_str()));
        if headers
            .to_ascii_lowercase()
            .contains("content-transfer-encoding: base64")
        {
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined.trim_end_matches('.'))
                .unwrap_or_default();
            return String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        }
        let raw = body.replace("=\r\n", "");
        let bytes = raw.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (bytes[i], hex) {
                (b'=', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).replace("\r\n", "\n")
    }

    /// The `Subject:` header, with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded.
    pub fn subject(&self) -> Option<String> {
        use base64::Engine;
        let mut lines = self.data.lines();
        let mut raw = lines.find_map(|l| l.strip_prefix("Subject: "))?.to_owned();
        // Folded continuation lines start with white space.
        for next in lines {
            match next.strip_prefix(' ').or_else(|| next.strip_prefix('\t')) {
                Some(more) => raw.push_str(more),
                None => break,
            }
        }
        let decoded = raw
            .split(' ')
            .map(|word| {
                word.strip_prefix("=?utf-8?b?")
                    .or_else(|| word.strip_prefix("=?UTF-8?B?"))
                    .and_then(|w| w.strip_suffix("?="))
                    .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                    .map_or_else(
                        || word.to_owned(),
                        |bytes| String::from_utf8_lossy(&bytes).into_owned(),
                    )
            })
            .collect::<Vec<_>>()
            .join(" ");
        Some(decoded)
    }
}

#[derive(Clone)]
struct Collector {
    to: Vec<String>,
    data: Vec<u8>,
    sink: mpsc::Sender<Received>,
}

impl Handler for Collector {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        OK
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let _ = self.sink.send(Received {
            to: std::mem::take(&mut self.to),
            data: String::from_utf8_lossy(&self.data).into_owned(),
        });
        OK
    }
}

/// The mailbox: its `smtp://` URL and the messages as they arrive.
pub struct Mailbox {
    /// `smtp://127.0.0.1:PORT`.
    pub url: String,
    inbox: mpsc::Receiver<Received>,
    /// Received but not yet asked for.
    pending: std::sync::Mutex<Vec<Received>>,
}

impl Mailbox {
    /// Starts the server in a background thread.
    pub fn start() -> Self {
        Self::start_on(TcpListener::bind("127.0.0.1:0").expect("bind SMTP"))
    }

    /// Starts the server on a listener bound beforehand (a port chosen before the server
    /// under test starts).
    pub fn start_on(listener: TcpListener) -> Self {
        let url = format!("smtp://{}", listener.local_addr().expect("address"));
        let (sink, inbox) = mpsc::channel();
        let mut server = Server::new(Collector {
            to: Vec::new(),
            data: Vec::new(),
            sink,
        });
        server
            .with_name("mailbox.test")
            .with_ssl(SslConfig::None)
            .expect("no TLS")
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self {
            url,
            inbox,
            pending: std::sync::Mutex::default(),
        }
    }

    /// The next message, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Received> {
        if let Ok(mut pending) = self.pending.lock()
            && !pending.is_empty()
        {
            return Some(pending.remove(0));
        }
        self.inbox.recv_timeout(timeout).ok()
    }

    /// The next message to `to`, waiting at most `timeout`; others stay for later calls.
    pub fn next_to(&self, to: &str, timeout: Duration) -> Option<Received> {
        let wanted = |m: &Received| m.to.iter().any(|t| t == to);
        if let Ok(mut pending) = self.pending.lock()
            && let Some(i) = pending.iter().position(wanted)
        {
            return Some(pending.remove(i));
        }
        let deadline = std::time::Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            let m = self.inbox.recv_timeout(left).ok()?;
            if wanted(&m) {
                return Some(m);
            }
            if let Ok(mut pending) = self.pending.lock() {
                pending.push(m);
            }
        }
        None
    }
}
