//! One record of the lab's stream, read from its JSON with the browser's own parser
//! (`JSON.parse`: no serde in the wasm). A record that is not JSON, or lacks a field the
//! contract requires, is dropped: a bad record never breaks the view.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::sessions::{Check, Closed, Entry, Lane, Line, Record, Tls};

fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    field(object, key).as_f64().filter(|n| n.fract() == 0.0)
}

/// A whole number in `0..=max`.
fn whole(object: &JsValue, key: &str, max: f64) -> Option<f64> {
    number(object, key).filter(|n| (0.0..=max).contains(n))
}

/// The text of an SSE message's `data`, as a record.
pub fn parse(data: &str) -> Option<Record> {
    let object = js_sys::JSON::parse(data).ok()?;
    if !object.is_object() {
        return None;
    }
    let session = whole(&object, "session", u32::MAX as f64)? as u32;
    let record = match text(&object, "type")?.as_str() {
        "open" => Record::Open {
            session,
            port: whole(&object, "port", u16::MAX as f64)? as u16,
            model_port: whole(&object, "model_port", u16::MAX as f64).map(|p| p as u16),
            mode: text(&object, "mode").unwrap_or_default(),
            attack: text(&object, "attack").unwrap_or_else(|| "none".into()),
            peer: text(&object, "peer").unwrap_or_default(),
        },
        "line" => Record::Entry {
            session,
            entry: Entry::Line(Line {
                from: Lane::from_name(&text(&object, "from")?)?,
                to: text(&object, "to").and_then(|to| Lane::from_name(&to)),
                text: text(&object, "text")?,
                encrypted: field(&object, "encrypted").as_bool()?,
                code: whole(&object, "code", 999.0).map(|c| c as u16),
                enhanced: text(&object, "enhanced"),
                note: text(&object, "note"),
            }),
        },
        "tls" => Record::Entry {
            session,
            entry: Entry::Tls(Tls {
                how: text(&object, "how")?,
                version: text(&object, "version"),
                cipher: text(&object, "cipher"),
                certificate: text(&object, "certificate"),
                ok: text(&object, "result")? == "ok",
                detail: text(&object, "detail"),
            }),
        },
        "close" => {
            let summary = field(&object, "summary");
            let report = field(&object, "report");
            let report = if js_sys::Array::is_array(&report) {
                js_sys::Array::from(&report)
                    .iter()
                    .filter_map(|row| check(&row))
                    .collect()
            } else {
                Vec::new()
            };
            Record::Close {
                session,
                closed: Closed {
                    tls: text(&summary, "tls").unwrap_or_default(),
                    auth: text(&summary, "auth").unwrap_or_default(),
                    certificate_checked: field(&summary, "certificate_checked").as_bool(),
                    outcome: text(&summary, "outcome")?,
                    report,
                },
            }
        }
        _ => return None,
    };
    Some(record)
}

fn check(row: &JsValue) -> Option<Check> {
    Some(Check {
        check: text(row, "check")?,
        result: text(row, "result")?,
        title: text(row, "title")?,
        why: text(row, "why").unwrap_or_default(),
        source: text(row, "source").unwrap_or_default(),
        fix: text(row, "fix").unwrap_or_default(),
    })
}
