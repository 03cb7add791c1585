//! Reading an HSDS import: a JSON array of service records or a stream of JSON values (JSON
//! Lines), with or without a byte-order mark, one record at a time.

use serde::de::{SeqAccess, Visitor};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use tokio::sync::mpsc;

/// Checks that `bytes` are a JSON array or a sequence of JSON values, without importing.
pub fn check_syntax(bytes: &[u8]) -> Result<(), serde_json::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>() {
        value?;
    }
    Ok(())
}

/// Sends each top-level record to `tx`: the elements of an array, or each value of a stream.
pub(super) fn parse_records<R: Read>(
    input: R,
    tx: &mpsc::Sender<Value>,
) -> Result<(), serde_json::Error> {
    let mut reader = BufReader::new(input);
    let starts_with_array = loop {
        let buf = reader.fill_buf().map_err(serde_json::Error::io)?;
        let Some(&first) = buf.first() else {
            return Ok(());
        };
        if first.is_ascii_whitespace() {
            reader.consume(1);
        } else if buf.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        } else {
            break first == b'[';
        }
    };
    if starts_with_array {
        let mut de = serde_json::Deserializer::from_reader(reader);
        serde::Deserializer::deserialize_seq(&mut de, RecordVisitor(tx))?;
        de.end()
    } else {
        for value in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
            if tx.blocking_send(value?).is_err() {
                break;
            }
        }
        Ok(())
    }
}

struct RecordVisitor<'a>(&'a mpsc::Sender<Value>);

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of HSDS service records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            if self.0.blocking_send(value).is_err() {
                break;
            }
        }
        Ok(())
    }
}
