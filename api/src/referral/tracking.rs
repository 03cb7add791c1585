//! Tracking codes: 130 random bits a resident gets once, stored only as a hash.

use rand::RngCore;

/// Letters of the code: Crockford's base32 (no I, L, O, U), read aloud without confusion.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a code (26 × 5 = 130 bits).
const LENGTH: usize = 26;

/// A new random code, grouped for reading: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X`.
pub fn new_code() -> String {
    let mut bytes = [0u8; LENGTH];
    rand::rng().fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as stored: canonical (upper case, no separators, O→0, I/L→1) and hashed, so that
/// a code read over the phone still matches.
pub fn hash_code(code: &str) -> String {
    let canonical: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    crate::digest::sha256_hex(canonical.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_forgiving_when_typed() {
        let code = new_code();
        assert_eq!(code.chars().filter(|c| *c != '-').count(), LENGTH);
        assert_ne!(code, new_code());
        assert_eq!(
            hash_code(&code),
            hash_code(&code.to_lowercase().replace('-', " "))
        );
        assert_eq!(hash_code("ab0-1"), hash_code("ABO-I"));
        assert_ne!(hash_code(&code), hash_code(&new_code()));
    }
}
