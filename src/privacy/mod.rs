//! Privacy: stable keyed pseudonyms for people, and suppression of small groups in tables of
//! group figures.
//!
//! Pseudonymized output replaces every id, name and manager id by a pseudonym made with
//! HMAC-SHA256 under a secret key (`P-` and 16 hex digits), so the same key gives the same
//! pseudonyms across survey waves and nobody without the key can recompute them from a staff
//! list. E-mail addresses and free-form attributes are dropped, since roving cannot tell
//! which of them identify someone. Departments and job titles are kept (they describe roles,
//! not people), and so is the team's name.
//!
//! Tables of group figures (per department, per subtree) hide groups smaller than a minimum
//! size (5 by default, as Microsoft Viva Insights does), so a figure cannot be traced back
//! to one or two people.

mod groups;
mod pseudonym;

pub use groups::{
    DEFAULT_MIN_GROUP, DepartmentFigures, NO_DEPARTMENT, Suppressed, by_department,
    department_label, suppress,
};
pub use pseudonym::{KeyError, MIN_KEY_BYTES, PseudonymCollision, Pseudonymizer};
