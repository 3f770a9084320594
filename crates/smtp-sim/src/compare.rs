//! Two journeys side by side, lined up by kind of step: the greeting beside the greeting, MAIL
//! beside MAIL, and a gap where one port has a step the other has not (465 has no STARTTLS). Steps
//! with no counterpart between the same two common steps share rows, so a port that is blocked and
//! one that is open both run to their end. Once both have ended, `summary` says what differed:
//! round trips, where TLS began, and what each attacker achieves against each.

use crate::journey::{journey, Journey};
use crate::path::attacker::Attack;
use crate::teach::lesson::Lesson;
use crate::teach::rfc::Rfc;
use crate::{Event, Lane, Setup, Tag};

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

    /// The row shown once `at` rows are shown (the current one), if any.
    pub fn at(&self, at: usize) -> Option<Row> {
        self.rows.get(at.checked_sub(1)?).copied()
    }

    /// What differed between the two journeys, for the end of the comparison, each fact with
    /// the RFC sections of the steps it comes from: the round trips (when the counts of two
    /// journeys that end alike differ, from the steps only one side took), where TLS began
    /// (when that differs, from the step that asked for it), and each attacker's outcome on
    /// each side (from the attack steps of the two journeys run again with that attacker). A
    /// fact with no step to cite is left out.
    pub fn summary(&self, left: &Journey, right: &Journey) -> Vec<Fact> {
        let (a, b) = (left.setup.port.number(), right.setup.port.number());
        let mut facts = Vec::new();
        let mut add = |text: String, rfc: Vec<Rfc>| {
            if !rfc.is_empty() {
                facts.push(Fact { text, rfc });
            }
        };
        let (trips_a, trips_b) = (round_trips(left), round_trips(right));
        // Counted only between journeys that end alike: one cut short says nothing of cost.
        if trips_a != trips_b && left.outcome == right.outcome {
            let own = self.rows.iter().filter(|r| match (r.left, r.right) {
                (Some(i), Some(j)) => left.steps[i].lesson != right.steps[j].lesson,
                _ => true,
            });
            let mut rfc = Vec::new();
            for row in own {
                let steps = row.left.map(|i| &left.steps[i]).into_iter();
                for step in steps.chain(row.right.map(|j| &right.steps[j])) {
                    cite(&mut rfc, step.rfc);
                }
            }
            add(format!("Round trips: {a} {trips_a} · {b} {trips_b}"), rfc);
        }
        let (tls_a, tls_b) = (tls_began(left), tls_began(right));
        if tls_a.0 != tls_b.0 {
            let mut rfc = Vec::new();
            cite(&mut rfc, tls_a.1);
            cite(&mut rfc, tls_b.1);
            add(format!("TLS began: {a} {} · {b} {}", tls_a.0, tls_b.0), rfc);
        }
        for attack in Attack::ALL {
            let under = |j: &Journey| {
                journey(Setup {
                    attack: Some(attack),
                    ..j.setup
                })
            };
            let (x, y) = (under(left), under(right));
            let mut rfc = Vec::new();
            for step in x.steps.iter().chain(&y.steps) {
                if let Lesson::Attack(_) = step.lesson {
                    cite(&mut rfc, step.rfc);
                }
            }
            let (ox, oy) = (short(x.outcome.words()), short(y.outcome.words()));
            let text = match ox == oy {
                true => format!("both {ox}"),
                false => format!("{a} {ox} · {b} {oy}"),
            };
            let text = format!("An attacker who {}: {text}", short(attack.label()));
            add(text, rfc);
        }
        facts
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

/// One thing two compared journeys did differently, and the RFC sections it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// The fact in one line, the ports by number.
    pub text: String,
    /// The sections of the steps it comes from, each once.
    pub rfc: Vec<Rfc>,
}

/// Adds each section not cited yet.
fn cite(to: &mut Vec<Rfc>, rfcs: &[Rfc]) {
    for rfc in rfcs {
        if !to.contains(rfc) {
            to.push(*rfc);
        }
    }
}

/// Times the program waited for an answer: each run of events that reach it after it sent
/// something (a DNS answer, the SYN's answer, a reply, the TLS server's flight).
pub fn round_trips(journey: &Journey) -> usize {
    let mut waiting = false;
    let mut trips = 0;
    for event in journey.events(journey.steps.len()) {
        if event.from == Lane::App {
            waiting = true;
        } else if event.to == Lane::App && waiting {
            waiting = false;
            trips += 1;
        }
    }
    trips
}

/// Where TLS began, in words ("after 15 SMTP lines in plaintext", "before any SMTP line",
/// "never"), and the sections of the step that asked for it (STARTTLS, or TLS first on 465;
/// else the step where the first encrypted line crossed).
fn tls_began(journey: &Journey) -> (String, &'static [Rfc]) {
    let mut smtp = 0;
    let mut asked: &[Rfc] = &[];
    for step in &journey.steps {
        if matches!(step.lesson, Lesson::Starttls | Lesson::ImplicitTls) {
            asked = step.rfc;
        }
        for event in &step.events {
            if event.encrypted {
                let rfc = if asked.is_empty() { step.rfc } else { asked };
                return match smtp {
                    0 => ("before any SMTP line".into(), rfc),
                    n => (format!("after {n} SMTP lines in plaintext"), rfc),
                };
            }
            smtp += is_smtp(event) as usize;
        }
    }
    ("never".into(), &[])
}

/// A command or a reply line (not DNS, TCP, TLS records or the attacker's own lines).
fn is_smtp(event: &Event) -> bool {
    matches!(event.tag, Tag::Client | Tag::Server)
}

/// Words up to their colon, lower case first: "stopped safely".
fn short(words: &str) -> String {
    let head = words.split(':').next().unwrap_or(words);
    let mut chars = head.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_lowercase().to_string() + chars.as_str()
    })
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
