//! What lies between the sending program and the server: the port it dials, the network that
//! may drop or refuse it, and how the program starts TLS.

pub mod attacker;
pub mod client;
pub mod network;
pub mod port;
