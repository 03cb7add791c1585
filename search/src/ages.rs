//! Ages in what residents type ("mama ma 85 lat", "syn ma 16 lat", "córka, 2 latka"): the
//! number and its unit say who needs help, not what, so they leave the words searched and
//! point to the age group's vocabulary instead.

use crate::synonyms::Expansion;

/// Words that make a preceding number an age in years.
const YEARS: &[&str] = &[
    "lat",
    "lata",
    "latek",
    "latka",
    "latki",
    "rok",
    "roku",
    "letni",
    "letnia",
    "letnie",
    "letniego",
    "letniej",
    "years",
    "year",
    "роки",
    "років",
    "рік",
    "года",
    "лет",
    "год",
];
/// Words that make a preceding number an age in months.
const MONTHS: &[&str] = &[
    "miesiąc",
    "miesiące",
    "miesięcy",
    "miesiąca",
    "mies",
    "months",
    "місяців",
    "місяці",
    "месяцев",
    "месяца",
];

/// An age found in a query: where it stands among the words, and the age in years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age {
    /// Index of the number among the words.
    pub at: usize,
    /// Years (0 for months).
    pub years: u32,
}

/// The first "N lat"-like age among lowercase words.
pub fn find(words: &[String]) -> Option<Age> {
    words.windows(2).enumerate().find_map(|(i, pair)| {
        let n: u32 = pair[0].parse().ok().filter(|n| *n <= 120)?;
        if YEARS.contains(&pair[1].as_str()) {
            Some(Age { at: i, years: n })
        } else if MONTHS.contains(&pair[1].as_str()) {
            Some(Age { at: i, years: 0 })
        } else {
            None
        }
    })
}

/// The age group's words in offers.
pub fn expansion(age: Age, matched: String) -> Option<Expansion> {
    let phrases: &[&str] = match age.years {
        0..=3 => &["małe dzieci", "żłobek"],
        4..=12 => &["dzieci"],
        13..=19 => &["młodzież", "nastolatki"],
        20..=59 => return None,
        _ => &["seniorzy", "osoby starsze"],
    };
    Some(Expansion {
        matched,
        phrases: phrases.iter().map(|p| (*p).to_owned()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn ages_are_found_with_their_units() {
        assert_eq!(
            find(&words("mama ma 85 lat i")),
            Some(Age { at: 2, years: 85 })
        );
        assert_eq!(find(&words("córka 2 latka")), Some(Age { at: 1, years: 2 }));
        assert_eq!(
            find(&words("synek 8 miesięcy")),
            Some(Age { at: 1, years: 0 })
        );
        assert_eq!(find(&words("ul. 3 maja 5")), None);
        assert_eq!(find(&words("500 plus")), None);
    }

    #[test]
    fn age_groups_lead_to_their_vocabulary() {
        let phrases = |years| expansion(Age { at: 0, years }, String::new()).map(|e| e.phrases);
        assert_eq!(
            phrases(85).as_deref().map(|p| p[0].as_str()),
            Some("seniorzy")
        );
        assert_eq!(
            phrases(16).as_deref().map(|p| p[0].as_str()),
            Some("młodzież")
        );
        assert_eq!(
            phrases(1).as_deref().map(|p| p[0].as_str()),
            Some("małe dzieci")
        );
        assert_eq!(phrases(35), None);
    }
}
