//! roving finds the informal leaders of an organization.
//!
//! Managers hold authority; leaders hold influence. Vineet Nayar's test for a leader is to
//! count the people outside your reporting hierarchy who come to you for advice. roving
//! loads a team (people, reporting lines, advice ties `seeker -> adviser`), computes that
//! count and the usual centralities, and compares them with the org chart.
//!
//! ```
//! use roving::io::team_from_str;
//! use roving::metrics::{Scope, nayar};
//!
//! let org = team_from_str(r#"Team(
//!     people: [
//!         Person(id: "ceo", name: "Ada"),
//!         Person(id: "dev", name: "Bo", manager: "ceo"),
//!         Person(id: "ops", name: "Cy", manager: "ceo"),
//!     ],
//!     advice: [Tie(seeker: "ops", advisor: "dev"), Tie(seeker: "dev", advisor: "ceo")],
//! )"#).unwrap();
//! let counts = nayar(&org, Scope::Chain);
//! let dev = org.find("dev").unwrap() as usize;
//! assert_eq!(counts[dev].count, 1); // Cy is outside Bo's hierarchy
//! ```

pub mod cli;
pub mod generate;
pub mod io;
pub mod metrics;
pub mod model;
pub mod privacy;
pub mod text;
pub mod tui;
