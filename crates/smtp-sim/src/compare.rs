//! Two journeys side by side, lined up by kind of step: the greeting beside the greeting, MAIL
//! beside MAIL, and a gap where one port has a step the other has not (465 has no STARTTLS). Steps
//! with no counterpart between the same two common steps share rows, so a port that is blocked and
//! one that is open both run to their end.

use crate::journey::Journey;

/// One row of the comparison: the index of the step each journey takes there, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The left journey's step, or `None` for a gap.
    pub left: Option<usize>,
    /// The right journey's step, or `None` for a gap.
    pub right: Option<usize>,
}

/// Two journeys lined up row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

impl Comparison {
    /// Lines up two journeys: common kinds of step side by side, the others against gaps.
    pub fn new(left: &Journey, right: &Journey) -> Comparison {
        let (a, b) = (&left.steps, &right.steps);
        // Longest common subsequence of step kinds (at most a few dozen steps each).
        let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                common[i][j] = if a[i].lesson == b[j].lesson {
                    common[i + 1][j + 1] + 1
                } else {
                    common[i + 1][j].max(common[i][j + 1])
                };
            }
        }
        let mut rows = Vec::new();
        let (mut i, mut j) = (0, 0);
        let (mut gap_a, mut gap_b) = (Vec::new(), Vec::new());
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i].lesson == b[j].lesson {
                pair_gaps(&mut rows, &mut gap_a, &mut gap_b);
                rows.push(Row {
                    left: Some(i),
                    right: Some(j),
                });
                (i, j) = (i + 1, j + 1);
            } else if j == b.len() || (i < a.len() && common[i + 1][j] >= common[i][j + 1]) {
                gap_a.push(i);
                i += 1;
            } else {
                gap_b.push(j);
                j += 1;
            }
        }
        pair_gaps(&mut rows, &mut gap_a, &mut gap_b);
        Comparison { rows }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows (both journeys are empty).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Steps taken by each journey once the first `rows` rows are shown.
    pub fn taken(&self, rows: usize) -> (usize, usize) {
        let shown = &self.rows[..rows.min(self.rows.len())];
        let last = |side: fn(&Row) -> Option<usize>| {
            shown
                .iter()
                .rev()
                .find_map(side)
                .map_or(0, |index| index + 1)
        };
        (last(|r| r.left), last(|r| r.right))
    }

    /// How many rows show the first `taken` steps of the left journey: where a learner who was
    /// following one port stands once a second one is shown beside it.
    pub fn rows_for_left(&self, taken: usize) -> usize {
        if taken == 0 {
            return 0;
        }
        self.rows
            .iter()
            .position(|r| r.left == Some(taken - 1))
            .map_or(self.rows.len(), |row| row + 1)
    }
}

/// Steps with no counterpart between the same two common steps happen side by side.
fn pair_gaps(rows: &mut Vec<Row>, a: &mut Vec<usize>, b: &mut Vec<usize>) {
    for k in 0..a.len().max(b.len()) {
        rows.push(Row {
            left: a.get(k).copied(),
            right: b.get(k).copied(),
        });
    }
    a.clear();
    b.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::journey;
    use crate::teach::lesson::Lesson;
    use crate::{Network, Port, Setup};

    fn both(left: Setup, right: Setup) -> (Journey, Journey, Comparison) {
        let (a, b) = (journey(left), journey(right));
        let c = Comparison::new(&a, &b);
        (a, b, c)
    }

    /// Every step of each journey is in exactly one row, in order.
    fn check_complete(a: &Journey, b: &Journey, c: &Comparison) {
        let lefts: Vec<usize> = c.rows.iter().filter_map(|r| r.left).collect();
        let rights: Vec<usize> = c.rows.iter().filter_map(|r| r.right).collect();
        assert_eq!(lefts, (0..a.steps.len()).collect::<Vec<_>>());
        assert_eq!(rights, (0..b.steps.len()).collect::<Vec<_>>());
        assert!(c.rows.iter().all(|r| r.left.is_some() || r.right.is_some()));
        assert_eq!(c.taken(c.len()), (a.steps.len(), b.steps.len()));
    }

    #[test]
    fn each_ports_own_steps_get_rows_of_their_own() {
        let (a, b, c) = both(Setup::new(Port::P587), Setup::new(Port::P465));
        check_complete(&a, &b, &c);
        let kind = |row: &Row| {
            (
                row.left.map(|i| a.steps[i].lesson),
                row.right.map(|i| b.steps[i].lesson),
            )
        };
        let kinds: Vec<_> = c.rows.iter().map(kind).collect();
        for lesson in [Lesson::Starttls, Lesson::TlsHandshake, Lesson::EhloAgain] {
            assert!(
                kinds.contains(&(Some(lesson), None)),
                "{lesson:?} on 587 alone"
            );
        }
        assert!(kinds.contains(&(None, Some(Lesson::ImplicitTls))));
        for lesson in [Lesson::Greeting, Lesson::Ehlo, Lesson::Mail, Lesson::Quit] {
            assert!(kinds.contains(&(Some(lesson), Some(lesson))), "{lesson:?}");
        }
    }

    #[test]
    fn a_blocked_port_beside_an_open_one_lets_the_open_one_finish() {
        for (port, network) in [(Port::P25, Network::Cloud), (Port::P80, Network::Office)] {
            let blocked = Setup {
                network,
                ..Setup::new(port)
            };
            let open = Setup {
                network,
                ..Setup::new(Port::P587)
            };
            let (a, b, c) = both(blocked, open);
            check_complete(&a, &b, &c);
            // Half-way through, the open port has gone past its DNS steps.
            let (_, right) = c.taken(c.len() / 2);
            assert!(
                b.steps[right - 1].lesson != Lesson::AddressLookup,
                "{port:?}"
            );
        }
    }

    #[test]
    fn a_learners_place_is_kept_when_a_port_is_added() {
        let (a, _, c) = both(Setup::new(Port::P587), Setup::new(Port::P465));
        for taken in 0..=a.steps.len() {
            assert_eq!(c.taken(c.rows_for_left(taken)).0, taken);
        }
    }
}
