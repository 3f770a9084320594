// Shared by the browser tests: the tests' timeouts, and ground truth recorded from the lab's real
// Postfix in ../shared/conformance (never taken from the app).

// Generous: CI machines are loaded, and a press may first load a view's module (panels, setup).
export const ACTION_TIMEOUT_MS = 8_000;
export const BYE = '221 2.0.0 Bye';
export const DATA_GO = '354 End data with <CR><LF>.<CR><LF>';
export const EHLO_PLAIN = [
  '250-mail.example.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN',
  '250-STARTTLS', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8',
  '250 CHUNKING',
];
export const EHLO_SUBMISSION_TLS = [
  '250-mail.example.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN',
  '250-AUTH PLAIN LOGIN', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8',
  '250 CHUNKING',
];
export const ETIMEDOUT_AFTER_S = 134.882906;
export const GREETING = '220 mail.example.test ESMTP Postfix (Debian/GNU)';
export const LOAD_TIMEOUT_MS = 10_000;
export const MAIL_OK = '250 2.1.0 Ok';
export const MUST_STARTTLS = '530 5.7.0 Must issue a STARTTLS command first';
export const QUEUED = /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/;
export const RCPT_OK = '250 2.1.5 Ok';
export const READY_TLS = '220 2.0.0 Ready to start TLS';
export const SYN_RETRANSMITS_S = [
  1.026688, 2.050704, 3.074696, 4.098687, 5.122707, 7.138697, 11.234723, 19.42669, 35.554687,
  69.346713,
];
