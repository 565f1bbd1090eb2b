//! Text made on every core and written in order: for outputs of millions of lines.

use std::io::Write;
use std::ops::Range;

use rayon::prelude::*;

/// Items per block that one thread turns into text.
pub(crate) const BLOCK: usize = 8192;
/// Blocks formatted at a time. Two waves of text are held at once (one being written, the
/// next being formatted): about 15 MB of CSV or Markdown, or 55 MB of pretty JSON. At 1M
/// rows, 16 blocks raised `rank`'s peak memory by 47 MB with JSON; 4 slowed it down by a
/// third.
pub(crate) const WAVE: usize = 8;

/// Writes items `0..len` through `format(range, text)`, which appends the text of the items
/// in `range` to `text`, about `bytes_per_item` bytes each. Formatting is most of the cost
/// of a long list, so blocks are formatted in parallel, a wave at a time, and written in
/// order; while one wave is written the next one is formatted on another thread. The bytes
/// are those of formatting every item in turn on one thread.
pub(crate) fn write_in_order(
    out: &mut dyn Write,
    len: usize,
    bytes_per_item: usize,
    format: impl Fn(Range<usize>, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let format = &format;
    let wave = |start: usize| {
        let end = len.min(start + BLOCK * WAVE);
        (0..(end - start).div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| start + b * BLOCK)
            .map(|first| {
                let range = first..end.min(first + BLOCK);
                let mut text = Vec::with_capacity(range.len() * bytes_per_item);
                format(range, &mut text)?;
                Ok(text)
            })
            .collect::<std::io::Result<Vec<Vec<u8>>>>()
    };
    let mut formatted: Vec<Vec<u8>> = Vec::new();
    for start in (0..len).step_by(BLOCK * WAVE) {
        let mut next = None;
        // The next wave is formatted as a rayon job while this thread writes the last one.
        // A rayon scope, not a thread of its own: a caller that is itself a rayon worker
        // helps with the job while it waits, so a busy pool cannot deadlock here.
        let written = rayon::in_place_scope(|scope| {
            scope.spawn(|_| next = Some(wave(start)));
            formatted
                .drain(..)
                .try_for_each(|block| out.write_all(&block))
        });
        // The scope has waited for the job, so a write error is reported after it.
        written?;
        formatted = next.expect("the scope ran the job")?;
    }
    for block in formatted {
        out.write_all(&block)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use std::fmt::Write as _;

    use super::*;

    fn numbers(len: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        write_in_order(&mut out, len, 8, |range, text| {
            for i in range {
                writeln!(text, "{i}")?;
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn writes_every_item_in_order() {
        let len = BLOCK * WAVE * 2 + 17;
        let expected = (0..len).fold(String::new(), |mut text, i| {
            let _ = writeln!(text, "{i}");
            text
        });
        assert_eq!(String::from_utf8(numbers(len).unwrap()).unwrap(), expected);
        assert!(numbers(0).unwrap().is_empty());
    }

    #[test]
    fn every_worker_of_a_pool_can_write_at_once() {
        // Each of the pool's threads writes a list at the same time. When the next wave ran
        // on a thread of its own, its parallel formatting waited for a pool thread, and every
        // pool thread was waiting for such a thread: this never returned.
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let lens = rayon::broadcast(|_| numbers(BLOCK * WAVE * 3).unwrap().len());
            done.send(lens).unwrap();
        });
        let lens = finished
            .recv_timeout(Duration::from_mins(2))
            .expect("all writers finish");
        assert_eq!(lens.len(), rayon::current_num_threads());
        assert!(lens.iter().all(|&l| l == lens[0]));
    }
}
