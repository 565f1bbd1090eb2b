//! Survey files read one after another into [`Answers`]: who answered, the ties they named
//! per relation, and every name looked up, ready to be merged and reported.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::io::Location;
use crate::io::validate::Triple;
use crate::model::{Person, PersonIx, Phase, Progress, in_phase};
use crate::text::count as count_text;

use super::names::{Directory, Outcome};
use super::repeats::{AnswerRows, EarlierAnswers, FirstRows};
use super::report::{RelationSummary, SurveySummary};
use super::shape::{self, Identity, Layout, Shape};
use super::survey::{self, Response};
use super::table::{self, Table};
use super::tally::{Tally, best_identity};
use super::{ADVICE, ImportError, ImportOptions, SurveySource};

/// What every survey file is read against: the org chart, the options and where progress goes.
pub(super) struct Context<'a> {
    /// The org chart file, named when a survey matches nobody in it.
    pub(super) org_path: &'a Path,
    /// The people, named in warnings about repeated answers.
    pub(super) people: &'a [Person],
    /// The people indexed for matching names.
    pub(super) directory: &'a Directory,
    /// How to read the files and what to accept.
    pub(super) options: &'a ImportOptions,
    /// Where each file's reading and matching is reported.
    pub(super) progress: &'a dyn Progress,
}

/// What the survey files said so far.
#[derive(Default)]
pub(super) struct Answers {
    /// Every name looked up, by how it matched.
    pub(super) tally: Tally,
    /// People who answered the advice survey (answers to other relations do not make a
    /// respondent: the flag and the response rate qualify the advice counts).
    pub(super) answered: BTreeSet<PersonIx>,
    /// Ties per relation in file order, repeats not yet merged.
    pub(super) ties: BTreeMap<String, Vec<Triple>>,
    /// Figures per relation.
    pub(super) relations: BTreeMap<String, RelationSummary>,
    /// How each file was read, in order.
    pub(super) summaries: Vec<SurveySummary>,
    /// Things for the user to look at.
    pub(super) warnings: Vec<String>,
    /// Each respondent's first answer per relation, to name those who answer again in
    /// another file.
    earlier: EarlierAnswers,
    /// A tie whose weights are added up as they are read, to find where they pass the limit.
    pub(super) watch: Option<Watch>,
}

/// One tie of one relation whose repeats are followed through the surveys, in the order
/// they are merged (file, then row), to find the row whose weight takes the sum over
/// [`MAX_WEIGHT`](crate::model::MAX_WEIGHT): the place of an import's
/// [`LoadError::HeavyTie`](crate::io::LoadError::HeavyTie), found on that error path only.
pub(super) struct Watch {
    relation: String,
    seeker: PersonIx,
    adviser: PersonIx,
    sum: f64,
    /// The row, once found.
    pub(super) at: Option<Location>,
}

impl Watch {
    /// Follows the tie from `seeker` to `adviser` in `relation`.
    pub(super) fn new(relation: &str, seeker: PersonIx, adviser: PersonIx) -> Self {
        Watch {
            relation: relation.to_string(),
            seeker,
            adviser,
            sum: 0.0,
            at: None,
        }
    }

    /// Adds the ties one response kept (`named`, from `seeker`, at `line` of `path`).
    fn add(
        &mut self,
        relation: &str,
        seeker: PersonIx,
        named: &[(PersonIx, f64)],
        (path, line): (&Path, usize),
    ) {
        if self.at.is_some() || seeker != self.seeker || relation != self.relation {
            return;
        }
        for &(adviser, weight) in named {
            if adviser == self.adviser {
                self.sum += weight;
                if self.sum > crate::model::MAX_WEIGHT {
                    self.at = Some(Location::new(path, line, None));
                }
            }
        }
    }
}

/// One survey file's working state while its responses are matched.
struct FileMatch<'a> {
    path: &'a Path,
    /// The relation of rows that do not name one.
    relation: &'a str,
    /// Up to three unmatched names, for the error if nothing in the file matches.
    examples: Vec<String>,
    /// Rows per respondent; `None` for an edge list, which has a row per tie, so only other
    /// shapes can answer twice.
    answer_rows: Option<AnswerRows>,
    /// Edge lists: each respondent's first row, to tell of one answering again in a later
    /// file of the relation (the same file given twice).
    first_rows: Option<FirstRows>,
    /// This response's advisers, one per person (a buffer kept across responses).
    named: Vec<(PersonIx, f64)>,
    /// Ties kept from this file so far, repeats included.
    ties: usize,
}

impl FileMatch<'_> {
    /// Keeps `text` as an example if it matched nobody and there is room.
    fn example(&mut self, text: &str, outcome: &Outcome) {
        if matches!(outcome, Outcome::Unmatched)
            && !text.is_empty()
            && self.examples.len() < 3
            && !self.examples.iter().any(|e| e == text)
        {
            self.examples.push(text.to_string());
        }
    }
}

impl Answers {
    /// Reads one survey file and matches its names.
    ///
    /// # Errors
    ///
    /// [`ImportError`] for an unreadable file, a layout that cannot be settled, a bad cell,
    /// or a file in which not one name matched anybody.
    pub(super) fn read_survey(
        &mut self,
        source: &SurveySource,
        context: &Context<'_>,
    ) -> Result<(), ImportError> {
        let path = source.path.as_path();
        let (table, header, layout) = open(source, context.options, context.progress)?;
        let overflow = extra_cells(&table, &layout, header.len());
        // `Friendship=` after `friendship=` is the same relation, spelt as first seen.
        let relation = canonical(&self.relations, &source.relation).into_owned();
        let summary = summarize(source, &relation, &table, &layout, &header);
        let matched_before = self.tally.counts.not_unmatched();
        let unmatched_before = self.tally.counts.unmatched;
        let mut file = FileMatch {
            path,
            relation: &relation,
            examples: Vec::new(),
            answer_rows: (layout.shape != Shape::EdgeList).then(AnswerRows::default),
            first_rows: (layout.shape == Shape::EdgeList)
                .then(|| FirstRows::new(context.people.len())),
            named: Vec::new(),
            ties: 0,
        };
        context.progress.start(Phase::Match, 0);
        let count = survey::responses(
            table,
            &layout,
            context.directory,
            context.options.rank_weights,
            |response| {
                self.add_response(&response, &mut file, context);
                Ok(())
            },
        )?;
        context.progress.finish(Phase::Match);
        if count > 0 && self.tally.counts.not_unmatched() == matched_before {
            let tried = self.tally.counts.unmatched - unmatched_before;
            return Err(nothing_matched(
                path,
                context.org_path,
                tried,
                &file.examples,
                &summary,
            ));
        }
        if count == 0 {
            self.warnings.push(format!(
                "{}: no answers in the file (no rows below its header), so it adds nothing \
                 to the '{relation}' relation",
                path.display()
            ));
        } else if file.ties == 0 {
            self.warnings.push(no_ties(path, count, &summary));
        }
        self.summaries.push(summary);
        if layout.undirected > 0 {
            self.warnings.push(undirected(path, layout.undirected));
        }
        if let Some(overflow) = overflow {
            self.warnings.push(overflow.warning(path, header.len()));
        }
        if layout.shape == Shape::EdgeList
            && layout.weight.is_none()
            && let Some(rank) = header
                .iter()
                .find(|h| shape::RANK.contains(&table::squash(h).as_str()))
        {
            self.warnings.push(format!(
                "{}: column '{rank}' was not read as a weight: a rank of 1 is the first \
                 choice, where a weight of 1 is the least, so every tie weighs 1; add a \
                 weight column to weigh them",
                path.display()
            ));
        }
        if let Some(rows) = file.answer_rows {
            let warnings = rows.warnings(path, &relation, context.people, &mut self.earlier);
            self.warnings.extend(warnings);
        }
        if let Some(rows) = file.first_rows {
            let warnings = rows.warnings(path, &relation, context.people, &mut self.earlier);
            self.warnings.extend(warnings);
        }
        Ok(())
    }

    /// Matches one response's respondent and nominees, and keeps its ties.
    fn add_response(
        &mut self,
        response: &Response,
        file: &mut FileMatch<'_>,
        context: &Context<'_>,
    ) {
        let path = file.path;
        let place = || Location::new(path, response.line, None).to_string();
        let accept_fuzzy = context.options.accept_fuzzy;
        let relation = relation_of(response, file.relation, &self.relations);
        let seeker = self.match_respondent(response, &relation, file, context);
        let summary = summary_of(&mut self.relations, &relation);
        file.named.clear();
        for nominee in &response.nominees {
            let outcome = context.directory.resolve(&nominee.text);
            file.example(&nominee.text, &outcome);
            let adviser =
                self.tally
                    .record(&nominee.text, "nominee", &outcome, place, accept_fuzzy);
            match (seeker, adviser) {
                (Some(s), Some(a)) if s == a => summary.self_ties_dropped += 1,
                (Some(_), Some(a)) => file.named.push((a, nominee.weight)),
                _ => summary.not_imported += 1,
            }
        }
        let Some(s) = seeker else {
            return;
        };
        summary.repeated_in_answer += keep_best_weights(&mut file.named);
        if let Some(watch) = &mut self.watch {
            watch.add(&relation, s, &file.named, (path, response.line));
        }
        file.ties += file.named.len();
        add_ties(&mut self.ties, &relation, s, &file.named);
    }

    /// The respondent, if matched (and applied); a respondent who answered is counted (when
    /// `relation` is advice), and their row noted for the repeated-answer warnings.
    fn match_respondent(
        &mut self,
        response: &Response,
        relation: &str,
        file: &mut FileMatch<'_>,
        context: &Context<'_>,
    ) -> Option<PersonIx> {
        let path = file.path;
        let place = || Location::new(path, response.line, None).to_string();
        let seeker = match best_identity(context.directory, &response.identity) {
            Some((text, outcome)) => {
                file.example(&text, &outcome);
                let accept_fuzzy = context.options.accept_fuzzy;
                self.tally
                    .record(&text, "respondent", &outcome, place, accept_fuzzy)
            }
            None => self
                .tally
                .record("", "respondent", &Outcome::Unmatched, place, false),
        };
        if let Some(s) = seeker
            && response.answered
        {
            if relation == ADVICE {
                self.answered.insert(s);
            }
            if let Some(rows) = file.answer_rows.as_mut() {
                rows.add(s, response.line);
            }
            if let Some(rows) = file.first_rows.as_mut() {
                rows.add(s, response.line);
            }
        }
        seeker
    }
}

/// The relation a response's ties go to: the one named on its row, else the file's (already
/// [`canonical`]); a row's relation is matched as [`canonical`] does.
fn relation_of<'r>(
    response: &'r Response,
    file_relation: &'r str,
    relations: &BTreeMap<String, RelationSummary>,
) -> Cow<'r, str> {
    match response.relation.as_deref() {
        Some(r) => canonical(relations, r),
        None => Cow::Borrowed(file_relation),
    }
}

/// A relation's name as first seen: `advice` in any case is the advice relation, and another
/// name in another case (`Friendship` after `friendship`) the relation already seen. Borrowed
/// unless spelt differently, so an edge list's rows copy no names.
fn canonical<'r>(relations: &BTreeMap<String, RelationSummary>, name: &'r str) -> Cow<'r, str> {
    if name.eq_ignore_ascii_case(ADVICE) {
        return Cow::Borrowed(ADVICE);
    }
    if relations.contains_key(name) {
        return Cow::Borrowed(name);
    }
    let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<String>();
    match relations
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name) || lower(k) == lower(name))
    {
        Some(first) => Cow::Owned(first.clone()),
        None => Cow::Borrowed(name),
    }
}

/// The relation's figures, added on first use. Looked up by `&str` first: one string per
/// relation, not one per tie.
fn summary_of<'m>(
    relations: &'m mut BTreeMap<String, RelationSummary>,
    relation: &str,
) -> &'m mut RelationSummary {
    if !relations.contains_key(relation) {
        relations.insert(
            relation.to_string(),
            RelationSummary {
                name: relation.to_string(),
                ..RelationSummary::default()
            },
        );
    }
    relations.get_mut(relation).expect("inserted above")
}

/// Keeps one entry per adviser, at its highest weight (the better rank): one answer naming a
/// person twice is one tie, not more advice. Returns how many entries were dropped.
fn keep_best_weights(named: &mut Vec<(PersonIx, f64)>) -> usize {
    if named.len() <= 1 {
        return 0;
    }
    named.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let before = named.len();
    named.dedup_by_key(|(a, _)| *a);
    before - named.len()
}

/// Adds the ties from `seeker` to each named adviser; a relation gets its list with its first
/// tie, so one that never has any is left out.
fn add_ties(
    ties: &mut BTreeMap<String, Vec<Triple>>,
    relation: &str,
    seeker: PersonIx,
    named: &[(PersonIx, f64)],
) {
    let pairs = named.iter().map(|&(a, w)| (seeker, a, w));
    match ties.get_mut(relation) {
        Some(list) => list.extend(pairs),
        None if named.is_empty() => {}
        None => {
            ties.insert(relation.to_string(), pairs.collect());
        }
    }
}

/// Reads a survey file and settles its layout: the columns and shape given by hand, the rest
/// detected. Returns the table, its header and the layout.
fn open(
    source: &SurveySource,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<(Table, Vec<String>, Layout), ImportError> {
    let path = source.path.as_path();
    let table = in_phase(progress, Phase::ReadSurvey, 0, || {
        table::read_table(path, options.delimiter)
    })?;
    let header: Vec<String> = table
        .rows
        .first()
        .map(table::Row::texts)
        .unwrap_or_default();
    let respondent = source
        .respondent
        .as_deref()
        .or(options.respondent.as_deref())
        .map(|c| column_index(path, &header, "--respondent", c))
        .transpose()?;
    let nominations = source
        .nominations
        .as_deref()
        .or(options.nominations.as_deref())
        .map(|c| column_index(path, &header, "--nominations", c))
        .transpose()?;
    let layout = shape::detect(
        &table,
        source.shape.or(options.shape),
        respondent,
        nominations,
        &source.relation,
    )
    .map_err(|why| shape_error(path, why, &header))?;
    Ok((table, header, layout))
}

/// How the file is read, for the report: separator, shape, relation, and columns by their
/// headers.
fn summarize(
    source: &SurveySource,
    relation: &str,
    table: &Table,
    layout: &Layout,
    header: &[String],
) -> SurveySummary {
    let delimiter = match table.delimiter {
        b'\t' => "tab".into(),
        d => char::from(d).to_string(),
    };
    let names_of = |cols: &[usize]| {
        cols.iter()
            .map(|&c| header.get(c).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let mut respondent_columns = Vec::new();
    let headerless = matches!(layout.shape, Shape::Matrix | Shape::AdjacencyList);
    for identity in layout.identity.iter().filter(|_| !headerless) {
        match *identity {
            Identity::Column(c) => respondent_columns.extend(names_of(&[c])),
            Identity::Pair(f, l) => {
                respondent_columns.push(format!("{} + {}", names_of(&[f])[0], names_of(&[l])[0]));
            }
        }
    }
    let mut nomination_columns = names_of(&layout.nominations);
    nomination_columns.extend(layout.adviser.map(|c| names_of(&[c])[0].clone()));
    SurveySummary {
        path: source.path.display().to_string(),
        relation: relation.to_string(),
        shape: layout.shape,
        detected: layout.detected,
        qualtrics: layout.qualtrics,
        delimiter,
        respondent_columns,
        nomination_columns,
        rows: table.rows.len().saturating_sub(layout.data_start),
    }
}

/// The error for a survey in which `tried` names were looked up and none matched.
fn nothing_matched(
    path: &Path,
    org_chart: &Path,
    tried: usize,
    examples: &[String],
    summary: &SurveySummary,
) -> ImportError {
    ImportError::NothingMatched {
        path: path.to_path_buf(),
        org_chart: org_chart.to_path_buf(),
        tried: count_text(tried, "name tried", "names tried"),
        examples: if examples.is_empty() {
            "blank ones".to_string()
        } else {
            format!("'{}'", examples.join("', '"))
        },
        read_as: summary.read_as(),
    }
}

/// The warning for a file whose `rows` answers gave not one tie: its names or its layout
/// may be wrong, and an import that only looks successful must say so.
fn no_ties(path: &Path, rows: usize, summary: &SurveySummary) -> String {
    format!(
        "{}: not one tie was imported from its {} (read as {}); if it does name advisers, \
         see the unmatched names in the report, or choose the layout with --shape, \
         --respondent or --nominations",
        path.display(),
        count_text(rows, "answer", "answers"),
        summary.read_as()
    )
}

/// Rows with text in cells past the header's last column: cells no column reads.
#[derive(Debug)]
struct ExtraCells {
    rows: usize,
    line: usize,
    text: String,
}

impl ExtraCells {
    /// The warning: the cells were not read, and the likely cause is a separator inside an
    /// unquoted value (a Microsoft Forms answer `A;B;` in a `;`-separated file).
    fn warning(&self, path: &Path, columns: usize) -> String {
        format!(
            "{}: {} text past the header's {} (first at line {}: '{}'); those cells were \
             not read. A value holding the separator must be in double quotes",
            path.display(),
            count_text(self.rows, "row has", "rows have"),
            count_text(columns, "column", "columns"),
            self.line,
            self.text
        )
    }
}

/// Rows below the header with non-empty cells past its width, for files whose header names
/// the columns (not Gephi adjacency lists, whose rows are as long as their names).
fn extra_cells(table: &Table, layout: &Layout, columns: usize) -> Option<ExtraCells> {
    if layout.shape == Shape::AdjacencyList || layout.data_start == 0 {
        return None;
    }
    let mut found: Option<ExtraCells> = None;
    for row in table.rows.iter().skip(layout.data_start) {
        let Some(extra) = row.cells.iter().skip(columns).find(|c| !c.is_empty()) else {
            continue;
        };
        match found.as_mut() {
            Some(f) => f.rows += 1,
            None => {
                found = Some(ExtraCells {
                    rows: 1,
                    line: row.line,
                    text: extra.to_string(),
                });
            }
        }
    }
    found
}

/// The warning for rows Gephi marks undirected, imported one way only.
fn undirected(path: &Path, rows: usize) -> String {
    format!(
        "{}: {} Type 'Undirected' (Gephi's edge type); each was imported as one tie \
         from its seeker to its adviser, not both ways: add the reverse rows if the \
         advice went both ways",
        path.display(),
        count_text(rows, "row has", "rows have")
    )
}

fn column_index(
    path: &Path,
    header: &[String],
    flag: &str,
    name: &str,
) -> Result<usize, ImportError> {
    let key = table::squash(name);
    header
        .iter()
        .position(|h| table::squash(h) == key)
        .ok_or_else(|| ImportError::UnknownColumn {
            path: path.to_path_buf(),
            flag: flag.to_string(),
            column: name.to_string(),
            available: header.join("', '"),
        })
}

fn shape_error(path: &Path, why: shape::Undetected, header: &[String]) -> ImportError {
    use shape::Undetected;
    let headers = header.join("', '");
    let message = match why {
        Undetected::Empty => {
            return ImportError::Empty {
                path: path.to_path_buf(),
                what: "survey answers",
            };
        }
        Undetected::NoRespondent => format!(
            "cannot tell which column identifies the respondent; pass --respondent COLUMN \
             (the header has '{headers}')"
        ),
        Undetected::SeveralQuestions(columns) => {
            let asked: Vec<String> = columns
                .iter()
                .map(|&c| format!("'{}'", header.get(c).map_or("", String::as_str)))
                .collect();
            format!(
                "several columns could hold the names respondents chose: {}; pass --nominations COLUMN for \
                 this survey (give --nominations once per --survey, in order, to read each \
                 question as its own relation)",
                asked.join(", ")
            )
        }
        Undetected::NoNominations => format!(
            "cannot tell which column holds the names respondents chose; pass --nominations \
             COLUMN or --shape (the header has '{headers}')"
        ),
        Undetected::EdgeColumns => format!(
            "an edge list needs seeker and adviser columns (such as 'seeker' and 'adviser'); \
             the header has '{headers}'"
        ),
        Undetected::Unknown => format!(
            "cannot tell the survey's shape; pass --shape edge-list, multi-choice, slots, \
             matrix or adjacency-list (the header has '{headers}')"
        ),
    };
    ImportError::Shape {
        path: path.to_path_buf(),
        message,
    }
}
