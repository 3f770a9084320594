//! The page's state: the settings (the same ones the URL carries), the journey the model produced
//! for them, and any notices. Every transition is here, in one `reduce`; the journey itself and
//! every rule about it come from `smtp_sim`.

use std::rc::Rc;

use crate::settings::{Settings, Theme, View};
use smtp_sim::compare::Comparison;
use smtp_sim::Tag;
use smtp_sim::{journey, Journey, Port, Setup, Step};
use yew::Reducible;

#[derive(Clone, Debug)]
pub struct Model {
    pub settings: Settings,
    pub journey: Rc<Journey>,
    /// The port chosen for comparison, side by side; in compare mode `settings.step` counts
    /// its rows, so that every step of either port can be the current one.
    pub compared: Option<Rc<Compared>>,
    /// In predict mode (`settings.predict`): the current step's replies are shown.
    pub revealed: bool,
    /// The keyboard help overlay is open.
    pub help: bool,
    pub playing: bool,
    /// Things the learner should know, e.g. a link value that was not understood.
    pub notices: Vec<String>,
}

/// A second journey and how it lines up with the first.
#[derive(Debug, PartialEq)]
pub struct Compared {
    pub journey: Rc<Journey>,
    pub rows: Comparison,
}

#[derive(Clone)]
pub enum Action {
    ChoosePort(Port),
    /// Any other change of the journey's setup: network, firewall, client, attacker, policies.
    SetSetup(Setup),
    SetCompare(Option<Port>),
    ToggleEavesdrop,
    TogglePredict,
    TogglePresenter,
    /// Esc: closes the help dialog, or else leaves presenter mode.
    Escape,
    /// The browser left full screen (its own Esc, or its control): presenter mode ends too.
    FullscreenLeft,
    /// Open or close the keyboard help; `Some(false)` closes it.
    Help(Option<bool>),
    SetView(View),
    SetTheme(Option<Theme>),
    Next,
    Previous,
    Restart,
    End,
    /// Straight to a step (an embedding page's `goto(step)`), clamped to the journey.
    Goto(usize),
    TogglePlay,
    /// A Play timer tick: next step, stopping at the end.
    Tick,
    DismissNotices,
}

impl Model {
    /// The state a link describes, with a notice for each value that had to fall back.
    pub fn from_query(query: &str) -> Model {
        let (mut settings, mut notices) = Settings::from_query(query);
        let journey = Rc::new(journey(settings.setup));
        let compared = compared(&settings, &journey);
        let total = compared
            .as_ref()
            .map_or(journey.steps.len(), |c| c.rows.len());
        notices.extend(settings.clamp_step(total));
        Model {
            compared,
            settings,
            journey,
            revealed: true,
            help: false,
            playing: false,
            notices,
        }
    }

    /// Steps (or, comparing, rows) in the lesson.
    pub fn total(&self) -> usize {
        match &self.compared {
            Some(c) => c.rows.len(),
            None => self.journey.steps.len(),
        }
    }

    /// Steps taken by the chosen port's journey, and by the compared one.
    pub fn taken(&self) -> (usize, usize) {
        self.taken_at(self.settings.step)
    }

    /// The same at step `at` (an embed lays out every step up front).
    pub fn taken_at(&self, at: usize) -> (usize, usize) {
        match &self.compared {
            Some(c) => c.rows.taken(at),
            None => (at, 0),
        }
    }

    /// The step the learner is at: the chosen port's, or the compared port's where only it
    /// has a step in this row.
    pub fn current_step(&self) -> Option<&Step> {
        self.step_at(self.settings.step)
    }

    /// The same at step `at`.
    pub fn step_at(&self, at: usize) -> Option<&Step> {
        let at = at.checked_sub(1)?;
        match &self.compared {
            None => self.journey.steps.get(at),
            Some(c) => {
                let row = c.rows.rows.get(at)?;
                match (row.left, row.right) {
                    (Some(i), _) => self.journey.steps.get(i),
                    (None, Some(j)) => c.journey.steps.get(j),
                    (None, None) => None,
                }
            }
        }
    }

    /// Whether each port has a step in row `at`: a port without one shows no current step.
    pub fn lit_at(&self, at: usize) -> (bool, bool) {
        match self.compared.as_ref().and_then(|c| c.rows.at(at)) {
            Some(row) => (row.left.is_some(), row.right.is_some()),
            None => (true, true),
        }
    }

    /// Whether the current step's server replies are hidden, waiting for the class's guess.
    pub fn hiding_replies(&self) -> bool {
        self.settings.predict && !self.revealed && self.current_step_has_replies()
    }

    fn current_step_has_replies(&self) -> bool {
        self.current_step()
            .is_some_and(|s| s.events.iter().any(|e| e.tag == Tag::Server))
    }

    /// Next step, or in predict mode first the answer to the current one.
    fn advance(&mut self) {
        if self.hiding_replies() {
            self.revealed = true;
        } else {
            self.settings.step = (self.settings.step + 1).min(self.total());
            self.revealed = false;
        }
    }

    /// A change of setup: its journey starts over.
    fn replan(mut self, change: impl FnOnce(&mut Setup)) -> Self {
        change(&mut self.settings.setup);
        self.settings.normalise();
        self.settings.step = 0;
        self.playing = false;
        self.journey = Rc::new(journey(self.settings.setup));
        self.compared = compared(&self.settings, &self.journey);
        self
    }
}

/// The other port, from the same network, with the setting that port expects.
fn compared(settings: &Settings, first: &Journey) -> Option<Rc<Compared>> {
    let port = settings.compare.filter(|&p| p != settings.setup.port)?;
    let journey = journey(settings.setup.compared_with(port));
    let rows = Comparison::new(first, &journey);
    Some(Rc::new(Compared {
        journey: Rc::new(journey),
        rows,
    }))
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let (step, total) = (next.settings.step, next.total());
        match action {
            Action::ChoosePort(port) => next = next.replan(|s| s.port = port),
            Action::SetSetup(setup) => {
                next = next.replan(|s| {
                    *s = Setup {
                        port: s.port,
                        ..setup
                    }
                })
            }
            // Comparing is a second view of the same lesson: the learner keeps their place.
            Action::SetCompare(port) => {
                let (own, _) = next.taken();
                next.settings.compare = port;
                next.settings.normalise();
                next.compared = compared(&next.settings, &next.journey);
                next.settings.step = match &next.compared {
                    Some(c) => c.rows.rows_for_left(own),
                    None => own,
                };
            }
            Action::ToggleEavesdrop => next.settings.eavesdrop = !next.settings.eavesdrop,
            Action::SetTheme(theme) => next.settings.theme = theme,
            Action::SetView(view) => {
                next.settings.view = view;
                next.playing = false;
            }
            Action::Next => next.advance(),
            Action::Previous => {
                next.settings.step = step.saturating_sub(1);
                next.revealed = true;
            }
            Action::Restart => {
                next.settings.step = 0;
                next.playing = false;
            }
            Action::End => {
                next.settings.step = total;
                next.revealed = true;
                next.playing = false;
            }
            Action::Goto(to) => {
                next.settings.step = to.min(total);
                next.revealed = true;
                next.playing = false;
            }
            Action::TogglePredict => {
                next.settings.predict = !next.settings.predict;
                next.revealed = !next.settings.predict;
            }
            Action::TogglePresenter => next.settings.presenter = !next.settings.presenter,
            Action::Help(open) => next.help = open.unwrap_or(!next.help),
            // Esc closes the help dialog if it is open, else leaves presenter mode.
            Action::Escape if next.help => next.help = false,
            Action::Escape | Action::FullscreenLeft => next.settings.presenter = false,
            Action::TogglePlay => {
                next.playing = !next.playing;
                // Play from the end starts over, as a media player does.
                if next.playing && step == total && !next.hiding_replies() {
                    next.settings.step = 0;
                }
            }
            // In predict-first, Play stops at each step whose replies wait for the class's guess.
            Action::Tick => {
                next.advance();
                next.playing =
                    next.playing && next.settings.step != total && !next.hiding_replies();
            }
            Action::DismissNotices => next.notices.clear(),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtp_sim::compare::Row;
    use smtp_sim::teach::lesson::Lesson;
    use smtp_sim::{Block, Network};

    fn apply(model: Model, actions: Vec<Action>) -> Model {
        let mut m = Rc::new(model);
        for a in actions {
            m = m.reduce(a);
        }
        (*m).clone()
    }

    #[test]
    fn stepping_stays_within_the_journey() {
        let m = Model::from_query("?port=25");
        let total = m.total();
        let m = apply(m, vec![Action::Previous, Action::Next, Action::Next]);
        assert_eq!(m.settings.step, 2);
        let m = apply(m, vec![Action::End, Action::Next]);
        assert_eq!(m.settings.step, total);
        let m = apply(m, vec![Action::Restart]);
        assert_eq!(m.settings.step, 0);
    }

    #[test]
    fn goto_jumps_within_the_journey() {
        let m = Model::from_query("?port=587");
        let total = m.total();
        let m = apply(m, vec![Action::TogglePlay, Action::Goto(5)]);
        assert_eq!((m.settings.step, m.playing), (5, false));
        let m = apply(m, vec![Action::Goto(total + 10)]);
        assert_eq!(m.settings.step, total);
    }

    #[test]
    fn play_stops_at_the_end_and_restarts_from_it() {
        let m = Model::from_query("?port=465");
        let total = m.total();
        let mut m = apply(m, vec![Action::TogglePlay]);
        for _ in 0..total + 3 {
            m = apply(m, vec![Action::Tick]);
        }
        assert_eq!((m.settings.step, m.playing), (total, false));
        let m = apply(m, vec![Action::TogglePlay]);
        assert_eq!((m.settings.step, m.playing), (0, true));
    }

    #[test]
    fn choosing_a_port_or_block_loads_a_new_journey_at_step_zero() {
        let m = apply(
            Model::from_query("?port=587&step=4"),
            vec![Action::ChoosePort(Port::P465)],
        );
        assert_eq!((m.settings.setup.port, m.settings.step), (Port::P465, 0));
        assert_eq!(m.journey.setup.port, Port::P465);
        let drop = Setup {
            block: Some(Block::Drop),
            ..m.settings.setup
        };
        let m = apply(m, vec![Action::SetSetup(drop)]);
        assert_eq!(m.journey.setup.blocked(), Some(Block::Drop));
        let office = Setup {
            block: None,
            network: Network::Office,
            ..m.settings.setup
        };
        let m = apply(m, vec![Action::SetSetup(office)]);
        assert_eq!(m.journey.setup.blocked(), Some(Block::Drop));
        let m = apply(m, vec![Action::Next, Action::SetCompare(Some(Port::P587))]);
        assert_eq!(m.compared.as_ref().unwrap().journey.setup.port, Port::P587);
        assert_eq!(m.taken().0, 1, "comparing keeps the learner's place");
        // Choosing the compared port itself ends the comparison, in the settings too.
        let m = apply(m, vec![Action::ChoosePort(Port::P587)]);
        assert_eq!((m.settings.compare, m.compared.is_none()), (None, true));
    }

    #[test]
    fn predict_first_reveals_before_moving_on() {
        let m = apply(Model::from_query("?port=587"), vec![Action::TogglePredict]);
        // Step 1 (DNS) has no server reply: Next simply moves on.
        let m = apply(m, vec![Action::Next]);
        assert_eq!((m.settings.step, m.hiding_replies()), (1, false));
        // Find a step with a server reply: its reply is hidden until the next press.
        let mut m = m;
        while !m.hiding_replies() {
            m = apply(m, vec![Action::Next]);
        }
        let at = m.settings.step;
        let m = apply(m, vec![Action::Next]);
        assert_eq!((m.settings.step, m.hiding_replies()), (at, false));
        let m = apply(m, vec![Action::Next]);
        assert_eq!(m.settings.step, at + 1);
    }

    #[test]
    fn play_stops_at_each_prediction() {
        let m = apply(Model::from_query("?port=587"), vec![Action::TogglePredict]);
        let mut m = apply(m, vec![Action::TogglePlay]);
        let total = m.total();
        let mut stops = 0;
        for _ in 0..4 * total {
            m = apply(m, vec![Action::Tick]);
            if !m.playing {
                if m.settings.step == total && !m.hiding_replies() {
                    break;
                }
                // Stopped with the replies hidden: the class guesses, then Play goes on from here.
                assert!(m.hiding_replies(), "stopped at step {}", m.settings.step);
                stops += 1;
                let at = m.settings.step;
                m = apply(m, vec![Action::TogglePlay]);
                assert_eq!((m.settings.step, m.playing), (at, true));
            }
        }
        assert_eq!(m.settings.step, total);
        let with_replies = m
            .journey
            .steps
            .iter()
            .filter(|s| s.events.iter().any(|e| e.tag == smtp_sim::Tag::Server))
            .count();
        assert_eq!(stops, with_replies);
    }

    #[test]
    fn comparing_steps_through_every_step_of_both_ports() {
        // A blocked port beside an open one: the open one runs to its end.
        let mut m = Model::from_query("?port=25&net=cloud&compare=587");
        let c = m.compared.clone().unwrap();
        let mut seen_right = Vec::new();
        for _ in 0..m.total() {
            m = apply(m, vec![Action::Next]);
            seen_right.push(m.taken().1);
        }
        assert_eq!(m.taken(), (m.journey.steps.len(), c.journey.steps.len()));
        // Every step of the open port was the newest one at some press.
        for k in 1..=c.journey.steps.len() {
            assert!(seen_right.contains(&k), "step {k} of 587 shown");
        }
        // Turning the comparison off keeps the chosen port's place.
        let m = apply(
            m,
            vec![Action::Restart, Action::Next, Action::Next, Action::Next],
        );
        let own = m.taken().0;
        let m = apply(m, vec![Action::SetCompare(None)]);
        assert_eq!(m.settings.step, own);
    }

    #[test]
    fn a_port_with_no_step_in_the_row_has_no_current_step() {
        let m = Model::from_query("?port=587&compare=465");
        let c = m.compared.clone().unwrap();
        assert_eq!(m.lit_at(0), (true, true), "no row yet");
        let (mut alone_left, mut alone_right) = (Vec::new(), Vec::new());
        for at in 1..=m.total() {
            let row = c.rows.rows[at - 1];
            let (left, right) = m.lit_at(at);
            assert_eq!((left, right), (row.left.is_some(), row.right.is_some()));
            match row {
                Row {
                    left: Some(i),
                    right: None,
                } => alone_left.push(m.journey.steps[i].lesson),
                Row {
                    left: None,
                    right: Some(j),
                } => alone_right.push(c.journey.steps[j].lesson),
                _ => {}
            }
        }
        // 465 has no STARTTLS, no handshake after it and no second EHLO (RFC 3207 §4, §4.2);
        // 587 does not start with TLS (RFC 8314 §3.3).
        use Lesson::*;
        assert_eq!(alone_left, [Starttls, TlsHandshake, EhloAgain]);
        assert_eq!(alone_right, [ImplicitTls]);
        // Not comparing, the last step taken is always the current one.
        assert_eq!(
            Model::from_query("?port=587&step=3").lit_at(3),
            (true, true)
        );
    }

    #[test]
    fn escape_closes_the_help_first_then_leaves_presenter_mode() {
        let m = apply(
            Model::from_query("?port=587&present=1"),
            vec![Action::Help(Some(true)), Action::Escape],
        );
        assert_eq!((m.help, m.settings.presenter), (false, true));
        let m = apply(m, vec![Action::Escape]);
        assert!(!m.settings.presenter);
        let m = apply(m, vec![Action::TogglePresenter, Action::FullscreenLeft]);
        assert!(!m.settings.presenter);
    }

    #[test]
    fn a_step_past_the_end_of_a_link_is_a_notice() {
        let m = Model::from_query("?port=587&step=999");
        assert_eq!(m.settings.step, 0);
        assert_eq!(m.notices.len(), 1);
    }
}
