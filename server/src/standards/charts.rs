//! Each standard's chart: the months' values as bars and the target as a
//! line, drawn on the server as SVG with plotters (no script, no font
//! files: the text is SVG text the browser sets). The page hides it from
//! assistive technologies: the table beside it holds the same numbers.

use app::i18n::Locale;
use app::standards::model::{Measured, StandardCode, StandardFigures, MAINTENANCE_DAYS_TARGET, PROCEDURES_ONLINE_TARGET};
use plotters::prelude::*;

const MONTH_INITIALS_IT: [&str; 12] = ["G", "F", "M", "A", "M", "G", "L", "A", "S", "O", "N", "D"];
const MONTH_INITIALS_EN: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];
/// The portal's primary blue and a dark red: both AA against white.
const BAR: RGBColor = RGBColor(0, 102, 204);
const TARGET: RGBColor = RGBColor(160, 0, 0);

/// The chart as an SVG document (empty if plotters failed: the table stays).
pub fn chart_svg(figures: &StandardFigures, locale: Locale) -> String {
    let share = !figures.code.is_count();
    let values: Vec<Option<f64>> = figures.months.iter().map(Measured::number).collect();
    let target = match figures.code {
        StandardCode::ProceduresOnline => f64::from(PROCEDURES_ONLINE_TARGET),
        StandardCode::MaintenanceDays => f64::from(MAINTENANCE_DAYS_TARGET),
        _ => 100.0,
    };
    let top = if share { 100.0 } else { values.iter().flatten().copied().fold(target, f64::max).ceil() + 1.0 };
    let initials = if locale == Locale::English { MONTH_INITIALS_EN } else { MONTH_INITIALS_IT };
    let mut svg = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (640, 260)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart =
            ChartBuilder::on(&root).margin(12).x_label_area_size(28).y_label_area_size(48).build_cartesian_2d((0u32..12u32).into_segmented(), 0f64..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(12)
            .x_label_formatter(&|value| match value {
                SegmentValue::CenterOf(month) => initials.get(*month as usize).copied().unwrap_or_default().to_string(),
                _ => String::new(),
            })
            .y_labels(5)
            .y_label_formatter(&|value| if share { format!("{value:.0}%") } else { format!("{value:.0}") })
            // Large enough to stay readable where the page shrinks the chart to a phone's width.
            .label_style(("sans-serif", 20).into_font().color(&BLACK))
            .draw()?;
        chart.draw_series(values.iter().enumerate().filter_map(|(month, value)| {
            value.map(|value| Rectangle::new([(SegmentValue::Exact(month as u32), 0.0), (SegmentValue::Exact(month as u32 + 1), value)], BAR.filled()))
        }))?;
        chart.draw_series(std::iter::once(PathElement::new(vec![(SegmentValue::Exact(0), target), (SegmentValue::Last, target)], TARGET.stroke_width(2))))?;
        root.present()?;
        Ok(())
    })();
    if let Err(error) = drawn {
        tracing::warn!(%error, "cannot draw a standard's chart");
        return String::new();
    }
    svg
}

#[cfg(test)]
mod tests {
    use app::standards::model::{Measured, StandardCode, StandardFigures};

    #[test]
    fn a_chart_is_an_svg_with_a_bar_per_measured_month_and_no_script() {
        let mut months = vec![Measured::NoData; 12];
        months[2] = Measured::Share { in_time: 2, of: 3 };
        months[3] = Measured::Share { in_time: 1, of: 1 };
        let figures = StandardFigures { code: StandardCode::InformationWithin3Days, months, year: Measured::Share { in_time: 3, of: 4 }, met: Some(false) };
        let svg = super::chart_svg(&figures, app::i18n::Locale::Italian);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert_eq!(svg.matches("fill=\"#0066CC\"").count(), 2, "{svg}");
        let flat = svg.replace('\n', "");
        assert!(flat.contains(">G</text>") && flat.contains(">100%</text>"), "the months' initials and the scale: {svg}");
        assert!(!svg.contains("<script") && !svg.contains("style="), "nothing the CSP refuses: {svg}");
    }
}
