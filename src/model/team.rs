//! The hand-writable team file schema (serde).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A person's short text fields (id, name, title, ...). Up to 24 bytes are kept inline, with
/// no allocation of their own: nearly every id, name, title and department. At a million
/// people that is about 200 MB less than one `String` allocation per field.
pub type Text = compact_str::CompactString;

/// A whole team as written in a team file: people, advice ties and other relations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Team", deny_unknown_fields)]
pub struct Team {
    /// A display name for the team ("Krackhardt high-tech managers").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Everybody in the team, managers included.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Directed advice ties: the seeker goes to the adviser for advice.
    #[serde(default)]
    pub advice: Vec<Tie>,
    /// Other directed relations (friendship, trust, ...), kept but never mixed into advice
    /// metrics. Keyed by relation name.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub relations: BTreeMap<String, Vec<Link>>,
}

/// One person. Only `id` and `name` are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Person", deny_unknown_fields)]
pub struct Person {
    /// Unique id, as in the HR system.
    pub id: Text,
    /// Display name.
    pub name: Text,
    /// Id of the direct manager; absent for the top of a reporting line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Text>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Department, team or org unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Text>,
    /// Work e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
    /// `Some(false)` when the person did not answer the survey, so "nobody named them" can be
    /// told from "they did not answer". Absent means unknown (treated as a respondent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<bool>,
    /// Free-form attributes (office, level, tenure, ...).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub attributes: BTreeMap<String, String>,
}

/// A map whose keys are all different. Serde's own map keeps the last value of a key written
/// twice, and the others would be lost without a word: here that is an error, placed where
/// the key is written again.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!(
                        "\"{key}\" is written twice in this map: one of its values would be \
                         lost; keep one"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// A directed advice tie: `seeker` goes to `advisor` for advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Tie", deny_unknown_fields)]
pub struct Tie {
    /// Id of the person who asks for advice.
    pub seeker: Text,
    /// Id of the person they go to.
    pub advisor: Text,
    /// Strength of the tie (frequency, rank weight); a number from
    /// [`MIN_WEIGHT`](super::MIN_WEIGHT) to [`MAX_WEIGHT`](super::MAX_WEIGHT), default 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

/// A directed tie of another relation: `from` named `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Link", deny_unknown_fields)]
pub struct Link {
    /// Id of the person who named the other.
    pub from: Text,
    /// Id of the person named.
    pub to: Text,
    /// Strength of the tie, default 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(weight: &f64) -> bool {
    (*weight - 1.0).abs() < f64::EPSILON
}

impl Tie {
    /// A tie of weight 1.
    pub fn new(seeker: impl Into<Text>, advisor: impl Into<Text>) -> Self {
        Tie {
            seeker: seeker.into(),
            advisor: advisor.into(),
            weight: 1.0,
        }
    }
}

impl Person {
    /// A person with just an id and a name.
    pub fn new(id: impl Into<Text>, name: impl Into<Text>) -> Self {
        Person {
            id: id.into(),
            name: name.into(),
            ..Person::default()
        }
    }
}
