//! Decoding of Egothor stemmer tables into flat, lookup-friendly arrays.
//!
//! A table is a gzipped Java `DataOutputStream` serialisation: a `readUTF` method string
//! (containing `M` for a MultiTrie2), then for a MultiTrie2 `forward: bool`, `by: i32`,
//! `tries: i32` and that many tries. Each trie is `forward: bool`, `root: i32`, the
//! commands (`i32` count, then `readUTF` strings) and the rows (`i32` count; each row an
//! `i32` cell count, each cell `char: u16`, `cmd`, `cnt`, `ref`, `skip: i32`).

use std::io::Read;

use flate2::read::MultiGzDecoder;

use super::StempelError;

/// Marks an absent command or row reference in a [`Cell`].
const NONE: u32 = u32::MAX;

/// Size in bytes of one serialised cell (char + four ints).
const CELL_BYTES: usize = 2 + 4 * 4;

/// The decoded table.
pub(super) enum Table {
    /// A single trie: its last command on the path is the whole patch.
    Single(Trie),
    /// A MultiTrie2: patches split into parts, one trie per part.
    Multi {
        /// Whether keys are consumed from the start (`true`) or the end of the word.
        forward: bool,
        /// The tries, in part order.
        tries: Vec<Trie>,
    },
}

/// One patch command: (operation, parameter) char pairs, e.g. `Db` or `-aRy`.
pub(super) struct Cmd {
    /// The command's characters.
    pub text: Box<[char]>,
    /// How many chars of the key the command covers (Egothor `lengthPP`).
    pub covered: i64,
}

/// A cell of a trie row: the command stored there and the row it leads to.
#[derive(Clone, Copy)]
struct Cell {
    cmd: u32,
    next: u32,
}

/// One trie, rows flattened: row `r` owns `keys[row_start[r]..row_start[r + 1]]` (sorted)
/// and the `cells` at the same indices.
pub(super) struct Trie {
    /// Whether keys are walked from their first char (`true`) or their last.
    pub forward: bool,
    root: u32,
    row_start: Vec<u32>,
    keys: Vec<u16>,
    cells: Vec<Cell>,
    /// The commands the cells point to.
    pub cmds: Vec<Cmd>,
}

impl Trie {
    /// Egothor `getLastOnPath`: the last command met while walking `key` through the trie.
    /// `key` must already be in walking order; an empty key yields `None`.
    pub fn last_on_path(&self, key: impl Iterator<Item = char>) -> Option<&Cmd> {
        let mut last = None;
        let mut row = self.root;
        for ch in key {
            let Some(cell) = self.cell(row, ch) else {
                break;
            };
            if cell.cmd != NONE {
                last = Some(cell.cmd);
            }
            if cell.next == NONE {
                break;
            }
            row = cell.next;
        }
        last.map(|cmd| &self.cmds[cmd as usize])
    }

    /// The cell for `ch` in `row`, if any. Chars outside the BMP never match.
    #[inline]
    fn cell(&self, row: u32, ch: char) -> Option<Cell> {
        let key = u16::try_from(u32::from(ch)).ok()?;
        let row = row as usize;
        let (from, to) = (
            self.row_start[row] as usize,
            self.row_start[row + 1] as usize,
        );
        let at = self.keys[from..to].binary_search(&key).ok()?;
        Some(self.cells[from + at])
    }

    /// Bytes of heap used by the decoded trie (approximate).
    pub fn heap_bytes(&self) -> usize {
        self.row_start.len() * 4
            + self.keys.len() * 2
            + self.cells.len() * size_of::<Cell>()
            + self
                .cmds
                .iter()
                .map(|c| size_of::<Cmd>() + c.text.len() * 4)
                .sum::<usize>()
    }
}

/// Decompresses and decodes a gzipped table.
pub(super) fn decode_gzipped(bytes: &[u8]) -> Result<Table, StempelError> {
    let mut raw = Vec::with_capacity(bytes.len().saturating_mul(5));
    MultiGzDecoder::new(bytes).read_to_end(&mut raw)?;
    decode(&raw)
}

/// Decodes an uncompressed table.
fn decode(raw: &[u8]) -> Result<Table, StempelError> {
    let mut input = Input { data: raw, pos: 0 };
    let method = input.utf()?;
    if !method.iter().any(|c| c.to_uppercase().any(|u| u == 'M')) {
        return Ok(Table::Single(input.trie()?));
    }
    let forward = input.bool()?;
    let _by = input.i32()?;
    let count = input.count(1)?;
    let tries = (0..count).map(|_| input.trie()).collect::<Result<_, _>>()?;
    Ok(Table::Multi { forward, tries })
}

/// A cursor over big-endian `DataOutputStream` bytes.
struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], StempelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.data.len());
        let end = end.ok_or(StempelError::Truncated(self.pos))?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], StempelError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn bool(&mut self) -> Result<bool, StempelError> {
        Ok(self.array::<1>()?[0] != 0)
    }

    fn u16(&mut self) -> Result<u16, StempelError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn i32(&mut self) -> Result<i32, StempelError> {
        Ok(i32::from_be_bytes(self.array()?))
    }

    /// A non-negative count of items taking at least `item_bytes` each.
    fn count(&mut self, item_bytes: usize) -> Result<usize, StempelError> {
        let at = self.pos;
        let n = usize::try_from(self.i32()?).map_err(|_| StempelError::Malformed(at))?;
        // Rejects absurd counts before they turn into huge allocations.
        if n.saturating_mul(item_bytes) > self.data.len() - self.pos {
            return Err(StempelError::Truncated(at));
        }
        Ok(n)
    }

    /// Java `readUTF`: a u16 byte length, then "modified UTF-8" (UTF-16 units, NUL as
    /// `C0 80`). Plain 4-byte UTF-8 sequences are accepted as well.
    fn utf(&mut self) -> Result<Box<[char]>, StempelError> {
        let at = self.pos;
        let len = usize::from(self.u16()?);
        let bytes = self.take(len)?;
        let bad = || StempelError::BadString(at);
        let mut units = Vec::with_capacity(len);
        let mut i = 0;
        while i < bytes.len() {
            let b = u32::from(bytes[i]);
            let (width, lead) = match b {
                0x00..=0x7F => (1, b),
                0xC0..=0xDF => (2, b & 0x1F),
                0xE0..=0xEF => (3, b & 0x0F),
                0xF0..=0xF7 => (4, b & 0x07),
                _ => return Err(bad()),
            };
            let tail = bytes.get(i + 1..i + width).ok_or_else(bad)?;
            let mut code = lead;
            for &t in tail {
                if t & 0xC0 != 0x80 {
                    return Err(bad());
                }
                code = (code << 6) | u32::from(t & 0x3F);
            }
            if let Ok(unit) = u16::try_from(code) {
                units.push(unit);
            } else {
                let ch = char::from_u32(code).ok_or_else(bad)?;
                units.extend_from_slice(ch.encode_utf16(&mut [0; 2]));
            }
            i += width;
        }
        char::decode_utf16(units)
            .collect::<Result<_, _>>()
            .map_err(|_| bad())
    }

    fn trie(&mut self) -> Result<Trie, StempelError> {
        let forward = self.bool()?;
        let root_at = self.pos;
        let root = self.i32()?;
        let cmds = (0..self.count(2)?)
            .map(|_| {
                self.utf().map(|text| Cmd {
                    covered: covered(&text),
                    text,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rows = self.count(4)?;
        let mut trie = Trie {
            forward,
            root: 0,
            row_start: Vec::with_capacity(rows + 1),
            keys: Vec::new(),
            cells: Vec::new(),
            cmds,
        };
        trie.row_start.push(0);
        let mut row = Vec::new();
        for _ in 0..rows {
            row.clear();
            for _ in 0..self.count(CELL_BYTES)? {
                let at = self.pos;
                let key = self.u16()?;
                let cmd = self.index(trie.cmds.len(), at)?;
                let _cnt = self.i32()?;
                let next = self.index(rows, at)?;
                let _skip = self.i32()?;
                row.push((key, Cell { cmd, next }));
            }
            // Sorted for binary search; of repeated chars the last one wins (as in a map).
            row.sort_by_key(|&(key, _)| key);
            for (i, &(key, cell)) in row.iter().enumerate() {
                if row.get(i + 1).is_none_or(|next| next.0 != key) {
                    trie.keys.push(key);
                    trie.cells.push(cell);
                }
            }
            let end = u32::try_from(trie.keys.len()).map_err(|_| StempelError::TooLarge)?;
            trie.row_start.push(end);
        }
        trie.root = u32::try_from(root)
            .ok()
            .filter(|&r| (r as usize) < rows)
            .ok_or(StempelError::Malformed(root_at))?;
        Ok(trie)
    }

    /// A command or row index: negative means none, otherwise it must be below `limit`.
    fn index(&mut self, limit: usize, at: usize) -> Result<u32, StempelError> {
        let value = self.i32()?;
        match usize::try_from(value) {
            Err(_) => Ok(NONE),
            Ok(i) if i < limit && i < NONE as usize => Ok(i as u32),
            Ok(_) => Err(StempelError::Malformed(at)),
        }
    }
}

/// Egothor `lengthPP`: chars of the key covered by a command (`-x`/`Dx`: x−'a'+1, `Rx`: 1).
fn covered(cmd: &[char]) -> i64 {
    cmd.chunks(2)
        .map(|pair| match pair {
            ['-' | 'D', arg] => i64::from(u32::from(*arg)) - i64::from(u32::from('a')) + 1,
            ['R', _] => 1,
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf(bytes: &[u8]) -> Result<String, StempelError> {
        let mut data = u16::try_from(bytes.len()).unwrap().to_be_bytes().to_vec();
        data.extend_from_slice(bytes);
        Input {
            data: &data,
            pos: 0,
        }
        .utf()
        .map(|chars| chars.iter().collect())
    }

    #[test]
    fn reads_modified_utf8() {
        assert_eq!(utf(b"DaR\xc4\x99").unwrap(), "DaRę");
        assert_eq!(utf(b"\xc0\x80").unwrap(), "\0");
        // U+1F600 as a CESU-8 surrogate pair and as plain UTF-8.
        assert_eq!(utf(b"\xed\xa0\xbd\xed\xb8\x80").unwrap(), "😀");
        assert_eq!(utf("😀".as_bytes()).unwrap(), "😀");
        assert!(utf(b"\xed\xa0\xbd").is_err());
        assert!(utf(b"\xc4").is_err());
    }

    #[test]
    fn covered_counts_key_chars() {
        let c = |s: &str| covered(&s.chars().collect::<Vec<_>>());
        assert_eq!(c("-aRy"), 2);
        assert_eq!(c("DcIa"), 3);
        assert_eq!(c("*"), 0);
    }

    #[test]
    fn rejects_garbage() {
        assert!(decode_gzipped(b"not gzip").is_err());
        assert!(decode(&[0, 1, b'M', 0]).is_err());
        assert!(decode(&[0, 1, b'M', 0, 0, 0, 0, 0, 0x7f, 0, 0, 0]).is_err());
    }
}
