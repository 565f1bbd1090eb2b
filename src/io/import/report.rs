//! The import report: what was read, what was matched and how, and what the user must fix.
//! Rendered as Markdown (also the terminal form) or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::text::{code, count, markdown};

use crate::privacy::Suppressed;

use super::names::{Fuzzy, How};
use super::shape::Shape;

/// How one survey file was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveySummary {
    /// The file.
    pub path: String,
    /// Relation its ties go to (unless rows name their own).
    pub relation: String,
    /// The shape.
    pub shape: Shape,
    /// True when detected, false when given with `--shape`.
    pub detected: bool,
    /// A Qualtrics export (extra header rows skipped).
    pub qualtrics: bool,
    /// The separator (`,`, `;` or `tab`).
    pub delimiter: String,
    /// Headers of the columns that identify the respondent.
    pub respondent_columns: Vec<String>,
    /// Headers of the columns holding nominations.
    pub nomination_columns: Vec<String>,
    /// Data rows read.
    pub rows: usize,
}

impl SurveySummary {
    /// How the file was read, for messages: `slots shape (detected), respondent from
    /// 'Your name', nominations from 'Advisor 1', 'Advisor 2'`.
    pub fn read_as(&self) -> String {
        let mut text = format!(
            "{} shape ({}), respondent from {}",
            self.shape.name(),
            if self.detected {
                "detected"
            } else {
                "given with --shape"
            },
            quoted(&self.respondent_columns)
        );
        if !self.nomination_columns.is_empty() {
            let _ = write!(
                text,
                ", nominations from {}",
                quoted(&self.nomination_columns)
            );
        }
        text
    }
}

/// Figures of one relation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RelationSummary {
    /// Relation name.
    pub name: String,
    /// Distinct ties written.
    pub ties: usize,
    /// Ties from a person to themselves, dropped.
    pub self_ties_dropped: usize,
    /// Repeated ties merged into one (weights summed), whether repeated in one file or
    /// across files.
    pub duplicates_merged: usize,
    /// Names an answer gave again for a person it already named (counted once, at the
    /// highest weight).
    pub repeated_in_answer: usize,
    /// Nominations not imported because a name was unmatched, ambiguous or only fuzzy.
    pub not_imported: usize,
}

/// How many names (each occurrence) were matched each way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatchCounts {
    /// By person id.
    pub id: usize,
    /// By e-mail.
    pub email: usize,
    /// By exact name.
    pub exact: usize,
    /// By normalised name.
    pub normalized: usize,
    /// Fuzzy matches applied (`--accept-fuzzy`).
    pub fuzzy_applied: usize,
    /// Fuzzy matches proposed but not applied.
    pub fuzzy_pending: usize,
    /// Names that fit several people.
    pub ambiguous: usize,
    /// Names that fit nobody.
    pub unmatched: usize,
}

impl MatchCounts {
    /// Occurrences that fit somebody: matched, proposed or ambiguous.
    pub(super) fn not_unmatched(&self) -> usize {
        self.id
            + self.email
            + self.exact
            + self.normalized
            + self.fuzzy_applied
            + self.fuzzy_pending
            + self.ambiguous
    }

    pub(super) fn found(&mut self, how: How) {
        match how {
            How::Id => self.id += 1,
            How::Email => self.email += 1,
            How::Exact => self.exact += 1,
            How::Normalized => self.normalized += 1,
        }
    }
}

/// A name that probably means one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FuzzyMatch {
    /// The text as written.
    pub name: String,
    /// The person it probably means.
    pub person_id: String,
    /// That person's name.
    pub person_name: String,
    /// Jaro-Winkler similarity of the normalised names.
    pub similarity: f64,
    /// True when applied (`--accept-fuzzy`).
    pub applied: bool,
    /// Where it occurs (`file:line`).
    pub places: Vec<String>,
}

/// A name that fits several people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmbiguousName {
    /// The text as written.
    pub name: String,
    /// The people it may mean, as `id (name)`.
    pub candidates: Vec<String>,
    /// Where it occurs.
    pub places: Vec<String>,
}

/// A name that fits nobody.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedName {
    /// The text as written.
    pub name: String,
    /// `respondent` or `nominee`.
    pub role: String,
    /// Where it occurs.
    pub places: Vec<String>,
}

/// Response rate of one department.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentRate {
    /// Department name.
    pub department: String,
    /// Head count.
    pub people: usize,
    /// People who answered.
    pub respondents: usize,
    /// `respondents / people`.
    pub rate: f64,
}

/// Everything an import did, for the user to check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The org chart file.
    pub org_chart: String,
    /// Which header was used for what in the org chart.
    pub org_columns: BTreeMap<String, String>,
    /// People in the org chart.
    pub people: usize,
    /// Survey files, in order.
    pub surveys: Vec<SurveySummary>,
    /// People who answered the advice survey (answering only another relation's survey does
    /// not count: the response rate qualifies the advice counts).
    pub respondents: usize,
    /// `respondents / people`.
    pub response_rate: f64,
    /// Per relation.
    pub relations: Vec<RelationSummary>,
    /// Per match kind.
    pub matches: MatchCounts,
    /// When a name was proposed as a fuzzy match (`--fuzzy-threshold`, `--fuzzy-margin`).
    pub fuzzy_rule: Fuzzy,
    /// Fuzzy matches, applied or proposed.
    pub fuzzy: Vec<FuzzyMatch>,
    /// Ambiguous names.
    pub ambiguous: Vec<AmbiguousName>,
    /// Unmatched names.
    pub unmatched: Vec<UnmatchedName>,
    /// Response rate per department; small departments hidden.
    pub departments: Suppressed<DepartmentRate>,
    /// Smallest department shown.
    pub min_group: usize,
    /// Things to look at.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// True when every name was matched with certainty (or fuzzily and accepted).
    pub fn is_clean(&self) -> bool {
        self.fuzzy.iter().all(|f| f.applied)
            && self.ambiguous.is_empty()
            && self.unmatched.is_empty()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The report as Markdown (also what the terminal shows).
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Import report\n");
        let _ = writeln!(
            md,
            "Org chart: {}: {} people (columns: {}).\n",
            code(&self.org_chart),
            self.people,
            self.org_columns
                .iter()
                .map(|(what, header)| format!("{what} = {}", code(header)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(md, "## Surveys\n");
        for s in &self.surveys {
            let _ = writeln!(
                md,
                "- {}: {} shape ({}{}), {}, relation {}, separator {}; respondent from {}{}",
                code(&s.path),
                s.shape.name(),
                if s.detected {
                    "detected"
                } else {
                    "given with --shape"
                },
                if s.qualtrics {
                    ", Qualtrics export"
                } else {
                    ""
                },
                count(s.rows, "row", "rows"),
                code(&s.relation),
                code(&s.delimiter),
                listed(&s.respondent_columns),
                if s.nomination_columns.is_empty() {
                    String::new()
                } else {
                    format!("; nominations from {}", listed(&s.nomination_columns))
                }
            );
        }
        let _ = writeln!(md, "\n## Summary\n");
        let _ = writeln!(
            md,
            "- Respondents to the advice survey: {} of {} people ({} response rate); the others are marked `respondent: false`.",
            self.respondents,
            self.people,
            crate::text::rate(self.response_rate)
        );
        for r in &self.relations {
            let _ = writeln!(
                md,
                "- Relation {}: {} imported; {} dropped; {} merged (weights added up, across rows and files); {}, counted once; {} not imported.",
                code(&r.name),
                count(r.ties, "tie", "ties"),
                count(r.self_ties_dropped, "self-nomination", "self-nominations"),
                count(r.duplicates_merged, "duplicate", "duplicates"),
                count(
                    r.repeated_in_answer,
                    "name repeated within an answer",
                    "names repeated within an answer"
                ),
                count(r.not_imported, "nomination", "nominations")
            );
        }
        let m = &self.matches;
        let _ = writeln!(
            md,
            "- Names matched: {} by id, {} by e-mail, {} exact, {} normalised, {} fuzzy (applied), {} fuzzy (not applied), {} ambiguous, {} unmatched.",
            m.id,
            m.email,
            m.exact,
            m.normalized,
            m.fuzzy_applied,
            m.fuzzy_pending,
            m.ambiguous,
            m.unmatched
        );
        if !self.departments.shown.is_empty() || self.departments.hidden_groups > 0 {
            let _ = write!(md, "\n## Response rate by department\n");
        }
        if !self.departments.shown.is_empty() {
            let _ = writeln!(md, "\n| department | people | respondents | rate |");
            let _ = writeln!(md, "|---|---:|---:|---:|");
            for d in &self.departments.shown {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    code(&d.department).replace('|', "\\|"),
                    d.people,
                    d.respondents,
                    crate::text::rate(d.rate)
                );
            }
        }
        if let Some(note) = self.departments.note(self.min_group) {
            let _ = writeln!(md, "\n{note}.");
        }
        if !self.fuzzy.is_empty() {
            let _ = writeln!(md, "\n## Fuzzy matches\n");
            let _ = writeln!(
                md,
                "Proposed when the Jaro-Winkler similarity is at least {:.2} and {:.2} ahead of the next candidate.\n",
                self.fuzzy_rule.threshold, self.fuzzy_rule.margin
            );
            let pending = self.fuzzy.iter().any(|f| !f.applied);
            if pending {
                let _ = writeln!(
                    md,
                    "Not applied: fix the spelling in the survey, or pass --accept-fuzzy if every proposal below is right.\n"
                );
            }
            for f in &self.fuzzy {
                let _ = writeln!(
                    md,
                    "- {} → {} ({}), similarity {:.2}, {}: {}",
                    code(&f.name),
                    code(&f.person_name),
                    code(&f.person_id),
                    f.similarity,
                    if f.applied { "applied" } else { "NOT applied" },
                    places(&f.places)
                );
            }
        }
        if !self.ambiguous.is_empty() {
            let _ = writeln!(md, "\n## Ambiguous names (not applied)\n");
            let _ = writeln!(
                md,
                "Each fits several people; identify them by id or e-mail in the survey.\n"
            );
            for a in &self.ambiguous {
                let _ = writeln!(
                    md,
                    "- {} could be {}: {}",
                    code(&a.name),
                    a.candidates
                        .iter()
                        .map(|c| markdown(c))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    places(&a.places)
                );
            }
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(md, "\n## Unmatched names (not imported)\n");
            let _ = writeln!(
                md,
                "Nobody in the org chart fits these; add the people to the org chart or fix the spelling.\n"
            );
            for u in &self.unmatched {
                let _ = writeln!(md, "- {} {}: {}", u.role, code(&u.name), places(&u.places));
            }
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(md, "\n## Warnings\n");
            for w in &self.warnings {
                let _ = writeln!(md, "- {}", markdown(w));
            }
        }
        md
    }
}

/// Column headers for messages: `'Your name', 'Advisor 1'`.
fn quoted(headers: &[String]) -> String {
    headers_as(headers, |h| format!("'{}'", h.replace('\n', " ")))
}

/// Column headers as Markdown code, for the report.
fn listed(headers: &[String]) -> String {
    headers_as(headers, code)
}

/// Each of `headers` through `show`, joined; with none, the first column is meant.
fn headers_as(headers: &[String], show: impl Fn(&str) -> String) -> String {
    if headers.is_empty() {
        "the first column".to_string()
    } else {
        headers
            .iter()
            .map(|h| show(h))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `file:3`, `file:9`, ..., at most ten, then a count; as Markdown code.
fn places(list: &[String]) -> String {
    let mut text = list
        .iter()
        .take(10)
        .map(|place| code(place))
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > 10 {
        let _ = write!(text, " and {} more", list.len() - 10);
    }
    text
}
