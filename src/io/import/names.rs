//! Matching the names people typed in a survey to the people of the org chart: by id, then
//! e-mail, then exact name, then normalised name (case, accents, spaces, "Last, First"),
//! then Jaro-Winkler similarity (`strsim`). Fuzzy and ambiguous matches are only proposals.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher as _, BuildHasherDefault};

use serde::Serialize;

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
    let mut out = String::new();
    normalize_into(name, &mut String::new(), &mut out);
    out
}

/// Appends the [`normalize_name`] form of `name` to `out`, with `folded` as scratch space:
/// the directory writes a million names into one buffer this way.
fn normalize_into(name: &str, folded: &mut String, out: &mut String) {
    folded.clear();
    crate::text::fold_into(name, folded);
    let mut first_word = true;
    let mut words = |text: &str| {
        for word in text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
        {
            if !first_word {
                out.push(' ');
            }
            out.push_str(word);
            first_word = false;
        }
    };
    match folded.split_once(',') {
        Some((last, first)) if !first.contains(',') && !first.trim().is_empty() => {
            words(first);
            words(last);
        }
        _ => words(folded),
    }
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

/// Strings end to end in one buffer, the `i`th ending at `ends[i]`: one allocation for a
/// million names instead of a million.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn with_capacity(n: usize) -> Self {
        Strings {
            text: String::with_capacity(n * 16),
            ends: Vec::with_capacity(n),
        }
    }

    /// Ends the string being written at the end of `text`.
    fn seal(&mut self) {
        self.ends.push(self.text.len());
    }

    fn get(&self, i: PersonIx) -> &str {
        let i = i as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The people sharing one key: one person (the usual case) needs no allocation.
#[derive(Debug, Clone)]
enum Named {
    One(PersonIx),
    /// A boxed slice, not a `Vec`: keeps the enum at 16 bytes (shared names are rare).
    Many(Box<[PersonIx]>),
}

impl Named {
    fn add(&mut self, p: PersonIx) {
        match self {
            Named::One(first) => *self = Named::Many(Box::new([*first, p])),
            Named::Many(list) => {
                let mut grown = std::mem::take(list).into_vec();
                grown.push(p);
                *list = grown.into_boxed_slice();
            }
        }
    }

    fn people(&self) -> &[PersonIx] {
        match self {
            Named::One(p) => std::slice::from_ref(p),
            Named::Many(list) => list,
        }
    }
}

/// A hash that is already a hash, passed through.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// People by a name held in a [`Strings`], keyed by the name's hash only, so the names are
/// not stored twice; a lookup keeps the candidates whose name is the key, so two names with
/// one hash stay apart.
#[derive(Debug, Default)]
struct ByName {
    map: HashMap<u64, Named, BuildHasherDefault<Prehashed>>,
    hasher: foldhash::fast::RandomState,
}

impl ByName {
    fn with_capacity(n: usize) -> Self {
        ByName {
            map: HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default()),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    fn add(&mut self, name: &str, p: PersonIx) {
        match self.map.entry(self.hasher.hash_one(name)) {
            Entry::Occupied(mut named) => named.get_mut().add(p),
            Entry::Vacant(slot) => {
                slot.insert(Named::One(p));
            }
        }
    }

    /// The people called `key`, in org chart order.
    fn find(&self, key: &str, names: &Strings) -> Vec<PersonIx> {
        self.map
            .get(&self.hasher.hash_one(key))
            .map(|named| {
                named
                    .people()
                    .iter()
                    .copied()
                    .filter(|&p| names.get(p) == key)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The people of an org chart, indexed for matching.
#[derive(Debug)]
pub struct Directory {
    /// By id: a table for plain numeric ids (the usual HR export), no hashing per lookup.
    ids: IdIndex,
    /// Ids with capitals, by their lower-case form, for a match in any case: `None` when the
    /// ids of several people fold to it.
    folded_ids: Map<Option<PersonIx>>,
    emails: Map<PersonIx>,
    /// E-mails that several people have (a team mailbox in the HR export): each names
    /// nobody for certain. Rare, so kept apart from `emails`.
    shared_emails: Map<Vec<PersonIx>>,
    /// Each person's name as written (trimmed). Not indexed: people with one name have one
    /// normalised name too, so they are found among those.
    exact_names: Strings,
    /// Each person's normalised name, also for fuzzy matching.
    names: Strings,
    normalized: ByName,
    fuzzy: Fuzzy,
    cache: std::cell::RefCell<Map<Outcome>>,
}

/// A map from text, with a fast non-cryptographic hash (the keys are the user's own data).
type Map<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// The ids' index; with a repeated id, as a map would answer (the last one wins).
fn index_ids(people: &[Person]) -> IdIndex {
    IdIndex::build(people.iter().map(|p| p.id.as_str())).unwrap_or_else(|_| {
        let ids: HashMap<String, PersonIx> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.to_string(), i as PersonIx))
            .collect();
        IdIndex::from(ids)
    })
}

impl Directory {
    /// Indexes `people` by id, e-mail and name.
    pub fn new(people: &[Person]) -> Self {
        let n = people.len();
        let mut directory = Directory {
            ids: index_ids(people),
            folded_ids: Map::default(),
            emails: Map::with_capacity_and_hasher(n, foldhash::fast::RandomState::default()),
            shared_emails: Map::default(),
            exact_names: Strings::with_capacity(n),
            names: Strings::with_capacity(n),
            normalized: ByName::with_capacity(n),
            fuzzy: Fuzzy::default(),
            cache: std::cell::RefCell::default(),
        };
        let mut scratch = String::new();
        for (i, person) in people.iter().enumerate() {
            let i = i as PersonIx;
            if person.id.chars().any(char::is_uppercase) {
                let same_id = |q: PersonIx| people[q as usize].id == person.id;
                directory
                    .folded_ids
                    .entry(person.id.as_str().to_lowercase())
                    .and_modify(|slot| *slot = slot.filter(|&q| same_id(q)).map(|_| i))
                    .or_insert(Some(i));
            }
            if let Some(email) = person.email.as_deref().and_then(email_in) {
                if let Some(list) = directory.shared_emails.get_mut(&email) {
                    list.push(i);
                } else if let Some(&first) = directory.emails.get(&email) {
                    directory.shared_emails.insert(email, vec![first, i]);
                } else {
                    directory.emails.insert(email, i);
                }
            }
            directory.exact_names.text.push_str(person.name.trim());
            directory.exact_names.seal();
            let start = directory.names.text.len();
            normalize_into(&person.name, &mut scratch, &mut directory.names.text);
            directory.names.seal();
            let norm = &directory.names.text[start..];
            directory.normalized.add(norm, i);
        }
        directory
    }

    /// E-mails that several people have, each with those people, in file order.
    pub fn shared_emails(&self) -> Vec<(&str, &[PersonIx])> {
        let mut shared: Vec<(&str, &[PersonIx])> = self
            .shared_emails
            .iter()
            .map(|(email, people)| (email.as_str(), people.as_slice()))
            .collect();
        shared.sort_by_key(|(_, people)| people[0]);
        shared
    }

    /// The same directory with other fuzzy-match rules.
    #[must_use]
    pub fn with_fuzzy(mut self, fuzzy: Fuzzy) -> Self {
        self.fuzzy = fuzzy;
        self.cache.borrow_mut().clear();
        self
    }

    /// The one person whose id is `text` in another case (`e04` for `E04`).
    fn id_in_any_case(&self, text: &str) -> Option<PersonIx> {
        if self.folded_ids.is_empty() && !text.chars().any(char::is_uppercase) {
            return None; // no id has capitals, and `text` is already in lower case
        }
        let lower = text.to_lowercase();
        match (self.ids.get(&lower), self.folded_ids.get(&lower)) {
            (Some(p), None) | (None, Some(&Some(p))) => Some(p),
            _ => None,
        }
    }

    /// Resolves without the fuzzy step: id, e-mail, exact name, normalised name, then id in
    /// any case.
    pub fn resolve_certain(&self, text: &str) -> Outcome {
        let text = text.trim();
        if text.is_empty() {
            return Outcome::Unmatched;
        }
        if let Some(p) = self.ids.get(text) {
            return Outcome::Found(p, How::Id);
        }
        if let Some(email) = email_in(text) {
            let shared = self.shared_emails.get(&email);
            if shared.is_none()
                && let Some(&p) = self.emails.get(&email)
            {
                return Outcome::Found(p, How::Email);
            }
            // `Name <address>` with an unknown or shared address: try the name part.
            if let Some(start) = text.rfind('<') {
                let name = text[..start].trim().trim_matches('"');
                if !name.is_empty() {
                    match (self.resolve_certain(name), shared) {
                        (Outcome::Unmatched, Some(people)) => {
                            return Outcome::Ambiguous(people.clone());
                        }
                        (outcome, _) => return outcome,
                    }
                }
            }
            if let Some(people) = shared {
                return Outcome::Ambiguous(people.clone());
            }
        }
        // Names before ids in another case: where the ids are names or e-mails (an org chart
        // without an id column), those steps say how such a text matched.
        self.by_name(text)
            .or_else(|| {
                self.id_in_any_case(text)
                    .map(|p| Outcome::Found(p, How::Id))
            })
            .unwrap_or(Outcome::Unmatched)
    }

    /// The exact name step, then the normalised one. Everybody called `text` exactly has its
    /// normalised name, so both come from one lookup.
    fn by_name(&self, text: &str) -> Option<Outcome> {
        let similar = self.normalized.find(&normalize_name(text), &self.names);
        let exact: Vec<PersonIx> = similar
            .iter()
            .copied()
            .filter(|&p| self.exact_names.get(p) == text)
            .collect();
        let outcome = |list: Vec<PersonIx>, how| match list.as_slice() {
            [] => None,
            [one] => Some(Outcome::Found(*one, how)),
            _ => Some(Outcome::Ambiguous(list)),
        };
        outcome(exact, How::Exact).or_else(|| outcome(similar, How::Normalized))
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
        let mut best: Vec<(f64, PersonIx)> = (0..self.names.len() as PersonIx)
            .map(|i| (strsim::jaro_winkler(&norm, self.names.get(i)), i))
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
        assert_eq!(normalize_name("a, b, c"), "a b c");
        assert_eq!(normalize_name(" , Ada"), "ada");
        assert_eq!(normalize_name(""), "");
    }

    /// An exact name tells apart people whose normalised names are one.
    #[test]
    fn exact_names_win_over_normalised_ones() {
        let d = Directory::new(&[
            Person::new("e1", "Zoe Smith"),
            Person::new("e2", "Zoë Smith"),
            Person::new("e3", " Zoë Smith "),
        ]);
        assert_eq!(
            d.resolve_certain("Zoe Smith"),
            Outcome::Found(0, How::Exact)
        );
        assert_eq!(
            d.resolve_certain("Zoë Smith"),
            Outcome::Ambiguous(vec![1, 2])
        );
        assert_eq!(
            d.resolve_certain("smith, zoe"),
            Outcome::Ambiguous(vec![0, 1, 2])
        );
    }

    /// Apostrophes as phones and word processors type them read as the ASCII one.
    #[test]
    fn curly_apostrophes_normalize_as_the_ascii_one() {
        for name in [
            "O\u{2019}Brien, Ada",
            "O\u{2018}Brien, Ada",
            "O\u{02BC}Brien, Ada",
        ] {
            assert_eq!(normalize_name(name), "ada o'brien", "{name}");
        }
        let d = Directory::new(&[
            Person::new("e1", "Dana O'Brien"),
            Person::new("e2", "Ann Lee"),
        ]);
        assert_eq!(
            d.resolve_certain("Dana O\u{2019}Brien"),
            Outcome::Found(0, How::Normalized)
        );
        let curly = Directory::new(&[Person::new("e1", "Dana O\u{2019}Brien")]);
        assert_eq!(
            curly.resolve_certain("dana o'brien"),
            Outcome::Found(0, How::Normalized)
        );
    }

    /// An id in another case matches when it fits exactly one person.
    #[test]
    fn ids_match_in_any_case_when_one_person_fits() {
        let people = vec![
            Person::new("E04", "Ann Lee"),
            Person::new("ab", "Bo Chen"),
            Person::new("Ab", "Cy Diaz"),
            Person::new("x9", "Di Fox"),
            Person::new("Q1", "Eve Gold"),
            Person::new("q1", "Fay Wong"),
        ];
        let d = Directory::new(&people);
        assert_eq!(d.resolve_certain("e04"), Outcome::Found(0, How::Id));
        assert_eq!(d.resolve_certain(" E04 "), Outcome::Found(0, How::Id));
        assert_eq!(d.resolve_certain("X9"), Outcome::Found(3, How::Id));
        assert_eq!(d.resolve_certain("Ab"), Outcome::Found(2, How::Id));
        // "AB" folds to both "ab" and "Ab"; "q1" and "Q1" are each exact.
        assert_eq!(d.resolve_certain("AB"), Outcome::Unmatched);
        assert_eq!(d.resolve_certain("q1"), Outcome::Found(5, How::Id));
        // Two people whose ids differ only in case: "Zz" fits neither exactly, both folded.
        let twins = Directory::new(&[Person::new("ZZ", "A B"), Person::new("zZ", "C D")]);
        assert_eq!(twins.resolve_certain("zz"), Outcome::Unmatched);
        // A repeated id is one id: the last person wins, as with the exact id.
        let repeated = Directory::new(&[Person::new("K7", "A B"), Person::new("K7", "C D")]);
        assert_eq!(repeated.resolve_certain("k7"), Outcome::Found(1, How::Id));
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
