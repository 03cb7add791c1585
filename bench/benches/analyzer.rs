//! The Polish analyzer: stemming one word, and the three index views of a typical description.

use criterion::{Criterion, criterion_group, criterion_main};
use okienko_search::analyzer::{analyze, exact_analyzer, fold_analyzer, stem_analyzer, stem_word};
use std::hint::black_box;

const TEXT: &str = "Opiekunki przychodzą do domu seniorów i osób z niepełnosprawnościami: pomagają w \
zakupach, sprzątaniu, przygotowaniu posiłków i w wizytach u lekarza. Usługi opiekuńcze przyznaje \
pracownik socjalny po wywiadzie środowiskowym; odpłatność zależy od dochodu.";

fn bench(c: &mut Criterion) {
    let words = ["opiekunów", "niepełnosprawnością", "żłobka", "dzieciom", "psychologa", "noclegowni"];
    c.bench_function("stem_word (6 words)", |b| b.iter(|| words.iter().map(|w| stem_word(black_box(w)).len()).sum::<usize>()));
    let mut exact = exact_analyzer();
    let mut stem = stem_analyzer();
    let mut fold = fold_analyzer();
    c.bench_function("analyze description: exact+stem+fold views", |b| {
        b.iter(|| analyze(&mut exact, black_box(TEXT)).len() + analyze(&mut stem, TEXT).len() + analyze(&mut fold, TEXT).len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
