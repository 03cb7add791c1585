//! The direction of dependencies between okienko's top-level modules, read from the source:
//! the modules of rules and use cases never reach for the HTTP edge, and the module graph has
//! no cycle.
//! `ARCHITECTURE.md` draws the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules that serve HTTP or assemble the application.
const EDGE: &[&str] = &[
    "routes",
    "embed",
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
    "hsds",
    "persistence",
    "outbox",
    "referral",
    "access",
    "schedule",
    "services",
];

/// Top-level module → the top-level modules its non-test code names as `crate::…`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
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
            let deps = graph.entry(module.to_owned()).or_default();
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
