//! `smtp-sim probe HOST` against loopback listeners that answer with the model's server: the
//! submission port (STARTTLS, AUTH only after TLS), implicit TLS, port 25, a refused port, a
//! listener that never greets, plaintext where TLS first is expected, and certificates that are
//! trusted with --ca, untrusted without it, for another name, or expired. Expected replies come
//! from the recordings of the lab's Postfix (../shared/conformance), not from the probe.

mod probe_harness;

use probe_harness::{json, probe, Ca, Servers};
use serde_json::Value;
use smtp_sim::Config;

/// The recording's EHLO replies, in order: the keyword lines after each `C: EHLO`.
fn recorded_ehlo(name: &str) -> Vec<Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let transcript = text.split("# ----------------").next().unwrap();
    let mut replies = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in transcript.lines() {
        if line.starts_with("C: EHLO") {
            current = Some(Vec::new());
        } else if let (Some(caps), Some(rest)) = (current.as_mut(), line.strip_prefix("S: 250")) {
            caps.push(rest[1..].to_string());
            if rest.starts_with(' ') {
                let mut done = current.take().unwrap();
                done.remove(0); // the server's name
                replies.push(done);
            }
        }
    }
    replies
}

fn recorded_greeting(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("S: 220 "))
        .map(|g| format!("220 {g}"))
        .unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn port_of(out: &Value, port: u16) -> &Value {
    out["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["port"] == port)
        .unwrap_or_else(|| panic!("port {port} missing in {out}"))
}

#[test]
fn all_ports_at_once_field_by_field() {
    let servers = Servers::new();
    let ca = Ca::new("all");
    let id = ca.issue(&["127.0.0.1", "localhost"], false);
    let submission = servers.smtp(Config::submission(), &id);
    let implicit = servers.smtp(Config::submissions(), &id);
    let refused = servers.closed();
    let silent = servers.silent();
    let ports = format!("{submission}:587,{implicit}:465,{refused},{silent}:2525");
    let ca_file = ca.file.to_str().unwrap();
    let started = std::time::Instant::now();
    let out = probe(&[
        "127.0.0.1",
        "--ports",
        &ports,
        "--ca",
        ca_file,
        "--timeout",
        "1",
        "--json",
    ]);
    let elapsed = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "no progress lines with --json");
    let v = json(&out);
    assert_eq!(v["host"], "127.0.0.1");

    // 587: STARTTLS, then AUTH; AUTH never before TLS (2525_ehlo_caps_before_after_starttls_and_auth).
    let ehlo = recorded_ehlo("2525_ehlo_caps_before_after_starttls_and_auth.txt");
    let p = port_of(&v, submission);
    assert_eq!(p["as_port"], 587);
    assert_eq!(p["tcp"], "open");
    assert_eq!(
        p["greeting"],
        recorded_greeting("2525_ehlo_caps_before_after_starttls_and_auth.txt")
    );
    assert_eq!(strings(&p["ehlo_before_tls"]), ehlo[0]);
    assert_eq!(p["starttls"], true);
    assert_eq!(p["starttls_reply"], "220 2.0.0 Ready to start TLS");
    assert_eq!(p["implicit_tls"], false);
    assert_eq!(p["tls_version"], "TLSv1.3");
    assert!(
        p["cipher"].as_str().unwrap().starts_with("TLS13_"),
        "{}",
        p["cipher"]
    );
    assert_eq!(p["certificate"], "valid");
    assert_eq!(p["certificate_detail"]["names"][0], "127.0.0.1");
    assert!(p["certificate_detail"]["days_left"].as_i64().unwrap() > 300);
    assert_eq!(strings(&p["ehlo_after_tls"]), ehlo[1]);
    assert_eq!(strings(&p["auth_before_tls"]), Vec::<String>::new());
    assert_eq!(strings(&p["auth_after_tls"]), ["PLAIN", "LOGIN"]);
    assert_eq!(p["verdict"], "use-starttls");
    assert_eq!(p["usable"], true);
    assert_eq!(p["simulator_outcome"], "sent-private");
    assert_eq!(p["link"], "http://127.0.0.1:8080/?port=587&client=starttls");

    // 465: TLS from the first byte, the greeting inside it (465_ehlo_caps_implicit_tls).
    let ehlo465 = recorded_ehlo("465_ehlo_caps_implicit_tls.txt");
    let p = port_of(&v, implicit);
    assert_eq!(p["tcp"], "open");
    assert_eq!(p["implicit_tls"], true);
    assert_eq!(
        p["speaks_tls_first"], false,
        "it was asked for TLS first, as 465 is"
    );
    assert_eq!(p["starttls"], false);
    assert_eq!(
        p["greeting"],
        recorded_greeting("465_ehlo_caps_implicit_tls.txt")
    );
    assert_eq!(p["ehlo_before_tls"], Value::Null);
    assert_eq!(strings(&p["ehlo_after_tls"]), ehlo465[0]);
    assert_eq!(strings(&p["auth_after_tls"]), ["PLAIN", "LOGIN"]);
    assert_eq!(p["certificate"], "valid");
    assert_eq!(p["verdict"], "use-implicit-tls");
    assert_eq!(p["link"], "http://127.0.0.1:8080/?port=465&client=tls");
    assert_eq!(p["simulator_outcome"], "sent-private");

    // Refused at once: the simulator's firewall that rejects.
    let p = port_of(&v, refused);
    assert_eq!(p["tcp"], "refused");
    assert!(p["connect_ms"].as_u64().unwrap() < 500);
    assert_eq!(p["greeting"], Value::Null);
    assert_eq!(p["certificate"], "none");
    assert_eq!(p["verdict"], "refused");
    assert_eq!(p["simulator_outcome"], "unreachable");
    assert!(p["link"].as_str().unwrap().contains("block=reject"));

    // Connected, but no greeting and no TLS: told apart from a dropped SYN (tcp is open).
    let p = port_of(&v, silent);
    assert_eq!(p["tcp"], "open");
    assert_eq!(p["greeting"], Value::Null);
    assert_eq!(p["implicit_tls"], false);
    assert_eq!(p["verdict"], "no-greeting");
    assert_eq!(p["usable"], false);

    // Implicit TLS is preferred for submission (RFC 8314 §3.3); 587 works too.
    assert_eq!(v["overall"]["port"], implicit);
    assert_eq!(v["overall"]["network"], "open");
    assert!(v["overall"]["summary"]
        .as_str()
        .unwrap()
        .contains(&format!("{submission} also works")));
    // In parallel: the silent port's two waits (greeting, then TLS) bound the whole run.
    assert!(elapsed.as_secs_f32() < 6.0, "took {elapsed:?}");
}

#[test]
fn text_output_names_each_step_and_the_answer() {
    let servers = Servers::new();
    let ca = Ca::new("text");
    let id = ca.issue(&["127.0.0.1"], false);
    let submission = servers.smtp(Config::submission(), &id);
    let out = probe(&[
        &format!("127.0.0.1:{submission}"),
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "2",
        "--base-url",
        "https://example.test/sim/",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Judged as its own number, outside the catalogue: shown as a STARTTLS submission port.
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains("knocking"), "progress lines: {stderr}");
    for step in [
        "TCP",
        "greeting",
        "EHLO",
        "STARTTLS",
        "TLS",
        "cert",
        "after TLS",
        "login",
    ] {
        assert!(
            stdout.contains(&format!("       {step}")) || stdout.contains(&format!("  {step}")),
            "{step} in {stdout}"
        );
    }
    assert!(
        stdout.contains("before TLS: none · after TLS: PLAIN LOGIN"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "Use port {submission} with STARTTLS, TLS required."
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("https://example.test/sim/?port=587&client=starttls"),
        "{stdout}"
    );
}

#[test]
fn certificates_trusted_only_with_ca_and_only_for_their_name_and_time() {
    let servers = Servers::new();
    let ca = Ca::new("certs");
    let good = servers.smtp(Config::submissions(), &ca.issue(&["127.0.0.1"], false));
    let other_name = servers.smtp(
        Config::submissions(),
        &ca.issue(&["mail.example.test"], false),
    );
    let expired = servers.smtp(Config::submission(), &ca.issue(&["127.0.0.1"], true));
    let ports = format!("{good}:465,{other_name}:465,{expired}:587");
    let ca_file = ca.file.to_str().unwrap();

    let with_ca = json(&probe(&[
        "127.0.0.1",
        "--ports",
        &ports,
        "--ca",
        ca_file,
        "--timeout",
        "2",
        "--json",
    ]));
    assert_eq!(port_of(&with_ca, good)["certificate"], "valid");
    let p = port_of(&with_ca, other_name);
    assert_eq!(p["certificate"], "name-mismatch");
    assert_eq!(p["verdict"], "certificate-rejected");
    assert_eq!(p["usable"], false);
    // The simulator's validating program stops at a certificate it cannot accept.
    assert_eq!(p["simulator_outcome"], "refused-safe");
    assert!(p["link"].as_str().unwrap().contains("attack=cert"));
    // The probe still finished TLS to read what follows, without sending anything secret.
    assert_eq!(strings(&p["auth_after_tls"]), ["PLAIN", "LOGIN"]);
    let p = port_of(&with_ca, expired);
    assert_eq!(p["certificate"], "expired");
    assert!(p["certificate_detail"]["days_left"].as_i64().unwrap() < 0);
    assert!(p["certificate_detail"]["not_after"]
        .as_str()
        .unwrap()
        .starts_with("2021-01-01"));
    assert_eq!(p["verdict"], "certificate-rejected");

    // Without --ca the test CA is nobody's root: untrusted, and no usable port (exit 1).
    let out = probe(&[
        "127.0.0.1",
        "--ports",
        &format!("{good}:465"),
        "--timeout",
        "2",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let without = json(&out);
    let p = port_of(&without, good);
    assert_eq!(p["certificate"], "untrusted");
    assert_eq!(p["verdict"], "certificate-rejected");
    assert_eq!(without["overall"]["port"], Value::Null);
}

#[test]
fn plaintext_on_465_and_tls_first_elsewhere_are_told() {
    let servers = Servers::new();
    let ca = Ca::new("swap");
    let id = ca.issue(&["127.0.0.1"], false);
    let plaintext = servers.smtp(Config::submission(), &id);
    let tls_first = servers.smtp(Config::submissions(), &id);
    let ports = format!("{plaintext}:465,{tls_first}:587");
    let out = probe(&[
        "127.0.0.1",
        "--ports",
        &ports,
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "1",
        "--json",
    ]);
    let v = json(&out);

    // 465 that greets in plaintext: a program set to SSL/TLS fails there.
    let p = port_of(&v, plaintext);
    assert_eq!(p["plaintext_where_tls_expected"], true);
    assert_eq!(p["implicit_tls"], false);
    assert_eq!(
        p["greeting"],
        recorded_greeting("2525_ehlo_caps_before_after_starttls_and_auth.txt")
    );
    assert_eq!(p["starttls"], true);
    assert_eq!(p["verdict"], "plaintext-on-implicit-port");
    assert_eq!(
        p["link"],
        "http://127.0.0.1:8080/?port=587&client=tls&step=4"
    );
    // Step 4 of that journey is where a program set to SSL/TLS fails on a plaintext port.
    let setup = smtp_sim::Setup {
        client: Some(smtp_sim::ClientTls::Implicit),
        ..smtp_sim::Setup::new(smtp_sim::Port::P587)
    };
    assert_eq!(
        smtp_sim::journey(setup).steps[3].lesson,
        smtp_sim::teach::lesson::Lesson::WrongVersionNumber
    );

    // A port where no plaintext greeting comes but TLS first works: "speaks TLS first".
    let p = port_of(&v, tls_first);
    assert_eq!(p["speaks_tls_first"], true);
    assert_eq!(p["implicit_tls"], true);
    assert_eq!(p["verdict"], "use-implicit-tls");
    assert!(p["summary"].as_str().unwrap().contains("speaks TLS first"));
    assert_eq!(v["overall"]["port"], tls_first);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn port_25_is_a_relay_not_a_submission_port() {
    let servers = Servers::new();
    let ca = Ca::new("mx");
    let mx = servers.smtp(Config::mx(), &ca.issue(&["127.0.0.1"], false));
    let out = probe(&[
        "127.0.0.1",
        "--ports",
        &format!("{mx}:25"),
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "2",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "no submission port");
    let v = json(&out);
    let p = port_of(&v, mx);
    // 25_ehlo_caps_before_after_starttls: STARTTLS offered, no AUTH before or after.
    let ehlo = recorded_ehlo("25_ehlo_caps_before_after_starttls.txt");
    assert_eq!(strings(&p["ehlo_before_tls"]), ehlo[0]);
    assert_eq!(strings(&p["ehlo_after_tls"]), ehlo[1]);
    assert_eq!(strings(&p["auth_after_tls"]), Vec::<String>::new());
    assert_eq!(p["verdict"], "relay-only");
    assert_eq!(p["link"], "http://127.0.0.1:8080/?port=25");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["127.0.0.1", "--ports", "25,x"],
        vec!["127.0.0.1", "--ports", "0"],
        vec!["127.0.0.1", "--timeout", "0"],
        vec!["127.0.0.1:99999"],
        vec!["127.0.0.1", "--ca", "/nonexistent/ca.pem"],
        vec!["127.0.0.1", "--base-url", "javascript:alert(1)"],
        vec![],
    ] {
        let out = probe(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_dropped_25_is_told_from_a_refused_port_as_on_a_cloud_vm() {
    let servers = Servers::new();
    let ca = Ca::new("drop");
    let dropped = servers.dropping();
    let submission = servers.smtp(Config::submission(), &ca.issue(&["127.0.0.1"], false));
    let ports = format!("{dropped}:25,{submission}:587");
    let out = probe(&[
        "127.0.0.1",
        "--ports",
        &ports,
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "1",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let p = port_of(&v, dropped);
    // No answer at all within the wait: the SYN was dropped, not refused.
    assert_eq!(p["tcp"], "timeout");
    assert!(
        p["connect_ms"].as_u64().unwrap() >= 1000,
        "{}",
        p["connect_ms"]
    );
    assert_eq!(p["verdict"], "dropped");
    assert_eq!(p["simulator_outcome"], "unreachable");
    // 25 dropped while 587 gets through: the simulator's cloud VM (and home ISP) preset.
    assert_eq!(v["overall"]["network"], "cloud");
    assert_eq!(p["link"], "http://127.0.0.1:8080/?port=25&net=cloud&step=5");
    assert_eq!(
        port_of(&v, submission)["link"],
        "http://127.0.0.1:8080/?port=587&net=cloud&client=starttls"
    );
}
