//! The `smtp-sim` binary: `diagnose` on stdin and on files, `replay` of the recordings,
//! and its exit codes (0 done or identical, 1 the replies differ, 2 usage errors).

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
fn diagnose_reads_stdin() {
    let out = run(&["diagnose"], "Error: connect ETIMEDOUT 203.0.113.9:25\n");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("You connected to 203.0.113.9 on 25."),
        "{text}"
    );
    assert!(text.contains("1. port-blocked-drop"), "{text}");
    assert!(
        text.contains("Show in the simulator: ?port=25&block=drop&step="),
        "{text}"
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
    assert!(text.contains("1. starttls-on-implicit-port"), "{text}");
    assert!(text.contains("`secure: true`"), "{text}");
    assert!(text.contains("?port=465&client=starttls&step="), "{text}");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn diagnose_lists_the_usual_login_failures() {
    let text = stdout(&run(
        &["diagnose", "-"],
        "535 5.7.8 Error: authentication failed:",
    ));
    assert!(text.contains("1. auth-failed"), "{text}");
    assert!(text.contains("app password"), "{text}");
}

#[test]
fn diagnose_says_when_nothing_matches_and_when_input_was_cut() {
    let text = stdout(&run(&["diagnose"], "it broke"));
    assert!(
        text.contains("1. unknown") && text.contains("C: and S:"),
        "{text}"
    );
    let long = "x".repeat(70_000);
    assert!(stdout(&run(&["diagnose"], &long)).starts_with("Only the first 64 KB were read."));
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
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = run(&["diagnose", "/nonexistent/file"], "");
    assert_eq!(out.status.code(), Some(2));
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
