//! Tracking codes: 130 bits a resident gets on the slip or in the answer, stored only as a
//! hash (the bits come from [`super::links::LinkSigner::tracking_code`]).

/// Letters of the code: Crockford's base32 (no I, L, O, U), read aloud without confusion.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a code (26 × 5 = 130 bits).
const LENGTH: usize = 26;

/// The code of 26 characters taken from `bits` (at least 26 bytes), grouped for reading:
/// `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X`.
pub fn code_from(bits: &[u8]) -> String {
    let chars: Vec<char> = bits
        .iter()
        .take(LENGTH)
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

    fn random_code() -> String {
        let bits: Vec<u8> = (0..LENGTH).map(|_| rand::random::<u8>()).collect();
        code_from(&bits)
    }

    #[test]
    fn codes_are_long_and_forgiving_when_typed() {
        let code = random_code();
        assert_eq!(code.chars().filter(|c| *c != '-').count(), LENGTH);
        assert_ne!(code, random_code());
        assert_eq!(
            hash_code(&code),
            hash_code(&code.to_lowercase().replace('-', " "))
        );
        assert_eq!(hash_code("ab0-1"), hash_code("ABO-I"));
        assert_ne!(hash_code(&code), hash_code(&random_code()));
    }
}
