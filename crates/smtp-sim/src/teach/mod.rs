//! Teaching over the model: the lesson of each step, the console's hints, what an eavesdropper
//! reads, the commands to try for real, Diagnose, and the RFC sections they rest on.

pub mod attack;
pub mod diagnose;
pub mod eavesdrop;
pub mod hint;
pub mod lesson;
pub mod rfc;
pub mod try_it;
