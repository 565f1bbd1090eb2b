//! Betweenness computed on another thread for a large team: the browser opens without it,
//! shows its progress, and takes it in when it arrives.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::metrics::{self, Betweenness, Metric};
use crate::model::{Phase, Progress};

use super::action::Column;
use super::app::{App, sampled_note};

/// How status messages about something that waits for betweenness start: it replaces them
/// when it arrives.
pub(crate) const STILL_COMPUTING: &str = "betweenness is still being computed";

/// Betweenness computed on another thread: its progress, and where the result arrives.
#[derive(Debug)]
pub(super) struct PendingBetweenness {
    counter: Arc<SourceCounter>,
    result: Receiver<Betweenness>,
}

/// Counts the finished betweenness sources, for the progress shown on screen.
#[derive(Debug, Default)]
struct SourceCounter {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress for SourceCounter {
    fn start(&self, phase: Phase, total: u64) {
        if phase == Phase::Betweenness {
            self.total.store(total, Ordering::Relaxed);
        }
    }
    fn advance(&self, phase: Phase, amount: u64) {
        if phase == Phase::Betweenness {
            self.done.fetch_add(amount, Ordering::Relaxed);
        }
    }
    fn finish(&self, _phase: Phase) {}
}

impl App {
    /// Computes betweenness (by the settings' sources) on another thread, and opens the
    /// browser meanwhile: the scores show as `…`, nobody is a broker and the status line
    /// shows the progress until [`poll_background`](Self::poll_background) takes the
    /// result in. For a large team,
    /// where betweenness takes seconds to minutes and everything else is ready.
    #[must_use]
    pub fn with_betweenness_in_background(mut self) -> App {
        let counter = Arc::new(SourceCounter::default());
        let (send, result) = std::sync::mpsc::channel();
        let (org, sources) = (Arc::clone(&self.org), self.settings.sources);
        let progress = Arc::clone(&counter);
        std::thread::spawn(move || {
            progress.start(Phase::Betweenness, sources.searches(org.len()) as u64);
            let compute = || metrics::betweenness_with(org.advice(), sources, &*progress);
            // A pool of its own, as many threads as the shared one (the same sums as
            // `rank`'s, bit for bit): in the shared pool its long jobs would hold up
            // whatever the browser asks of it (sorting, a scope's counts) until they end.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .build();
            let betweenness = match pool {
                Ok(pool) => pool.install(compute),
                Err(_) => compute(),
            };
            // Nobody listens once the browser has closed.
            let _ = send.send(betweenness);
        });
        self.pending = Some(PendingBetweenness { counter, result });
        self
    }

    /// How far the background betweenness is, in percent, while it runs.
    pub fn betweenness_progress(&self) -> Option<u8> {
        let pending = self.pending.as_ref()?;
        let done = pending.counter.done.load(Ordering::Relaxed);
        let total = pending.counter.total.load(Ordering::Relaxed).max(1);
        Some(u8::try_from((done.min(total) * 100 / total).min(99)).unwrap_or(99))
    }

    /// Takes in the background betweenness if it has arrived; true when the screen changes.
    pub fn poll_background(&mut self) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        match pending.result.try_recv() {
            Ok(betweenness) => {
                self.set_betweenness(betweenness);
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                // The thread ended without a result (it panicked): say so rather than wait.
                self.pending = None;
                self.set_status(
                    "betweenness could not be computed; its column stays 0",
                    true,
                );
                true
            }
        }
    }

    /// Puts betweenness in: the roles that rest on it (broker) and the orders by it are
    /// made again, and the rows shown keep their cursor.
    pub(crate) fn set_betweenness(&mut self, betweenness: Betweenness) {
        self.pending = None;
        self.centralities.betweenness = betweenness;
        for view in self.views.iter_mut().flatten() {
            view.roles = metrics::roles(
                &self.org,
                &view.nayar,
                &self.centralities.betweenness.scores,
                self.settings.thresholds,
            );
        }
        self.rankings
            .retain(|(_, metric), _| *metric != Metric::Betweenness);
        self.orders
            .retain(|(_, column), _| !matches!(column, Column::Betweenness | Column::Roles));
        self.ensure_scope();
        self.refresh_leaders();
        // The cursor may be on someone else now (a list filtered to brokers): the focus
        // follows it, as after a key press.
        self.sync();
        let mut done = "betweenness is ready: brokers are marked".to_string();
        if let Some(note) = sampled_note(&self.centralities.betweenness, &self.org) {
            done = format!("{done}; {note}");
            self.notes.push(note);
        }
        // Over a note (such as what a scope means), not over an error the user may be
        // reading, unless that is only that betweenness was not ready.
        if self
            .status
            .as_ref()
            .is_none_or(|s| !s.error || s.text.starts_with(STILL_COMPUTING))
        {
            self.set_status(done, false);
        }
    }

    /// Whether betweenness is still being computed in the background.
    pub fn betweenness_pending(&self) -> bool {
        self.pending.is_some()
    }
}
