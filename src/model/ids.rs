//! Person ids to person indices, fast for the common case of numeric HR ids.

use std::collections::HashMap;

use super::{NONE, PersonIx};

/// Looks up people by id.
///
/// When every id is a whole number written plainly (`"17"`, not `"017"` or `"+17"`) and the
/// largest is not far above the head count, ids index a table directly: no hashing, no
/// string copies, and a tie file's id columns resolve without building strings. Otherwise a
/// hash map (foldhash) from id to index. Either way a lookup answers exactly what a
/// `HashMap<String, PersonIx>` would.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    kind: Kind,
    len: usize,
}

#[derive(Debug, Clone)]
enum Kind {
    /// `table[number]` is the person whose id is `number`, or [`NONE`].
    Dense(Vec<PersonIx>),
    /// Any other ids.
    Hashed(HashMap<Box<str>, PersonIx, foldhash::fast::RandomState>),
}

impl Default for Kind {
    fn default() -> Self {
        Kind::Dense(Vec::new())
    }
}

/// The value of a plainly written whole number below `2^32` (digits only, no leading zero
/// unless it is `"0"`), else `None`. Two such strings are equal exactly when their values are.
#[inline]
pub fn plain_number(id: &[u8]) -> Option<u32> {
    if id.is_empty() || id.len() > 10 || (id[0] == b'0' && id.len() > 1) {
        return None;
    }
    let mut value = 0u64;
    for &b in id {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + u64::from(digit);
    }
    u32::try_from(value).ok()
}

impl IdIndex {
    /// Indexes `ids` by position. On a repeated id, returns `(first, second)` positions of
    /// the first repeat found in order.
    pub fn build<'a>(
        ids: impl ExactSizeIterator<Item = &'a str> + Clone,
    ) -> Result<Self, (usize, usize)> {
        let len = ids.len();
        // Dense when all ids are plain numbers and the table stays within 4x the head count.
        let limit = len.saturating_mul(4).saturating_add(1024);
        let mut max = 0usize;
        let dense = ids.clone().all(|id| match plain_number(id.as_bytes()) {
            Some(v) if (v as usize) < limit => {
                max = max.max(v as usize);
                true
            }
            _ => false,
        });
        if dense {
            let mut table = vec![NONE; if len == 0 { 0 } else { max + 1 }];
            for (i, id) in ids.enumerate() {
                let slot = &mut table[plain_number(id.as_bytes()).unwrap_or(0) as usize];
                if *slot != NONE {
                    return Err((*slot as usize, i));
                }
                *slot = i as PersonIx;
            }
            return Ok(IdIndex {
                kind: Kind::Dense(table),
                len,
            });
        }
        let mut map =
            HashMap::with_capacity_and_hasher(len, foldhash::fast::RandomState::default());
        for (i, id) in ids.enumerate() {
            if let Some(&first) = map.get(id) {
                return Err((first as usize, i));
            }
            map.insert(Box::from(id), i as PersonIx);
        }
        Ok(IdIndex {
            kind: Kind::Hashed(map),
            len,
        })
    }

    /// The index of the person with this id.
    #[inline]
    pub fn get(&self, id: &str) -> Option<PersonIx> {
        match &self.kind {
            Kind::Dense(table) => Self::dense(table, id.as_bytes()),
            Kind::Hashed(map) => map.get(id).copied(),
        }
    }

    /// The index of the person with this id, given as raw bytes (from a CSV field). Bytes
    /// that are not UTF-8 name nobody.
    #[inline]
    pub fn get_bytes(&self, id: &[u8]) -> Option<PersonIx> {
        match &self.kind {
            Kind::Dense(table) => Self::dense(table, id),
            Kind::Hashed(map) => std::str::from_utf8(id)
                .ok()
                .and_then(|s| map.get(s).copied()),
        }
    }

    #[inline]
    fn dense(table: &[PersonIx], id: &[u8]) -> Option<PersonIx> {
        let p = *table.get(plain_number(id)? as usize)?;
        (p != NONE).then_some(p)
    }

    /// True when ids index a table directly (all plain whole numbers).
    pub fn is_dense(&self) -> bool {
        matches!(self.kind, Kind::Dense(_))
    }

    /// Number of people indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nobody is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl From<HashMap<String, PersonIx>> for IdIndex {
    /// Re-indexes a map whose values are the positions `0..len` (as validation builds it).
    fn from(map: HashMap<String, PersonIx>) -> Self {
        let mut ids = vec![""; map.len()];
        let mut positions_ok = true;
        for (id, &p) in &map {
            match ids.get_mut(p as usize) {
                Some(slot) if slot.is_empty() => *slot = id.as_str(),
                _ => positions_ok = false,
            }
        }
        if positions_ok && let Ok(index) = IdIndex::build(ids.iter().copied()) {
            return index;
        }
        let len = map.len();
        let hashed = map
            .into_iter()
            .map(|(id, p)| (id.into_boxed_str(), p))
            .collect();
        IdIndex {
            kind: Kind::Hashed(hashed),
            len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_only() {
        assert_eq!(plain_number(b"0"), Some(0));
        assert_eq!(plain_number(b"4294967295"), Some(u32::MAX));
        for bad in [
            &b""[..],
            b"00",
            b"017",
            b"+1",
            b"-1",
            b" 1",
            b"1 ",
            b"1e3",
            b"4294967296",
        ] {
            assert_eq!(plain_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numeric_ids_index_a_table_and_answer_like_a_map() {
        let index = IdIndex::build(["3", "1", "2", "10"].into_iter()).unwrap();
        assert!(index.is_dense());
        assert_eq!(index.get("10"), Some(3));
        assert_eq!(index.get("1"), Some(1));
        assert_eq!(index.get_bytes(b"2"), Some(2));
        for absent in ["4", "01", "+1", " 1", "", "x", "99999999999"] {
            assert_eq!(index.get(absent), None, "{absent:?}");
        }
    }

    #[test]
    fn other_ids_are_hashed() {
        let index = IdIndex::build(["ada", "01", "7"].into_iter()).unwrap();
        assert!(!index.is_dense());
        assert_eq!(index.get("01"), Some(1));
        assert_eq!(index.get("1"), None);
        assert_eq!(index.get_bytes(b"ada"), Some(0));
        assert_eq!(index.get_bytes(&[0xff]), None);
        // Huge numbers would make the table too sparse.
        assert!(
            !IdIndex::build(["1", "900000000"].into_iter())
                .unwrap()
                .is_dense()
        );
    }

    #[test]
    fn repeats_are_reported_by_position() {
        assert_eq!(
            IdIndex::build(["5", "6", "5"].into_iter()).unwrap_err(),
            (0, 2)
        );
        assert_eq!(
            IdIndex::build(["a", "b", "b"].into_iter()).unwrap_err(),
            (1, 2)
        );
    }

    #[test]
    fn converts_from_a_validation_map() {
        let map: HashMap<String, PersonIx> = [("2".to_string(), 0), ("1".to_string(), 1)]
            .into_iter()
            .collect();
        let index = IdIndex::from(map);
        assert!(index.is_dense());
        assert_eq!(
            (index.get("2"), index.get("1"), index.len()),
            (Some(0), Some(1), 2)
        );
    }
}
