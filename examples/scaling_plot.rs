//! Draws the rows of the peer benchmark's `--csv` file as an SVG line plot: seconds against
//! assertions on log-log axes, one line per engine.
//!
//! ```sh
//! cargo bench --bench peers -- --sweep 10000,30000,100000 --csv bench-results.csv
//! cargo run --release --example scaling_plot -- bench-results.csv docs/scaling.svg
//! ```
//!
//! The file needs a header row with at least the columns `engine`, `assertions` and `seconds`
//! (the benchmark writes `engine,assertions,conflicts,hash,seconds,peak_mib`). Several rows for
//! one engine and size, from repeated sweeps appended together, are drawn as their median. The
//! SVG is written by hand, as text.

#![allow(clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Seconds measured for each size, by engine, engines in the order they first appear.
type Series = Vec<(String, BTreeMap<u64, Vec<f64>>)>;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [csv, svg] = arguments.as_slice() else {
        eprintln!("usage: scaling_plot RESULTS.csv OUT.svg");
        return ExitCode::from(2);
    };
    let series = match read_series(Path::new(csv)) {
        Ok(series) => series,
        Err(message) => {
            eprintln!("scaling_plot: {message}");
            return ExitCode::FAILURE;
        }
    };
    let text = render_svg(&series);
    let svg = Path::new(svg);
    let written = match svg.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder),
        _ => Ok(()),
    }
    .and_then(|()| std::fs::write(svg, text));
    if let Err(error) = written {
        eprintln!("scaling_plot: cannot write {}: {error}", svg.display());
        return ExitCode::FAILURE;
    }
    let n_points: usize = series.iter().map(|(_, points)| points.len()).sum();
    println!("wrote {} ({} engines, {n_points} points)", svg.display(), series.len());
    ExitCode::SUCCESS
}

/// Reads the rows, naming the file and line of the first one that cannot be drawn.
fn read_series(path: &Path) -> Result<Series, String> {
    let name = path.display();
    let mut reader = csv::Reader::from_path(path).map_err(|error| format!("cannot read {name}: {error}"))?;
    let header = reader.headers().map_err(|error| format!("{name}: {error}"))?.clone();
    let column = |wanted: &str| {
        header
            .iter()
            .position(|field| field.trim() == wanted)
            .ok_or_else(|| format!("{name}: the header has no column {wanted:?}"))
    };
    let (engine_column, assertions_column, seconds_column) =
        (column("engine")?, column("assertions")?, column("seconds")?);
    let mut series: Series = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("{name}: {error}"))?;
        let line = record.position().map_or(0, |position| position.line());
        let field = |index: usize, what: &str| {
            record.get(index).map(str::trim).ok_or_else(|| format!("{name}:{line}: no {what} field"))
        };
        let engine = field(engine_column, "engine")?;
        if engine.is_empty() {
            return Err(format!("{name}:{line}: the engine is empty"));
        }
        let assertions_text = field(assertions_column, "assertions")?;
        let assertions: u64 = match assertions_text.parse() {
            Ok(assertions) if assertions > 0 => assertions,
            _ => {
                return Err(format!(
                    "{name}:{line}: assertions {assertions_text:?} is not a whole number above 0 (log axis)"
                ));
            }
        };
        let seconds_text = field(seconds_column, "seconds")?;
        let seconds: f64 = match seconds_text.parse::<f64>() {
            Ok(seconds) if seconds.is_finite() && seconds > 0.0 => seconds,
            _ => return Err(format!("{name}:{line}: seconds {seconds_text:?} is not a number above 0 (log axis)")),
        };
        let index = match series.iter().position(|(known, _)| known == engine) {
            Some(index) => index,
            None => {
                series.push((engine.to_owned(), BTreeMap::new()));
                series.len() - 1
            }
        };
        series[index].1.entry(assertions).or_default().push(seconds);
    }
    if series.is_empty() {
        return Err(format!("{name}: no rows to plot"));
    }
    Ok(series)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / 2.0 }
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 480.0;
/// The plot area: left, right, top, bottom.
const LEFT: f64 = 80.0;
const RIGHT: f64 = 700.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 410.0;
const COLOURS: [&str; 6] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

/// A log10 axis from decade `low` to decade `high`.
struct Axis {
    low: f64,
    high: f64,
}

impl Axis {
    /// The whole decades around the values, at least one decade wide.
    fn around(values: impl Iterator<Item = f64>) -> Axis {
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for value in values {
            low = low.min(value.log10());
            high = high.max(value.log10());
        }
        // A small tolerance keeps 1000 in the decade that starts at 1000 despite rounding.
        let (low, high) = ((low + 1e-9).floor(), (high - 1e-9).ceil());
        if high > low { Axis { low, high } } else { Axis { low: low - 1.0, high: low + 1.0 } }
    }

    /// Where `value` falls, from 0 (low end) to 1 (high end).
    fn fraction(&self, value: f64) -> f64 {
        (value.log10() - self.low) / (self.high - self.low)
    }

    /// Ticks as (value, mantissa, exponent, labelled): every 1 to 9 times a power of ten in
    /// range; 1s are labelled, and 2s and 5s too when the axis spans a single decade.
    fn ticks(&self) -> Vec<(f64, u32, i32, bool)> {
        let single_decade = self.high - self.low <= 1.0;
        let mut ticks = Vec::new();
        for exponent in (self.low as i32)..=(self.high as i32) {
            for mantissa in 1..=9u32 {
                let value = f64::from(mantissa) * 10f64.powi(exponent);
                if value.log10() > self.high + 1e-9 {
                    break;
                }
                let labelled = mantissa == 1 || (single_decade && (mantissa == 2 || mantissa == 5));
                ticks.push((value, mantissa, exponent, labelled));
            }
        }
        ticks
    }
}

/// `mantissa * 10^exponent` as a count: 500, 2k, 10k, 1M.
fn count_label(mantissa: u32, exponent: i32) -> String {
    match exponent {
        6.. => format!("{}M", u64::from(mantissa) * 10u64.pow((exponent - 6) as u32)),
        3.. => format!("{}k", u64::from(mantissa) * 10u64.pow((exponent - 3) as u32)),
        0.. => format!("{}", u64::from(mantissa) * 10u64.pow(exponent as u32)),
        _ => format!("{:.*}", (-exponent) as usize, f64::from(mantissa) * 10f64.powi(exponent)),
    }
}

/// `mantissa * 10^exponent` as seconds, with just the decimals it needs: 0.002, 0.1, 5, 100.
fn seconds_label(mantissa: u32, exponent: i32) -> String {
    format!("{:.*}", exponent.min(0).unsigned_abs() as usize, f64::from(mantissa) * 10f64.powi(exponent))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The plot as SVG text.
fn render_svg(series: &Series) -> String {
    let points: Vec<(&str, Vec<(f64, f64)>)> = series
        .iter()
        .map(|(engine, sizes)| {
            let line = sizes.iter().map(|(&size, seconds)| (size as f64, median(seconds))).collect();
            (engine.as_str(), line)
        })
        .collect();
    let x_axis = Axis::around(points.iter().flat_map(|(_, line)| line.iter().map(|&(x, _)| x)));
    let y_axis = Axis::around(points.iter().flat_map(|(_, line)| line.iter().map(|&(_, y)| y)));
    let x_at = |value: f64| LEFT + x_axis.fraction(value) * (RIGHT - LEFT);
    let y_at = |value: f64| BOTTOM - y_axis.fraction(value) * (BOTTOM - TOP);

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="28" text-anchor="middle" font-size="15">Time to check a claim set, by number of assertions</text>"#,
        (LEFT + RIGHT) / 2.0
    );

    // Grid lines and tick labels; decades darker than the lines between them.
    for (value, mantissa, exponent, labelled) in x_axis.ticks() {
        let x = x_at(value);
        let stroke = if mantissa == 1 { "#bbbbbb" } else { "#eeeeee" };
        let _ = writeln!(svg, r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{BOTTOM}" stroke="{stroke}"/>"#);
        let _ = writeln!(svg, r#"<line x1="{x:.1}" y1="{BOTTOM}" x2="{x:.1}" y2="{}" stroke="black"/>"#, BOTTOM + 5.0);
        if labelled {
            let _ = writeln!(
                svg,
                r#"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
                BOTTOM + 20.0,
                count_label(mantissa, exponent)
            );
        }
    }
    for (value, mantissa, exponent, labelled) in y_axis.ticks() {
        let y = y_at(value);
        let stroke = if mantissa == 1 { "#bbbbbb" } else { "#eeeeee" };
        let _ = writeln!(svg, r#"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{stroke}"/>"#);
        let _ = writeln!(svg, r#"<line x1="{}" y1="{y:.1}" x2="{LEFT}" y2="{y:.1}" stroke="black"/>"#, LEFT - 5.0);
        if labelled {
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                LEFT - 8.0,
                y + 4.0,
                seconds_label(mantissa, exponent)
            );
        }
    }
    let _ = writeln!(
        svg,
        r#"<rect x="{LEFT}" y="{TOP}" width="{}" height="{}" fill="none" stroke="black"/>"#,
        RIGHT - LEFT,
        BOTTOM - TOP
    );
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" font-size="13">assertions (log scale)</text>"#,
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 45.0
    );
    let _ = writeln!(
        svg,
        r#"<text transform="translate(22 {}) rotate(-90)" text-anchor="middle" font-size="13">seconds (log scale)</text>"#,
        (TOP + BOTTOM) / 2.0
    );

    // One line with markers per engine.
    for (index, (engine, line)) in points.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let path: Vec<String> = line.iter().map(|&(x, y)| format!("{:.1},{:.1}", x_at(x), y_at(y))).collect();
        let _ = writeln!(svg, r#"<g class="engine" data-engine="{}">"#, escape(engine));
        let _ =
            writeln!(svg, r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#, path.join(" "));
        for &(x, y) in line {
            let _ = writeln!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"><title>{}: {x} assertions, {y:.3} s</title></circle>"#,
                x_at(x),
                y_at(y),
                escape(engine)
            );
        }
        let _ = writeln!(svg, "</g>");
    }

    // The legend goes in the top left corner: times grow with the size, so the lines leave it
    // clear.
    let legend_width = 40.0 + 7.0 * points.iter().map(|(engine, _)| engine.chars().count()).max().unwrap_or(0) as f64;
    let _ = writeln!(
        svg,
        r#"<rect x="{}" y="{}" width="{legend_width:.1}" height="{}" fill="white" stroke="gray"/>"#,
        LEFT + 10.0,
        TOP + 10.0,
        8.0 + 18.0 * points.len() as f64
    );
    for (index, (engine, _)) in points.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let y = TOP + 22.0 + 18.0 * index as f64;
        let _ = writeln!(
            svg,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="2"/>"#,
            LEFT + 16.0,
            LEFT + 34.0
        );
        let _ = writeln!(svg, r#"<text x="{}" y="{}">{}</text>"#, LEFT + 40.0, y + 4.0, escape(engine));
    }
    svg.push_str("</svg>\n");
    svg
}
