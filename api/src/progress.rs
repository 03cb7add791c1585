//! Progress of long commands: a bar on a terminal, plain lines otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Reports progress of `total` steps (or an unknown number).
pub struct Progress {
    bar: Option<ProgressBar>,
    label: &'static str,
    total: Option<u64>,
    done: u64,
    last_line: Instant,
    quiet: bool,
}

/// How often plain progress lines are printed.
const LINE_INTERVAL: Duration = Duration::from_secs(2);

impl Progress {
    /// A reporter for a command run by a person: a bar on a terminal, lines on stderr otherwise.
    pub fn new(label: &'static str, total: Option<u64>) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = total.map_or_else(ProgressBar::new_spinner, ProgressBar::new);
            let template = if total.is_some() {
                "{msg:>10} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})"
            } else {
                "{msg:>10} [{elapsed_precise}] {spinner} {pos} ({per_sec})"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message(label);
            bar
        });
        Self {
            bar,
            label,
            total,
            done: 0,
            last_line: Instant::now(),
            quiet: false,
        }
    }

    /// A reporter that prints nothing (background work inside the server).
    pub fn hidden(label: &'static str) -> Self {
        Self {
            bar: None,
            label,
            total: None,
            done: 0,
            last_line: Instant::now(),
            quiet: true,
        }
    }

    /// Records `n` more steps done.
    pub fn advance(&mut self, n: u64) {
        self.done += n;
        if let Some(bar) = &self.bar {
            bar.inc(n);
        } else if !self.quiet && self.last_line.elapsed() >= LINE_INTERVAL {
            self.last_line = Instant::now();
            self.print_line();
        }
    }

    fn print_line(&self) {
        match self.total {
            Some(total) => eprintln!("{}: {}/{}", self.label, self.done, total),
            None => eprintln!("{}: {}", self.label, self.done),
        }
    }

    /// Ends the report.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        } else if !self.quiet {
            self.print_line();
        }
    }
}
