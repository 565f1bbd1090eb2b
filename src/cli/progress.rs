//! Progress bars on stderr (indicatif) and per-phase timings for long commands.
//!
//! Bars appear only when stderr is a terminal, so pipes, files and CI logs stay clean.
//! `ROVING_TIMINGS=1` prints one `timing:` line per phase on stderr whatever stderr is, for
//! benchmarks and for finding out where the time goes on a large org.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::model::{Phase, Progress};

/// Reports [`Phase`]s as indicatif bars and, when asked, as timing lines. Phases may run
/// at the same time (one bar each).
#[derive(Debug)]
pub struct Bars {
    multi: Option<MultiProgress>,
    timings: bool,
    start: Instant,
    running: Mutex<Vec<(Phase, Instant, ProgressBar)>>,
}

impl Bars {
    /// Bars when stderr is a terminal; timing lines when `ROVING_TIMINGS` is set (and not
    /// empty or `0`).
    pub fn for_stderr() -> Self {
        let timings = std::env::var("ROVING_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0");
        let multi = std::io::stderr()
            .is_terminal()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Bars {
            multi,
            timings,
            start: Instant::now(),
            running: Mutex::new(Vec::new()),
        }
    }

    /// Prints the time since this reporter was made, as the `total` timing line.
    pub fn total(&self) {
        if self.timings {
            eprintln!(
                "timing: {:<20} {:>9}",
                "total",
                seconds(self.start.elapsed())
            );
        }
    }

    fn bar(&self, phase: Phase, total: u64) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let (length, template) = match phase {
            Phase::LoadPeople | Phase::LoadTies if total > 0 => (
                Some(total),
                "{msg:>18} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ),
            _ if total > 0 => (Some(total), "{msg:>18} [{bar:30}] {pos}/{len} eta {eta}"),
            _ => (None, "{msg:>18} {spinner} {elapsed}"),
        };
        let bar = multi.add(ProgressBar::with_draw_target(
            length,
            ProgressDrawTarget::hidden(),
        ));
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(phase.label());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }
}

impl Progress for Bars {
    fn start(&self, phase: Phase, total: u64) {
        let bar = self.bar(phase, total);
        if let Ok(mut running) = self.running.lock() {
            running.push((phase, Instant::now(), bar));
        }
    }

    fn advance(&self, phase: Phase, amount: u64) {
        if self.multi.is_none() {
            return;
        }
        if let Ok(running) = self.running.lock()
            && let Some((_, _, bar)) = running.iter().find(|(p, _, _)| *p == phase)
        {
            bar.inc(amount);
        }
    }

    fn finish(&self, phase: Phase) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        let Some(at) = running.iter().position(|(p, _, _)| *p == phase) else {
            return;
        };
        let (_, started, bar) = running.remove(at);
        bar.finish_and_clear();
        if let Some(multi) = &self.multi {
            multi.remove(&bar);
        }
        if self.timings {
            let line = format!(
                "timing: {:<20} {:>9}",
                phase.label(),
                seconds(started.elapsed())
            );
            match &self.multi {
                Some(multi) if multi.println(&line).is_ok() => {}
                _ => eprintln!("{line}"),
            }
        }
    }
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.3} s", elapsed.as_secs_f64())
}
