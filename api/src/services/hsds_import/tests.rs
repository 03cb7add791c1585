//! Import rules: what a batch of HSDS records may claim and how failures are reported.

use super::*;

fn parse(input: &'static str) -> (Vec<Value>, Result<(), serde_json::Error>) {
    let (tx, mut rx) = mpsc::channel(16);
    let result = std::thread::spawn(move || parse_records(input.as_bytes(), &tx))
        .join()
        .expect("parser thread");
    let mut values = Vec::new();
    while let Ok(v) = rx.try_recv() {
        values.push(v);
    }
    (values, result)
}

#[test]
fn reads_arrays_json_lines_and_a_byte_order_mark() {
    let (values, result) = parse("  [ {\"id\": 1}, {\"id\": 2}, 3 ]  ");
    assert!(result.is_ok());
    assert_eq!(
        values,
        vec![
            serde_json::json!({"id": 1}),
            serde_json::json!({"id": 2}),
            serde_json::json!(3)
        ]
    );
    let (values, result) = parse("\u{feff}{\"id\": 1}\n{\"id\": 2}\n\n");
    assert!(result.is_ok());
    assert_eq!(values.len(), 2);
    let (values, result) = parse("   ");
    assert!(result.is_ok() && values.is_empty());
}

#[test]
fn stops_at_a_syntax_error_after_sending_what_came_before() {
    let (values, result) = parse("[{\"id\": 1}, {\"id\": ]");
    assert_eq!(values.len(), 1);
    let error = result.expect_err("syntax error");
    assert_eq!(error.line(), 1);
    let (_, result) = parse("[{\"id\": 1}] trailing");
    assert!(result.is_err(), "garbage after the array is an error");
}

#[test]
fn check_syntax_accepts_what_the_parser_accepts() {
    assert!(check_syntax(b"[1, 2]").is_ok());
    assert!(check_syntax(b"\xEF\xBB\xBF[1, 2]").is_ok());
    assert!(check_syntax(b"{\"a\": 1}\n{\"a\": 2}").is_ok());
    assert!(check_syntax(b"[1, 2").is_err());
    assert!(check_syntax(b"{\"a\": }").is_err());
}
