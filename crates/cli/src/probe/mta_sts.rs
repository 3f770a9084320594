//! MTA-STS and TLS-RPT records and the MTA-STS policy file, read as RFC 8461 and RFC 8460 write
//! them (pure functions: the probe fetches, these read).

use serde::Serialize;

/// The `_mta-sts` TXT record (RFC 8461 §3.1): `v=STSv1; id=20160831085700Z;`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StsRecord {
    pub id: String,
}

/// Reads the `_mta-sts` TXT records: those not starting with `v=STSv1` are discarded, and
/// exactly one must remain (RFC 8461 §3.1).
pub fn sts_record(txts: &[String]) -> Result<StsRecord, String> {
    let sts: Vec<&String> = txts.iter().filter(|t| t.starts_with("v=STSv1")).collect();
    let record = match sts.as_slice() {
        [one] => one,
        [] => return Err("no TXT record starting with v=STSv1".into()),
        _ => {
            return Err(format!(
                "{} v=STSv1 records: exactly one is allowed",
                sts.len()
            ))
        }
    };
    let fields = fields(record, ';');
    if fields.first().map(|(k, v)| (k.as_str(), v.as_str())) != Some(("v", "STSv1")) {
        return Err(format!("not a valid STSv1 record: {record}"));
    }
    let id = fields
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.clone())
        .ok_or_else(|| format!("no id= in {record}"))?;
    // sts-id = 1*32( ALPHA / DIGIT )
    if id.is_empty() || id.len() > 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("id={id} is not 1 to 32 letters and digits"));
    }
    Ok(StsRecord { id })
}

/// `key=value` pairs separated by `sep`, spaces around them ignored.
fn fields(text: &str, sep: char) -> Vec<(String, String)> {
    text.split(sep)
        .filter_map(|f| f.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The policy's mode (RFC 8461 §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Senders must not deliver to an MX that fails the checks.
    Enforce,
    /// Senders deliver anyway, and report failures (TLS-RPT).
    Testing,
    /// The policy is withdrawn.
    None,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }
}

/// The policy file (RFC 8461 §3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub mode: Mode,
    pub mx: Vec<String>,
    pub max_age: u64,
}

/// Reads the policy file: `key: value` lines ending in CRLF or LF; `version: STSv1`, `mode`,
/// `max_age` (at most 31557600) and, unless the mode is `none`, at least one `mx`.
pub fn policy(body: &str) -> Result<Policy, String> {
    let mut version = None;
    let mut mode = None;
    let mut max_age = None;
    let mut mx = Vec::new();
    for line in body.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "version" => version = Some(value.to_string()),
            "mode" => {
                mode = Some(match value {
                    "enforce" => Mode::Enforce,
                    "testing" => Mode::Testing,
                    "none" => Mode::None,
                    other => return Err(format!("mode: {other} is not enforce, testing or none")),
                })
            }
            "max_age" => {
                max_age = Some(
                    value
                        .parse::<u64>()
                        .ok()
                        .filter(|&s| s <= 31_557_600)
                        .ok_or_else(|| format!("max_age: {value} is not 0 to 31557600 seconds"))?,
                )
            }
            "mx" => mx.push(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    if version.as_deref() != Some("STSv1") {
        return Err("no \"version: STSv1\" line".into());
    }
    let mode = mode.ok_or("no mode: line")?;
    let max_age = max_age.ok_or("no max_age: line")?;
    if mx.is_empty() && mode != Mode::None {
        return Err("no mx: line".into());
    }
    Ok(Policy { mode, mx, max_age })
}

/// An MX host matches a policy's `mx` pattern: the same name, or `*.example.com` standing for
/// exactly one left-most label (RFC 8461 §4.1).
pub fn mx_matches(patterns: &[String], host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    patterns.iter().any(|p| match p.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
        None => *p == host,
    })
}

/// The `_smtp._tls` TXT record (RFC 8460 §3): `v=TLSRPTv1; rua=mailto:…,https://…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TlsRpt {
    /// Where reports go.
    pub rua: Vec<String>,
}

/// Reads the `_smtp._tls` TXT records: the one starting with `v=TLSRPTv1`.
pub fn tls_rpt(txts: &[String]) -> Result<TlsRpt, String> {
    let rpt: Vec<&String> = txts
        .iter()
        .filter(|t| t.starts_with("v=TLSRPTv1"))
        .collect();
    let [record] = rpt.as_slice() else {
        return Err(match rpt.len() {
            0 => "no TXT record starting with v=TLSRPTv1".into(),
            n => format!("{n} v=TLSRPTv1 records: exactly one is allowed"),
        });
    };
    let rua = fields(record, ';')
        .into_iter()
        .find(|(k, _)| k == "rua")
        .map(|(_, v)| {
            v.split(',')
                .map(|u| u.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|r| {
            !r.is_empty()
                && r.iter()
                    .all(|u| u.starts_with("mailto:") || u.starts_with("https:"))
        })
        .ok_or_else(|| format!("no valid rua= (mailto: or https:) in {record}"))?;
    Ok(TlsRpt { rua })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_8461_examples_read() {
        // RFC 8461 §3.1's example record and §3.2's example policy.
        let txt = ["v=STSv1; id=20160831085700Z;".to_string()];
        assert_eq!(sts_record(&txt).unwrap().id, "20160831085700Z");
        let body = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";
        let p = policy(body).unwrap();
        assert_eq!(p.mode, Mode::Enforce);
        assert_eq!(p.max_age, 604_800);
        assert_eq!(p.mx.len(), 3);
        // §4.1: "*.example.com" matches "mail.example.com" but not "example.com" nor "foo.bar.example.com".
        let pat = ["*.example.com".to_string()];
        assert!(mx_matches(&pat, "mail.example.com."));
        assert!(!mx_matches(&pat, "example.com"));
        assert!(!mx_matches(&pat, "foo.bar.example.com"));
        assert!(mx_matches(&p.mx, "MAIL.example.com"));
    }

    #[test]
    fn bad_records_and_policies_say_why() {
        assert!(sts_record(&["v=spf1 -all".into()]).is_err());
        let two = ["v=STSv1; id=a".to_string(), "v=STSv1; id=b".to_string()];
        assert!(sts_record(&two).unwrap_err().contains("exactly one"));
        assert!(sts_record(&["v=STSv1; id=not-alnum".into()]).is_err());
        assert!(policy("version: STSv1\nmode: strict\nmx: a\nmax_age: 1\n").is_err());
        assert!(policy("version: STSv1\nmode: enforce\nmax_age: 1\n").is_err());
        assert!(policy("version: STSv1\nmode: testing\nmx: a\nmax_age: 31557601\n").is_err());
        assert!(policy("version: STSv1\nmode: none\nmax_age: 0\n").is_ok());
    }

    #[test]
    fn tls_rpt_reads_its_reporting_addresses() {
        // RFC 8460 §3's example record.
        let r = tls_rpt(&["v=TLSRPTv1;rua=mailto:reports@example.com".into()]).unwrap();
        assert_eq!(r.rua, ["mailto:reports@example.com"]);
        assert!(tls_rpt(&["v=TLSRPTv1; rua=ftp://x".into()]).is_err());
    }
}
