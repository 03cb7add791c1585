//! Facet counts of a result: the documents of each facet value are kept as one bit set per
//! segment (segments never change, so each is read once), and a value's count is the size of
//! its intersection with the result.

use crate::docbits::{DocBits, Matches};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, TERMINATED};

/// Counts of one dimension's values: (dimension, [(code, count)]).
pub type DimensionCounts = (String, Vec<(String, u64)>);

/// The values of one dimension in one segment: (code, documents).
type Values = Arc<Vec<(String, DocBits)>>;

/// Facet value sets of the segments searched lately.
#[derive(Debug, Default)]
pub struct FacetCache {
    values: Mutex<HashMap<(SegmentId, String), Values>>,
}

impl FacetCache {
    /// Counts of the values of each dimension among `matches`, values in code order, only
    /// those with at least one document.
    pub fn counts(
        &self,
        searcher: &Searcher,
        field: Field,
        matches: &Matches,
        dimensions: &[String],
    ) -> tantivy::Result<Vec<DimensionCounts>> {
        let mut out = Vec::with_capacity(dimensions.len());
        for dimension in dimensions {
            let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
            for segment in searcher.segment_readers() {
                let Some(found) = matches.segment(segment.segment_id()) else {
                    continue;
                };
                if found.is_empty() {
                    continue;
                }
                for (code, docs) in self.values(searcher, segment, field, dimension)?.iter() {
                    let n = found.and_len(docs) as u64;
                    if n > 0 {
                        *counts.entry(code.clone()).or_default() += n;
                    }
                }
            }
            out.push((dimension.clone(), counts.into_iter().collect()));
        }
        Ok(out)
    }

    /// The documents of a segment with any of these values of a dimension.
    pub fn union(
        &self,
        searcher: &Searcher,
        segment: &SegmentReader,
        field: Field,
        dimension: &str,
        codes: &[String],
    ) -> tantivy::Result<DocBits> {
        let mut docs = DocBits::empty(segment.max_doc());
        if codes.is_empty() {
            return Ok(docs);
        }
        for (code, bits) in self.values(searcher, segment, field, dimension)?.iter() {
            if codes.contains(code) {
                docs.union_with(bits);
            }
        }
        Ok(docs)
    }

    fn values(
        &self,
        searcher: &Searcher,
        segment: &SegmentReader,
        field: Field,
        dimension: &str,
    ) -> tantivy::Result<Values> {
        let key = (segment.segment_id(), dimension.to_owned());
        if let Some(values) = self.lock().get(&key) {
            return Ok(Arc::clone(values));
        }
        let values = Arc::new(read_values(segment, field, dimension)?);
        let mut cache = self.lock();
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        cache.retain(|(id, _), _| live.contains(id));
        cache.insert(key, Arc::clone(&values));
        Ok(values)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(SegmentId, String), Values>> {
        // The map holds no invariant a panicking holder could break.
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every value of `dimension` in the segment, read from the facet field's postings.
fn read_values(
    segment: &SegmentReader,
    field: Field,
    dimension: &str,
) -> tantivy::Result<Vec<(String, DocBits)>> {
    let index = segment.inverted_index(field)?;
    let mut prefix = Facet::from_path([dimension])
        .encoded_str()
        .as_bytes()
        .to_vec();
    prefix.push(0);
    let mut end = prefix.clone();
    end.pop();
    end.push(1);
    let mut stream = index.terms().range().ge(&prefix).lt(&end).into_stream()?;
    let mut values = Vec::new();
    while stream.advance() {
        let Ok(code) = std::str::from_utf8(&stream.key()[prefix.len()..]) else {
            continue;
        };
        if code.contains('\0') {
            continue;
        }
        let mut postings =
            index.read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
        let mut docs = DocBits::empty(segment.max_doc());
        let mut doc = postings.doc();
        while doc != TERMINATED {
            docs.insert(doc);
            doc = postings.advance();
        }
        values.push((code.to_owned(), docs));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use crate::{SearchIndex, ServiceDoc};
    use tantivy::collector::FacetCollector;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{Facet, IndexRecordOption};

    fn doc(id: &str, categories: &[&str], municipality: &str) -> ServiceDoc {
        let mut facets: Vec<(String, String)> = categories
            .iter()
            .map(|c| ("category".to_owned(), (*c).to_owned()))
            .collect();
        facets.push(("municipality".into(), municipality.into()));
        ServiceDoc {
            id: id.into(),
            name: format!("Usługa {id}"),
            facets,
            ..ServiceDoc::default()
        }
    }

    /// What tantivy's own collector counts for the same query.
    fn collected(
        index: &SearchIndex,
        query: &dyn tantivy::query::Query,
        dim: &str,
    ) -> Vec<(String, u64)> {
        let mut collector = FacetCollector::for_field("facets");
        collector.add_facet(Facet::from_path([dim]));
        let counts = index
            .reader
            .searcher()
            .search(query, &collector)
            .expect("search");
        counts
            .get(Facet::from_path([dim]))
            .map(|(f, n)| {
                (
                    f.to_path()
                        .last()
                        .map(|s| (*s).to_owned())
                        .unwrap_or_default(),
                    n,
                )
            })
            .collect()
    }

    #[test]
    fn counts_equal_the_facet_collector_over_segments_and_deletions() {
        let index = SearchIndex::in_ram().expect("index");
        index
            .upsert(&[
                doc("a", &["food", "shelter"], "kielce"),
                doc("b", &["food"], "kielce"),
                doc("c", &["care"], "masłów"),
            ])
            .expect("upsert");
        index.commit().expect("commit");
        index
            .upsert(&[
                doc("d", &["food", "care"], "masłów"),
                doc("e", &["legal"], "kielce"),
            ])
            .expect("upsert");
        index.delete(&["b".into()]).expect("delete");
        index.commit().expect("commit");
        let searcher = index.reader.searcher();
        let f = index.fields;
        let dims = ["category".to_owned(), "municipality".to_owned()];
        let food = TermQuery::new(
            tantivy::Term::from_facet(f.facets, &Facet::from_path(["category", "food"])),
            IndexRecordOption::Basic,
        );
        for query in [&AllQuery as &dyn tantivy::query::Query, &food] {
            let matches = crate::docbits::Matches::of(&searcher, query).expect("matches");
            let counts = index
                .facet_cache
                .counts(&searcher, f.facets, &matches, &dims)
                .expect("counts");
            for (dim, values) in counts {
                assert_eq!(values, collected(&index, query, &dim), "{dim}");
            }
        }
        let all = crate::docbits::Matches::of(&searcher, &AllQuery).expect("matches");
        assert_eq!(all.len(), 4, "the deleted offer is not counted");
    }
}
