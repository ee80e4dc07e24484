//! Line plots for the training view: axes with computed ticks (linear, or
//! logarithmic when the values span orders of magnitude), series drawn as
//! line segments (thinned to a bounded number, keeping each stretch's
//! lowest and highest value, so the SVG stays small however many steps),
//! and labels at the lines' ends kept apart.

use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::text::{self, NOTE_PX};

/// Most stretches a series is thinned to (two points each).
const MAX_STRETCHES: usize = 120;
/// Ratio of the largest to the smallest value from which an axis is
/// logarithmic.
pub(super) const LOG_RATIO: f64 = 100.0;
/// Tick length, and the gap between a tick and its label.
const TICK: f64 = 5.0;

/// One axis: its range, whether it is logarithmic, and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    lo: f64,
    hi: f64,
    /// Whether positions go by log₁₀ of the value.
    pub log: bool,
    /// Tick values and their labels.
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// An axis over `values`: logarithmic when they are all positive and
    /// span at least [`LOG_RATIO`] (and `log_ok`), else linear with "nice"
    /// ticks (1, 2, 2.5 or 5 times a power of ten).
    pub fn over(values: impl Iterator<Item = f64> + Clone, log_ok: bool) -> Axis {
        let lo = values.clone().fold(f64::INFINITY, f64::min);
        let hi = values.fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() || !hi.is_finite() {
            return Axis::linear(0.0, 1.0, 5);
        }
        if log_ok && lo > 0.0 && hi / lo >= LOG_RATIO {
            return Axis::logarithmic(lo, hi);
        }
        Axis::linear(lo, hi, 5)
    }

    /// A linear axis from `lo` to `hi` with about `n` nice ticks; the
    /// range grows to the ticks around it.
    pub fn linear(lo: f64, hi: f64, n: usize) -> Axis {
        let (lo, hi) = if hi - lo < 1e-12 {
            let pad = (lo.abs() * 0.1).max(0.5);
            (lo - pad, hi + pad)
        } else {
            (lo, hi)
        };
        let step = nice((hi - lo) / n.max(1) as f64);
        let first = (lo / step).floor();
        let last = (hi / step).ceil();
        let ticks = (first as i64..=last as i64)
            .map(|k| {
                let v = k as f64 * step;
                (v, tick_label(v, step))
            })
            .collect();
        Axis {
            lo: first * step,
            hi: last * step,
            log: false,
            ticks,
        }
    }

    /// Whole steps from 0 to `n`, with about six ticks.
    pub fn steps(n: usize) -> Axis {
        let step = nice(n as f64 / 6.0).max(1.0).round();
        let last = (n as f64 / step).ceil() * step;
        let ticks = (0..=(last / step) as usize)
            .map(|k| {
                let v = k as f64 * step;
                (v, number::display(v))
            })
            .collect();
        Axis {
            lo: 0.0,
            hi: last.max(1.0),
            log: false,
            ticks,
        }
    }

    /// A log₁₀ axis over whole decades around `lo`..`hi`.
    fn logarithmic(lo: f64, hi: f64) -> Axis {
        let first = lo.log10().floor() as i32;
        let last = hi.log10().ceil() as i32;
        let every = ((last - first) as usize).div_ceil(7).max(1);
        let ticks = (first..=last)
            .filter(|k| ((k - first) as usize).is_multiple_of(every))
            .map(|k| (10f64.powi(k), power_of_ten(k)))
            .collect();
        Axis {
            lo: 10f64.powi(first),
            hi: 10f64.powi(last),
            log: true,
            ticks,
        }
    }

    /// Where `v` lies, 0 at the low end to 1 at the high end.
    pub fn fraction(&self, v: f64) -> f64 {
        let f = if self.log {
            let (a, b) = (self.lo.log10(), self.hi.log10());
            (v.max(self.lo).log10() - a) / (b - a)
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        f.clamp(0.0, 1.0)
    }
}

/// The nice step at or above `raw`: 1, 2, 2.5 or 5 times a power of ten.
pub(super) fn nice(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let f = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 2.5 {
        2.5
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    f * power
}

/// A tick's label: as the page writes numbers, or as a power of ten
/// times a factor when the step is too fine for four decimals.
fn tick_label(v: f64, step: f64) -> String {
    if step >= 1e-4 || v == 0.0 {
        return number::display(v);
    }
    scientific(v, 2)
}

/// `v` as the page writes numbers, except that a value too small for four
/// decimals (which would read as 0) is written with a power of ten,
/// "3.2×10⁻⁶".
pub(super) fn short(v: f64) -> String {
    if v == 0.0 || v.abs() >= 5e-5 || !v.is_finite() {
        return number::display(v);
    }
    scientific(v, 1)
}

/// `v` as a factor with `places` decimals times a power of ten.
fn scientific(v: f64, places: i32) -> String {
    let k = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(places);
    let m = (v / 10f64.powi(k) * scale).round() / scale;
    format!("{}×{}", number::display(m), power_of_ten(k))
}

/// 10ᵏ written for a reader: 0.001 to 1000 as numbers, else "10⁻⁵".
pub(super) fn power_of_ten(k: i32) -> String {
    if (-3..=3).contains(&k) {
        return number::display(10f64.powi(k));
    }
    let sup = crate::labels::superscript(&k.to_string());
    format!("10{sup}")
}

/// A plot area: its top-left corner, size and axes.
pub(super) struct Plot {
    /// Top-left corner of the area inside the axes.
    pub at: [f64; 2],
    /// Width and height of that area.
    pub size: [f64; 2],
    /// Across.
    pub x: Axis,
    /// Up.
    pub y: Axis,
}

impl Plot {
    /// The figure point of the data point `(x, y)`.
    pub fn point(&self, x: f64, y: f64) -> [f64; 2] {
        [
            self.at[0] + self.x.fraction(x) * self.size[0],
            self.at[1] + (1.0 - self.y.fraction(y)) * self.size[1],
        ]
    }

    /// The axes, their ticks and labels, light grid lines, and the axis
    /// titles (the y title above the axis, the x title under its right
    /// end).
    pub fn axes(&self, x_title: &str, y_title: &str) -> Vec<Item> {
        let [x0, y0] = self.at;
        let [w, h] = self.size;
        let (left, bottom) = (x0, y0 + h);
        let mut items = Vec::new();
        for (v, label) in &self.y.ticks {
            let y = self.point(self.x.lo, *v)[1];
            items.push(rule([left, y], [left + w, y], 0.5));
            items.push(rule([left - TICK, y], [left, y], 1.0));
            items.push(text(
                [left - TICK - 3.0, y + NOTE_PX * 0.35],
                label,
                Anchor::End,
            ));
        }
        for (v, label) in &self.x.ticks {
            let x = self.point(*v, self.y.lo)[0];
            items.push(rule([x, bottom], [x, bottom + TICK], 1.0));
            items.push(text([x, bottom + TICK + NOTE_PX], label, Anchor::Middle));
        }
        items.push(axis_line([left, y0], [left, bottom]));
        items.push(axis_line([left, bottom], [left + w, bottom]));
        items.push(text([left - TICK - 3.0, y0 - 10.0], y_title, Anchor::Start));
        items.push(text(
            [left + w, bottom + TICK + 2.0 * NOTE_PX + 4.0],
            x_title,
            Anchor::End,
        ));
        items
    }

    /// The room left of the area that the y tick labels need.
    pub fn label_room(axis: &Axis) -> f64 {
        axis.ticks
            .iter()
            .map(|(_, l)| text::width(l, NOTE_PX))
            .fold(0.0, f64::max)
            + TICK
            + 6.0
    }

    /// Height under the area that the x ticks and title take.
    pub const UNDER: f64 = TICK + 2.0 * NOTE_PX + 10.0;

    /// `values[i]` at x = i, as line segments in `tone`.
    pub fn series(&self, values: &[f64], tone: Tone, width: f64, dashed: bool) -> Vec<Item> {
        let points = thin(values);
        points
            .windows(2)
            .map(|pair| Item::Line {
                from: self.point(pair[0].0 as f64, pair[0].1),
                to: self.point(pair[1].0 as f64, pair[1].1),
                tone,
                width,
                arrow: false,
                dashed,
            })
            .collect()
    }
}

/// `(index, value)` of every value, or, past [`MAX_STRETCHES`] stretches,
/// the first and last value and each stretch's lowest and highest, in
/// order.
fn thin(values: &[f64]) -> Vec<(usize, f64)> {
    let n = values.len();
    if n <= 2 * MAX_STRETCHES {
        return values.iter().copied().enumerate().collect();
    }
    let size = n.div_ceil(MAX_STRETCHES);
    let mut points = vec![(0, values[0])];
    for start in (0..n).step_by(size) {
        let end = (start + size).min(n);
        let stretch = &values[start..end];
        let lowest = (0..stretch.len()).min_by(|&a, &b| stretch[a].total_cmp(&stretch[b]));
        let highest = (0..stretch.len()).max_by(|&a, &b| stretch[a].total_cmp(&stretch[b]));
        let (Some(a), Some(b)) = (lowest, highest) else {
            continue;
        };
        for k in [a.min(b), a.max(b)] {
            if points.last().is_none_or(|&(i, _)| i < start + k) {
                points.push((start + k, stretch[k]));
            }
        }
    }
    if points.last().is_some_and(|&(i, _)| i + 1 < n) {
        points.push((n - 1, values[n - 1]));
    }
    points
}

/// Where labels wanted at `wanted` (figure y, any order) go so that no two
/// are closer than `gap`, kept within `lo..=hi` where there is room: pushed
/// down past their neighbours above, then pulled back up from `hi`, so only
/// the labels that crowd move.
pub(super) fn spread(wanted: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]));
    let mut placed = vec![0.0; wanted.len()];
    let mut last = f64::NEG_INFINITY;
    for &i in &order {
        let y = wanted[i].max(last + gap).max(lo);
        placed[i] = y;
        last = y;
    }
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        let y = placed[i].min(next - gap).min(hi);
        placed[i] = y;
        next = y;
    }
    placed
}

fn rule(from: [f64; 2], to: [f64; 2], width: f64) -> Item {
    Item::Line {
        from,
        to,
        tone: Tone::Muted,
        width,
        arrow: false,
        dashed: width < 1.0,
    }
}

fn axis_line(from: [f64; 2], to: [f64; 2]) -> Item {
    Item::Line {
        from,
        to,
        tone: Tone::Ink,
        width: 1.25,
        arrow: false,
        dashed: false,
    }
}

fn text(at: [f64; 2], text: &str, anchor: Anchor) -> Item {
    Item::Text {
        at,
        text: text.to_string(),
        style: TextStyle::Note,
        anchor,
        tone: Tone::Muted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice(0.7), 1.0);
        assert_eq!(nice(1.3), 2.0);
        assert_eq!(nice(2.2), 2.5);
        assert_eq!(nice(37.0), 50.0);
        assert!((nice(0.0031) - 0.005).abs() < 1e-12);
    }

    #[test]
    fn linear_ticks_cover_the_values() {
        let axis = Axis::over([15.4, 39.0].into_iter(), true);
        assert!(!axis.log);
        let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["15", "20", "25", "30", "35", "40"]);
        assert_eq!(axis.fraction(15.0), 0.0);
        assert_eq!(axis.fraction(40.0), 1.0);
    }

    #[test]
    fn orders_of_magnitude_give_a_log_axis() {
        let axis = Axis::over([20.0, 0.5, 3e-6].into_iter(), true);
        assert!(axis.log);
        let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels.first(), Some(&"10⁻⁶"));
        assert_eq!(labels.last(), Some(&"100"));
        assert!(labels.len() <= 8);
        assert!((axis.fraction(1.0) - 6.0 / 8.0).abs() < 1e-12);
        // A zero keeps the axis linear.
        assert!(!Axis::over([20.0, 0.0].into_iter(), true).log);
        assert_eq!(short(3.2e-6), "3.2×10⁻⁶");
        assert_eq!(short(0.25), "0.25");
        // Fine steps are written with a power of ten.
        let fine = Axis::linear(0.0, 0.00004, 4);
        assert_eq!(fine.ticks[1].1, "1×10⁻⁵");
    }

    #[test]
    fn steps_are_whole_numbers() {
        let axis = Axis::steps(60);
        let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "10", "20", "30", "40", "50", "60"]);
        let one = Axis::steps(1);
        assert_eq!(one.ticks.len(), 2);
    }

    #[test]
    fn thinning_keeps_the_ends_and_the_extremes() {
        let values: Vec<f64> = (0..1001)
            .map(|i| if i == 500 { 99.0 } else { 1.0 / (i + 1) as f64 })
            .collect();
        let points = thin(&values);
        assert!(points.len() <= 2 * MAX_STRETCHES + 2);
        assert_eq!(points.first(), Some(&(0, 1.0)));
        assert_eq!(points.last().map(|p| p.0), Some(1000));
        assert!(points.iter().any(|&(i, v)| i == 500 && v == 99.0));
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn labels_keep_apart() {
        let placed = spread(&[10.0, 11.0, 12.0, 100.0], 14.0, 0.0, 200.0);
        assert_eq!(placed, [10.0, 24.0, 38.0, 100.0]);
        let squeezed = spread(&[95.0, 96.0], 14.0, 0.0, 100.0);
        assert_eq!(squeezed, [86.0, 100.0]);
        // Only the crowded pair moves.
        let pair = spread(&[20.0, 60.0, 99.0, 99.0], 14.0, 0.0, 100.0);
        assert_eq!(pair, [20.0, 60.0, 86.0, 100.0]);
    }
}
