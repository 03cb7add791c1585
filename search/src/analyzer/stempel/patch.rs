//! Egothor `Diff.apply`: edits a word according to a patch command.
//!
//! A patch is a sequence of (operation, parameter) char pairs applied from the end of the
//! word towards its start; `n` = parameter − 'a':
//! - `-x`: skip `n` chars to the left,
//! - `Rx`: replace the current char with `x`,
//! - `Dx`: delete `n + 1` chars ending at the current one,
//! - `Ix`: insert `x` after the current char.
//!
//! Each pair then moves one char to the left. An edit outside the word ends the patch,
//! keeping the edits made so far (as the reference implementation does).

/// Applies patch parts, fed in order, to the word held in a `String`.
pub(super) struct Patcher<'a> {
    word: &'a mut String,
    /// Length of `word` in chars.
    len: isize,
    /// Current char index; may wander outside the word.
    pos: isize,
    /// First char of a pair split across two parts.
    pending: Option<char>,
    done: bool,
}

impl<'a> Patcher<'a> {
    /// Starts at the last char of `word`.
    pub fn new(word: &'a mut String) -> Self {
        let len = isize::try_from(word.chars().count()).unwrap_or(isize::MAX);
        Patcher {
            word,
            len,
            pos: len - 1,
            pending: None,
            done: false,
        }
    }

    /// Applies the next part of the patch.
    pub fn feed(&mut self, part: &[char]) {
        for &ch in part {
            if self.done {
                return;
            }
            match self.pending.take() {
                None => self.pending = Some(ch),
                Some(op) => self.step(op, ch),
            }
        }
    }

    fn step(&mut self, op: char, arg: char) {
        let n = i64::from(u32::from(arg)) - i64::from(u32::from('a'));
        let n = isize::try_from(n).unwrap_or(0);
        match op {
            '-' => self.pos -= n,
            'R' => {
                if !self.inside(self.pos) {
                    self.done = true;
                    return;
                }
                let from = self.byte_at(self.pos);
                let to = self.byte_at(self.pos + 1);
                self.word
                    .replace_range(from..to, arg.encode_utf8(&mut [0; 4]));
            }
            'D' => {
                let last = self.pos;
                self.pos -= n;
                if !self.inside(self.pos) {
                    self.done = true;
                    return;
                }
                // Python slice end `last + 1`: negative counts from the end, then clamped.
                let mut end = last + 1;
                if end < 0 {
                    end = (end + self.len).max(0);
                }
                let end = end.min(self.len);
                if end > self.pos {
                    let (from, to) = (self.byte_at(self.pos), self.byte_at(end));
                    self.word.replace_range(from..to, "");
                    self.len -= end - self.pos;
                }
            }
            'I' => {
                self.pos += 1;
                if self.pos < 0 || self.pos > self.len {
                    self.done = true;
                    return;
                }
                let at = self.byte_at(self.pos);
                self.word.insert(at, arg);
                self.len += 1;
            }
            _ => {}
        }
        self.pos -= 1;
    }

    fn inside(&self, pos: isize) -> bool {
        (0..self.len).contains(&pos)
    }

    /// Byte offset of char index `pos` (0 ≤ `pos` ≤ len).
    fn byte_at(&self, pos: isize) -> usize {
        let pos = usize::try_from(pos).unwrap_or(0);
        self.word
            .char_indices()
            .nth(pos)
            .map_or(self.word.len(), |(at, _)| at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(word: &str, parts: &[&str]) -> String {
        let mut word = word.to_owned();
        let mut patcher = Patcher::new(&mut word);
        for part in parts {
            patcher.feed(&part.chars().collect::<Vec<_>>());
        }
        word
    }

    #[test]
    fn applies_commands_from_the_end() {
        assert_eq!(apply("opieki", &["Ra"]), "opieka");
        assert_eq!(apply("obiady", &["Da"]), "obiad");
        assert_eq!(apply("żłobki", &["Da", "IeIk"]), "żłobkke");
        assert_eq!(apply("dzieci", &["-aIoIk"]), "dzieckoi");
        assert_eq!(apply("ab", &["D", "b"]), "");
    }

    #[test]
    fn stops_outside_the_word() {
        assert_eq!(apply("ab", &["RxRyRz"]), "yx");
        assert_eq!(apply("ab", &["-zRx"]), "ab");
        assert_eq!(apply("abc", &["Dz"]), "abc");
        assert_eq!(apply("", &["Ra"]), "");
        // Parameters below 'a' move right instead of left.
        assert_eq!(apply("abc", &["D_"]), "abc");
        assert_eq!(apply("abcdef", &["-_Dd"]), "abc");
        assert_eq!(apply("abc", &["I_"]), "abc_");
    }
}
