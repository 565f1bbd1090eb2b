//! Keyed pseudonyms (HMAC-SHA256) for person ids.

use std::collections::HashMap;
use std::fmt::Write as _;

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use thiserror::Error;

use crate::model::{Org, Person, PersonIx, Text};

/// The shortest key accepted, in bytes; shorter keys are easy to guess.
pub const MIN_KEY_BYTES: usize = 16;

/// Hex digits of the digest in a pseudonym: 64 bits, so that two ids of even a very large
/// organization practically never share one (about 1 chance in 37 million at 1,000,000
/// people), and every pseudonym can have the same length in every run.
const DIGITS: usize = 16;

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

/// Two people of the same run got the same pseudonym: the 64 bits of two ids' digests are
/// the same. Nothing is written, since the output would merge the two people.
#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "two people get the same pseudonym '{pseudonym}' under this key (a chance of about 1 in \
     10^19 for two given ids); pseudonymize with another key, knowing that the pseudonyms \
     then differ from those of earlier runs"
)]
pub struct PseudonymCollision {
    /// The pseudonym the two share.
    pub pseudonym: String,
}

/// Makes stable pseudonyms from person ids with a secret key.
///
/// The pseudonym of an id is `P-` followed by the first 16 hex digits (64 bits) of
/// HMAC-SHA256(key, id): the same key and id always give the same pseudonym, whatever else
/// is in the team. Its first 10 digits are the pseudonym older versions of roving gave
/// (they added the other 6 only when two ids of a team shared those 10), so their outputs
/// match by prefix.
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

    /// The pseudonym of one id (`P-` and 16 hex digits).
    pub fn pseudonym(&self, id: &str) -> String {
        self.digest_hex(id, DIGITS)
    }

    /// The same org with every person pseudonymized: id, name and manager become the
    /// pseudonym, e-mail and free-form attributes are dropped, title, department and the
    /// respondent flag are kept, and so are the team's name, the ties and their weights.
    ///
    /// # Errors
    ///
    /// [`PseudonymCollision`] when two people would get the same pseudonym.
    pub fn try_org(&self, org: Org) -> Result<Org, PseudonymCollision> {
        let mut orgs = self.try_orgs(vec![org])?;
        Ok(orgs.swap_remove(0))
    }

    /// Several orgs (the waves of a survey) pseudonymized as [`Pseudonymizer::try_org`]
    /// does. A person has the same pseudonym in every wave, as in any other run.
    ///
    /// # Errors
    ///
    /// [`PseudonymCollision`] when two people, in the same wave or not, would get the same
    /// pseudonym.
    pub fn try_orgs(&self, orgs: Vec<Org>) -> Result<Vec<Org>, PseudonymCollision> {
        let parts: Vec<_> = orgs.into_iter().map(Org::into_parts).collect();
        let hidden: Vec<Vec<Person>> = {
            let table = table(
                parts
                    .iter()
                    .flat_map(|(_, people, ..)| people.iter().map(|p| p.id.as_str())),
                |id| self.pseudonym(id),
            )?;
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
        Ok(parts
            .into_iter()
            .zip(hidden)
            .map(|((name, people, chart, advice, relations), hidden)| {
                let ranks = crate::metrics::id_ranks(&people);
                drop(people);
                let index: HashMap<String, PersonIx> = hidden
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.to_string(), i as PersonIx))
                    .collect();
                Org::from_parts(name, hidden, index, chart, advice, relations).with_id_ranks(ranks)
            })
            .collect())
    }
}

/// The pseudonym `name` gives each of `ids` (repeats are one person).
///
/// # Errors
///
/// [`PseudonymCollision`] when two different ids get the same one: taking more digits for
/// them would give them pseudonyms that no other run gives them.
fn table<'a>(
    ids: impl Iterator<Item = &'a str>,
    name: impl Fn(&str) -> String,
) -> Result<HashMap<&'a str, String>, PseudonymCollision> {
    let mut table: HashMap<&str, String> = HashMap::new();
    // Each pseudonym given, with its id: a second id for one is a collision.
    let mut owners: HashMap<String, &str> = HashMap::new();
    for id in ids {
        if table.contains_key(id) {
            continue;
        }
        let pseudonym = name(id);
        if owners.insert(pseudonym.clone(), id).is_some() {
            return Err(PseudonymCollision { pseudonym });
        }
        table.insert(id, pseudonym);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::team_from_str;

    const KEY: &[u8] = b"0123456789abcdef-test-key";

    #[test]
    fn matches_a_reference_hmac() {
        // python: hmac.new(b"0123456789abcdef-test-key", b"42", hashlib.sha256).hexdigest()[:16]
        let p = Pseudonymizer::new(KEY).unwrap();
        let expected = reference_hmac(KEY, b"42");
        assert_eq!(p.pseudonym("42"), format!("P-{}", &expected[..16]));
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

    /// Under this key the first 10 hex digits of the pseudonyms of ids 1585040 and 1887973
    /// are the same (`P-044eb38edd`, found by search), which is all older versions gave.
    const CLASHING_KEY: &[u8] = b"0123456789abcdef0123";

    /// Every pseudonym has 16 digits: two ids that share the first 10 are told apart, and
    /// each keeps the pseudonym it has in any other team (before, they got 16 digits only
    /// in a team that had both).
    #[test]
    fn ids_sharing_ten_digits_keep_their_own_pseudonyms_in_every_team() {
        let p = Pseudonymizer::new(CLASHING_KEY).unwrap();
        let expected =
            |id: &str| format!("P-{}", &reference_hmac(CLASHING_KEY, id.as_bytes())[..16]);
        let (ann, bob) = (p.pseudonym("1585040"), p.pseudonym("1887973"));
        assert_eq!(ann, expected("1585040"));
        assert_eq!(bob, expected("1887973"));
        assert_eq!((&ann[..12], &bob[..12]), ("P-044eb38edd", "P-044eb38edd"));
        assert_ne!(ann, bob);
        let ids =
            |org: &Org| -> Vec<String> { org.people().iter().map(|q| q.id.to_string()).collect() };
        let both = p
            .try_org(
                team_from_str(
                    r#"Team(people: [Person(id: "1585040", name: "A"),
                        Person(id: "1887973", name: "B", manager: "1585040")])"#,
                )
                .unwrap(),
            )
            .unwrap();
        assert_eq!(ids(&both), [ann.clone(), bob]);
        let alone = p
            .try_org(team_from_str(r#"Team(people: [Person(id: "1585040", name: "A")])"#).unwrap())
            .unwrap();
        assert_eq!(ids(&alone), [ann]);
    }

    /// Two waves: each person has one pseudonym in both, the one a wave alone gives them.
    #[test]
    fn waves_give_each_person_one_pseudonym() {
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
        let waves = p.try_orgs(vec![first, second]).unwrap();
        let ids =
            |org: &Org| -> Vec<String> { org.people().iter().map(|q| q.id.to_string()).collect() };
        let one: Vec<String> = ["1585040", "1887973", "3"]
            .iter()
            .map(|id| p.pseudonym(id))
            .collect();
        assert_eq!(ids(&waves[0]), one);
        assert_eq!(ids(&waves[1]), [one[0].clone(), one[2].clone()]);
        assert_eq!(waves[0].person(1).manager.as_deref(), Some(one[0].as_str()));
    }

    /// Two different ids with the same pseudonym are an error, not a longer pseudonym for
    /// them. (A 64-bit collision cannot be found for a test: the 10-digit form stands in.)
    #[test]
    fn two_ids_with_one_pseudonym_are_an_error() {
        let p = Pseudonymizer::new(CLASHING_KEY).unwrap();
        let short = |id: &str| p.digest_hex(id, 10);
        assert_eq!(
            table(["3", "1585040", "1887973"].into_iter(), short).unwrap_err(),
            PseudonymCollision {
                pseudonym: "P-044eb38edd".to_string()
            }
        );
        // The same id twice (one person in two waves) is one person.
        let table = table(["1585040", "3", "1585040"].into_iter(), short).unwrap();
        assert_eq!(table.len(), 2);
        assert_eq!(table["1585040"], "P-044eb38edd");
        let message = PseudonymCollision {
            pseudonym: "P-0".to_string(),
        }
        .to_string();
        assert!(message.contains("another key"), "{message}");
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
        let hidden = p.try_org(org).unwrap();
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
