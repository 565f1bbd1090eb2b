//! Matching the names people typed in a survey to the people of the org chart: by id, then
//! e-mail, then exact name, then normalised name (case, accents, spaces, "Last, First"),
//! then Jaro-Winkler similarity (`strsim`). Fuzzy and ambiguous matches are only proposals.

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::model::{IdIndex, Person, PersonIx};

/// Lowest Jaro-Winkler similarity proposed as a fuzzy match, by default.
pub const FUZZY_THRESHOLD: f64 = 0.90;
/// By default a fuzzy match must beat the runner-up by this much, else it is ambiguous.
pub const FUZZY_MARGIN: f64 = 0.03;

/// When a name that matches nobody for certain is proposed as a fuzzy match.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fuzzy {
    /// Lowest Jaro-Winkler similarity (0 to 1) proposed as a match.
    pub threshold: f64,
    /// How far the best candidate must be ahead of the next one; closer is ambiguous.
    pub margin: f64,
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy {
            threshold: FUZZY_THRESHOLD,
            margin: FUZZY_MARGIN,
        }
    }
}

/// How a name was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The text is a person's id.
    Id,
    /// The text is (or contains, as `Name <e-mail>`) a person's e-mail.
    Email,
    /// The text is a person's name exactly.
    Exact,
    /// Same name once case, accents, punctuation, spacing and "Last, First" are set aside.
    Normalized,
}

/// What a piece of text names.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// One person, certainly.
    Found(PersonIx, How),
    /// Probably this person (similarity in `0..=1`); needs `--accept-fuzzy`.
    Fuzzy(PersonIx, f64),
    /// Several people fit equally well.
    Ambiguous(Vec<PersonIx>),
    /// Nobody fits.
    Unmatched,
}

/// Case-, accent- and spacing-insensitive form of a name; "Last, First" becomes
/// "first last".
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let ordered = match folded.split_once(',') {
        Some((last, first)) if !first.contains(',') && !first.trim().is_empty() => {
            format!("{first} {last}")
        }
        _ => folded,
    };
    ordered
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The e-mail in a text that is an address, `mailto:` link or `Name <address>`.
fn email_in(text: &str) -> Option<String> {
    let text = text.trim();
    let inner = match (text.rfind('<'), text.ends_with('>')) {
        (Some(start), true) => &text[start + 1..text.len() - 1],
        _ => text,
    };
    let inner = inner.strip_prefix("mailto:").unwrap_or(inner).trim();
    (inner.contains('@') && !inner.contains(char::is_whitespace)).then(|| inner.to_lowercase())
}

/// The people of an org chart, indexed for matching.
#[derive(Debug)]
pub struct Directory {
    /// By id: a table for plain numeric ids (the usual HR export), no hashing per lookup.
    ids: IdIndex,
    emails: Map<PersonIx>,
    exact: Map<Vec<PersonIx>>,
    normalized: Map<Vec<PersonIx>>,
    /// Normalized name of each person, for fuzzy matching.
    names: Vec<String>,
    fuzzy: Fuzzy,
    cache: std::cell::RefCell<Map<Outcome>>,
}

/// A map from text, with a fast non-cryptographic hash (the keys are the user's own data).
type Map<V> = HashMap<String, V, foldhash::fast::RandomState>;

impl Directory {
    /// Indexes `people` by id, e-mail and name.
    pub fn new(people: &[Person]) -> Self {
        let mut ids: HashMap<String, PersonIx> = HashMap::with_capacity(people.len());
        let mut directory = Directory {
            ids: IdIndex::default(),
            emails: Map::default(),
            exact: Map::default(),
            normalized: Map::default(),
            names: Vec::with_capacity(people.len()),
            fuzzy: Fuzzy::default(),
            cache: std::cell::RefCell::default(),
        };
        for (i, person) in people.iter().enumerate() {
            let i = i as PersonIx;
            ids.insert(person.id.to_string(), i);
            if let Some(email) = person.email.as_deref().and_then(email_in) {
                directory.emails.insert(email, i);
            }
            directory
                .exact
                .entry(person.name.trim().to_string())
                .or_default()
                .push(i);
            let norm = normalize_name(&person.name);
            directory
                .normalized
                .entry(norm.clone())
                .or_default()
                .push(i);
            directory.names.push(norm);
        }
        // As a map would answer, repeated ids included (the last one wins).
        directory.ids = IdIndex::from(ids);
        directory
    }

    /// The same directory with other fuzzy-match rules.
    #[must_use]
    pub fn with_fuzzy(mut self, fuzzy: Fuzzy) -> Self {
        self.fuzzy = fuzzy;
        self.cache.borrow_mut().clear();
        self
    }

    /// Resolves without the fuzzy step: id, e-mail, exact name, normalised name.
    pub fn resolve_certain(&self, text: &str) -> Outcome {
        let text = text.trim();
        if text.is_empty() {
            return Outcome::Unmatched;
        }
        if let Some(p) = self.ids.get(text) {
            return Outcome::Found(p, How::Id);
        }
        if let Some(email) = email_in(text) {
            if let Some(&p) = self.emails.get(&email) {
                return Outcome::Found(p, How::Email);
            }
            // `Name <address>` with an unknown address: try the name part.
            if let Some(start) = text.rfind('<') {
                let name = text[..start].trim().trim_matches('"');
                if !name.is_empty() {
                    return self.resolve_certain(name);
                }
            }
        }
        let by_name = |map: &Map<Vec<PersonIx>>, key: &str, how| match map.get(key) {
            Some(list) if list.len() == 1 => Some(Outcome::Found(list[0], how)),
            Some(list) => Some(Outcome::Ambiguous(list.clone())),
            None => None,
        };
        by_name(&self.exact, text, How::Exact)
            .or_else(|| by_name(&self.normalized, &normalize_name(text), How::Normalized))
            .unwrap_or(Outcome::Unmatched)
    }

    /// Resolves a name, trying Jaro-Winkler similarity last. Only the fuzzy step's outcomes
    /// are cached: it compares the text with every name, while the others are one lookup.
    pub fn resolve(&self, text: &str) -> Outcome {
        match self.resolve_certain(text) {
            Outcome::Unmatched => {}
            certain => return certain,
        }
        if let Some(done) = self.cache.borrow().get(text) {
            return done.clone();
        }
        let outcome = self.fuzzy(text);
        self.cache
            .borrow_mut()
            .insert(text.to_string(), outcome.clone());
        outcome
    }

    fn fuzzy(&self, text: &str) -> Outcome {
        let Fuzzy { threshold, margin } = self.fuzzy;
        let norm = normalize_name(text);
        if norm.chars().count() < 3 {
            return Outcome::Unmatched;
        }
        let mut best: Vec<(f64, PersonIx)> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, name)| (strsim::jaro_winkler(&norm, name), i as PersonIx))
            .filter(|(score, _)| *score >= threshold - margin)
            .collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        match best.as_slice() {
            [] => Outcome::Unmatched,
            [(top, _), ..] if *top < threshold => Outcome::Unmatched,
            [(top, p)] => Outcome::Fuzzy(*p, *top),
            [(top, p), (second, _), ..] if top - second >= margin => Outcome::Fuzzy(*p, *top),
            [(top, _), ..] => Outcome::Ambiguous(
                best.iter()
                    .take_while(|(s, _)| top - s < margin)
                    .map(|(_, p)| *p)
                    .collect(),
            ),
        }
    }

    /// True when the text names exactly one person with certainty.
    pub fn is_certain(&self, text: &str) -> bool {
        matches!(self.resolve_certain(text), Outcome::Found(..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        let mut ann = Person::new("e1", "Ann Lee");
        ann.email = Some("Ann.Lee@Acme.example".into());
        let bo = Person::new("e2", "Bö Ångström");
        let zoe = Person::new("e3", "Zoë Smith-Jones");
        let liam1 = Person::new("e4", "Liam Kim");
        let liam2 = Person::new("e5", "Liam Kim");
        let jon = Person::new("e6", "Jonathan Carver");
        vec![ann, bo, zoe, liam1, liam2, jon]
    }

    /// Numeric ids go through a table, and answer exactly as text keys would: "010" is not
    /// id "10", and with a repeated id the last person wins.
    #[test]
    fn numeric_ids_resolve_as_text() {
        let people = vec![
            Person::new("1", "Ann Lee"),
            Person::new("2", "Bo Chen"),
            Person::new("10", "Cy Diaz"),
        ];
        let d = Directory::new(&people);
        assert_eq!(d.resolve("10"), Outcome::Found(2, How::Id));
        assert_eq!(d.resolve(" 2 "), Outcome::Found(1, How::Id));
        assert_eq!(d.resolve_certain("010"), Outcome::Unmatched);
        assert_eq!(d.resolve_certain("3"), Outcome::Unmatched);
        let repeated = vec![Person::new("7", "Ann Lee"), Person::new("7", "Bo Chen")];
        assert_eq!(
            Directory::new(&repeated).resolve("7"),
            Outcome::Found(1, How::Id)
        );
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize_name("  Ångström,  Bö "), "bo angstrom");
        assert_eq!(normalize_name("ZOË smith-jones"), "zoe smith jones");
        assert_eq!(normalize_name("O'Brien, Ada"), "ada o'brien");
    }

    #[test]
    fn resolves_in_order() {
        let d = Directory::new(&people());
        assert_eq!(d.resolve("e2"), Outcome::Found(1, How::Id));
        assert_eq!(
            d.resolve("ann.lee@acme.EXAMPLE"),
            Outcome::Found(0, How::Email)
        );
        assert_eq!(
            d.resolve("Ann L <ann.lee@acme.example>"),
            Outcome::Found(0, How::Email)
        );
        assert_eq!(
            d.resolve("mailto:ann.lee@acme.example"),
            Outcome::Found(0, How::Email)
        );
        assert_eq!(d.resolve("Ann Lee"), Outcome::Found(0, How::Exact));
        assert_eq!(d.resolve("Lee, Ann"), Outcome::Found(0, How::Normalized));
        assert_eq!(
            d.resolve("bo  angstrom"),
            Outcome::Found(1, How::Normalized)
        );
        assert_eq!(d.resolve("Liam Kim"), Outcome::Ambiguous(vec![3, 4]));
        assert_eq!(d.resolve("Nobody Here"), Outcome::Unmatched);
        assert_eq!(d.resolve(""), Outcome::Unmatched);
    }

    #[test]
    fn typos_are_fuzzy_proposals() {
        let d = Directory::new(&people());
        match d.resolve("Jonathon Carver") {
            Outcome::Fuzzy(5, score) => assert!(score > FUZZY_THRESHOLD),
            other => panic!("{other:?}"),
        }
        assert_eq!(d.resolve("Liam Kimm"), Outcome::Ambiguous(vec![3, 4]));
        assert_eq!(d.resolve("Al"), Outcome::Unmatched);
    }

    #[test]
    fn fuzzy_rules_can_be_set() {
        let score = strsim::jaro_winkler("jonathon carver", "jonathan carver");
        let with = |threshold: f64, margin: f64| {
            Directory::new(&people())
                .with_fuzzy(Fuzzy { threshold, margin })
                .resolve("Jonathon Carver")
        };
        assert_eq!(with(score, 0.03), Outcome::Fuzzy(5, score));
        assert_eq!(with(score + 0.001, 0.03), Outcome::Unmatched);
        // "Liam Kin" is as close to both Liam Kims as to each other: ambiguous at any margin,
        // while a margin of 0 lets the best of two different names win.
        let both = Directory::new(&people()).with_fuzzy(Fuzzy {
            threshold: 0.5,
            margin: 0.0,
        });
        assert_eq!(
            both.resolve("Liam Kin"),
            Outcome::Fuzzy(3, strsim::jaro_winkler("liam kin", "liam kim"))
        );
        let strict = Directory::new(&people()).with_fuzzy(Fuzzy {
            threshold: 0.5,
            margin: 0.03,
        });
        assert_eq!(strict.resolve("Liam Kin"), Outcome::Ambiguous(vec![3, 4]));
    }
}
