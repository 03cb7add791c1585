//! Opening, writing and checking the index.

use crate::document::ServiceDoc;
use crate::schema::{self, Fields};
use crate::vocabulary::Vocabulary;
use crate::{SearchError, analyzer};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

/// Memory the writer may use before flushing a segment.
const WRITER_MEMORY_BYTES: usize = 64 * 1024 * 1024;
/// Tries of [`SearchIndex::merge_segments`] while the writer's own merges finish.
const MERGE_ATTEMPTS: usize = 100;
/// Wait between them.
const MERGE_RETRY: std::time::Duration = std::time::Duration::from_millis(100);

/// How the on-disk index was found when opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// It existed and opened.
    Existing,
    /// There was none; an empty one was created.
    Created,
    /// It was unreadable; it was wiped and created empty.
    Rebuilt,
}

/// The service index with its single writer.
pub struct SearchIndex {
    index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
    pub(crate) vocabulary: RwLock<Arc<Vocabulary>>,
    /// Facet value sets of the segments searched lately.
    pub(crate) facet_cache: crate::facet_counts::FacetCache,
    /// Dictionary phrases' scores in the current searcher generation.
    pub(crate) phrase_scores: crate::phrase_scores::PhraseScores,
    watermark: AtomicI64,
    persistent: bool,
    /// A query failed on damaged data; cleared when a rebuild has committed.
    damaged: AtomicBool,
    /// A rebuild is under way (so that a damaged index is rebuilt once, not per query).
    healing: AtomicBool,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when missing and recreating it when corrupt.
    /// The caller reindexes from the database unless the state is [`OpenState::Existing`].
    pub fn open(dir: &Path) -> Result<(Self, OpenState), SearchError> {
        let io = |source| SearchError::Directory {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
        if empty {
            return Ok((Self::create_in(dir)?, OpenState::Created));
        }
        let opened = Index::open_in_dir(dir).map_err(SearchError::from);
        // A damaged segment (its length and footer intact) is found only by its checksum:
        // check them all before anything reads the segments.
        let damaged = match &opened {
            Ok(index) => damaged_files(index),
            Err(_) => Vec::new(),
        };
        if !damaged.is_empty() {
            drop(opened);
            tracing::warn!(dir = %dir.display(), ?damaged, "search index damaged; rebuilding");
            return Self::wipe_and_create(dir);
        }
        match opened.and_then(|index| Self::with_index(index, true)) {
            Ok(index) if index.schema_matches() => Ok((index, OpenState::Existing)),
            Err(SearchError::Index(TantivyError::LockFailure(..))) => Err(SearchError::Locked),
            Ok(_) => {
                tracing::warn!(dir = %dir.display(), "search index has an old schema; rebuilding");
                Self::wipe_and_create(dir)
            }
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "search index unreadable; rebuilding");
                Self::wipe_and_create(dir)
            }
        }
    }

    /// An index held in memory (tests and tools).
    pub fn in_ram() -> Result<Self, SearchError> {
        let (schema, _) = schema::build();
        Self::with_index(Index::create_in_ram(schema), false)
    }

    fn wipe_and_create(dir: &Path) -> Result<(Self, OpenState), SearchError> {
        let io = |source| SearchError::Directory {
            path: dir.display().to_string(),
            source,
        };
        std::fs::remove_dir_all(dir).map_err(io)?;
        std::fs::create_dir_all(dir).map_err(io)?;
        Ok((Self::create_in(dir)?, OpenState::Rebuilt))
    }

    fn create_in(dir: &Path) -> Result<Self, SearchError> {
        let (schema, _) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .settings(schema::settings())
            .create_in_dir(dir)?;
        Self::with_index(index, true)
    }

    fn with_index(index: Index, persistent: bool) -> Result<Self, SearchError> {
        let tokenizers = index.tokenizers();
        tokenizers.register(analyzer::EXACT, analyzer::exact_analyzer());
        tokenizers.register(analyzer::STEM, analyzer::stem_analyzer());
        tokenizers.register(analyzer::FOLD, analyzer::fold_analyzer());
        let (_, fields) = schema::build();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer(WRITER_MEMORY_BYTES)?;
        let watermark = index
            .load_metas()?
            .payload
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        let this = Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            vocabulary: RwLock::default(),
            facet_cache: crate::facet_counts::FacetCache::default(),
            phrase_scores: crate::phrase_scores::PhraseScores::default(),
            watermark: AtomicI64::new(watermark),
            persistent,
            damaged: AtomicBool::new(false),
            healing: AtomicBool::new(false),
        };
        this.refresh_vocabulary()?;
        Ok(this)
    }

    fn refresh_vocabulary(&self) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let fields = [self.fields.name_exact, self.fields.body_exact];
        // Damaged segments can make tantivy panic while reading them: an error, not a crash.
        let vocabulary = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Vocabulary::build(&searcher, &fields)
        }))
        .map_err(|_| {
            SearchError::Index(TantivyError::InternalError(
                "the term dictionary cannot be read".into(),
            ))
        })??;
        if let Ok(mut slot) = self.vocabulary.write() {
            *slot = Arc::new(vocabulary);
        }
        Ok(())
    }

    fn schema_matches(&self) -> bool {
        let (expected, _) = schema::build();
        *self
            .index
            .schema()
            .fields()
            .map(|(_, e)| e.clone())
            .collect::<Vec<_>>()
            == *expected
                .fields()
                .map(|(_, e)| e.clone())
                .collect::<Vec<_>>()
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::WriterPoisoned)
    }

    /// Adds the documents, replacing any with the same id. Visible after [`Self::commit`].
    pub fn upsert(&self, docs: &[ServiceDoc]) -> Result<(), SearchError> {
        let writer = self.writer()?;
        for d in docs {
            writer.delete_term(Term::from_field_text(self.fields.id, &d.id));
            writer.add_document(d.to_document(&self.fields))?;
        }
        Ok(())
    }

    /// Removes documents by service id. Visible after [`Self::commit`].
    pub fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        let writer = self.writer()?;
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        Ok(())
    }

    /// Removes every document. Visible after [`Self::commit`].
    pub fn clear(&self) -> Result<(), SearchError> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Whether the index lives on disk (not a temporary one in memory).
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// The database change-log position this index reflects (stored with each commit).
    pub fn watermark(&self) -> i64 {
        self.watermark.load(Ordering::SeqCst)
    }

    /// Records the change-log position reached; durable with the next commit.
    pub fn set_watermark(&self, seq: i64) {
        self.watermark.store(seq, Ordering::SeqCst);
    }

    /// Makes all changes durable and visible to searches.
    pub fn commit(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&self.watermark().to_string());
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.refresh_vocabulary()
    }

    /// Merges every segment into one, as after a bulk load (each segment costs every query
    /// a dictionary lookup per term and its own scorers); blocks until the merge is saved.
    /// Merges the writer started on its own may hold some segments: those are waited for
    /// (briefly) with no new one started; if they outlast that, the index stays as it is.
    pub fn merge_segments(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut result: Result<(), SearchError> = Ok(());
        for _ in 0..MERGE_ATTEMPTS {
            let ids = self.index.searchable_segment_ids()?;
            if ids.len() <= 1 {
                break;
            }
            match writer.merge(&ids).wait() {
                Err(TantivyError::InvalidArgument(_)) => std::thread::sleep(MERGE_RETRY),
                Err(e) => {
                    result = Err(e.into());
                    break;
                }
                Ok(_) => break,
            }
        }
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        drop(writer);
        result?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Files whose checksum does not match their content (or the error that kept them from
    /// being checked).
    pub fn damaged_files(&self) -> Vec<String> {
        damaged_files(&self.index)
    }

    /// Records that a query failed on damaged data: not ready until rebuilt. Returns whether
    /// the caller should start the rebuild (the first to report it).
    pub fn mark_damaged(&self) -> bool {
        self.damaged.store(true, Ordering::SeqCst);
        self.healing
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Records the end of a rebuild: healthy again when it succeeded.
    pub fn healed(&self, succeeded: bool) {
        if succeeded {
            self.damaged.store(false, Ordering::SeqCst);
        }
        self.healing.store(false, Ordering::SeqCst);
    }

    /// Whether the index can be read (for readiness checks).
    pub fn is_healthy(&self) -> bool {
        !self.damaged.load(Ordering::SeqCst)
            && self
                .reader
                .searcher()
                .segment_readers()
                .iter()
                .all(|s| s.num_docs() <= s.max_doc())
            && self.writer.lock().is_ok()
    }
}

/// Files of the index whose checksum does not match their content.
fn damaged_files(index: &Index) -> Vec<String> {
    match index.validate_checksum() {
        Ok(files) => files.iter().map(|f| f.display().to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, name: &str) -> ServiceDoc {
        ServiceDoc {
            id: id.into(),
            name: name.into(),
            ..ServiceDoc::default()
        }
    }

    #[test]
    fn upsert_replaces_by_id_and_delete_removes() {
        let index = SearchIndex::in_ram().expect("index");
        index
            .upsert(&[doc("a", "Żłobek"), doc("b", "Klub seniora")])
            .expect("upsert");
        index.commit().expect("commit");
        assert_eq!(index.num_docs(), 2);
        index.upsert(&[doc("a", "Żłobek miejski")]).expect("upsert");
        index.commit().expect("commit");
        assert_eq!(index.num_docs(), 2);
        index.delete(&["b".into()]).expect("delete");
        index.commit().expect("commit");
        assert_eq!(index.num_docs(), 1);
    }

    #[test]
    fn open_creates_then_reopens_then_rebuilds_when_corrupt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index");
        {
            let (index, state) = SearchIndex::open(&path).expect("open");
            assert_eq!(state, OpenState::Created);
            index.upsert(&[doc("a", "Noclegownia")]).expect("upsert");
            index.commit().expect("commit");
        }
        {
            let (index, state) = SearchIndex::open(&path).expect("reopen");
            assert_eq!(state, OpenState::Existing);
            assert_eq!(index.num_docs(), 1);
        }
        std::fs::write(path.join("meta.json"), b"{ not json").expect("corrupt");
        let (index, state) = SearchIndex::open(&path).expect("open corrupt");
        assert_eq!(state, OpenState::Rebuilt);
        assert_eq!(index.num_docs(), 0);
    }

    #[test]
    fn a_damaged_segment_is_found_by_its_checksum_at_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index");
        {
            let (index, _) = SearchIndex::open(&path).expect("open");
            let docs: Vec<ServiceDoc> = (0..200)
                .map(|i| doc(&format!("s{i}"), &format!("Usługa opiekuńcza numer {i}")))
                .collect();
            index.upsert(&docs).expect("upsert");
            index.commit().expect("commit");
        }
        // Zero a block in the middle of the largest segment file; its length and footer stay.
        let largest = std::fs::read_dir(&path)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x != "json" && x != "lock"))
            .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .expect("a segment file");
        let mut bytes = std::fs::read(&largest).expect("read");
        let middle = bytes.len() / 2;
        let end = (middle + 64).min(bytes.len().saturating_sub(16));
        bytes[middle.min(end)..end]
            .iter_mut()
            .for_each(|b| *b = !*b);
        std::fs::write(&largest, &bytes).expect("write");
        let (index, state) = SearchIndex::open(&path).expect("open damaged");
        assert_eq!(state, OpenState::Rebuilt);
        assert_eq!(index.num_docs(), 0);
    }

    #[test]
    fn a_damaged_index_is_rebuilt_once_and_then_healthy() {
        let index = SearchIndex::in_ram().expect("index");
        assert!(index.is_healthy());
        assert!(index.mark_damaged(), "the first report starts the rebuild");
        assert!(!index.mark_damaged(), "later ones do not");
        assert!(!index.is_healthy());
        index.healed(true);
        assert!(index.is_healthy());
    }
}
