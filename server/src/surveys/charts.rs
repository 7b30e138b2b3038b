//! A survey question's chart: a horizontal bar per answer with its count,
//! drawn on the server as SVG with plotters (no script, no font files).
//! The page hides it from assistive technologies: the table beside it
//! holds the same numbers.

use app::surveys::model::QuestionResult;
use plotters::prelude::*;

/// The portal's primary blue: AA against white.
const BAR: RGBColor = RGBColor(0, 102, 204);
/// The longest answer label drawn; the table has the full text.
const LABEL_CHARS: usize = 22;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(LABEL_CHARS - 1).collect::<String>())
    }
}

/// The chart as an SVG document (empty for a text question, or if plotters failed: the table stays).
pub fn chart_svg(result: &QuestionResult) -> String {
    if result.counts.is_empty() {
        return String::new();
    }
    let rows = result.counts.len() as u32;
    let top = result.counts.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1);
    let labels: Vec<String> = result.counts.iter().map(|(label, _)| short(label)).collect();
    let mut svg = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (640, 60 + 44 * rows)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart =
            ChartBuilder::on(&root).margin(12).x_label_area_size(28).y_label_area_size(240).build_cartesian_2d(0u32..top + 1, (0u32..rows).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows as usize)
            .y_label_formatter(&|value| match value {
                // Bottom to top: the first answer on top, as in the table.
                SegmentValue::CenterOf(row) => labels.get((rows - 1 - row) as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_labels((top + 2).min(6) as usize)
            .x_label_formatter(&|value| format!("{value}"))
            .label_style(("sans-serif", 18).into_font().color(&BLACK))
            .draw()?;
        chart.draw_series(result.counts.iter().enumerate().filter(|(_, (_, count))| *count > 0).map(|(index, (_, count))| {
            let row = rows - 1 - index as u32;
            Rectangle::new([(0, SegmentValue::Exact(row)), (*count, SegmentValue::Exact(row + 1))], BAR.filled())
        }))?;
        root.present()?;
        Ok(())
    })();
    if let Err(error) = drawn {
        tracing::warn!(%error, "cannot draw a survey's chart");
        return String::new();
    }
    svg
}

#[cfg(test)]
mod tests {
    use app::surveys::model::{QuestionKind, QuestionResult};

    #[test]
    fn a_chart_has_a_bar_per_answer_given_and_no_script() {
        let result = QuestionResult {
            id: "servizio".into(),
            kind: QuestionKind::Choice,
            text: "Quale servizio?".into(),
            counts: vec![("Una pratica online".into(), 3), ("Un pagamento pagoPA con un nome molto lungo".into(), 0), ("Un certificato".into(), 1)],
            answered: 4,
            mean_hundredths: None,
        };
        let svg = super::chart_svg(&result);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert_eq!(svg.matches("fill=\"#0066CC\"").count(), 2, "{svg}");
        let flat = svg.replace('\n', "");
        assert!(flat.contains(">Una pratica online</text>") && flat.contains("Un pagamento pagoPA c…"), "{svg}");
        assert!(!svg.contains("<script") && !svg.contains("style="), "nothing the CSP refuses: {svg}");
        let text = QuestionResult { kind: QuestionKind::Text, counts: vec![], ..result };
        assert_eq!(super::chart_svg(&text), "");
    }
}
