//! Synthetic orgs.
