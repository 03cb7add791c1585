//! The direction of dependencies between okienko's top-level modules, read from the source:
//! the modules of rules and use cases never reach for the HTTP edge (nor name actix or the
//! HTTP error), and the module graph has no cycle.
//! `ARCHITECTURE.md` draws the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules that serve HTTP or assemble the application.
const EDGE: &[&str] = &[
    "routes",
    "embed",
    "panel",
    "middleware",
    "startup",
    "state",
    "openapi",
    "cli",
    "main",
];

/// Modules of rules, use cases and storage: none of them may depend on the edge.
const INNER: &[&str] = &[
    "domain",
    "clock",
    "i18n",
    "error",
    "directory",
    "editing",
    "enquiry",
    "hsds",
    "persistence",
    "outbox",
    "referral",
    "access",
    "schedule",
    "services",
];

/// Every source file's non-test code with the top-level module it belongs to.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".rs") || name == "tests.rs" || name.starts_with("tests_") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("under src");
            if relative.components().any(|c| c.as_os_str() == "tests") {
                continue;
            }
            let first = relative.components().next().expect("a component");
            let module = first
                .as_os_str()
                .to_str()
                .expect("utf-8")
                .trim_end_matches(".rs");
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            // An inline test module comes last; what it names is not a dependency.
            let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or("");
            files.push((module.to_owned(), code.to_owned()));
        }
    }
    files
}

/// Top-level module → the top-level modules its non-test code names as `crate::…`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in sources() {
        let deps = graph.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// A cycle through `from`, as the path of modules, if any.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("non-empty");
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn rules_use_cases_and_storage_never_reach_for_http() {
    let graph = graph();
    for module in INNER {
        let deps = graph.get(*module).expect("module exists");
        let wrong: Vec<&String> = deps.iter().filter(|d| EDGE.contains(&d.as_str())).collect();
        assert!(wrong.is_empty(), "{module} depends on {wrong:?}");
    }
}

#[test]
fn modules_depend_in_one_direction() {
    let graph = graph();
    for module in graph.keys() {
        if let Some(cycle) = cycle_through(&graph, module) {
            panic!("a cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn use_cases_and_rules_speak_no_http() {
    // `error` defines the problem every answer is built from; it renders nowhere.
    for (module, code) in sources() {
        if !INNER.contains(&module.as_str()) {
            continue;
        }
        assert!(!code.contains("actix_web"), "{module} names actix_web");
        if module != "error" {
            assert!(
                !code.contains("ApiError"),
                "{module} answers with ApiError instead of its own error enum"
            );
        }
    }
}
