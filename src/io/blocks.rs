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
    let wave = &wave;
    std::thread::scope(|scope| {
        let mut formatted: Vec<Vec<u8>> = Vec::new();
        for start in (0..len).step_by(BLOCK * WAVE) {
            let next = scope.spawn(move || wave(start));
            let written = formatted
                .drain(..)
                .try_for_each(|block| out.write_all(&block));
            // Joined before a write error returns, so the error is what the caller sees.
            let next = next.join();
            written?;
            formatted = next.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        for block in formatted {
            out.write_all(&block)?;
        }
        Ok(())
    })
}
