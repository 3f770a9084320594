//! A diagnosis as plain text, for the page's Web Worker to hand back to the page: the engine (and
//! its catalogue) runs in the worker, which the page loads only when the diagnosis view is used,
//! so every reader of the walkthrough is spared its kilobytes. `decode` is all the page links.
//!
//! Records end with RS (U+001E), fields with US (U+001F); pasted text can contain neither after
//! `encode`, which replaces them.

use super::Diagnosis;

const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

/// What the page shows of one cause.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShownCause {
    pub id: String,
    pub what: String,
    pub fix: String,
    pub source: String,
    pub matched: String,
    /// Query string without `?`.
    pub link: String,
}

/// What the page shows of a diagnosis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub truncated: bool,
    /// "You connected to … on …", or empty.
    pub connected: String,
    /// The program recognised, or empty.
    pub program: String,
    pub causes: Vec<ShownCause>,
}

fn clean(text: &str) -> String {
    text.replace([RECORD, FIELD], " ")
}

pub fn encode(d: &Diagnosis) -> String {
    let head = [
        if d.truncated { "1" } else { "0" }.to_string(),
        clean(&d.connected().unwrap_or_default()),
        d.program.map_or(String::new(), |p| p.name().to_string()),
    ];
    let mut records = vec![head.join(&FIELD.to_string())];
    for f in &d.findings {
        let fields = [
            f.cause.id().to_string(),
            clean(&f.what),
            clean(&f.fix),
            clean(&f.source),
            clean(&f.matched),
            clean(&f.link),
        ];
        records.push(fields.join(&FIELD.to_string()));
    }
    records.join(&RECORD.to_string())
}

/// Reads what `encode` wrote; anything else gives an empty diagnosis, never a panic.
pub fn decode(text: &str) -> Shown {
    let mut records = text.split(RECORD);
    let mut head = records.next().unwrap_or("").split(FIELD);
    let mut next = || head.next().unwrap_or("").to_string();
    let (truncated, connected, program) = (next() == "1", next(), next());
    let causes = records
        .map(|record| {
            let mut fields = record.split(FIELD).map(str::to_string);
            let mut next = || fields.next().unwrap_or_default();
            ShownCause {
                id: next(),
                what: next(),
                fix: next(),
                source: next(),
                matched: next(),
                link: next(),
            }
        })
        .collect();
    Shown {
        truncated,
        connected,
        program,
        causes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teach::diagnose::diagnose;

    #[test]
    fn a_diagnosis_survives_the_trip_through_the_worker() {
        let d = diagnose("Error: connect ETIMEDOUT 203.0.113.9:25 \u{1e}\u{1f}");
        let shown = decode(&encode(&d));
        assert_eq!(shown.causes.len(), d.findings.len());
        assert_eq!(shown.causes[0].id, d.findings[0].cause.id());
        assert_eq!(shown.causes[0].link, d.findings[0].link);
        assert_eq!(shown.connected, d.connected().unwrap_or_default());
        assert_eq!(
            decode("garbage"),
            Shown {
                causes: vec![],
                ..Shown::default()
            }
        );
        assert_eq!(decode("").causes, vec![]);
    }
}
