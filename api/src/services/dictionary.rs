//! The everyday-language dictionary used by search: built in, or read from
//! `OKIENKO_DICTIONARY_DIR` and re-read when its files change (no reindex needed).

use anyhow::Context;
use okienko_search::Dictionary;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// Files of a dictionary directory.
pub const FILES: [&str; 2] = ["synonyms.txt", "glossary.txt"];
const BUILT_IN: [&str; 2] = [
    include_str!("../../../seed-data/synonyms.txt"),
    include_str!("../../../seed-data/glossary.txt"),
];
/// How often the files' modification times are checked.
const CHECK_EVERY: Duration = Duration::from_secs(2);

struct Loaded {
    dictionary: Arc<Dictionary>,
    stamp: Vec<Option<SystemTime>>,
    checked: Instant,
}

/// The current dictionary.
pub struct DictionaryStore {
    dir: Option<PathBuf>,
    loaded: RwLock<Loaded>,
}

fn stamps(dir: &Path) -> Vec<Option<SystemTime>> {
    FILES
        .iter()
        .map(|f| {
            std::fs::metadata(dir.join(f))
                .and_then(|m| m.modified())
                .ok()
        })
        .collect()
}

fn read(dir: Option<&Path>) -> anyhow::Result<Dictionary> {
    let mut dictionary = Dictionary::default();
    for (file, built_in) in FILES.iter().zip(BUILT_IN) {
        let text = match dir {
            Some(dir) if dir.join(file).exists() => std::fs::read_to_string(dir.join(file))
                .with_context(|| format!("cannot read {}", dir.join(file).display()))?,
            _ => built_in.to_owned(),
        };
        dictionary
            .add(&text)
            .with_context(|| format!("dictionary {file}"))?;
    }
    Ok(dictionary)
}

impl DictionaryStore {
    /// Loads the built-in dictionary, or the files of `dir` where present.
    pub fn load(dir: Option<PathBuf>) -> anyhow::Result<Self> {
        let dictionary = read(dir.as_deref())?;
        let stamp = dir.as_deref().map(stamps).unwrap_or_default();
        tracing::info!(rules = dictionary.len(), dir = ?dir, "search dictionary loaded");
        Ok(Self {
            dir,
            loaded: RwLock::new(Loaded {
                dictionary: Arc::new(dictionary),
                stamp,
                checked: Instant::now(),
            }),
        })
    }

    /// The dictionary, re-read first when a file in the directory changed.
    pub fn get(&self) -> Arc<Dictionary> {
        let Some(dir) = &self.dir else {
            return self.current();
        };
        let due = self
            .loaded
            .read()
            .map(|l| l.checked.elapsed() >= CHECK_EVERY)
            .unwrap_or(false);
        if due && let Ok(mut loaded) = self.loaded.write() {
            loaded.checked = Instant::now();
            let now = stamps(dir);
            if now != loaded.stamp {
                loaded.stamp = now;
                match read(Some(dir)) {
                    Ok(d) => {
                        tracing::info!(rules = d.len(), "search dictionary reloaded");
                        loaded.dictionary = Arc::new(d);
                    }
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "search dictionary not reloaded; keeping the previous one")
                    }
                }
            }
        }
        self.current()
    }

    fn current(&self) -> Arc<Dictionary> {
        self.loaded
            .read()
            .map(|l| Arc::clone(&l.dictionary))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_dictionary_parses() {
        let store = DictionaryStore::load(None).expect("built-in dictionary");
        // The issue asks for at least 300 everyday-language entries besides the glossary.
        let synonyms = BUILT_IN[0]
            .lines()
            .filter(|l| l.contains("=>") && !l.trim_start().starts_with('#'))
            .count();
        assert!(synonyms >= 300, "{synonyms} synonym rules");
        assert!(store.get().len() > synonyms);
    }

    #[test]
    fn a_directory_overrides_and_a_broken_file_keeps_the_previous_rules() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("synonyms.txt"), "kot => pies\n").expect("write");
        let store = DictionaryStore::load(Some(dir.path().to_owned())).expect("load");
        let rules = store.get().len();
        assert!(rules >= 1);
        std::fs::write(dir.path().join("synonyms.txt"), "no arrow\n").expect("write");
        assert!(read(Some(dir.path())).is_err());
        assert_eq!(store.get().len(), rules);
    }
}
