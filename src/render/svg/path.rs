//! Numbers and path data for the SVG writer. Coordinates are kept in tenths
//! of a CSS pixel: finer than a screen shows even at twice the figure's
//! natural size, short to write, and exact to subtract, so relative moves
//! add up to the same place every time.

/// A coordinate or length in tenths of a CSS pixel.
pub(super) type Tenths = i64;

/// `x` pixels in tenths, rounded (a NaN becomes 0 rather than garbage).
pub(super) fn tenths(x: f64) -> Tenths {
    (x * 10.0).round() as Tenths
}

/// Writes `v` tenths as the shortest decimal: `12`, `66.2`, `.5`, `-3`.
pub(super) fn put(out: &mut String, v: Tenths) {
    // Built backwards in a buffer and written at once: this runs for every
    // number of every figure.
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let a = v.unsigned_abs();
    let (mut int, frac) = (a / 10, a % 10);
    if frac > 0 {
        i -= 2;
        buf[i] = b'.';
        buf[i + 1] = b'0' + frac as u8;
    }
    if int > 0 || frac == 0 {
        loop {
            i -= 1;
            buf[i] = b'0' + (int % 10) as u8;
            int /= 10;
            if int == 0 {
                break;
            }
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    // Only ASCII digits, '.' and '-' were written: each byte is its char.
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Writes a fraction from 0 to 1 with two decimals and no leading zero
/// (`.45`, `1`): an opacity.
pub(super) fn put_fraction(out: &mut String, x: f64) {
    let hundredths = (x.clamp(0.0, 1.0) * 100.0).round() as u64;
    match hundredths {
        0 => out.push('0'),
        100 => out.push('1'),
        h => {
            out.push('.');
            out.push(char::from(b'0' + (h / 10) as u8));
            if h % 10 > 0 {
                out.push(char::from(b'0' + (h % 10) as u8));
            }
        }
    }
}

/// The `d` of one `<path>` holding many shapes, each subpath starting with a
/// move relative to where the last one left the pen.
#[derive(Debug, Default)]
pub(super) struct PathData {
    d: String,
    pen: Option<[Tenths; 2]>,
}

impl PathData {
    /// Whether nothing was drawn.
    pub(super) fn is_empty(&self) -> bool {
        self.d.is_empty()
    }

    /// The path data.
    pub(super) fn as_str(&self) -> &str {
        &self.d
    }

    /// Writes a command and its numbers, with a space only where the next
    /// number would otherwise run into the last.
    fn command(&mut self, letter: char, numbers: &[Tenths]) {
        self.d.push(letter);
        for (i, &n) in numbers.iter().enumerate() {
            if i > 0 && n >= 0 {
                self.d.push(' ');
            }
            put(&mut self.d, n);
        }
    }

    /// Starts a subpath at `p`: absolute the first time, then relative.
    fn move_to(&mut self, p: [Tenths; 2]) {
        match self.pen {
            None => self.command('M', &p),
            Some(pen) => self.command('m', &[p[0] - pen[0], p[1] - pen[1]]),
        }
        self.pen = Some(p);
    }

    /// An axis-aligned rectangle; the pen ends at its corner.
    pub(super) fn rect(&mut self, at: [Tenths; 2], [w, h]: [Tenths; 2]) {
        self.move_to(at);
        self.command('h', &[w]);
        self.command('v', &[h]);
        self.command('h', &[-w]);
        self.d.push('z');
    }

    /// A circle of radius `r` around `center`; the pen ends at its left.
    pub(super) fn circle(&mut self, center: [Tenths; 2], r: Tenths) {
        self.move_to([center[0] - r, center[1]]);
        // Flags are written as numbers too: 10 tenths is the flag 1.
        self.command('a', &[r, r, 0, 10, 0, 2 * r, 0]);
        self.command('a', &[r, r, 0, 10, 0, -2 * r, 0]);
        self.d.push('z');
    }

    /// A straight segment; the pen ends at `to`.
    pub(super) fn line(&mut self, from: [Tenths; 2], to: [Tenths; 2]) {
        self.move_to(from);
        self.command('l', &[to[0] - from[0], to[1] - from[1]]);
        self.pen = Some(to);
    }

    /// A closed polygon; the pen ends at its first corner.
    pub(super) fn polygon(&mut self, points: &[[Tenths; 2]]) {
        let Some((&first, rest)) = points.split_first() else {
            return;
        };
        self.move_to(first);
        let mut last = first;
        for &p in rest {
            self.command('l', &[p[0] - last[0], p[1] - last[1]]);
            last = p;
        }
        self.d.push('z');
    }
}

/// How many distinct marks there are: one per palette color.
pub(super) const MARKS: usize = 9;

/// Shape number `k` (of [`MARKS`]) in a square of side `s` at `at`: circle,
/// square, triangle up, diamond, triangle down, plus, cross, bar, bow tie.
/// They tell shared weights apart without color.
pub(super) fn mark(path: &mut PathData, k: usize, at: [Tenths; 2], s: Tenths) {
    let [x, y] = at;
    let h = s / 2;
    let q = s / 4;
    let p = |dx: Tenths, dy: Tenths| [x + dx, y + dy];
    match k % MARKS {
        0 => path.circle(p(h, h), h),
        1 => path.rect(at, [s, s]),
        2 => path.polygon(&[p(0, s), p(h, 0), p(s, s)]),
        3 => path.polygon(&[p(0, h), p(h, 0), p(s, h), p(h, s)]),
        4 => path.polygon(&[p(0, 0), p(s, 0), p(h, s)]),
        5 => {
            let (a, b) = (s / 3, s - s / 3);
            path.polygon(&[
                p(a, 0),
                p(b, 0),
                p(b, a),
                p(s, a),
                p(s, b),
                p(b, b),
                p(b, s),
                p(a, s),
                p(a, b),
                p(0, b),
                p(0, a),
                p(a, a),
            ]);
        }
        6 => path.polygon(&[
            p(0, q),
            p(q, 0),
            p(h, h - q),
            p(s - q, 0),
            p(s, q),
            p(h + q, h),
            p(s, s - q),
            p(s - q, s),
            p(h, h + q),
            p(q, s),
            p(0, s - q),
            p(h - q, h),
        ]),
        7 => path.rect(p(0, q), [s, s - 2 * q]),
        _ => path.polygon(&[p(0, 0), p(s, s), p(s, 0), p(0, s)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: Tenths) -> String {
        let mut s = String::new();
        put(&mut s, v);
        s
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(text(120), "12");
        assert_eq!(text(662), "66.2");
        assert_eq!(text(5), ".5");
        assert_eq!(text(-5), "-.5");
        assert_eq!(text(-30), "-3");
        assert_eq!(text(0), "0");
        assert_eq!(tenths(66.16), 662);
        assert_eq!(tenths(-0.04), 0);
        let mut s = String::new();
        for x in [0.0, 0.4, 0.45, 0.999, 1.0] {
            put_fraction(&mut s, x);
            s.push(' ');
        }
        assert_eq!(s, "0 .4 .45 1 1 ");
    }

    #[test]
    fn shapes_after_the_first_move_relatively() {
        let mut path = PathData::default();
        path.rect([120, 380], [640, 640]);
        path.rect([760, 380], [640, 640]);
        path.line([0, 0], [10, -20]);
        path.line([5, 5], [5, 15]);
        assert_eq!(
            path.as_str(),
            "M12 38h64v64h-64zm64 0h64v64h-64zm-76-38l1-2m-.5 2.5l0 1"
        );
    }

    #[test]
    fn circles_are_two_arcs() {
        let mut path = PathData::default();
        path.circle([100, 100], 50);
        assert_eq!(path.as_str(), "M5 10a5 5 0 1 0 10 0a5 5 0 1 0-10 0z");
    }

    #[test]
    fn every_mark_is_a_different_shape() {
        let shapes: Vec<String> = (0..MARKS)
            .map(|k| {
                let mut path = PathData::default();
                mark(&mut path, k, [0, 0], 80);
                path.as_str().to_string()
            })
            .collect();
        let mut unique = shapes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), MARKS, "{shapes:?}");
    }
}
