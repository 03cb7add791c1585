//! A real HTTP server on a random local port that records webhook deliveries; it can be
//! switched down (answering 503) to test retries.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Lowercase header names to values.
    pub headers: HashMap<String, String>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// The receiver.
pub struct Receiver {
    /// `http://127.0.0.1:PORT/hook`.
    pub url: String,
    down: Arc<AtomicBool>,
    refused: Arc<AtomicUsize>,
    inbox: mpsc::Receiver<Delivery>,
}

impl Receiver {
    /// Starts the server in a thread of its own.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        let down = Arc::new(AtomicBool::new(false));
        let (sink, inbox) = mpsc::channel::<Delivery>();
        let flag = Arc::clone(&down);
        let refused = Arc::new(AtomicUsize::new(0));
        let refusals = Arc::clone(&refused);
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = actix_web::HttpServer::new(move || {
                    let sink = sink.clone();
                    let flag = Arc::clone(&flag);
                    let refusals = Arc::clone(&refusals);
                    actix_web::App::new().route(
                        "/hook",
                        actix_web::web::post().to(
                            move |req: actix_web::HttpRequest, body: actix_web::web::Bytes| {
                                let sink = sink.clone();
                                let flag = Arc::clone(&flag);
                                let refusals = Arc::clone(&refusals);
                                async move {
                                    if flag.load(Ordering::SeqCst) {
                                        refusals.fetch_add(1, Ordering::SeqCst);
                                        return actix_web::HttpResponse::ServiceUnavailable()
                                            .finish();
                                    }
                                    let headers = req
                                        .headers()
                                        .iter()
                                        .map(|(k, v)| {
                                            (
                                                k.as_str().to_owned(),
                                                v.to_str().unwrap_or("").to_owned(),
                                            )
                                        })
                                        .collect();
                                    let _ = sink.send(Delivery {
                                        headers,
                                        body: body.to_vec(),
                                    });
                                    actix_web::HttpResponse::NoContent().finish()
                                }
                            },
                        ),
                    )
                })
                .workers(1)
                .listen(listener)
                .expect("listen")
                .run();
                let _ = server.await;
            });
        });
        Self {
            url,
            down,
            refused,
            inbox,
        }
    }

    /// Answers 503 while down.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// Deliveries refused while down.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }

    /// The next delivery, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Delivery> {
        self.inbox.recv_timeout(timeout).ok()
    }
}
