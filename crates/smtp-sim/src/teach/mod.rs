//! Teaching over the model: the lesson of each step, the console's hints, what an eavesdropper
//! reads, and the commands to try for real.

pub mod attack;
pub mod diagnose;
pub mod eavesdrop;
pub mod hint;
pub mod lesson;
pub mod try_it;
