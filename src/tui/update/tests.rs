//! Tests of [`App::apply`](super::App::apply): key presses and clicks, start to end.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::io::team_from_str;
use crate::metrics::Settings;
use crate::tui::event::translate;

fn app() -> App {
    let org = team_from_str(crate::cli::SAMPLE_TEAM).unwrap();
    let mut app = App::new(org, Settings::default());
    app.apply(Action::Resize {
        width: 100,
        height: 30,
    });
    app
}

/// Presses keys as a user would: through the keymap, then `apply`.
fn press(app: &mut App, keys: &[KeyCode]) -> Option<Effect> {
    let mut effect = None;
    for &code in keys {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let event = Event::Key(KeyEvent::new(code, modifiers));
        if let Some(action) = translate(app, &event) {
            effect = app.apply(action).or(effect);
        }
    }
    effect
}

fn chars(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

fn name(app: &App, p: PersonIx) -> String {
    app.org().person(p).name.to_string()
}

fn shown_names(app: &App) -> Vec<String> {
    app.leaders().shown.iter().map(|&p| name(app, p)).collect()
}

#[test]
fn tabs_and_digits_switch_views() {
    let mut app = app();
    assert_eq!(app.view(), View::Leaders);
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.view(), View::OrgChart);
    press(&mut app, &[KeyCode::BackTab, KeyCode::BackTab]);
    assert_eq!(app.view(), View::Graph);
    press(&mut app, &chars("3"));
    assert_eq!(app.view(), View::Person);
    press(&mut app, &chars("1"));
    assert_eq!(app.view(), View::Leaders);
}

#[test]
fn enter_opens_the_person_and_backspace_returns() {
    let mut app = app();
    press(
        &mut app,
        &[KeyCode::Down, KeyCode::Char('j'), KeyCode::Enter],
    );
    assert_eq!(app.view(), View::Person);
    let a01 = app.focus().unwrap();
    assert_eq!(name(&app, a01), "A01");
    // The first link on A01's page is their manager, A02: open them, then come back.
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(name(&app, app.focus().unwrap()), "A02");
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(app.focus(), Some(a01));
    assert_eq!(app.view(), View::Person);
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(app.view(), View::Leaders);
    assert_eq!(app.leaders().cursor.selected, 2, "back on A01's row");
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(app.status().unwrap().text, "nothing to go back to");
}

#[test]
fn sorting_by_columns_and_reversing() {
    let mut app = app();
    assert_eq!(shown_names(&app)[..3], ["A02", "A18", "A01"]);
    press(&mut app, &chars("o"));
    assert_eq!(app.leaders().sort, Column::Name);
    assert_eq!(shown_names(&app)[..3], ["A01", "A02", "A03"]);
    press(&mut app, &chars("r"));
    assert_eq!(shown_names(&app)[..2], ["A21", "A20"]);
    press(&mut app, &chars("OO"));
    assert_eq!(app.leaders().sort, Column::Roles);
    // Roving leaders first: A01 is Krackhardt's one roving leader.
    assert_eq!(shown_names(&app)[0], "A01");
}

#[test]
fn search_filters_as_you_type_and_escape_clears() {
    let mut app = app();
    press(&mut app, &chars("/a1"));
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(shown_names(&app).len(), 10, "A10 to A19");
    press(&mut app, &chars("8"));
    assert_eq!(shown_names(&app), ["A18"]);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(shown_names(&app), ["A18"]);
    press(&mut app, &chars("x"));
    assert_eq!(shown_names(&app).len(), 21);
    press(&mut app, &chars("/vice"));
    assert_eq!(shown_names(&app).len(), 4, "title matches");
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!((app.mode(), shown_names(&app).len()), (Mode::Normal, 21));
}

#[test]
fn department_and_role_filters_cycle() {
    let mut app = app();
    press(&mut app, &chars("d"));
    let first = app.leaders().department.unwrap();
    let dept = app.org().department_names()[first as usize].clone();
    assert!(
        app.leaders()
            .shown
            .iter()
            .all(|&p| app.org().department_of(p) == Some(&dept))
    );
    // Departments come in name order, then all again.
    let mut seen = vec![dept];
    while let Some(d) = {
        press(&mut app, &chars("d"));
        app.leaders().department
    } {
        seen.push(app.org().department_names()[d as usize].clone());
    }
    assert_eq!(seen, ["0", "1", "2", "3", "4"]);
    press(&mut app, &chars("x"));
    press(&mut app, &chars("f"));
    assert_eq!(app.leaders().role, Some(Role::RovingLeader));
    assert_eq!(shown_names(&app), ["A01"]);
    press(&mut app, &chars("fffff"));
    assert_eq!(app.leaders().role, None, "cycles back to no filter");
}

#[test]
fn scope_and_metric_switch_live() {
    let mut app = app();
    let a01 = app.org().find("1").unwrap();
    let chain = app.scope_view().nayar[a01 as usize].count;
    press(&mut app, &chars("ss"));
    assert_eq!(app.scope(), Scope::Department);
    let department = app.scope_view().nayar[a01 as usize].count;
    assert!(department < chain, "{department} < {chain}");
    press(&mut app, &chars("m"));
    assert_eq!(app.metric(), Metric::InDegree);
    assert_eq!(shown_names(&app)[0], "A02", "most sought overall");
    press(&mut app, &chars("s"));
    assert_eq!(app.scope(), Scope::Chain);
}

#[test]
fn org_chart_folds_and_finds_roving_leaders() {
    let mut app = app();
    press(&mut app, &chars("2"));
    assert_eq!(app.tree().rows.len(), 21);
    press(&mut app, &chars("C"));
    assert_eq!(app.tree().rows.len(), 1, "only the CEO");
    press(&mut app, &[KeyCode::Right]);
    assert_eq!(app.tree().rows.len(), 5);
    press(&mut app, &[KeyCode::Right, KeyCode::Char(' ')]);
    assert_eq!(app.tree().rows.len(), 8, "A02's reports shown");
    press(&mut app, &[KeyCode::Left, KeyCode::Left]);
    assert_eq!(app.tree().rows.len(), 5, "A02 folded again");
    press(&mut app, &[KeyCode::Left, KeyCode::Left]);
    assert_eq!(app.tree().rows.len(), 1, "up to the CEO and folded");
    press(&mut app, &chars("n"));
    let row = app.tree().cursor.selected;
    assert_eq!(name(&app, app.tree().rows[row]), "A01");
    assert!(app.status().unwrap().text.contains("roving leader"));
    press(&mut app, &chars("]]"));
    assert_eq!(app.tree().rows.len(), 21);
    press(&mut app, &chars("["));
    assert_eq!(app.tree().rows.len(), 5);
    // Past the deepest level `]` says so, and one `[` is one level up again, also
    // after expanding everybody.
    for expand in ["]]]]", "E]"] {
        press(&mut app, &chars(expand));
        assert_eq!(app.tree().rows.len(), 21);
        let status = &app.status().unwrap().text;
        assert_eq!(
            status, "every level is shown: the chart goes 2 levels below the top",
            "{expand}"
        );
        press(&mut app, &chars("["));
        assert_eq!(app.tree().rows.len(), 5, "{expand}");
    }
}

#[test]
fn the_focus_follows_between_views() {
    let mut app = app();
    press(&mut app, &chars("jj2"));
    let row = app.tree().cursor.selected;
    assert_eq!(name(&app, app.tree().rows[row]), "A01");
    press(&mut app, &chars("4"));
    let graph = app.graph.network.as_ref().unwrap();
    assert_eq!(name(&app, graph.center), "A01");
    let advice = app.org().advice();
    let mut around: Vec<PersonIx> = advice.seekers(graph.center).to_vec();
    around.extend(advice.advisors(graph.center));
    around.sort_unstable();
    around.dedup();
    assert_eq!(
        graph.nodes.len(),
        1 + around.len(),
        "everyone tied to A01, once"
    );
    press(&mut app, &chars("t"));
    assert_eq!(app.graph.network.as_ref().unwrap().steps, 2);
    press(&mut app, &chars("w"));
    assert_eq!(app.graph.network.as_ref().unwrap().nodes.len(), 21);
    press(&mut app, &[KeyCode::Right, KeyCode::Enter]);
    assert_eq!(app.view(), View::Person);
}

#[test]
fn export_prompt_hands_back_an_effect() {
    let mut app = app();
    press(&mut app, &chars("e"));
    assert_eq!(app.mode(), Mode::Export);
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.export.path, "roving-leaders.json");
    for _ in 0..".json".len() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    press(&mut app, &chars(".md"));
    let effect = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effect,
        Some(Effect::Export {
            path: PathBuf::from("roving-leaders.md"),
            format: ListFormat::Markdown
        })
    );
    assert_eq!(app.mode(), Mode::Normal);
    press(&mut app, &chars("e"));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(
        !app.should_quit(),
        "Esc in a prompt cancels, it does not quit"
    );
}

#[test]
fn export_asks_before_replacing_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("old.csv");
    std::fs::write(&existing, "keep me").unwrap();
    let mut app = app();
    press(&mut app, &chars("e"));
    app.export.path = existing.to_string_lossy().into_owned();
    // The first Enter warns and stays in the prompt.
    assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
    assert_eq!(app.mode(), Mode::Export);
    assert!(
        app.status()
            .unwrap()
            .text
            .contains("exists: Enter again replaces it")
    );
    // A change of name asks again.
    press(&mut app, &[KeyCode::Backspace]);
    press(&mut app, &chars("v"));
    assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
    // The second Enter on the same name writes.
    let effect = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effect,
        Some(Effect::Export {
            path: existing,
            format: ListFormat::Csv
        })
    );
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn export_refuses_the_team_file_and_names_of_other_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.csv");
    std::fs::write(&team, "keep me").unwrap();
    let mut app = app().with_inputs(vec![team.clone()]);
    press(&mut app, &chars("e"));
    // Named another way, it is still the file the team came from: not even on a second Enter.
    app.export.path = dir
        .path()
        .join(".")
        .join("team.csv")
        .to_string_lossy()
        .into_owned();
    for _ in 0..2 {
        assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
        let status = app.status().unwrap();
        assert!(status.error && status.text.contains("is a file this team was loaded from"));
        assert_eq!(app.mode(), Mode::Export);
    }
    assert_eq!(std::fs::read_to_string(&team).unwrap(), "keep me");
    for (name, says) in [
        ("leaders.ron", "a .ron name says a team file"),
        ("leaders.XLSX", "a .xlsx name says a workbook"),
        ("leaders.gexf", "a .gexf name says a graph"),
    ] {
        app.export.path = dir.path().join(name).to_string_lossy().into_owned();
        assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
        assert!(app.status().unwrap().text.starts_with(says), "{name}");
        assert!(!dir.path().join(name).exists());
    }
    app.export.path = dir.path().join("leaders.md").to_string_lossy().into_owned();
    assert!(matches!(
        press(&mut app, &[KeyCode::Enter]),
        Some(Effect::Export { .. })
    ));
}

#[test]
fn export_writes_the_rows_as_shown() {
    let mut app = app();
    press(&mut app, &chars("f"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leaders.csv");
    let effect = Effect::Export {
        path: path.clone(),
        format: ListFormat::Csv,
    };
    crate::tui::event::perform(&mut app, effect);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 2, "header and A01: {text}");
    assert!(text.lines().nth(1).unwrap().starts_with("3,1,A01,"));
    assert!(
        app.status()
            .unwrap()
            .text
            .contains("exported 1 person (csv)")
    );
    let bad = Effect::Export {
        path: dir.path().join("missing/leaders.csv"),
        format: ListFormat::Csv,
    };
    crate::tui::event::perform(&mut app, bad);
    assert!(app.status().unwrap().error);
    // The prompt is open again over the error, for the name to be corrected.
    assert_eq!(app.mode(), Mode::Export);
    assert!(app.status().unwrap().text.contains("missing"));
}

/// A CSV export says when cells would run as formulas in a spreadsheet, and quotes them
/// when the browser was started with --spreadsheet-safe.
#[test]
fn export_csv_watches_formula_cells() {
    let team = r#"Team(people: [
        Person(id: "1", name: "=1+1"),
        Person(id: "2", name: "Bo", manager: Some("1")),
    ], advice: [Tie(seeker: "2", advisor: "1")])"#;
    let dir = tempfile::tempdir().unwrap();
    for (safe, cell, said) in [
        (
            false,
            "=1+1",
            "warning: 1 cell that a spreadsheet would run as a formula (start",
        ),
        (
            true,
            "'=1+1",
            "1 cell that a spreadsheet would run as a formula went out with",
        ),
    ] {
        let mut app =
            App::new(team_from_str(team).unwrap(), Settings::default()).with_spreadsheet_safe(safe);
        let path = dir.path().join(format!("{safe}.csv"));
        let effect = Effect::Export {
            path: path.clone(),
            format: ListFormat::Csv,
        };
        crate::tui::event::perform(&mut app, effect);
        let status = &app.status().unwrap().text;
        assert!(status.contains(said), "{status}");
        let text = std::fs::read(&path).unwrap();
        let names: Vec<String> = csv::Reader::from_reader(text.as_slice())
            .records()
            .map(|r| r.unwrap()[2].to_string())
            .collect();
        assert!(names.contains(&cell.to_string()), "{names:?}");
    }
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = app();
    press(&mut app, &chars("?"));
    assert_eq!(app.mode(), Mode::Help);
    press(&mut app, &chars("jjj"));
    assert_eq!(app.help_scroll, 3);
    press(&mut app, &chars("q"));
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
}

#[test]
fn esc_goes_back_before_it_quits() {
    let mut app = app();
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.view, View::Person);
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        app.view,
        View::Leaders,
        "back to where the person was opened"
    );
    assert!(!app.should_quit());
    press(&mut app, &chars("2"));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.view, View::Leaders, "no history: to the Leaders view");
    assert!(!app.should_quit());
    press(&mut app, &[KeyCode::Esc]);
    assert!(app.should_quit(), "from the Leaders view, Esc quits");
}

/// History left behind (a person opened, then `1`) does not keep Esc from quitting on
/// the Leaders view, as the help says; from another view it still goes back.
#[test]
fn esc_quits_from_leaders_whatever_lies_behind() {
    let mut app = app();
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Char('j'), KeyCode::Enter],
    );
    press(&mut app, &chars("21"));
    assert_eq!(app.view, View::Leaders);
    press(&mut app, &[KeyCode::Esc]);
    assert!(app.should_quit());
    let mut other = self::app();
    press(&mut other, &[KeyCode::Enter]);
    let opened = other.focus;
    press(
        &mut other,
        &[KeyCode::Char('j'), KeyCode::Enter, KeyCode::Char('2')],
    );
    press(&mut other, &[KeyCode::Esc]);
    assert_eq!(
        (other.view, other.focus),
        (View::Person, opened),
        "back, from the chart"
    );
    assert!(!other.should_quit());
}

/// Keys typed into a terminal too small to show the browser change nothing, except
/// those that quit.
#[test]
fn a_tiny_terminal_takes_only_quit() {
    let mut app = app();
    let before = (app.view, app.scope, app.metric, app.focus);
    app.apply(Action::Resize {
        width: 20,
        height: 6,
    });
    press(&mut app, &chars("s2md/x"));
    press(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
    let click = Event::Mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 1,
        row: 1,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(translate(&app, &click), None);
    app.apply(Action::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!((app.view, app.scope, app.metric, app.focus), before);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
    app.apply(Action::Resize {
        width: 20,
        height: 6,
    });
    press(&mut app, &chars("q"));
    assert!(app.should_quit());
}

#[test]
fn slash_searches_from_every_view() {
    for view in ["2", "3", "4"] {
        let mut app = app();
        press(&mut app, &chars(view));
        press(&mut app, &chars("/A18"));
        assert_eq!((app.view, app.mode()), (View::Leaders, Mode::Search));
        assert_eq!(shown_names(&app), ["A18"], "from view {view}");
    }
}

#[test]
fn quit_keys() {
    for key in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut app = app();
        press(&mut app, &[key]);
        assert!(app.should_quit());
    }
    let mut app = app();
    press(&mut app, &chars("/"));
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let action = translate(&app, &ctrl_c).unwrap();
    app.apply(action);
    assert!(app.should_quit());
}

#[test]
fn clicks_switch_tabs_sort_and_select() {
    let mut app = app();
    let [tabs, body, _] = ui::layout(app.area());
    let (_, x, _) = ui::tab_spans(tabs)[1];
    app.apply(Action::Click { x, y: tabs.y });
    assert_eq!(app.view(), View::OrgChart);
    app.apply(Action::ShowView(View::Leaders));
    let areas = ui::leaders::areas(body);
    let name_column = ui::leaders::columns(areas.header, &app)[1];
    app.apply(Action::Click {
        x: name_column.x,
        y: areas.header.y,
    });
    assert_eq!(app.leaders().sort, Column::Name);
    app.apply(Action::Click {
        x: name_column.x,
        y: areas.header.y,
    });
    assert!(app.leaders().reversed, "a second click reverses");
    app.apply(Action::Click {
        x: name_column.x,
        y: areas.rows.y + 4,
    });
    assert_eq!(app.leaders().cursor.selected, 4);
    app.apply(Action::Click {
        x: name_column.x,
        y: areas.rows.y + 4,
    });
    assert_eq!(
        app.view(),
        View::Person,
        "clicking the selected row opens it"
    );
    app.apply(Action::ScrollDown);
    assert_eq!(app.person_cursor.selected, 3);
}

#[test]
fn resizing_keeps_the_selection_on_screen() {
    let mut app = app();
    press(&mut app, &[KeyCode::End]);
    assert_eq!(app.leaders().cursor.selected, 20);
    app.apply(Action::Resize {
        width: 80,
        height: 12,
    });
    let page = app.leader_page();
    let cursor = app.leaders().cursor;
    assert!(cursor.selected >= cursor.offset && cursor.selected < cursor.offset + page);
}

#[test]
fn search_ignores_case_accents_and_apostrophe_shapes() {
    let org = team_from_str(
        "Team(name: \"t\", people: [\
         Person(id: \"1\", name: \"Zoë Ångström\", title: \"Directrice Générale\"), \
         Person(id: \"2\", name: \"Sean O’Brien\", manager: \"1\"), \
         Person(id: \"3\", name: \"Zoe Plain\", manager: \"1\"), \
         Person(id: \"4\", name: \"ＡＢＣ Wide\", manager: \"1\")], advice: [])",
    )
    .unwrap();
    let mut app = App::new(org, Settings::default());
    app.apply(Action::Resize {
        width: 100,
        height: 30,
    });
    let mut found = |query: &str| {
        press(&mut app, &[KeyCode::Esc]);
        press(&mut app, &chars(&format!("/{query}")));
        let mut names = shown_names(&app);
        names.sort();
        names
    };
    assert_eq!(found("zoe"), ["Zoe Plain", "Zoë Ångström"]);
    assert_eq!(found("ZOË"), ["Zoe Plain", "Zoë Ångström"]);
    // Typed decomposed (e + combining diaeresis), as some keyboards send it.
    assert_eq!(found("zoe\u{308} a"), ["Zoë Ångström"]);
    assert_eq!(found("angstrom"), ["Zoë Ångström"]);
    assert_eq!(found("o'brien"), ["Sean O’Brien"]);
    assert_eq!(found("o’b"), ["Sean O’Brien"]);
    assert_eq!(found("generale"), ["Zoë Ångström"]);
    assert_eq!(found("abc"), ["ＡＢＣ Wide"]);
    assert!(found("zoex").is_empty());
}

#[test]
fn levels_keys_change_the_chart_after_folding_by_hand() {
    let mut app = app();
    press(&mut app, &chars("2C"));
    press(&mut app, &[KeyCode::Right, KeyCode::Right, KeyCode::Right]);
    assert_eq!(app.tree().rows.len(), 8, "the CEO and A02 opened by hand");
    // `]` opens the next level everywhere at once; it never folds what was opened.
    press(&mut app, &chars("]"));
    assert_eq!(app.tree().rows.len(), 21);
    assert_eq!(app.status().unwrap().text, "showing 2 levels below the top");
    // Back to the hand-opened state: `[` folds the deepest open level, one level up.
    press(&mut app, &chars("C"));
    press(&mut app, &[KeyCode::Right, KeyCode::Right, KeyCode::Right]);
    press(&mut app, &chars("["));
    assert_eq!(app.tree().rows.len(), 5, "A02 folded, the CEO still open");
    assert_eq!(app.status().unwrap().text, "showing 1 level below the top");
    press(&mut app, &chars("["));
    assert_eq!(app.tree().rows.len(), 1);
    assert_eq!(app.status().unwrap().text, "collapsed to the top");
    // From the top alone, the CEO opened by hand: `]` shows the next level at once.
    press(&mut app, &[KeyCode::Right]);
    assert_eq!(app.tree().rows.len(), 5);
    press(&mut app, &chars("]"));
    assert_eq!(app.tree().rows.len(), 21);
}

#[test]
fn a_search_that_matches_nobody_selects_nobody() {
    let mut app = app();
    press(&mut app, &chars("/a0"));
    assert!(app.focus.is_some());
    press(&mut app, &chars("zz"));
    press(&mut app, &[KeyCode::Enter]);
    assert!(shown_names(&app).is_empty());
    assert_eq!(app.focus, None);
    press(&mut app, &chars("3"));
    assert_eq!(app.selected_person(), None);
    assert!(app.detail.is_none() || app.detail.as_ref().map(|d| d.person) != app.focus);
    // Clearing the search selects again.
    press(&mut app, &chars("1x"));
    assert_eq!(app.focus, app.selected_person());
    assert!(app.focus.is_some());
}
