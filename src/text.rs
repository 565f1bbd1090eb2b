//! Fitting text and numbers into fixed-width terminal columns, for the table and the browser.

/// The columns `text` takes on a terminal: two for each wide character (Chinese,
/// Japanese, Korean, most emoji), none for combining marks.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Whether `c` would move text around rather than show: control characters (line breaks,
/// tabs, escapes) and the bidirectional overrides, embeddings, isolates and marks (U+202E
/// turns the rest of a row around).
fn unshowable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal: control characters (line breaks, tabs, escapes) and
/// bidirectional overrides become spaces, so a name cannot break a line, reorder it or drive
/// the terminal.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    spaces_for(text, unshowable)
}

/// `text` as the browser and the terminal tables draw it: as [`clean`], with the invisible
/// format characters dropped (the zero-width joiner and spaces, the soft hyphen, byte-order
/// marks, tag characters), line and paragraph separators and the Hangul fillers as spaces,
/// and flags as their country's letters (`🇯🇵` is `JP`).
/// Terminals disagree on how wide those are (tmux draws each emoji of a joined family
/// apart, four times the width `unicode-width` gives, and a soft hyphen as nothing), and a
/// row drawn wider or narrower than reckoned pushes its later columns aside and leaves old
/// text behind. (A flag is one wide character to `unicode-width` and two narrow ones to
/// tmux: when the row changes, only its first half is overwritten.)
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() && !text.contains(unshowable)
        || !text
            .contains(|c| unshowable(c) || as_space(c) || invisible(c) || flag_letter(c).is_some())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .filter_map(|c| {
                if unshowable(c) || as_space(c) {
                    Some(' ')
                } else if invisible(c) {
                    None
                } else {
                    Some(flag_letter(c).unwrap_or(c))
                }
            })
            .collect(),
    )
}

/// Invisible format characters (general category Cf) other than the bidirectional controls,
/// which [`unshowable`] turns into spaces.
fn invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory as _};
    !c.is_ascii() && c.general_category() == GeneralCategory::Format
}

/// The letter a regional indicator stands for: two of them make a flag.
fn flag_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1F1E6).filter(|&k| k < 26)?;
    char::from_u32(u32::from(b'A') + offset)
}

/// Line and paragraph separators, and the Hangul fillers: blank, but drawn zero, one or two
/// columns wide depending on the terminal.
fn as_space(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'
    )
}

/// A message of several lines safe to print on a terminal: as [`clean`], keeping its line
/// breaks (an error that lists examples line by line).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    spaces_for(text, |c| c != '\n' && unshowable(c))
}

/// `text` with a space for each character `replace` picks; borrowed when there is none.
fn spaces_for(text: &str, replace: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if text.contains(&replace) {
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| if replace(c) { ' ' } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Shortens `text` to `width` terminal columns, ending in `…` when cut. Control characters
/// and bidirectional overrides become spaces: they would break the row, reorder it, or
/// drive the terminal.
pub fn fit(text: &str, columns: usize) -> String {
    let text = shown(text);
    let text = text.as_ref();
    if width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let mut cut: String = leading(text.chars(), columns).collect();
    cut.push('…');
    cut
}

/// `text` for a Markdown table cell or heading: characters that Markdown would read as
/// markup (emphasis, code, links, HTML, the cell separator) are escaped with a backslash,
/// and line breaks and tabs become spaces, so the text shows as written.
pub fn markdown(text: &str) -> std::borrow::Cow<'_, str> {
    const ACTIVE: &[char] = &[
        '\\', '|', '*', '_', '`', '<', '>', '[', ']', '&', '#', '~', '!',
    ];
    if !text.contains(|c: char| ACTIVE.contains(&c) || c.is_control()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if ACTIVE.contains(&c) {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` as a Markdown code span: shown exactly as written (no markup is read inside) and
/// still readable as plain text on a terminal. The fence is one backtick longer than the
/// longest run of backticks inside; line breaks and tabs become spaces. In a table cell,
/// escape `|` as well (GitHub's tables split on it even inside code).
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "` `".to_string();
    }
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick (or with a space) needs a space inside
    // the fence; CommonMark strips one space from each side.
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The shortest text that reads back as the same `f64` (never in exponent form, which some
/// spreadsheets take as text); whole numbers without a decimal point. For CSV cells.
pub fn exact(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// `text` as searches compare it: lower case, accents and other combining marks dropped,
/// compatibility forms decomposed (`ﬁ` is `fi`, full-width `Ａ` is `a`) and typographic
/// apostrophes as `'`. So `zoe` finds `Zoë`, `Zoë` typed decomposed finds it composed, and
/// `o'brien` finds `O’Brien`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization as _;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        // What the general path does to ASCII, without decomposing (most text).
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.extend(
            text.nfkd()
                .filter(|c| !is_combining_mark(*c))
                .map(ascii_apostrophe)
                .flat_map(char::to_lowercase),
        );
    }
}

/// Typographic apostrophes (`’` as word processors and phones type it, `‘`, `ʼ`, `‛`) as the
/// ASCII one, so `O’Brien` folds as `O'Brien` does.
fn ascii_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' => '\'',
        other => other,
    }
}

/// A column header as roving compares it: lower case, letters and digits only, so that
/// `Manager ID`, `manager_id` and `MANAGER-ID` are one name.
pub fn squash(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shortens `text` to `width` terminal columns from the left, starting with `…` when cut:
/// the end stays in sight, as where a user types.
pub fn fit_tail(text: &str, columns: usize) -> String {
    let text = shown(text);
    let text = text.as_ref();
    if width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let mut kept: Vec<char> = leading(text.chars().rev(), columns).collect();
    kept.push('…');
    kept.into_iter().rev().collect()
}

/// The first of `chars` that fit in `columns - 1` terminal columns (one is left for `…`).
fn leading(chars: impl Iterator<Item = char>, columns: usize) -> impl Iterator<Item = char> {
    let room = columns.saturating_sub(1);
    chars.scan(0, move |used, c| {
        *used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        (*used <= room).then_some(c)
    })
}

/// `n` and the word for one or for several: `1 person`, `1,000,000 people`.
pub fn count(n: usize, one: &str, several: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { several })
}

/// `n` with a comma between each group of three digits: `1,000,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, digit) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A score with `decimals` places, or in scientific notation when it would show as zero
/// (`PageRank` in a 100,000-person team is around 1e-5).
pub fn number(value: f64, decimals: u8) -> String {
    let smallest = 10f64.powi(-i32::from(decimals));
    let decimals = usize::from(decimals);
    if value == 0.0 || value.abs() >= smallest / 2.0 {
        format!("{value:.decimals$}")
    } else {
        format!("{value:.1e}")
    }
}

/// A share as a whole percentage, with two decimals below 1% so that a small but real share
/// does not read as none, and never rounded up to all: `88%`, `0.03%`, `<0.01%`, `0%`,
/// `99%` for 999 of 1,000.
pub fn percent(share: f64) -> String {
    let pct = share * 100.0;
    if pct.is_nan() || pct <= 0.0 {
        "0%".to_string()
    } else if (99.5..100.0).contains(&pct) {
        "99%".to_string()
    } else if pct >= 0.995 {
        format!("{pct:.0}%")
    } else if pct >= 0.005 {
        format!("{pct:.2}%")
    } else {
        "<0.01%".to_string()
    }
}

/// A response rate as a whole percentage, rounded down, so that a rate under a threshold
/// never prints as the threshold (69.6% is `69%` beside "under 70%"), and only everybody
/// is `100%`: `69%`, `99%` for 249 of 250, `<1%`, `0%`.
pub fn rate(share: f64) -> String {
    let pct = share * 100.0;
    if pct.is_nan() || pct <= 0.0 {
        "0%".to_string()
    } else if pct < 1.0 {
        "<1%".to_string()
    } else {
        // A hair above the float a whole percentage prints as (0.29 * 100 = 28.999…).
        format!("{:.0}%", (pct + 1e-9).floor().min(100.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_or_several() {
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(0, "person", "people"), "0 people");
        assert_eq!(
            count(1_000_000, "advice tie", "advice ties"),
            "1,000,000 advice ties"
        );
    }

    #[test]
    fn cuts_with_an_ellipsis() {
        assert_eq!(fit("Customer Success", 8), "Custome…");
        assert_eq!(fit("Ops", 8), "Ops");
        assert_eq!(fit("Zürich", 3), "Zü…");
        assert_eq!(fit("x", 0), "");
        // Wide characters take two columns each: four of them fill eight.
        assert_eq!(width("李小龍"), 6);
        assert_eq!(fit("李小龍先生", 8), "李小龍…");
        assert_eq!(fit("李小龍先生", 7), "李小龍…");
        assert_eq!(fit("李小龍", 6), "李小龍");
        assert_eq!(fit("two\nlines\tand\u{1b}[31m", 30), "two lines and [31m");
        assert_eq!(fit("Ann \u{202e}eeL", 30), "Ann  eeL");
        assert_eq!(fit("\u{2067}x\u{2069}\u{200f}", 30), " x  ");
    }

    #[test]
    fn joiners_and_fillers_are_not_drawn() {
        // A joined family is four emoji to tmux, eight columns; unicode-width says two.
        let family = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(shown(family), "👩👩👧👦");
        assert_eq!(width(&shown(family)), 8);
        assert_eq!(fit(&format!("{family} Li"), 30), "👩👩👧👦 Li");
        // Sinhala "Sri", written with a joiner.
        assert_eq!(shown("ශ්\u{200d}රී"), "ශ්රී");
        assert_eq!(shown("a\u{3164}b\u{ffa0}c"), "a b c");
        assert_eq!(shown("tab\there"), "tab here");
        // Soft hyphen, zero-width space, byte-order mark, tag characters, word joiner: gone.
        assert_eq!(
            shown("a\u{ad}b\u{200b}c\u{feff}d\u{e0041}e\u{2060}f"),
            "abcdef"
        );
        assert_eq!(shown("line\u{2028}para\u{2029}end"), "line para end");
        // Bidirectional controls are spaces, as in `clean`; accents and emoji stay.
        assert_eq!(shown("Ann \u{202e}eeL"), "Ann  eeL");
        assert_eq!(shown("Zoë ❤\u{fe0f} 🛠"), "Zoë ❤\u{fe0f} 🛠");
        assert_eq!(shown("🇯🇵🇺🇸 office"), "JPUS office");
        assert!(matches!(shown("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(fit_tail("x\u{200d}y", 5), "xy");
    }

    #[test]
    fn markdown_shows_text_as_written() {
        assert_eq!(markdown("Ann Lee"), "Ann Lee");
        assert!(matches!(markdown("Ann Lee"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(markdown("R&D <core>"), "R\\&D \\<core\\>");
        assert_eq!(markdown("Star *bold* _it_"), "Star \\*bold\\* \\_it\\_");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("a\\|b"), "a\\\\\\|b");
        assert_eq!(markdown("`code`"), "\\`code\\`");
        assert_eq!(markdown("two\nlines\tand a tab"), "two lines and a tab");
    }

    /// The text a Markdown reader (with GitHub's tables) shows for `md`, cell by cell.
    fn rendered(md: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut cells = vec![String::new()];
        for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
            match event {
                Event::Text(t) | Event::Code(t) => cells.last_mut().unwrap().push_str(&t),
                Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => {
                    cells.push(String::new());
                }
                Event::Html(_) | Event::InlineHtml(_) => panic!("{md:?} was read as HTML"),
                _ => {}
            }
        }
        cells.retain(|c| !c.is_empty());
        cells
    }

    #[test]
    fn code_spans_show_text_as_written() {
        for name in [
            "Ann Lee",
            "R&D <core>",
            "*bold* _it_ [link](x)",
            "`tick",
            "tick`",
            "a``b`c",
            " spaced ",
            "# heading",
        ] {
            assert_eq!(rendered(&format!("- {}", code(name))), [name], "{name:?}");
        }
        assert_eq!(code("Ann Lee"), "`Ann Lee`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(
            rendered(&format!("x {} y", code("two\nlines"))),
            ["x two lines y"]
        );
        assert_eq!(rendered(&format!("x {} y", code(""))), ["x   y"]);
        // In a table cell, `|` is escaped as well.
        let table = format!(
            "| a |\n|---|\n| {} |\n",
            code("R|D <x>").replace('|', "\\|")
        );
        assert_eq!(rendered(&table), ["a", "R|D <x>"]);
    }

    #[test]
    fn markdown_escapes_read_back_as_written() {
        for name in [
            "R&D <core>",
            "*bold* _it_",
            "a\\|b",
            "`code`",
            "[x](y) ![i](j)",
            "#1 ~x~",
        ] {
            assert_eq!(rendered(&markdown(name)), [name], "{name:?}");
        }
    }

    #[test]
    fn cuts_from_the_left_keeping_the_end() {
        assert_eq!(fit_tail("reports/leaders.csv", 8), "…ers.csv");
        assert_eq!(fit_tail("Ops", 8), "Ops");
        assert_eq!(fit_tail("x", 0), "");
        assert_eq!(fit_tail("先生李小龍", 7), "…李小龍");
        assert_eq!(fit_tail("先生李小龍", 8), "…李小龍");
    }

    #[test]
    fn tiny_scores_switch_to_scientific_notation() {
        // PageRank in a million-person team is around 1e-6: `0.0000` would hide it.
        assert_eq!(number(4.4e-6, 4), "4.4e-6");
        assert_eq!(number(0.0399, 4), "0.0399");
        assert_eq!(number(0.00005, 4), "0.0001");
        assert_eq!(number(0.0, 3), "0.000");
        assert_eq!(number(1.7e-5, 3), "1.7e-5");
    }

    #[test]
    fn small_shares_keep_two_decimals() {
        assert_eq!(percent(0.88), "88%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.00995), "1%");
        assert_eq!(percent(29.0 / 99_990.0), "0.03%");
        assert_eq!(percent(31.0 / 999_992.0), "<0.01%");
        assert_eq!(percent(999.0 / 1000.0), "99%");
        assert_eq!(percent(199.0 / 200.0), "99%");
        assert_eq!(percent(f64::NAN), "0%");
        assert_eq!(percent(-0.5), "0%");
    }

    #[test]
    fn rates_round_down() {
        assert_eq!(rate(16.0 / 23.0), "69%");
        assert_eq!(rate(0.29), "29%");
        assert_eq!(rate(0.7), "70%");
        assert_eq!(rate(249.0 / 250.0), "99%");
        assert_eq!(rate(1.0), "100%");
        assert_eq!(rate(1.0 / 500.0), "<1%");
        assert_eq!(rate(0.0), "0%");
        assert_eq!(rate(f64::NAN), "0%");
    }

    #[test]
    fn groups_digits_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(71_000), "71,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
