//! Stempel, the Egothor stemmer, with the Polimorf table for Polish.
//!
//! Behaves exactly like the `pystempel` 2.0.0 package (a port of Lucene's stempel): the
//! word is walked backwards through a MultiTrie2, a trie per patch part; each trie yields
//! the last command on the word's path, parts are chained while they may follow each
//! other (a `-` part also shortens the key for the next trie), and the patch edits the
//! word from its end (module `patch`). The table is decoded into flat sorted arrays
//! (module `table`); stemming allocates nothing beyond the result.

mod patch;
mod table;

use std::sync::OnceLock;

use patch::Patcher;
use table::{Cmd, Table, Trie};

/// The Polimorf stemming table (BSD-2-Clause, IPI PAN; see `data/stempel/README.md`).
static POLIMORF_GZ: &[u8] = include_bytes!("../../data/stempel/stemmer_polimorf.tbl.gz");

/// Why a stemming table could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum StempelError {
    /// The gzip stream is invalid.
    #[error("cannot decompress the stemmer table: {0}")]
    Gzip(#[from] std::io::Error),
    /// The data ends in the middle of a value (or a count exceeds the data).
    #[error("stemmer table truncated at byte {0}")]
    Truncated(usize),
    /// A count, row or command index is out of range.
    #[error("malformed stemmer table at byte {0}")]
    Malformed(usize),
    /// A command string is not valid (modified) UTF-8.
    #[error("invalid string in stemmer table at byte {0}")]
    BadString(usize),
    /// The table has more than `u32::MAX` cells in a trie.
    #[error("stemmer table too large")]
    TooLarge,
}

/// A decoded Stempel table. Loaded once; cheap to share (`Sync`, lookups take `&self`).
pub struct Stempel {
    table: Table,
}

impl std::fmt::Debug for Stempel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tries = match &self.table {
            Table::Single(_) => 1,
            Table::Multi { tries, .. } => tries.len(),
        };
        f.debug_struct("Stempel")
            .field("tries", &tries)
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

impl Stempel {
    /// The Polimorf table compiled into the binary, decoded on first use.
    pub fn polimorf() -> &'static Stempel {
        static POLIMORF: OnceLock<Stempel> = OnceLock::new();
        POLIMORF.get_or_init(|| {
            // The embedded table is fixed at compile time and decoded by the tests.
            Stempel::from_gzipped(POLIMORF_GZ).expect("the embedded Polimorf table decodes")
        })
    }

    /// Decodes a table from gzipped bytes (a Java-serialised Egothor Trie or MultiTrie2).
    pub fn from_gzipped(bytes: &[u8]) -> Result<Self, StempelError> {
        Ok(Stempel {
            table: table::decode_gzipped(bytes)?,
        })
    }

    /// The stem of a lowercase word, as `pystempel` computes it. A word the table has no
    /// rule for comes back unchanged; `None` means an empty word or an empty stem.
    pub fn stem(&self, word: &str) -> Option<String> {
        let mut out = String::with_capacity(word.len() + 4);
        self.stem_into(word, &mut out).then_some(out)
    }

    /// Like [`Stempel::stem`], writing the stem into `out` (replacing its contents) to reuse
    /// its allocation. Returns `false`, leaving `out` empty, where `stem` returns `None`.
    pub fn stem_into(&self, word: &str, out: &mut String) -> bool {
        out.clear();
        if word.is_empty() {
            return false;
        }
        out.push_str(word);
        let chars = word.chars().count();
        match &self.table {
            Table::Single(trie) => match walk(trie, word, chars, (0, chars)) {
                Some(cmd) => Patcher::new(out).feed(&cmd.text),
                None => out.clear(),
            },
            Table::Multi { forward, tries } => {
                multi_patch(*forward, tries, word, chars, &mut Patcher::new(out));
            }
        }
        !out.is_empty()
    }

    /// Approximate heap memory held by the decoded table.
    pub fn heap_bytes(&self) -> usize {
        match &self.table {
            Table::Single(trie) => trie.heap_bytes(),
            Table::Multi { tries, .. } => tries.iter().map(Trie::heap_bytes).sum(),
        }
    }
}

/// Egothor `MultiTrie2.getLastOnPath`, applying each part of the patch as it is found.
fn multi_patch(forward: bool, tries: &[Trie], word: &str, chars: usize, patcher: &mut Patcher) {
    // Keys are char ranges of `word`; `last_key` is the last non-empty one.
    let mut key = (0, chars);
    let mut last_key = key;
    let mut last_op = ' ';
    let mut prev_covered = 0;
    for (i, trie) in tries.iter().enumerate() {
        let Some(cmd) = walk(trie, word, chars, last_key) else {
            break;
        };
        let text = &cmd.text[..];
        // `*` ends the patch; shorter commands are malformed (pystempel raises on them).
        if text == ['*'] || text.len() < 2 {
            break;
        }
        // A skip or delete cannot directly follow the same operation.
        if matches!(last_op, '-' | 'D') && last_op == text[0] {
            break;
        }
        last_op = text[text.len() - 2];
        if text[0] == '-' {
            if i > 0 && !skip(forward, &mut key, prev_covered) {
                break;
            }
            if !skip(forward, &mut key, cmd.covered) {
                break;
            }
        }
        patcher.feed(text);
        if key.1 > key.0 {
            last_key = key;
        }
        prev_covered = cmd.covered;
    }
}

/// The last command on the path of `word[start..end]` (in chars; `chars` is the word's
/// length), walked in the trie's direction.
fn walk<'t>(
    trie: &'t Trie,
    word: &str,
    chars: usize,
    (start, end): (usize, usize),
) -> Option<&'t Cmd> {
    let len = end - start;
    if trie.forward {
        trie.last_on_path(word.chars().skip(start).take(len))
    } else {
        trie.last_on_path(word.chars().rev().skip(chars - end).take(len))
    }
}

/// Egothor `MultiTrie2.skip`: drops `count` key chars from the side lookups start at.
/// Returns `false` when a backward key is shorter than `count`.
fn skip(forward: bool, key: &mut (usize, usize), count: i64) -> bool {
    let len = key.1 - key.0;
    let count_abs = usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX);
    if forward {
        // Python `s[count:]`: a negative count keeps the last |count| chars.
        key.0 += if count >= 0 {
            count_abs.min(len)
        } else {
            len.saturating_sub(count_abs)
        };
    } else if count >= 0 {
        if len < count_abs {
            return false;
        }
        key.1 -= count_abs;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// word<TAB>stem as produced by pystempel 2.0.0 (`Stemmer.polimorf()`); empty = None.
    const EXPECTED: &str = include_str!("../../tests/data/stempel_expected.tsv");

    #[test]
    fn matches_pystempel_on_the_fixture() {
        let stempel = Stempel::polimorf();
        let mut checked = 0;
        let mut wrong = Vec::new();
        for line in EXPECTED.lines().filter(|l| !l.is_empty()) {
            let (word, expected) = line.split_once('\t').expect("word<TAB>stem");
            let expected = (!expected.is_empty()).then(|| expected.to_owned());
            let got = stempel.stem(word);
            if got != expected {
                wrong.push(format!("{word}: got {got:?}, pystempel {expected:?}"));
            }
            checked += 1;
        }
        assert!(checked >= 500, "fixture has only {checked} words");
        assert!(
            wrong.is_empty(),
            "{} mismatches:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn stems_social_services_words() {
        let stempel = Stempel::polimorf();
        for (word, stem) in [
            ("opieki", "opieka"),
            ("żłobki", "żłobek"),
            ("dzieci", "dziecko"),
            ("niepełnosprawnością", "niepełnosprawność"),
            ("psychologa", "psycholog"),
            ("noclegowni", "noclegownia"),
            ("obiady", "obiad"),
        ] {
            assert_eq!(stempel.stem(word).as_deref(), Some(stem), "{word}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let stempel = Stempel::polimorf();
        assert_eq!(stempel.stem(""), None);
        let long = "ą".repeat(100) + &"x".repeat(100);
        for word in [
            "123",
            "ąęśćżźółń",
            &long,
            "straße",
            "😀",
            "dzieci😀",
            "😀dzieci",
            "e\u{301}",
            "żo\u{328}łw",
            "\u{301}",
            "\0",
            "a",
            "'",
            "’",
            "ǅ",
        ] {
            let _ = stempel.stem(word);
        }
    }

    #[test]
    fn stem_into_reuses_the_buffer() {
        let stempel = Stempel::polimorf();
        let mut out = String::from("leftover");
        assert!(stempel.stem_into("obiady", &mut out));
        assert_eq!(out, "obiad");
        assert!(!stempel.stem_into("", &mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn rejects_bad_tables() {
        assert!(Stempel::from_gzipped(b"").is_err());
        assert!(Stempel::from_gzipped(&POLIMORF_GZ[..POLIMORF_GZ.len() / 2]).is_err());
    }

    #[test]
    fn skip_follows_python_slicing() {
        let mut key = (0, 5);
        assert!(skip(false, &mut key, 2));
        assert_eq!(key, (0, 3));
        assert!(!skip(false, &mut key, 4));
        assert!(skip(false, &mut key, -1));
        assert_eq!(key, (0, 3));
        assert!(skip(true, &mut key, 1));
        assert_eq!(key, (1, 3));
        assert!(skip(true, &mut key, -1));
        assert_eq!(key, (2, 3));
    }
}
