//! The lab's words in a terminal: a finished session's transcript as the page's lessons tell
//! it, its outcome, and the report card (this session's rows, and with `--grade` the card so far).

use std::fmt::Write;

use smtp_sim::teach::rfc::cite;
use smtp_sim::Outcome;

use super::grade::{Graded, Row, CHECKS};
use super::transcript::{Item, Party, Transcript};

pub fn session(t: &Transcript, graded: &Graded, peer: &str) -> String {
    let s = &graded.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "── Session {} · {} port {} (answers as {}) · attack: {} · from {peer}",
        s.session, s.mode, s.port, s.model_port, s.attack
    );
    for item in &t.items {
        match item {
            Item::Line(line) => {
                let lock = if line.encrypted { "🔒 " } else { "" };
                let who = match (line.from, line.to) {
                    (Party::Client, _) => "C:  ",
                    (Party::Server, Party::Attacker) => "S→A:",
                    (Party::Server, _) => "S:  ",
                    (Party::Attacker, Party::Client) => "A→C:",
                    (Party::Attacker, Party::Server) => "A→S:",
                    (Party::Attacker, Party::Attacker) => "ATK ",
                };
                let _ = writeln!(out, "  {who} {lock}{}", line.text);
                if let Some(note) = &line.note {
                    let _ = writeln!(out, "         ({note})");
                }
            }
            Item::Tls(words) => {
                let _ = writeln!(out, "  TLS  {words}");
            }
            Item::Step(step) => {
                let _ = writeln!(out, "  ▸ {} ({})", step.title(), cite(step.rfc()));
            }
            Item::Lesson(lesson) => {
                let _ = writeln!(out, "  ⚠ {} ({})", lesson.title(), cite(lesson.rfc()));
                let _ = writeln!(out, "    {}", lesson.explain());
            }
        }
    }
    if t.dropped > 0 {
        let _ = writeln!(out, "  … {} more lines not kept", t.dropped);
    }
    let _ = writeln!(
        out,
        "  Outcome: {}. {}",
        graded.outcome.name(),
        outcome_words(graded.outcome)
    );
    if !graded.report.is_empty() {
        let _ = writeln!(out, "  Report card, this session:");
        for row in &graded.report {
            card_row(&mut out, row);
        }
    }
    out
}

fn outcome_words(outcome: Outcome) -> &'static str {
    outcome.words()
}

fn card_row(out: &mut String, row: &Row) {
    let mark = if row.result == "pass" { "✓" } else { "✗" };
    let _ = writeln!(
        out,
        "    {mark} {}: {} ({})",
        row.title, row.why, row.source
    );
    if row.result == "fail" {
        let _ = writeln!(out, "      Fix: {}", row.fix);
    }
}

/// With `--grade`: every check, decided or not yet, after the sessions of this round so far
/// (`round` from 0: sessions 4·round+1 to 4·round+4).
pub fn card(rows: &[Option<Row>], round: u64, next: &str) -> String {
    let first = round * 4 + 1;
    let mut out = format!(
        "  Report card so far (--grade, sessions {first}–{}):\n",
        first + 3
    );
    for ((check, title), row) in CHECKS.iter().zip(rows) {
        match row {
            Some(row) => card_row(&mut out, row),
            None if *check == "implicit-tls-on-465" => {
                let _ = writeln!(
                    out,
                    "    ? {title}: not decided yet; connect your program to the smtps port to decide it"
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "    ? {title}: not decided yet; run your program again (next connection: {next})"
                );
            }
        }
    }
    out
}
