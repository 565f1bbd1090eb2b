//! Fitting text into fixed-width terminal columns, for the table and the browser.

/// Shortens `text` to `width` characters, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_with_an_ellipsis() {
        assert_eq!(fit("Customer Success", 8), "Custome…");
        assert_eq!(fit("Ops", 8), "Ops");
        assert_eq!(fit("Zürich", 3), "Zü…");
        assert_eq!(fit("x", 0), "");
    }
}
