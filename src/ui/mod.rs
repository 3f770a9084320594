//! Plumbing of the view that is not a part of the page: the element builder and the hook that
//! keeps a scrolling box at its newest content.

pub mod el;
pub mod follow;
