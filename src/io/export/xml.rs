//! Escaping for XML attribute values and text.

/// Escapes `&`, `<`, `>`, `"` and `'`, and drops characters XML 1.0 cannot hold at all
/// (control characters other than tab, newline and carriage return).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Newlines and tabs in attribute values would be normalized to spaces by readers.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("R&D <\"x\"> 'y'\u{1}\nz"),
            "R&amp;D &lt;&quot;x&quot;&gt; &apos;y&apos;&#10;z"
        );
    }
}
