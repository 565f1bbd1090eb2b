//! `--pseudonymize`, `--key-file` and `--min-group`, shared by the commands that print
//! people or group figures.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use crate::model::Org;
use crate::privacy::{DEFAULT_MIN_GROUP, Pseudonymizer};

/// The environment variable that holds the pseudonym key when `--key-file` is not given.
pub const KEY_VARIABLE: &str = "ROVING_KEY";

/// Privacy flags.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Privacy")]
pub struct PrivacyArgs {
    /// Replace names, e-mails and ids by stable pseudonyms (HMAC-SHA256 keyed with
    /// --key-file or `ROVING_KEY`; the same key gives the same pseudonyms in every wave).
    /// E-mails and free-form attributes are dropped; titles and departments are kept.
    #[arg(long)]
    pub pseudonymize: bool,
    /// File holding the pseudonym key (16 bytes or more). Default: the `ROVING_KEY` variable.
    #[arg(long, value_name = "FILE", requires = "pseudonymize")]
    pub key_file: Option<PathBuf>,
    /// Hide groups (departments) with fewer than N people in tables of group figures.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_MIN_GROUP,
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    pub min_group: usize,
}

impl Default for PrivacyArgs {
    fn default() -> Self {
        PrivacyArgs {
            pseudonymize: false,
            key_file: None,
            min_group: DEFAULT_MIN_GROUP,
        }
    }
}

impl PrivacyArgs {
    /// The pseudonymizer asked for, if any.
    pub fn pseudonymizer(&self) -> anyhow::Result<Option<Pseudonymizer>> {
        if !self.pseudonymize {
            return Ok(None);
        }
        let key = if let Some(path) = &self.key_file {
            std::fs::read(path)
                .with_context(|| format!("cannot read the key file '{}'", path.display()))?
        } else if let Some(value) = std::env::var_os(KEY_VARIABLE).filter(|v| !v.is_empty()) {
            value.into_encoded_bytes()
        } else {
            bail!(
                "--pseudonymize needs a secret key: pass --key-file FILE or set {KEY_VARIABLE} \
                 (for example `export {KEY_VARIABLE}=$(openssl rand -hex 32)`); keep the key \
                 private and reuse it so every wave gets the same pseudonyms"
            );
        };
        let source = match &self.key_file {
            Some(path) => format!("key file '{}'", path.display()),
            None => KEY_VARIABLE.to_string(),
        };
        Ok(Some(
            Pseudonymizer::new(&key).with_context(|| format!("unusable {source}"))?,
        ))
    }

    /// The org as it may be shown: pseudonymized when asked.
    pub fn apply(&self, org: Org) -> anyhow::Result<Org> {
        Ok(match self.pseudonymizer()? {
            Some(p) => p.org(org),
            None => org,
        })
    }
}
