//! Deterministic synthetic orgs for sample teams, demos and benchmarks.
//!
//! A reports-to tree with spans of 3 to 12, divisions under the top, believable names and
//! titles, advice that mostly stays inside a department and goes up to managers, and a few
//! planted roving leaders: individual contributors whom many people outside their hierarchy
//! ask for advice. The same size and seed always give the same org.

use std::path::Path;

use crate::io::{write_atomic, write_people_csv};
use crate::model::{Person, PersonIx, Team, Tie};

const DIVISIONS: [&str; 12] = [
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "Operations",
    "Customer Success",
    "Product",
    "People",
    "Legal",
    "Research",
    "Supply Chain",
    "Data",
];
const UNITS: [&str; 12] = [
    "Platform",
    "Enterprise",
    "Growth",
    "North",
    "South",
    "Core",
    "Analytics",
    "Delivery",
    "Strategy",
    "Field",
    "Partners",
    "Quality",
];
const CONTRIBUTOR_TITLES: [[&str; 3]; 12] = [
    [
        "Software Engineer",
        "Senior Software Engineer",
        "Staff Engineer",
    ],
    [
        "Account Executive",
        "Sales Development Rep",
        "Solutions Consultant",
    ],
    [
        "Marketing Specialist",
        "Content Strategist",
        "Brand Designer",
    ],
    ["Financial Analyst", "Accountant", "Controller"],
    [
        "Operations Analyst",
        "Program Coordinator",
        "Facilities Specialist",
    ],
    [
        "Customer Success Manager",
        "Support Engineer",
        "Onboarding Specialist",
    ],
    ["Product Manager", "UX Researcher", "Product Designer"],
    ["HR Business Partner", "Recruiter", "People Analyst"],
    ["Counsel", "Paralegal", "Compliance Analyst"],
    ["Research Scientist", "Lab Technician", "Research Engineer"],
    ["Buyer", "Logistics Planner", "Supplier Quality Engineer"],
    ["Data Scientist", "Data Engineer", "Analytics Engineer"],
];
const FIRST: [&str; 60] = [
    "Maya", "Liam", "Aisha", "Noah", "Sofia", "Mateo", "Priya", "Ethan", "Chloe", "Kenji", "Amara",
    "Lucas", "Elena", "Omar", "Hannah", "Diego", "Mei", "Samuel", "Zara", "Jonas", "Leila",
    "Caleb", "Ingrid", "Tariq", "Nora", "Felix", "Yara", "Owen", "Ana", "Ravi", "Grace", "Hugo",
    "Fatima", "Isaac", "Lena", "Marco", "Chiara", "Kwame", "Julia", "Arjun", "Emma", "Tomas",
    "Sakura", "Daniel", "Nadia", "Victor", "Camila", "Erik", "Imani", "Paul", "Rosa", "Adam",
    "Lucia", "Ben", "Keiko", "Miguel", "Sara", "Theo", "Alma", "Rhys",
];
const LAST: [&str; 60] = [
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Novak",
    "Osei",
    "Fischer",
    "Patel",
    "Kowalski",
    "Rossi",
    "Nguyen",
    "Silva",
    "Murphy",
    "Cohen",
    "Andersen",
    "Kim",
    "Garcia",
    "Mensah",
    "Dubois",
    "Ivanova",
    "Schmidt",
    "Ali",
    "Costa",
    "Larsen",
    "Yamamoto",
    "Brennan",
    "Petrov",
    "Santos",
    "Walsh",
    "Chen",
    "Mwangi",
    "Berg",
    "Lopez",
    "Hoffmann",
    "Sato",
    "Kaur",
    "Bianchi",
    "Eriksen",
    "Adeyemi",
    "Park",
    "Romero",
    "Jansen",
    "Farouk",
    "Quinn",
    "Varga",
    "Duarte",
    "Holm",
    "Reyes",
    "Stein",
    "Achebe",
    "Marino",
    "Lund",
    "Baptiste",
    "Sousa",
    "Horvat",
    "Nakamura",
    "Keller",
    "Obi",
    "Ferreira",
];

/// Name of a generated org unless told otherwise.
pub const DEFAULT_NAME: &str = "Northwind (synthetic)";

/// A generated org: people, advice ties by index, and the planted roving leaders.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// Display name.
    pub name: String,
    /// Everybody; ids are `"1"..="n"` in tree order (the top is `"1"`).
    pub people: Vec<Person>,
    /// `(seeker, adviser)` by index, without repeats or self-ties.
    pub ties: Vec<(PersonIx, PersonIx)>,
    /// The planted roving leaders, by index.
    pub planted: Vec<PersonIx>,
}

/// Generates an org of `people` people from `seed`.
pub fn generate(people: usize, seed: u64, name: &str) -> Synthetic {
    let domain: String = name
        .split_whitespace()
        .next()
        .unwrap_or("example")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let mut rng = fastrand::Rng::with_seed(seed);
    let n = people;
    // Reports-to tree, breadth first: each manager gets 3-12 reports until everyone is placed.
    let mut manager: Vec<Option<PersonIx>> = Vec::with_capacity(n);
    let mut depth: Vec<u32> = Vec::with_capacity(n);
    if n > 0 {
        manager.push(None);
        depth.push(0);
    }
    let mut next_manager = 0usize;
    while manager.len() < n {
        let span = if next_manager == 0 {
            rng.usize(4..=8)
        } else {
            rng.usize(3..=12)
        };
        for _ in 0..span {
            if manager.len() == n {
                break;
            }
            manager.push(Some(next_manager as PersonIx));
            depth.push(depth[next_manager] + 1);
        }
        next_manager += 1;
    }
    let mut has_reports = vec![false; n];
    for m in manager.iter().flatten() {
        has_reports[*m as usize] = true;
    }
    // Divisions hang under the top person; large orgs split them into units one level down.
    let split_units = n > 2_000;
    let mut division = vec![0usize; n];
    let mut unit = vec![usize::MAX; n];
    let mut department = vec![String::new(); n];
    let mut department_number = vec![u32::MAX; n];
    let mut department_names: Vec<String> = Vec::new();
    for p in 1..n {
        let m = manager[p].map_or(0, |m| m as usize);
        division[p] = if depth[p] == 1 {
            (p - 1) % DIVISIONS.len()
        } else {
            division[m]
        };
        unit[p] = if depth[p] == 2 {
            rng.usize(..UNITS.len())
        } else {
            unit[m]
        };
        let name = if depth[p] == 1 || !split_units {
            DIVISIONS[division[p]].to_string()
        } else {
            format!("{} {}", DIVISIONS[division[p]], UNITS[unit[p]])
        };
        department[p] = name;
    }
    if n > 0 {
        department[0] = "Executive".to_string();
    }
    let mut index_of = std::collections::HashMap::new();
    for p in 0..n {
        let number = *index_of.entry(department[p].clone()).or_insert_with(|| {
            department_names.push(department[p].clone());
            department_names.len() as u32 - 1
        });
        department_number[p] = number;
    }
    let mut members: Vec<Vec<PersonIx>> = vec![Vec::new(); department_names.len()];
    for p in 0..n {
        members[department_number[p] as usize].push(p as PersonIx);
    }
    let mut reports: Vec<Vec<PersonIx>> = vec![Vec::new(); n];
    for (p, m) in manager.iter().enumerate() {
        if let Some(m) = m {
            reports[*m as usize].push(p as PersonIx);
        }
    }

    let mut people_out = Vec::with_capacity(n);
    let mut email_seen = std::collections::HashMap::new();
    for p in 0..n {
        let first = FIRST[rng.usize(..FIRST.len())];
        let last = LAST[rng.usize(..LAST.len())];
        let title = title(p, depth[p], has_reports[p], division[p], &mut rng);
        let handle = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
        let seen = email_seen.entry(handle.clone()).or_insert(0u32);
        *seen += 1;
        let email = if *seen == 1 {
            format!("{handle}@{domain}.example")
        } else {
            format!("{handle}{seen}@{domain}.example")
        };
        let mut person = Person::new(
            compact_str::format_compact!("{}", p + 1),
            compact_str::format_compact!("{first} {last}"),
        );
        person.manager = manager[p].map(|m| compact_str::format_compact!("{}", m + 1));
        person.title = Some(title.into());
        person.department = Some(department[p].as_str().into());
        person.email = Some(email.into());
        people_out.push(person);
    }

    // Planted roving leaders: individual contributors spread over the org.
    let contributors: Vec<PersonIx> = (0..n)
        .filter(|&p| !has_reports[p])
        .map(|p| p as PersonIx)
        .collect();
    let planted_count = if n < 20 {
        0
    } else {
        ((n as f64).sqrt() / 5.0).round().max(2.0) as usize
    };
    let mut planted = Vec::new();
    if !contributors.is_empty() {
        let stride = contributors.len() / planted_count.max(1);
        for k in 0..planted_count {
            let base = k * stride.max(1);
            let pick = base + rng.usize(..stride.max(1));
            planted.push(contributors[pick.min(contributors.len() - 1)]);
        }
        planted.sort_unstable();
        planted.dedup();
    }
    for &p in &planted {
        people_out[p as usize]
            .attributes
            .insert("planted".into(), "roving-leader".into());
    }

    let mut ties = Vec::with_capacity(n * 7);
    let mut mine: Vec<PersonIx> = Vec::with_capacity(16);
    for p in 0..n {
        mine.clear();
        let wanted = rng.usize(3..=11);
        let add = |a: PersonIx, mine: &mut Vec<PersonIx>| {
            if a as usize != p && !mine.contains(&a) {
                mine.push(a);
            }
        };
        if let Some(m) = manager[p] {
            if rng.f64() < 0.75 {
                add(m, &mut mine);
            }
            let peers = &reports[m as usize];
            for _ in 0..2 {
                if rng.f64() < 0.6 {
                    add(peers[rng.usize(..peers.len())], &mut mine);
                }
            }
        }
        let own = &members[department_number[p] as usize];
        let mut attempts = 0;
        while mine.len() < wanted && attempts < 4 * wanted {
            attempts += 1;
            let candidate = if rng.f64() < 0.8 {
                own[rng.usize(..own.len())]
            } else {
                rng.usize(..n) as PersonIx
            };
            // Advice tends to flow to people with experience: skip half the juniors.
            if !has_reports[candidate as usize] && rng.bool() && depth[candidate as usize] > 2 {
                continue;
            }
            add(candidate, &mut mine);
        }
        ties.extend(mine.iter().map(|&a| (p as PersonIx, a)));
    }
    for &leader in &planted {
        let extra = 14 + rng.usize(..10);
        let mut added = 0;
        let mut attempts = 0;
        while added < extra && attempts < extra * 4 {
            attempts += 1;
            let seeker = rng.usize(..n) as PersonIx;
            if seeker == leader
                || is_above(&manager, seeker, leader)
                || is_above(&manager, leader, seeker)
            {
                continue;
            }
            ties.push((seeker, leader));
            added += 1;
        }
    }
    ties.sort_unstable();
    ties.dedup();
    Synthetic {
        name: name.to_string(),
        people: people_out,
        ties,
        planted,
    }
}

fn is_above(manager: &[Option<PersonIx>], above: PersonIx, below: PersonIx) -> bool {
    let mut current = manager[below as usize];
    while let Some(m) = current {
        if m == above {
            return true;
        }
        current = manager[m as usize];
    }
    false
}

fn title(
    p: usize,
    depth: u32,
    has_reports: bool,
    division: usize,
    rng: &mut fastrand::Rng,
) -> String {
    match (p, depth, has_reports) {
        (0, _, _) => "Chief Executive Officer".to_string(),
        (_, 1, _) => format!("VP {}", DIVISIONS[division]),
        (_, 2, true) => format!("Director, {}", DIVISIONS[division]),
        (_, _, true) => {
            if rng.bool() {
                "Manager".to_string()
            } else {
                "Team Lead".to_string()
            }
        }
        _ => CONTRIBUTOR_TITLES[division][rng.usize(..3)].to_string(),
    }
}

impl Synthetic {
    /// Header comment for the team file: provenance and the planted leaders.
    pub fn header(&self, seed: u64) -> String {
        let planted: Vec<String> = self
            .planted
            .iter()
            .map(|&p| {
                let person = &self.people[p as usize];
                format!(
                    "{} {} ({})",
                    person.id,
                    person.name,
                    person.department.as_deref().unwrap_or("-")
                )
            })
            .collect();
        format!(
            "Synthetic org made by `roving generate --people {} --seed {seed} --name \"{}\"`; every name is invented.\n\
             {}, {} (seeker -> adviser).\n\
             {}",
            self.people.len(),
            self.name,
            plain(self.people.len(), "person", "people"),
            plain(self.ties.len(), "advice tie", "advice ties"),
            if planted.is_empty() {
                "No roving leaders planted: they are planted from 20 people up.".to_string()
            } else {
                format!(
                    "Planted roving leaders (attribute planted: \"roving-leader\"): {}",
                    planted.join(", ")
                )
            }
        )
    }

    /// The team-file form.
    pub fn to_team(&self) -> Team {
        let id = |p: PersonIx| self.people[p as usize].id.clone();
        Team {
            name: Some(self.name.clone()),
            people: self.people.clone(),
            advice: self
                .ties
                .iter()
                .map(|&(s, a)| Tie::new(id(s), id(a)))
                .collect(),
            relations: std::collections::BTreeMap::new(),
        }
    }

    /// Writes `people.csv` and `advice.csv` into `dir` (created if needed), atomically.
    pub fn write_csv(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        write_people_csv(&self.people, &dir.join("people.csv"))?;
        write_atomic(&dir.join("advice.csv"), |w| {
            writeln!(w, "seeker_id,advisor_id")?;
            for &(s, a) in &self.ties {
                writeln!(w, "{},{}", s + 1, a + 1)?;
            }
            Ok(())
        })
    }
}

/// `1 person`, `400 people`: digits without separators, as the header always had them.
fn plain(n: usize, one: &str, several: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { several })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_org_and_spans_in_range() {
        let a = generate(400, 7, DEFAULT_NAME);
        let b = generate(400, 7, DEFAULT_NAME);
        assert_eq!(a.people, b.people);
        assert_eq!(a.ties, b.ties);
        assert_ne!(a.ties, generate(400, 8, DEFAULT_NAME).ties);
        let mut spans = std::collections::HashMap::new();
        for p in &a.people {
            if let Some(m) = &p.manager {
                *spans.entry(m.clone()).or_insert(0) += 1;
            }
        }
        // The last manager may be cut short when the people run out.
        let short = spans.values().filter(|&&s| !(3..=12).contains(&s)).count();
        assert!(short <= 1, "{spans:?}");
        assert!(a.planted.len() >= 2);
        assert!(a.ties.iter().all(|(s, t)| s != t));
    }
}
