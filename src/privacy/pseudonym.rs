//! Keyed pseudonyms (HMAC-SHA256) for person ids.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use thiserror::Error;

use crate::model::{Org, Person, PersonIx, Text};

/// The shortest key accepted, in bytes; shorter keys are easy to guess.
pub const MIN_KEY_BYTES: usize = 16;

/// Hex digits of the digest kept in a pseudonym (40 bits), unless two ids collide.
const SHORT: usize = 10;
/// Hex digits for the ids whose short forms collide inside one team (64 bits).
const LONG: usize = 16;

/// Why a key cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    /// The key is shorter than [`MIN_KEY_BYTES`].
    #[error(
        "the pseudonym key is {len} bytes long; use at least {MIN_KEY_BYTES} random bytes, \
         such as the output of `openssl rand -hex 32`"
    )]
    TooShort {
        /// Length of the key given.
        len: usize,
    },
}

/// Makes stable pseudonyms from person ids with a secret key.
///
/// The pseudonym of an id is `P-` followed by the first 10 hex digits of
/// HMAC-SHA256(key, id): the same key and id always give the same pseudonym.
#[derive(Clone)]
pub struct Pseudonymizer {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer { key: <hidden> }")
    }
}

impl Pseudonymizer {
    /// A pseudonymizer with this key. Surrounding whitespace (a file's final newline) is
    /// not part of the key.
    ///
    /// # Errors
    ///
    /// [`KeyError::TooShort`] for keys under [`MIN_KEY_BYTES`] bytes.
    pub fn new(key: &[u8]) -> Result<Self, KeyError> {
        let key = key.trim_ascii();
        if key.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort { len: key.len() });
        }
        let mac = Hmac::<Sha256>::new_from_slice(key)
            .map_err(|_| KeyError::TooShort { len: key.len() })?;
        Ok(Pseudonymizer { mac })
    }

    fn digest_hex(&self, id: &str, digits: usize) -> String {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        let bytes = mac.finalize().into_bytes();
        let mut text = String::with_capacity(2 + digits);
        text.push_str("P-");
        for byte in bytes.iter().take(digits.div_ceil(2)) {
            let _ = write!(text, "{byte:02x}");
        }
        text.truncate(2 + digits);
        text
    }

    /// The pseudonym of one id (`P-` and 10 hex digits).
    pub fn pseudonym(&self, id: &str) -> String {
        self.digest_hex(id, SHORT)
    }

    /// Pseudonyms for every id: the short form, and the long one for ids whose short forms
    /// collide (only for them: everybody else keeps the pseudonym they have in any other
    /// team under the same key).
    fn table<'a>(&self, ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
        let mut table: HashMap<&str, String> =
            ids.map(|id| (id, String::new())).collect::<HashMap<_, _>>();
        for (id, pseudonym) in &mut table {
            *pseudonym = self.digest_hex(id, SHORT);
        }
        let mut owners: HashMap<&str, usize> = HashMap::with_capacity(table.len());
        for pseudonym in table.values() {
            *owners.entry(pseudonym.as_str()).or_default() += 1;
        }
        let clashing: HashSet<String> = owners
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(p, _)| p.to_string())
            .collect();
        if clashing.is_empty() {
            return table;
        }
        // In id order, so that the output does not depend on hashing.
        let mut lengthened: Vec<&str> = table
            .iter()
            .filter(|(_, p)| clashing.contains(p.as_str()))
            .map(|(id, _)| *id)
            .collect();
        lengthened.sort_unstable();
        let mut long = HashSet::new();
        let mut again = 0;
        for id in lengthened {
            let mut pseudonym = self.digest_hex(id, LONG);
            // 64-bit collisions too: named by their digest and a count.
            if !long.insert(pseudonym.clone()) {
                let _ = write!(pseudonym, "-{again}");
                again += 1;
            }
            table.insert(id, pseudonym);
        }
        table
    }

    /// The same org with every person pseudonymized: id, name and manager become the
    /// pseudonym, e-mail and free-form attributes are dropped, title, department and the
    /// respondent flag are kept. Ties and the reporting structure are unchanged.
    pub fn org(&self, org: Org) -> Org {
        self.orgs(vec![org]).pop().expect("one org in, one out")
    }

    /// Several orgs (the waves of a survey) pseudonymized as [`Pseudonymizer::org`] does,
    /// with one table: a person has the same pseudonym in every wave, even when their short
    /// pseudonym collides with someone's in one wave only.
    pub fn orgs(&self, orgs: Vec<Org>) -> Vec<Org> {
        let parts: Vec<_> = orgs.into_iter().map(Org::into_parts).collect();
        let hidden: Vec<Vec<Person>> = {
            let table = self.table(
                parts
                    .iter()
                    .flat_map(|(_, people, ..)| people.iter().map(|p| p.id.as_str())),
            );
            let alias = |id: &str| table.get(id).cloned().unwrap_or_else(|| self.pseudonym(id));
            parts
                .iter()
                .map(|(_, people, ..)| {
                    people
                        .iter()
                        .map(|p| {
                            let id = alias(&p.id);
                            Person {
                                name: Text::from(id.as_str()),
                                id: id.into(),
                                manager: p.manager.as_deref().map(|m| alias(m).into()),
                                title: p.title.clone(),
                                department: p.department.clone(),
                                email: None,
                                respondent: p.respondent,
                                attributes: std::collections::BTreeMap::new(),
                            }
                        })
                        .collect()
                })
                .collect()
        };
        parts
            .into_iter()
            .zip(hidden)
            .map(|((name, people, chart, advice, relations), hidden)| {
                drop(people);
                let index: HashMap<String, PersonIx> = hidden
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.to_string(), i as PersonIx))
                    .collect();
                Org::from_parts(name, hidden, index, chart, advice, relations)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::team_from_str;

    const KEY: &[u8] = b"0123456789abcdef-test-key";

    #[test]
    fn matches_a_reference_hmac() {
        // python: hmac.new(b"0123456789abcdef-test-key", b"42", hashlib.sha256).hexdigest()[:10]
        let p = Pseudonymizer::new(KEY).unwrap();
        let expected = reference_hmac(KEY, b"42");
        assert_eq!(p.pseudonym("42"), format!("P-{}", &expected[..10]));
        assert_eq!(p.pseudonym("42"), p.pseudonym("42"));
        assert_ne!(p.pseudonym("42"), p.pseudonym("43"));
        let other = Pseudonymizer::new(b"another key of 16+ bytes").unwrap();
        assert_ne!(p.pseudonym("42"), other.pseudonym("42"));
    }

    /// HMAC-SHA256 spelled out from RFC 2104 with the `sha2` hash alone.
    fn reference_hmac(key: &[u8], message: &[u8]) -> String {
        use sha2::Digest as _;
        let mut block = [0u8; 64];
        block[..key.len()].copy_from_slice(key);
        let inner: Vec<u8> = block
            .iter()
            .map(|b| b ^ 0x36)
            .chain(message.iter().copied())
            .collect();
        let inner = Sha256::digest(&inner);
        let outer: Vec<u8> = block
            .iter()
            .map(|b| b ^ 0x5c)
            .chain(inner.iter().copied())
            .collect();
        Sha256::digest(&outer)
            .iter()
            .fold(String::new(), |mut hex, b| {
                use std::fmt::Write as _;
                let _ = write!(hex, "{b:02x}");
                hex
            })
    }

    /// Under this key the short pseudonyms of ids 1585040 and 1887973 are the same
    /// (`P-044eb38edd`, found by search).
    const CLASHING_KEY: &[u8] = b"0123456789abcdef0123";

    #[test]
    fn only_colliding_ids_get_the_long_form() {
        let p = Pseudonymizer::new(CLASHING_KEY).unwrap();
        assert_eq!(p.pseudonym("1585040"), "P-044eb38edd");
        assert_eq!(p.pseudonym("1887973"), "P-044eb38edd");
        let table = p.table(["1585040", "1887973", "3"].into_iter());
        let expected =
            |id: &str| format!("P-{}", &reference_hmac(CLASHING_KEY, id.as_bytes())[..16]);
        assert_eq!(table["1585040"], expected("1585040"));
        assert_eq!(table["1887973"], expected("1887973"));
        assert_ne!(table["1585040"], table["1887973"]);
        // Everybody else keeps the pseudonym they have in any team.
        assert_eq!(table["3"], p.pseudonym("3"));
    }

    /// Two waves: the collision is in the first only. Each person has one pseudonym in both.
    #[test]
    fn waves_share_one_table() {
        let first = team_from_str(
            r#"Team(people: [Person(id: "1585040", name: "A"),
                Person(id: "1887973", name: "B", manager: "1585040"), Person(id: "3", name: "C")])"#,
        )
        .unwrap();
        let second = team_from_str(
            r#"Team(people: [Person(id: "1585040", name: "A"), Person(id: "3", name: "C")])"#,
        )
        .unwrap();
        let p = Pseudonymizer::new(CLASHING_KEY).unwrap();
        let waves = p.orgs(vec![first, second]);
        let ids =
            |org: &Org| -> Vec<String> { org.people().iter().map(|q| q.id.to_string()).collect() };
        let (one, two) = (ids(&waves[0]), ids(&waves[1]));
        assert_eq!(one.len(), 3);
        assert_eq!(two, [one[0].clone(), one[2].clone()]);
        assert_eq!(one[2], p.pseudonym("3"));
        // Alone, the second wave has no collision: the short form.
        let alone =
            p.org(team_from_str(r#"Team(people: [Person(id: "1585040", name: "A")])"#).unwrap());
        assert_eq!(ids(&alone), ["P-044eb38edd"]);
    }

    #[test]
    fn short_keys_are_refused() {
        assert_eq!(
            Pseudonymizer::new(b"short\n").unwrap_err(),
            KeyError::TooShort { len: 5 }
        );
    }

    #[test]
    fn org_keeps_structure_and_drops_identity() {
        let org = team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "Ada Obi", email: "ada@x.example", department: "R&D",
                       attributes: {"office": "Oslo"}),
                Person(id: "2", name: "Bo Lin", manager: "1", title: "Engineer"),
            ], advice: [Tie(seeker: "2", advisor: "1", weight: 2)])"#,
        )
        .unwrap();
        let p = Pseudonymizer::new(KEY).unwrap();
        let hidden = p.org(org);
        let text = format!("{:?}", hidden.to_team());
        for secret in [
            "Ada",
            "Obi",
            "Bo Lin",
            "ada@x.example",
            "Oslo",
            "\"1\"",
            "\"2\"",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        let ada = p.pseudonym("1");
        let bo = hidden.find(&p.pseudonym("2")).unwrap();
        assert_eq!(hidden.person(bo).manager.as_deref(), Some(ada.as_str()));
        assert_eq!(hidden.person(bo).title.as_deref(), Some("Engineer"));
        assert_eq!(hidden.advice().edge_count(), 1);
        assert!((hidden.to_team().advice[0].weight - 2.0).abs() < 1e-12);
    }
}
