//! Browser responsiveness on a generated org (100,000 people by default):
//! time to the first frame once the team is loaded, and the time each keypress takes to be
//! applied and drawn on a 120×40 `TestBackend`.
//!
//! ```text
//! cargo bench --bench tui                # 100,000 people
//! cargo bench --bench tui -- 20000       # another size
//! ```
//!
//! Plain `std::time` measurements (no harness): every step runs the real code path of a
//! keypress (`keymap` → `App::apply` → `ui::render`), repeated, and the median, 95th
//! percentile and worst time are printed per kind of key.

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roving::io::{Options, load_csv_pair};
use roving::metrics::{Centralities, Settings, Sources};
use roving::tui::{Action, App, event::translate, ui};

fn main() {
    let people: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    println!("roving TUI benchmark: {people} people, 120×40 TestBackend");

    let dir = tempfile::tempdir().expect("a temp dir");
    let synthetic = roving::generate::generate(people, 7, roving::generate::DEFAULT_NAME);
    synthetic.write_csv(dir.path()).expect("CSV written");
    let start = Instant::now();
    let loaded = load_csv_pair(
        &dir.path().join("people.csv"),
        Some(&dir.path().join("advice.csv")),
        &[],
        Options::default(),
    )
    .expect("the generated team loads");
    let org = loaded.org;
    report("load CSV pair", start.elapsed());
    println!("  {} advice ties", org.advice().edge_count());

    // As `tui::run` does for a team this size.
    let settings = Settings {
        sources: Sources::default_for(people, org.advice().edge_count(), 42),
        ..Settings::default()
    };
    let start = Instant::now();
    let centralities = Centralities::compute(&org, &settings);
    report(
        "centralities (PageRank, sampled betweenness)",
        start.elapsed(),
    );

    let start = Instant::now();
    let mut app = App::with_centralities(org.clone(), settings, centralities.clone());
    app.apply(Action::Resize {
        width: 120,
        height: 40,
    });
    let built = start.elapsed();
    report("App::new (chain scope, ranking, caches)", built);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let start = Instant::now();
    terminal
        .draw(|frame| ui::render(&app, frame))
        .expect("first frame");
    let first = start.elapsed();
    report("first frame draw", first);
    report("first frame after metrics (App::new + draw)", built + first);

    let press = |app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode| {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let start = Instant::now();
        if let Some(action) = translate(app, &Event::Key(KeyEvent::new(code, modifiers))) {
            let _ = app.apply(action);
        }
        terminal
            .draw(|frame| ui::render(app, frame))
            .expect("frame");
        start.elapsed()
    };
    let c = KeyCode::Char;

    // Cold: keys pressed before anything beyond the first screen is cached.
    println!("\ncold keypresses, before warm-up (ms):");
    for (what, key) in [
        ("sort by name (o)", c('o')),
        ("sort by title (o)", c('o')),
        ("scope team (s)", c('s')),
        ("scope department (s)", c('s')),
        ("metric in-degree (m)", c('m')),
        ("metric pagerank (m)", c('m')),
    ] {
        report(what, press(&mut app, &mut terminal, key));
    }

    // Warm: what the event loop caches while the user reads the first screen.
    let mut app = App::with_centralities(org, settings, centralities);
    app.apply(Action::Resize {
        width: 120,
        height: 40,
    });
    let (mut steps, mut longest) = (0, Duration::ZERO);
    let start = Instant::now();
    loop {
        let step = Instant::now();
        if !app.warm_up() {
            break;
        }
        steps += 1;
        longest = longest.max(step.elapsed());
    }
    println!();
    report(&format!("warm-up: {steps} steps, in all"), start.elapsed());
    report("warm-up: longest step (worst wait for a key)", longest);

    println!("\nkeypress → apply → draw after warm-up (median / p95 / worst, ms):");
    let groups: &[(&str, &[KeyCode], usize)] = &[
        ("Leaders: j/k", &[c('j'), c('j'), c('k')], 100),
        (
            "Leaders: PgDn/PgUp/End/Home",
            &[
                KeyCode::PageDown,
                KeyCode::PageUp,
                KeyCode::End,
                KeyCode::Home,
            ],
            25,
        ),
        ("Leaders: sort o", &[c('o')], 27),
        ("Leaders: reverse r", &[c('r')], 20),
        ("Leaders: department filter d", &[c('d')], 20),
        ("Leaders: role filter f", &[c('f')], 12),
        ("Leaders: clear filters x", &[c('x')], 10),
        ("scope s", &[c('s')], 12),
        ("metric m", &[c('m')], 16),
        (
            "Org chart: 2, j, →, ←, n",
            &[c('2'), c('j'), KeyCode::Right, KeyCode::Left, c('n')],
            20,
        ),
        ("Org chart: ] deeper / [ shallower", &[c(']'), c('[')], 4),
        (
            "Person: Enter, j, Backspace",
            &[KeyCode::Enter, c('j'), KeyCode::Backspace],
            20,
        ),
        ("Graph: 4, t, l, 1", &[c('4'), c('t'), c('l'), c('1')], 20),
        ("help ? j ?", &[c('?'), c('j'), c('?')], 10),
    ];
    let mut all = Vec::new();
    for &(name, keys, rounds) in groups {
        let mut times = Vec::new();
        for _ in 0..rounds {
            for &key in keys {
                times.push(press(&mut app, &mut terminal, key));
            }
        }
        press(&mut app, &mut terminal, c('1'));
        summary(name, &mut times);
        all.extend(times);
    }
    // Search: type a name one letter at a time, then clear it.
    let mut times = vec![press(&mut app, &mut terminal, c('/'))];
    for ch in "owen moreau".chars() {
        times.push(press(&mut app, &mut terminal, c(ch)));
    }
    for _ in 0.."owen moreau".len() {
        times.push(press(&mut app, &mut terminal, KeyCode::Backspace));
    }
    times.push(press(&mut app, &mut terminal, KeyCode::Esc));
    summary("Search: / then typing and deleting", &mut times);
    all.extend(times);
    summary("all keypresses", &mut all);
}

fn report(what: &str, took: Duration) {
    println!("  {what:<48} {:>9.1} ms", took.as_secs_f64() * 1e3);
}

fn summary(name: &str, times: &mut [Duration]) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "  {name:<40} n={:<4} {:>7.2} {:>7.2} {:>7.2}",
        times.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(times[times.len() - 1])
    );
}
