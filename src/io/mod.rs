//! Reading and writing teams: the RON team file, the CSV people/advice pair, atomic writes,
//! and the validation that turns what a file says into an [`Org`](crate::model::Org).

mod atomic;
mod blocks;
mod computed;
mod csv_lines;
mod csv_pair;
mod csv_reader;
mod error;
pub mod export;
pub mod import;
mod leaders;
mod ron_file;
mod source_map;
pub mod spreadsheet;
mod text_file;
mod validate;

pub use atomic::{Staged, stage, write_atomic};
pub use csv_pair::{load_csv_pair, load_csv_pair_with, write_csv_pair, write_people_csv};
pub use error::{LoadError, Location};
pub use leaders::{COLUMNS, LeaderRow, ListFormat, Rows, write_leaders};
pub use ron_file::{load_ron, org_from_team, save_ron, team_from_str, team_to_string};
pub use validate::{Loaded, Options, Perceiver, Warning};
