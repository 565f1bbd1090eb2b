//! Progress of long work, told to whoever shows it, with no terminal code.
//!
//! Loading and metrics call a [`Progress`] at the start and end of each [`Phase`] and now and
//! then in between; the CLI draws indicatif bars on stderr, the TUI can draw a gauge, and
//! tests and library users pass [`Silent`]. It lives in `model` because both `io` and
//! `metrics` report through it and neither may depend on the other.

/// One step of loading or analysing an org that can take seconds on a large one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading, checking and building a team file (.ron); no units.
    LoadTeam,
    /// Reading the people file; units are bytes.
    LoadPeople,
    /// Reading the advice ties; units are bytes.
    LoadTies,
    /// Checking ids and managers and building the org chart.
    Chart,
    /// Reading a survey file for `roving import`; no units.
    ReadSurvey,
    /// Matching a survey's names to people; no units.
    Match,
    /// Building the advice network from the ties read.
    Build,
    /// In- and out-degrees.
    Degree,
    /// `PageRank`; units are iterations (the total is the iteration limit).
    PageRank,
    /// Betweenness; units are source people.
    Betweenness,
    /// Nayar counts; units are people.
    Nayar,
    /// Giving each person their roles.
    Roles,
    /// Sorting and selecting the ranked rows.
    Rank,
    /// Writing the result.
    Write,
}

impl Phase {
    /// Short lower-case label for bars and timing lines ("loading ties").
    pub fn label(self) -> &'static str {
        match self {
            Phase::LoadTeam => "loading team file",
            Phase::LoadPeople => "loading people",
            Phase::LoadTies => "loading ties",
            Phase::Chart => "org chart",
            Phase::ReadSurvey => "reading survey",
            Phase::Match => "matching names",
            Phase::Build => "building network",
            Phase::Degree => "degrees",
            Phase::PageRank => "pagerank",
            Phase::Betweenness => "betweenness",
            Phase::Nayar => "nayar counts",
            Phase::Roles => "roles",
            Phase::Rank => "ranking",
            Phase::Write => "writing",
        }
    }
}

/// Receives progress reports. Implementations must be cheap: `advance` may be called from
/// several threads, though callers batch it (every few thousand items at most).
pub trait Progress: Sync {
    /// `phase` starts; about `total` units of work are ahead (0 when unknown).
    fn start(&self, phase: Phase, total: u64);
    /// `amount` more units of `phase` are done.
    fn advance(&self, phase: Phase, amount: u64);
    /// `phase` is over.
    fn finish(&self, phase: Phase);
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _phase: Phase, _total: u64) {}
    fn advance(&self, _phase: Phase, _amount: u64) {}
    fn finish(&self, _phase: Phase) {}
}

/// Runs `work` as `phase` of `progress`: `start` before, `finish` after.
pub fn in_phase<T>(
    progress: &dyn Progress,
    phase: Phase,
    total: u64,
    work: impl FnOnce() -> T,
) -> T {
    progress.start(phase, total);
    let result = work();
    progress.finish(phase);
    result
}

/// A [`Progress`] that writes down every report, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    /// `(phase, event, amount)`: event is `"start"`, `"advance"` or `"finish"`.
    pub events: std::sync::Mutex<Vec<(Phase, &'static str, u64)>>,
}

#[cfg(test)]
impl Recorder {
    /// Phases in the order they started.
    pub fn started(&self) -> Vec<Phase> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.1 == "start")
            .map(|e| e.0)
            .collect()
    }

    /// Sum of the amounts advanced in `phase`.
    pub fn advanced(&self, phase: Phase) -> u64 {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.0 == phase && e.1 == "advance")
            .map(|e| e.2)
            .sum()
    }

    /// True when every started phase finished, after it started.
    pub fn balanced(&self) -> bool {
        let events = self.events.lock().unwrap();
        events.iter().enumerate().all(|(i, e)| {
            e.1 != "start" || events[i..].iter().any(|f| f.0 == e.0 && f.1 == "finish")
        })
    }
}

#[cfg(test)]
impl Progress for Recorder {
    fn start(&self, phase: Phase, total: u64) {
        self.events.lock().unwrap().push((phase, "start", total));
    }
    fn advance(&self, phase: Phase, amount: u64) {
        self.events.lock().unwrap().push((phase, "advance", amount));
    }
    fn finish(&self, phase: Phase) {
        self.events.lock().unwrap().push((phase, "finish", 0));
    }
}
