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
    /// The body after the headers, with quoted-printable soft breaks undone.
    pub fn body(&self) -> String {
        let body = self
            .data
            .split_once("\r\n\r\n")
            .map_or(self.data.as_str(), |(_, b)| b);
        body.replace("=\r\n", "")
    }

    /// The `Subject:` header.
    pub fn subject(&self) -> Option<String> {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .map(str::to_owned)
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
}

impl Mailbox {
    /// Starts the server in a background thread.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP");
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
        Self { url, inbox }
    }

    /// The next message, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Received> {
        self.inbox.recv_timeout(timeout).ok()
    }
}
