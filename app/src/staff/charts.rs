//! The dashboard's charts, drawn on the server as SVG with plotters: bars
//! over days (stacked or side by side) and bars by category. Only compiled
//! into the server; the page shows each as an image with its numbers in a
//! table beside it.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
pub use plotters::style::RGBColor;

/// One series of bars: its name (for the legend), colour and values.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: RGBColor,
    pub values: Vec<i64>,
}

pub const GREEN: RGBColor = RGBColor(0x2f, 0x85, 0x5a);
pub const RED: RGBColor = RGBColor(0xb4, 0x23, 0x18);
pub const BLUE: RGBColor = RGBColor(0x0b, 0x5c, 0xad);
pub const AMBER: RGBColor = RGBColor(0xb4, 0x5f, 0x06);
pub const TEAL: RGBColor = RGBColor(0x0e, 0x7c, 0x7b);
pub const PURPLE: RGBColor = RGBColor(0x6b, 0x3f, 0xa0);
pub const GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);
const INK: RGBColor = RGBColor(0x1d, 0x27, 0x33);
const LINE: RGBColor = RGBColor(0xd9, 0xe0, 0xe8);

const WIDTH: u32 = 760;
const FONT: &str = "sans-serif";

/// A count on an axis: whole numbers only, so that a small range shows no
/// half-decisions.
fn whole(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        String::new()
    }
}

/// A chart that could not be drawn says so in the log; the page still has
/// the numbers.
fn drawn(result: Result<(), String>, svg: String) -> String {
    match result {
        Ok(()) => svg,
        Err(error) => {
            tracing::error!(%error, "cannot draw a chart");
            String::new()
        }
    }
}

/// Bars over `labels` (days), one group per label: stacked when `stacked`,
/// else side by side.
pub fn over_days(labels: &[String], series: &[Series<'_>], stacked: bool) -> String {
    let mut svg = String::new();
    let result = draw_over_days(&mut svg, labels, series, stacked).map_err(|e| e.to_string());
    drawn(result, svg)
}

fn draw_over_days(
    svg: &mut String,
    labels: &[String],
    series: &[Series<'_>],
    stacked: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let value = |s: &Series<'_>, i: usize| s.values.get(i).copied().unwrap_or(0);
    let top = (0..labels.len())
        .map(|i| {
            let at = series.iter().map(|s| value(s, i));
            if stacked {
                at.sum()
            } else {
                at.max().unwrap_or(0)
            }
        })
        .max()
        .unwrap_or(0)
        .max(1);
    // Side by side, each day has a slot per series and an empty one.
    let slots = if stacked { 1 } else { series.len() as i32 + 1 };
    let n = (labels.len() as i32 * slots).max(1);
    let root = SVGBackend::with_string(svg, (WIDTH, 280)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d((0..n).into_segmented(), 0.0..(top as f64 * 1.1).max(1.0))?;
    // At most about 14 day labels, so that they never overlap.
    let every = (labels.len() / 14).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(LINE)
        .axis_style(INK)
        .label_style((FONT, 12).into_font().color(&INK))
        .x_labels((n as usize).max(1))
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(j) if j % slots == 0 => {
                let day = (j / slots) as usize;
                if day.is_multiple_of(every) {
                    labels.get(day).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        })
        .y_labels(6)
        .y_label_formatter(&|y| whole(*y))
        .draw()?;
    for (k, s) in series.iter().enumerate() {
        let bars = (0..labels.len()).map(|i| {
            let (slot, below): (i32, i64) = if stacked {
                (i as i32, series[..k].iter().map(|o| value(o, i)).sum())
            } else {
                (i as i32 * slots + k as i32, 0)
            };
            let below = below as f64;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(slot), below),
                    (SegmentValue::Exact(slot + 1), below + value(s, i) as f64),
                ],
                s.colour.filled(),
            );
            bar.set_margin(
                0,
                0,
                if stacked { 2 } else { 0 },
                if stacked { 2 } else { 0 },
            );
            bar
        });
        let colour = s.colour;
        chart
            .draw_series(bars)?
            .label(s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(LINE)
        .label_font((FONT, 12).into_font().color(&INK))
        .draw()?;
    root.present()?;
    Ok(())
}

/// One bar per category, across, each labelled; `percent` shows values as
/// tenths of a per cent (so 125 is 12.5 %).
pub fn by_category(categories: &[(String, i64)], colour: RGBColor, percent: bool) -> String {
    let mut svg = String::new();
    let result = draw_by_category(&mut svg, categories, colour, percent).map_err(|e| e.to_string());
    drawn(result, svg)
}

fn draw_by_category(
    svg: &mut String,
    categories: &[(String, i64)],
    colour: RGBColor,
    percent: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = categories.len().max(1) as i32;
    let top = if percent {
        1000
    } else {
        categories.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1)
    };
    let height = 60 + 30 * n as u32;
    let root = SVGBackend::with_string(svg, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(230)
        .build_cartesian_2d(0.0..(top as f64 * 1.1).max(1.0), (0..n).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(LINE)
        .axis_style(INK)
        .label_style((FONT, 12).into_font().color(&INK))
        .y_labels(categories.len().max(1))
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(i) => categories
                .get(*i as usize)
                .map(|(name, _)| name.chars().take(32).collect())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_labels(6)
        .x_label_formatter(&|x| {
            if percent {
                format!("{}%", whole(*x / 10.0))
            } else {
                whole(*x)
            }
        })
        .draw()?;
    chart.draw_series(categories.iter().enumerate().map(|(i, (_, value))| {
        let i = i as i32;
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (*value as f64, SegmentValue::Exact(i + 1)),
            ],
            colour.filled(),
        );
        bar.set_margin(5, 5, 0, 0);
        bar
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_svg_with_its_labels() {
        let svg = by_category(
            &[("quiet hours".into(), 3), ("do-not-call".into(), 1)],
            RED,
            false,
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("quiet hours") && svg.contains("do-not-call"));
        let days: Vec<String> = (1..=3).map(|d| format!("12-0{d}")).collect();
        let series = [
            Series {
                name: "allowed",
                colour: GREEN,
                values: vec![1, 2, 3],
            },
            Series {
                name: "denied",
                colour: RED,
                values: vec![0, 1, 0],
            },
        ];
        let svg = over_days(&days, &series, true);
        assert!(svg.contains("12-02") && svg.contains("denied"));
        // An empty range draws empty axes, not an error.
        assert!(over_days(&[], &[], true).starts_with("<svg"));
        assert!(by_category(&[], BLUE, true).starts_with("<svg"));
    }
}
