//! The `smtp-sim` binary: `diagnose` on stdin and on files, as text and JSON, `replay` of the
//! recordings, and its exit codes (0 found or identical, 1 the replies differ, 2 usage or input
//! errors, 3 no known cause).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-sim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn recording(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance")
        .join(name)
}

fn scratch(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("smtpsimcli{}{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn diagnose_reads_stdin_and_links_in_full() {
    let out = run(&["diagnose"], "Error: connect ETIMEDOUT 203.0.113.9:25\n");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("You tried to reach 203.0.113.9 on 25."),
        "{text}"
    );
    assert!(
        text.contains("1. The port is blocked on the way (no answer) (port-blocked-drop)"),
        "{text}"
    );
    assert!(
        text.contains("Evidence: \u{201c}Error: connect ETIMEDOUT 203.0.113.9:25\u{201d}"),
        "{text}"
    );
    assert!(
        text.contains("Show in the simulator: http://127.0.0.1:8080/?port=25&block=drop&step="),
        "{text}"
    );
    let other = stdout(&run(
        &["diagnose", "--base-url", "https://example.org/sim"],
        "Error: connect ETIMEDOUT 203.0.113.9:25\n",
    ));
    assert!(
        other.contains("https://example.org/sim/?port=25&block=drop"),
        "{other}"
    );
}

#[test]
fn diagnose_reads_a_file_and_names_the_programs_setting() {
    // The loopback reproduction of Nodemailer with `secure: false` against port 465.
    let file = scratch(
        "nm.txt",
        "Nodemailer: code=ETIMEDOUT command=CONN message=\"Greeting never received\" port 465\n",
    );
    let out = run(&["diagnose", file.to_str().unwrap()], "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(text.contains("Program: Nodemailer"), "{text}");
    assert!(text.contains("(starttls-on-implicit-port)"), "{text}");
    assert!(text.contains("`secure: true`"), "{text}");
    assert!(text.contains("?port=465&client=starttls&step="), "{text}");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn diagnose_puts_a_refused_login_first_and_names_app_passwords() {
    let text = stdout(&run(
        &["diagnose", "-"],
        "535 5.7.8 Error: authentication failed:",
    ));
    assert!(
        text.contains("1. The login was refused (auth-failed)"),
        "{text}"
    );
    assert!(text.contains("app password"), "{text}");
}

#[test]
fn diagnose_exits_3_when_nothing_matches_and_says_when_input_was_cut() {
    let out = run(&["diagnose"], "it broke");
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(
        text.contains("(unknown)") && text.contains("C: and S:"),
        "{text}"
    );
    assert!(!text.contains("Show in the simulator"), "{text}");
    // A database's refusal is no mail error (pgadmin-org/pgadmin4#4837).
    let pg = "could not connect to server: Connection refused\nIs the server running on host \"173.18.0.3\" and accepting\nTCP/IP connections on port 5432?";
    let out = run(&["diagnose"], pg);
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("(not-mail)"), "{}", stdout(&out));
    let long = "x".repeat(70_000);
    assert!(stdout(&run(&["diagnose"], &long)).starts_with("Only the first 64 KB were read."));
}

#[test]
fn diagnose_json_lists_the_causes_for_a_script() {
    let out = run(
        &["diagnose", "--json"],
        "smtplib.SMTPDataError: (552, b'5.3.4 Message size exceeds fixed limit')",
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &v["causes"][0];
    assert_eq!(first["id"], "message-too-big");
    assert_eq!(first["title"], "The message is too big");
    assert!(
        first["evidence"].as_str().unwrap().contains("5.3.4"),
        "{first}"
    );
    assert!(first["fix"].as_str().unwrap().contains("SIZE"), "{first}");
    assert!(
        first["link"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/?port="),
        "{first}"
    );
    assert_eq!(v["program"], "Python smtplib");
    assert_eq!(
        first["checklist"],
        serde_json::json!([]),
        "no list the fix points to"
    );
    // A refused login's fix points to the usual causes: the JSON carries them.
    let out = run(
        &["diagnose", "--json"],
        "Error: Invalid login: 535 5.7.8 Error: authentication failed: authentication failure",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["causes"][0]["id"], "auth-failed");
    assert!(v["causes"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("listed below"));
    assert!(
        v["causes"][0]["checklist"].as_array().unwrap().len() >= 3,
        "{v}"
    );
    // Settings alone get a verdict: Nodemailer without requireTLS (lukevella/rallly#309).
    let out = run(
        &["diagnose", "--json"],
        "nodemailer.createTransport({ host: \"10.0.0.5\", port: 25, secure: false, auth: { user: \"\", pass: \"\" } })",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["causes"][0]["id"], "opportunistic-tls");
    assert!(v["causes"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("requireTLS: true"));
}

#[test]
fn help_and_version_name_no_repository_path() {
    for args in [&["--help"][..], &["diagnose", "--help"], &["--version"]] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = stdout(&out);
        assert!(text.contains("smtp-sim"), "{args:?}: {text}");
        assert!(
            !text.contains("crates/") && !text.contains("src/"),
            "{text}"
        );
    }
    let help = stdout(&run(&["diagnose", "--help"], ""));
    assert!(
        help.contains("--json") && help.contains("--base-url") && help.contains("Exit status"),
        "{help}"
    );
}

#[test]
fn replaying_a_recording_finds_it_identical() {
    for name in [
        "587_wrong_password_535.txt",
        "swaks_465_tls_on_connect_auth_plain.txt",
        "25_plain_happy.txt",
    ] {
        let out = run(&["replay", recording(name).to_str().unwrap()], "");
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stdout(&out));
        assert!(stdout(&out).ends_with("identical\n"), "{name}");
    }
}

#[test]
fn replaying_a_changed_transcript_shows_where_it_differs() {
    let text = std::fs::read_to_string(recording("587_wrong_password_535.txt")).unwrap();
    let changed = text.replacen(
        "S: 235 2.7.0 Authentication successful",
        "S: 235 2.7.0 Welcome",
        1,
    );
    let file = scratch("changed.txt", &changed);
    // The file name carries no port: --port gives it.
    let out = run(&["replay", "--port", "587", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("recorded  235 2.7.0 Welcome"), "{text}");
    assert!(
        text.contains("model     235 2.7.0 Authentication successful"),
        "{text}"
    );
    assert!(text.contains("they differ"), "{text}");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["replay"],
        &["replay", "--port", "443", "x.txt"],
        &["diagnose", "a", "b"],
        &["diagnose", "--frobnicate"],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = run(&["diagnose", "/nonexistent/file"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["diagnose"], "  \n");
    assert_eq!(out.status.code(), Some(2), "empty input");
    assert!(!out.stderr.is_empty());
    let unnamed = scratch("transcript.txt", "C: EHLO x\nS: 250 x\n");
    assert_eq!(
        run(&["replay", unnamed.to_str().unwrap()], "")
            .status
            .code(),
        Some(2),
        "no port anywhere"
    );
    std::fs::remove_file(unnamed).unwrap();
}
