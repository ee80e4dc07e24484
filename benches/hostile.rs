//! Worst-case time and memory per block: every case of the hostile corpus
//! (`tests/hostile/corpus.rs`), one view at a time and then all views,
//! through the release binary as mdBook calls it, each run's CPU time and
//! peak memory from `/usr/bin/time` (CPU time, since a block runs on one
//! core and the wall clock also counts whatever else the machine does). The README's Performance section lists the
//! numbers. Run with `cargo bench --bench hostile`; `-- NAME` keeps the
//! cases whose name contains NAME; `HOSTILE_RUNS` sets the runs per measurement (default 3,
//! the median times and the largest peak memory are kept).

#[path = "../tests/hostile/corpus.rs"]
mod corpus;

use std::time::Duration;

use corpus::{CORPUS, Case, HUGE_FILTERS};

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-cnn-views");

/// One measurement: the median CPU and wall times and the largest peak
/// memory of a few runs, and whether every run ended well (exit 0 or a
/// located error).
struct Measure {
    cpu: Duration,
    wall: Duration,
    rss_kib: u64,
    ok: bool,
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn measure(case: &Case, views: &str, runs: usize) -> Measure {
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    let mut rss_kib = 0;
    let mut ok = true;
    for _ in 0..runs {
        let run = case.run(BIN, views, 120);
        wall.push(run.time);
        cpu.push(run.cpu.unwrap_or(run.time));
        rss_kib = rss_kib.max(run.max_rss_kib.unwrap_or_default());
        ok &= matches!(run.code, Some(0 | 1));
        if !ok {
            break;
        }
    }
    Measure {
        cpu: median(cpu),
        wall: median(wall),
        rss_kib,
        ok,
    }
}

fn cell(m: &Measure) -> String {
    format!(
        "{:.2} s ({:.2} s wall), {} MB{}",
        m.cpu.as_secs_f64(),
        m.wall.as_secs_f64(),
        m.rss_kib / 1024,
        if m.ok { "" } else { " ABORT" }
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs = std::env::var("HOSTILE_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut cases: Vec<&Case> = CORPUS.iter().chain(HUGE_FILTERS).collect();
    if let Some(filter) = args.first() {
        cases.retain(|c| c.name.contains(filter.as_str()));
    }
    // Every view of `"all"`, and the learning views (an error, quickly,
    // for the cases that do not learn).
    let mut views = corpus::all_views(BIN);
    views.extend(["gradient".to_string(), "training".to_string()]);
    // Per view: the worst time and the largest peak memory, with the case.
    let mut slowest: Vec<(Duration, &str)> = vec![(Duration::ZERO, ""); views.len()];
    let mut largest: Vec<(u64, &str)> = vec![(0, ""); views.len()];
    let mut worst_block: Option<(Measure, &str)> = None;
    let mut peak_block: (u64, &str) = (0, "");
    println!("| case | every view: CPU (wall), peak memory | slowest view | largest view |");
    println!("| --- | --- | --- | --- |");
    for case in cases {
        let per_view: Vec<Measure> = views
            .iter()
            .map(|view| measure(case, &format!("\"{view}\""), runs))
            .collect();
        for (i, m) in per_view.iter().enumerate() {
            if m.cpu > slowest[i].0 {
                slowest[i] = (m.cpu, case.name);
            }
            if m.rss_kib > largest[i].0 {
                largest[i] = (m.rss_kib, case.name);
            }
        }
        let all = measure(case, &case.views_key(), runs);
        let t = (0..views.len())
            .max_by_key(|&i| per_view[i].cpu)
            .unwrap_or(0);
        let r = (0..views.len())
            .max_by_key(|&i| per_view[i].rss_kib)
            .unwrap_or(0);
        println!(
            "| {} | {} | {}: {} | {}: {} |",
            case.name,
            cell(&all),
            views[t],
            cell(&per_view[t]),
            views[r],
            cell(&per_view[r]),
        );
        if all.rss_kib > peak_block.0 {
            peak_block = (all.rss_kib, case.name);
        }
        if worst_block.as_ref().is_none_or(|(w, _)| all.cpu > w.cpu) {
            worst_block = Some((all, case.name));
        }
    }
    println!("\n| view | worst CPU time (case) | largest peak memory (case) |");
    println!("| --- | --- | --- |");
    for (i, view) in views.iter().enumerate() {
        let time = match slowest[i] {
            (_, "") => "under 0.01 s".to_string(),
            (cpu, name) => format!("{:.2} s ({name})", cpu.as_secs_f64()),
        };
        println!(
            "| {view} | {time} | {} MB ({}) |",
            largest[i].0 / 1024,
            largest[i].1
        );
    }
    if let Some((m, name)) = worst_block {
        println!("\nslowest block with every view: {} ({name})", cell(&m));
    }
    println!(
        "largest peak memory with every view: {} MB ({})",
        peak_block.0 / 1024,
        peak_block.1
    );
}
