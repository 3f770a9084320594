//! Text that is not about sending mail: a database's connection error, a stack trace with no
//! SMTP in it. It gets `not-mail` rather than a mail cause that only looks alike ("Connection
//! refused" on PostgreSQL's 5432 is no blocked submission port).

use super::{line_at, Cause, Hit};

/// Ports of other services, and what listens there by default.
const OTHER_PORTS: &[(u16, &str)] = &[
    (5432, "PostgreSQL"),
    (3306, "MySQL/MariaDB"),
    (1433, "SQL Server"),
    (6379, "Redis"),
    (27017, "MongoDB"),
    (9200, "Elasticsearch"),
    (5672, "RabbitMQ (AMQP)"),
    (11211, "memcached"),
];

/// Programs and libraries of other services.
const OTHER_WORDS: &[(&str, &str)] = &[
    ("psql", "PostgreSQL"),
    ("postgres", "PostgreSQL"),
    ("psycopg", "PostgreSQL (psycopg)"),
    ("pg::", "PostgreSQL (Ruby pg)"),
    ("sqlstate", "a database (SQLSTATE)"),
    ("mysql", "MySQL"),
    ("mariadb", "MariaDB"),
    ("redis", "Redis"),
    ("mongodb", "MongoDB"),
    ("jdbc:", "a database (JDBC)"),
];

/// Words that put a text about mail, whatever else it names.
const MAIL_WORDS: &[&str] = &[
    "smtp", "mail", "ehlo", "helo", "starttls", "mx ", "postfix", "exim", "sendmail", "rcpt",
    "smtps", "swaks",
];

const MAIL_PORTS: &[u16] = &[25, 465, 587, 2525];

pub(crate) fn hit(input: &str, lower: &str, port: Option<u16>) -> Option<Hit> {
    if MAIL_WORDS.iter().any(|w| lower.contains(w)) || port.is_some_and(|p| MAIL_PORTS.contains(&p))
    {
        return None;
    }
    let by_port = port.and_then(|p| OTHER_PORTS.iter().find(|(q, _)| *q == p));
    let by_word = OTHER_WORDS.iter().find(|(w, _)| lower.contains(w));
    let (what, at) = match (by_port, by_word) {
        (Some(&(p, service)), _) => (
            format!("port {p} is {service}'s"),
            lower.find(&p.to_string()).unwrap_or(0),
        ),
        (None, Some(&(word, service))) => (
            format!("\u{201c}{word}\u{201d} is {service}"),
            lower.find(word).unwrap_or(0),
        ),
        (None, None) => return None,
    };
    // It replaces every other hit (`diagnose`), so its score decides nothing.
    Some(Hit::new(
        Cause::NotMail,
        0,
        "",
        "the service's default port (IANA registry) or its name",
        format!(
            "{}: {what}, and nothing in the text names SMTP or mail.",
            line_at(input, at)
        ),
    ))
}

/// A stack trace or error with no mail in it, when no layer recognised anything.
pub(crate) fn looks_like_other_error(lower: &str) -> bool {
    !MAIL_WORDS.iter().any(|w| lower.contains(w))
        && [
            "traceback (most recent call last)",
            "exception",
            "\n    at ",
            "\tat ",
        ]
        .iter()
        .any(|w| lower.contains(w))
}
