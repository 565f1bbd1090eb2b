//! A cursor over a list longer than the screen: the selected row and the first row shown.

/// Selected row and scroll offset of a list, kept so the selection stays on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index of the selected row.
    pub selected: usize,
    /// Index of the first row on screen.
    pub offset: usize,
}

impl Cursor {
    /// Selects `index` (clamped to `len`) and scrolls so it is within a page of `page` rows.
    pub fn select(&mut self, index: usize, len: usize, page: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.scroll_into_view(len, page);
    }

    /// Selects `index` and scrolls so it sits in the middle of the page (after a jump).
    pub fn center(&mut self, index: usize, len: usize, page: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.offset = self.selected.saturating_sub(page / 2);
        self.scroll_into_view(len, page);
    }

    /// Moves the selection by `delta` rows, stopping at both ends.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.select(target, len, page);
    }

    /// Keeps the selection on screen and the page as full as the list allows.
    pub fn scroll_into_view(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// The rows on screen: `offset..offset + page`, clipped to the list, recomputed so that
    /// the selection is inside even if the page size changed since the last move.
    pub fn window(&self, len: usize, page: usize) -> std::ops::Range<usize> {
        let mut cursor = *self;
        cursor.scroll_into_view(len, page);
        cursor.offset..(cursor.offset + page).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_stays_on_screen() {
        let mut cursor = Cursor::default();
        cursor.move_by(12, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (12, 3));
        cursor.move_by(-5, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (7, 3));
        cursor.move_by(1000, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (99, 90));
        cursor.move_by(-1000, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (0, 0));
        assert_eq!(cursor.window(5, 10), 0..5);
        cursor.select(3, 0, 10);
        assert_eq!(cursor.selected, 0);
    }
}
