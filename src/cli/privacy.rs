//! `--pseudonymize`, `--key-file` and `--min-group`, shared by the commands that print
//! people or group figures.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{ArgMatches, Args, FromArgMatches};

use crate::io::{LoadError, Warning};
use crate::model::Org;
use crate::privacy::{DEFAULT_MIN_GROUP, Pseudonymizer};

/// The environment variable that holds the pseudonym key when `--key-file` is not given.
pub const KEY_VARIABLE: &str = "ROVING_KEY";

/// The largest key file read, in bytes. A key is 16 to a few hundred bytes: a larger file is
/// another file given by mistake (and `/dev/zero` would never end).
const MAX_KEY_FILE_BYTES: usize = 4096;

/// The privacy flags as clap parses them; commands read [`PrivacyArgs`].
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Privacy")]
struct PrivacyFlags {
    /// Replace each person's id and name by a pseudonym, `P-` and 16 hex digits of
    /// HMAC-SHA256 keyed with --key-file or `ROVING_KEY` (the same key gives the same
    /// pseudonyms in every wave), and manager ids by the managers' pseudonyms. E-mail
    /// addresses and free-form attributes are dropped; job titles, departments and the
    /// team's name are kept as they are.
    #[arg(long)]
    pseudonymize: bool,
    /// File holding the pseudonym key: 16 to 4096 bytes, such as the output of `openssl rand
    /// -hex 32` (surrounding whitespace and a UTF-8 byte order mark are not part of it).
    /// Default: the `ROVING_KEY` variable.
    #[arg(long, value_name = "FILE", requires = "pseudonymize")]
    key_file: Option<PathBuf>,
    /// Hide groups (departments) with fewer than N people in tables of group figures (`rank
    /// --by-department`, `diff`). Default: 5.
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    min_group: Option<usize>,
}

/// Privacy flags.
///
/// `--min-group` is read through [`PrivacyArgs::min_group`], which holds its default when the
/// flag is not given; [`PrivacyArgs::min_group_given`] tells whether it was, so that commands
/// with no table of group figures can refuse it.
#[derive(Debug, Clone)]
pub struct PrivacyArgs {
    /// `--pseudonymize`.
    pub pseudonymize: bool,
    /// `--key-file`.
    pub key_file: Option<PathBuf>,
    /// The smallest group shown in tables of group figures: `--min-group`, else
    /// [`DEFAULT_MIN_GROUP`].
    pub min_group: usize,
    /// Whether `--min-group` was given.
    min_group_given: bool,
}

impl Default for PrivacyArgs {
    fn default() -> Self {
        PrivacyFlags::default().into()
    }
}

impl From<PrivacyFlags> for PrivacyArgs {
    fn from(flags: PrivacyFlags) -> Self {
        PrivacyArgs {
            pseudonymize: flags.pseudonymize,
            key_file: flags.key_file,
            min_group: flags.min_group.unwrap_or(DEFAULT_MIN_GROUP),
            min_group_given: flags.min_group.is_some(),
        }
    }
}

impl From<&PrivacyArgs> for PrivacyFlags {
    fn from(args: &PrivacyArgs) -> Self {
        PrivacyFlags {
            pseudonymize: args.pseudonymize,
            key_file: args.key_file.clone(),
            min_group: args.min_group_given.then_some(args.min_group),
        }
    }
}

// By hand, to keep `min_group` a plain number for the commands that read it while knowing
// whether it was given: clap's derive can give one or the other.
impl FromArgMatches for PrivacyArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        PrivacyFlags::from_arg_matches(matches).map(Self::from)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        let mut flags = PrivacyFlags::from(&*self);
        flags.update_from_arg_matches(matches)?;
        *self = flags.into();
        Ok(())
    }
}

impl Args for PrivacyArgs {
    fn group_id() -> Option<clap::Id> {
        PrivacyFlags::group_id()
    }

    fn augment_args(command: clap::Command) -> clap::Command {
        PrivacyFlags::augment_args(command)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        PrivacyFlags::augment_args_for_update(command)
    }
}

impl PrivacyArgs {
    /// Whether `--min-group` was given, rather than left at its default.
    pub fn min_group_given(&self) -> bool {
        self.min_group_given
    }

    /// The pseudonymizer asked for, if any.
    ///
    /// This reads the key: call it once per run and keep the result, since a key file that
    /// is a pipe (`--key-file <(pass show roving)`) can be read only once.
    pub fn pseudonymizer(&self) -> anyhow::Result<Option<Pseudonymizer>> {
        if !self.pseudonymize {
            return Ok(None);
        }
        let (key, source) = if let Some(path) = &self.key_file {
            let source = format!("key file '{}'", path.display());
            (
                read_key_file(path).with_context(|| format!("unusable {source}"))?,
                source,
            )
        } else if let Some(value) = std::env::var_os(KEY_VARIABLE).filter(|v| !v.is_empty()) {
            (value.into_encoded_bytes(), KEY_VARIABLE.to_string())
        } else {
            bail!(
                "--pseudonymize needs a secret key: pass --key-file FILE or set {KEY_VARIABLE} \
                 (for example `export {KEY_VARIABLE}=$(openssl rand -hex 32)`); keep the key \
                 private and reuse it so every wave gets the same pseudonyms"
            );
        };
        Ok(Some(
            Pseudonymizer::new(&key).with_context(|| format!("unusable {source}"))?,
        ))
    }

    /// A note for output that lists people by their real names although a key is at hand
    /// (`ROVING_KEY` is set), so that nobody takes it for pseudonymized output.
    pub(crate) fn real_names_note(&self) -> Option<String> {
        let key_set = std::env::var_os(KEY_VARIABLE).is_some_and(|v| !v.is_empty());
        (key_set && !self.pseudonymize).then(|| {
            format!(
                "{KEY_VARIABLE} is set, but --pseudonymize was not given: this output has real \
                 names and ids"
            )
        })
    }

    /// A loading error as it may be shown: under `--pseudonymize`, without the ids of the
    /// people it names (the place in the file still points at them).
    pub(crate) fn error(&self, error: LoadError) -> LoadError {
        if self.pseudonymize {
            error.without_ids(HIDDEN_ID)
        } else {
            error
        }
    }

    /// A loading warning as it may be shown: under `--pseudonymize`, without the ids of the
    /// people it names (see [`without_ids`]).
    pub(crate) fn warning(&self, warning: &Warning) -> String {
        if self.pseudonymize {
            without_ids(warning)
        } else {
            warning.to_string()
        }
    }
}

/// What an error shows for an id under `--pseudonymize`.
const HIDDEN_ID: &str = "(hidden)";

/// The org as it may be shown: pseudonymized by `pseudonymizer`, if any.
pub(crate) fn pseudonymize(org: Org, pseudonymizer: Option<&Pseudonymizer>) -> anyhow::Result<Org> {
    Ok(match pseudonymizer {
        Some(p) => p.try_org(org)?,
        None => org,
    })
}

/// A loading warning without the ids of the people it names, for `--pseudonymize` runs
/// (stderr ends up in CI logs and pasted transcripts): the places in the file instead.
pub(crate) fn without_ids(warning: &Warning) -> String {
    match warning {
        Warning::SkippedUnknown {
            relation,
            count,
            examples,
        } => {
            // Each example is "'id' at place". An id may hold "' at ", but the place comes
            // last: what follows the last one is (the end of) the place, never the id.
            let places = examples
                .iter()
                .map(|example| {
                    example
                        .rsplit_once("' at ")
                        .map_or("(place not known)", |(_, place)| place)
                        .to_string()
                })
                .collect();
            let hidden = Warning::SkippedUnknown {
                relation: relation.clone(),
                count: *count,
                examples: places,
            };
            format!("{hidden}; their ids are not shown under --pseudonymize")
        }
        // These name files, columns and relations, never a person.
        Warning::SelfTies { .. }
        | Warning::Duplicates { .. }
        | Warning::NoManagerColumn { .. }
        | Warning::ComputedColumns { .. }
        | Warning::NoPerceiver { .. } => warning.to_string(),
    }
}

/// The key in a key file: read once (it may be a pipe), at most [`MAX_KEY_FILE_BYTES`], a
/// UTF-8 byte order mark (Notepad's "UTF-8 with BOM") left out, UTF-16 text refused.
fn read_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut key = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(MAX_KEY_FILE_BYTES as u64 + 1)
                .read_to_end(&mut key)
        })
        .with_context(|| format!("cannot read the key file '{}'", path.display()))?;
    key_from_file(key)
}

/// What output of roving `bytes` look like, if they do: a Markdown report or list, a CSV
/// table with roving's header, JSON, XML or DOT. A key of random bytes or digits never
/// starts so; a key of several lines (wrapped base64, a password manager's entry) is a key.
fn roving_output(bytes: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let first = text.lines().find(|line| !line.trim().is_empty())?.trim();
    let several_lines = text.trim().contains('\n');
    if !several_lines {
        return None;
    }
    if first.starts_with("# ") {
        Some("a Markdown report")
    } else if ["rank,id,name", "Id,Label", "department,people"]
        .iter()
        .any(|header| first.starts_with(header))
    {
        Some("a CSV table")
    } else if matches!(first, "[" | "{") {
        Some("a JSON file")
    } else if first.starts_with("<?xml") || first.starts_with("digraph") {
        Some("a graph file")
    } else {
        None
    }
}

/// The key in the bytes of a key file (see [`read_key_file`]).
fn key_from_file(mut bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    if bytes.len() > MAX_KEY_FILE_BYTES {
        bail!(
            "the file is over {MAX_KEY_FILE_BYTES} bytes, so it does not look like a key file \
             (a key is 16 bytes or more, such as the 64 characters of `openssl rand -hex 32`); \
             check the path"
        );
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        // Its bytes would be the key, and give other pseudonyms than the same key typed.
        bail!(
            "the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as \
             plain text (UTF-8), such as with PowerShell's `Set-Content -Encoding ascii`"
        );
    }
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    if let Some(kind) = roving_output(&bytes) {
        // Such as a list written over the key: its pseudonyms would all be new.
        bail!(
            "the file looks like {kind} roving writes, not a key (such as the output of \
             `openssl rand -hex 32`); check the path"
        );
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    #[derive(Debug, clap::Parser)]
    struct Command {
        #[command(flatten)]
        privacy: PrivacyArgs,
    }

    #[test]
    fn min_group_has_its_default_and_says_whether_it_was_given() {
        let parse = |args: &[&str]| Command::try_parse_from(args).unwrap().privacy;
        let default = parse(&["roving"]);
        assert_eq!(default.min_group, DEFAULT_MIN_GROUP);
        assert!(!default.min_group_given());
        let given = parse(&["roving", "--min-group", "5"]);
        assert_eq!(given.min_group, 5);
        assert!(given.min_group_given());
        assert_eq!(parse(&["roving", "--min-group", "0"]).min_group, 0);
        // Updating keeps what the new arguments do not give.
        let matches = |args: &[&str]| {
            <Command as clap::CommandFactory>::command().get_matches_from(args.iter().copied())
        };
        let mut updated = parse(&["roving", "--min-group", "7"]);
        updated
            .update_from_arg_matches(&matches(&["roving"]))
            .unwrap();
        assert!(updated.min_group_given());
        assert_eq!(updated.min_group, 7);
        let mut updated = parse(&["roving"]);
        updated
            .update_from_arg_matches(&matches(&["roving", "--min-group", "3"]))
            .unwrap();
        assert!(updated.min_group_given());
        assert_eq!(updated.min_group, 3);
        assert!(!PrivacyArgs::default().min_group_given());
        // The help says the default the code uses.
        let help = <Command as clap::CommandFactory>::command()
            .render_help()
            .to_string();
        assert!(
            help.contains(&format!("Default: {DEFAULT_MIN_GROUP}\n")),
            "{help}"
        );
    }

    #[test]
    fn key_files_lose_a_utf8_mark_and_refuse_utf16_and_size() {
        assert_eq!(
            key_from_file(b"\xef\xbb\xbfkey\r\n".to_vec()).unwrap(),
            b"key\r\n"
        );
        assert_eq!(key_from_file(b"key".to_vec()).unwrap(), b"key");
        // A mark is only a mark at the start.
        assert_eq!(
            key_from_file(b"k\xef\xbb\xbf".to_vec()).unwrap(),
            b"k\xef\xbb\xbf"
        );
        for utf16 in [&b"\xff\xfek\0"[..], b"\xfe\xff\0k"] {
            let error = key_from_file(utf16.to_vec()).unwrap_err().to_string();
            assert!(error.contains("is UTF-16 text"), "{error}");
        }
        assert!(key_from_file(vec![b'k'; MAX_KEY_FILE_BYTES]).is_ok());
        let error = key_from_file(vec![0; MAX_KEY_FILE_BYTES + 1])
            .unwrap_err()
            .to_string();
        assert!(error.contains("does not look like a key file"), "{error}");
        // Output of roving, such as a list written over the key, is not a key; a key of
        // raw random bytes is, whatever bytes it holds, and so is one of several lines.
        for (output, kind) in [
            (&b"# Report\n\n| a | b |\n"[..], "a Markdown report"),
            (b"rank,id,name,title\n1,7,Ann,\n", "a CSV table"),
            (b"[\n  {\n    \"rank\": 1\n  }\n]\n", "a JSON file"),
            (b"<?xml version=\"1.0\"?>\n<gexf>\n", "a graph file"),
        ] {
            let error = key_from_file(output.to_vec()).unwrap_err().to_string();
            assert!(error.contains(&format!("looks like {kind}")), "{error}");
        }
        assert!(key_from_file(b"\n0123456789abcdef0123456789abcdef\n\n".to_vec()).is_ok());
        assert!(key_from_file(b"\xff\n\x80\n\x01\n\x02".repeat(4)).is_ok());
        // `openssl rand -base64 64` wraps its 88 characters; `pass` entries have more lines.
        let wrapped = b"q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0VniQ\nEjRWeJASNFZ4kBI0Vng=\n";
        assert!(key_from_file(wrapped.to_vec()).is_ok());
        assert!(key_from_file(b"s3cret-passphrase-0123\nlogin: me\n".to_vec()).is_ok());
    }

    #[test]
    fn warnings_without_ids_give_places() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team.ron");
        // An id that holds the separator of the examples, and one that is an e-mail.
        std::fs::write(
            &team,
            r#"Team(people: [Person(id: "a", name: "A")], advice: [
                Tie(seeker: "a", advisor: "x' at y.ron:1:1, secret"),
                Tie(seeker: "ghost@corp.example", advisor: "a"),
            ])"#,
        )
        .unwrap();
        let options = crate::io::Options {
            lenient: true,
            ..crate::io::Options::default()
        };
        let loaded = crate::io::load_ron(&team, options).unwrap();
        let [warning] = &loaded.warnings[..] else {
            panic!("{:?}", loaded.warnings)
        };
        let hidden = without_ids(warning);
        for id in ["secret", "ghost", "corp.example", "x'"] {
            assert!(!hidden.contains(id), "{id} in {hidden}");
        }
        let place = |line: usize| format!("{}:{line}:", team.display());
        assert!(
            hidden.contains(&place(2)) && hidden.contains(&place(3)),
            "{hidden}"
        );
        assert!(hidden.starts_with("skipped 2 advice ties naming people not in the team"));
        assert!(hidden.ends_with("their ids are not shown under --pseudonymize"));
        // Without --pseudonymize the ids stay: they tell what to fix.
        let shown = PrivacyArgs::default().warning(warning);
        assert!(shown.contains("ghost@corp.example"), "{shown}");
        let pseudonymized = PrivacyArgs {
            pseudonymize: true,
            ..PrivacyArgs::default()
        };
        assert_eq!(pseudonymized.warning(warning), hidden);
    }
}
