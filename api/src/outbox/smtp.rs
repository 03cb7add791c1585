//! Outgoing e-mail over SMTP (`OKIENKO_SMTP_URL`: `smtp://host:port` for a local relay,
//! `smtps://user:pass@host` or `smtp://…?tls=required` in production).

use anyhow::Context;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Sends plain-text e-mail from one sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// One e-mail. The subject carries no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mailer {
    /// A mailer for the server URL and sender address.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport: AsyncSmtpTransport<Tokio1Executor> =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .context("OKIENKO_SMTP_URL is not a valid smtp:// or smtps:// URL")?
                .build();
        let from = from
            .parse()
            .with_context(|| format!("OKIENKO_MAIL_FROM {from:?} is not an e-mail address"))?;
        Ok(Self { transport, from })
    }

    /// Sends one e-mail.
    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(mail
                .to
                .parse()
                .with_context(|| format!("{:?} is not an e-mail address", mail.to))?)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .context("cannot build the e-mail")?;
        self.transport
            .send(message)
            .await
            .context("the SMTP server refused the e-mail")?;
        Ok(())
    }
}
