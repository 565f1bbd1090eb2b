//! End to end: the real `roving` binary in a pseudo-terminal, driven by keys, its screen read
//! back through a vt100 parser. Checks several views, a clean exit, and that the terminal is
//! restored (main screen, cursor shown, mouse reporting off, cooked mode back).
#![cfg(unix)]
// Helpers outside #[test] functions: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{Read as _, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `roving` in a pseudo-terminal.
struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_roving"));
        command.args(args);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        // The developer's own key file must not change what the test types.
        command.env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config"),
        );
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("roving starts");
        drop(pair.slave);
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size above zero");
        let parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
        let screen = Arc::new(Mutex::new(parser));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let sink = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        Session {
            master: pair.master,
            writer,
            child,
            screen,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        self.wait_within(text, PATIENCE);
    }

    /// Waits until the screen shows `text`, for up to `patience`.
    fn wait_within(&self, text: &str, patience: Duration) {
        let start = Instant::now();
        while start.elapsed() < patience {
            if self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take in the last bytes written before exit.
                thread::sleep(Duration::from_millis(200));
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("roving did not exit; screen:\n{}", self.contents());
    }

    /// Asserts the terminal is as roving found it.
    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "left the alternate screen");
        assert!(!screen.hide_cursor(), "cursor shown again");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting off"
        );
        let termios = self.master.get_termios().expect("termios of the pty");
        assert!(
            termios
                .local_flags
                .contains(LocalFlags::ICANON | LocalFlags::ECHO),
            "raw mode left: {:?}",
            termios.local_flags
        );
    }
}

#[test]
fn browses_every_view_and_quits_cleanly() {
    let mut s = Session::start(&[], &[]);
    s.wait_for("21 of 21 people");
    {
        let parser = s.screen.lock().unwrap();
        assert!(parser.screen().alternate_screen());
    }
    assert!(s.contents().contains("A02"));

    // Find the roving leader inside the org chart.
    s.keys("2");
    s.wait_for("from outside");
    s.keys("n");
    s.wait_for("★ 1 of 1: A01, a roving leader");

    // Open them, see where the count comes from, then their ego network.
    s.keys("\r");
    s.wait_for("Seekers who count (13), by department");
    assert!(s.contents().contains("Management chain: A02 → A07"));
    s.keys("4");
    s.wait_for("Ego network of A01");

    // Switch scope live and search the leader table.
    s.keys("s1/a18");
    s.wait_for("1 of 21 match");
    s.keys("\r");
    s.wait_for("scope team");

    s.keys("?");
    s.wait_for("What roving looks for");
    s.keys("\x1b");
    thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains("What roving looks for"));

    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_from_a_prompt_and_restores_the_terminal() {
    let mut s = Session::start(&["sample_teams/lazega.ron"], &[("NO_COLOR", "1")]);
    s.wait_for("Leaders");
    s.keys("e");
    s.wait_for("Export the Leaders list");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn exports_from_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("leaders.md");
    let mut s = Session::start(&[], &[]);
    s.wait_for("21 of 21 people");
    s.keys("fe");
    s.wait_for("Export the Leaders list");
    // Clear the suggested name, then type ours.
    s.keys(&"\x7f".repeat("roving-leaders.csv".len()));
    s.keys(target.to_str().unwrap());
    s.keys("\r");
    s.wait_for("exported 1 person (md)");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("| 3 | 1 | A01 |"), "{text}");
}

#[test]
fn refuses_to_run_without_a_terminal() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_roving"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("needs a terminal; use `roving rank`"),
        "{stderr}"
    );
}

#[test]
fn loading_warnings_show_on_the_status_line_and_again_after_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    // No manager column (a typo), and a repeated tie: two warnings.
    std::fs::write(&people, "id,name,manger_id\n1,Ann,\n2,Bo,1\n").unwrap();
    std::fs::write(&advice, "seeker_id,advisor_id\n2,1\n2,1\n").unwrap();
    let (people, advice) = (people.display().to_string(), advice.display().to_string());
    let mut s = Session::start(
        &["--people", &people, "--advice", &advice],
        &[("NO_COLOR", "1")],
    );
    s.wait_for("2 loading warnings, printed again when you quit: ");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    // Back on the main screen, after the browser: both warnings.
    let after = s.contents();
    assert!(after.contains("merged 1 repeated advice tie"), "{after}");
    assert!(after.contains("no manager column"), "{after}");
}

/// A mistake in the key file is reported before the team is loaded (which takes seconds at
/// a million people): with a team file that does not exist, the key file's error is the one.
#[test]
fn key_file_errors_come_before_loading() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.ron");
    std::fs::write(
        &keys,
        "[\n    (context: global, action: no_such_action, keys: [\"x\"]),\n]\n",
    )
    .unwrap();
    let keys = keys.display().to_string();
    let mut s = Session::start(&["--keys", &keys, "no/such/team.ron"], &[]);
    assert_eq!(s.wait_exit(), 2);
    let screen = s.contents();
    assert!(screen.contains("keys.ron:2:"), "{screen}");
    assert!(!screen.contains("no/such/team.ron"), "{screen}");
}

/// A team whose betweenness takes a while opens before it is computed: the status line
/// shows the progress, export waits, and the brokers appear when it is done.
#[test]
fn a_large_team_opens_while_betweenness_is_computed() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_roving"))
        .args(["generate", "--people", "5000", "--csv-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let (people, advice) = (dir.path().join("people.csv"), dir.path().join("advice.csv"));
    let mut s = Session::start(
        &[
            "--people",
            people.to_str().unwrap(),
            "--advice",
            advice.to_str().unwrap(),
        ],
        &[],
    );
    s.wait_for("5,000 of 5,000 people");
    s.wait_for("computing betweenness (");
    s.keys("e");
    s.wait_for("betweenness is still being computed (");
    s.wait_within("betweenness is ready: brokers are marked", PATIENCE * 4);
    assert!(s.contents().contains('⇄'), "{}", s.contents());
    s.keys("e");
    s.wait_for("Export");
    s.keys("\x1b");
    // Apart, or the two read as Alt+q.
    thread::sleep(Duration::from_millis(300));
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}
