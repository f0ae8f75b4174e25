package io.consumergroups.benchmarks.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.consumergroups.benchmarks.harness.Samples;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws {@link ChartSpec}s as PNG files with XChart: bars (or a line over numeric
 * categories) at the median, whiskers to the farther of min and max.
 */
public final class Charts {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 520;

	/** More series than this and the legend goes below the plot, not over its bars. */
	private static final int LEGEND_INSIDE_MAX_SERIES = 6;

	private static final int LEGEND_ROW_HEIGHT = 22;

	private Charts() {
	}

	/**
	 * Write a chart.
	 * @param spec what to draw
	 * @param directory where the PNG goes
	 * @return the file written
	 */
	public static Path write(ChartSpec spec, Path directory) {
		Chart<?, ?> chart = spec.line() ? line(spec) : bars(spec);
		Path file = directory.resolve(spec.fileName());
		try {
			Files.createDirectories(directory);
			BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
		return file;
	}

	private static CategoryChart bars(ChartSpec spec) {
		boolean legendBelow = spec.series().size() > LEGEND_INSIDE_MAX_SERIES;
		CategoryChart chart = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT + (legendBelow ? spec.series().size() * LEGEND_ROW_HEIGHT : 0))
			.title(spec.title())
			.xAxisTitle(spec.xTitle())
			.yAxisTitle(spec.yTitle())
			.build();
		style(chart.getStyler(), spec.logarithmic());
		if (legendBelow) {
			chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		}
		chart.getStyler().setLabelsVisible(false);
		chart.getStyler().setXAxisLabelRotation((spec.categories().size() > 3) ? 15 : 0);
		for (ChartSpec.Series series : spec.series()) {
			List<Double> medians = medians(series.points());
			if (spec.logarithmic()) {
				// XChart draws whiskers wrongly on a logarithmic axis: the table has the
				// spread
				chart.addSeries(series.name(), spec.categories(), positive(medians));
			}
			else {
				chart.addSeries(series.name(), spec.categories(), medians, whiskers(series.points()));
			}
		}
		if (spec.logarithmic()) {
			// Bars start from zero unless told otherwise, which a logarithmic axis cannot
			// show
			chart.getStyler().setYAxisMin(logarithmicBottom(spec));
		}
		return chart;
	}

	private static XYChart line(ChartSpec spec) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(spec.title())
			.xAxisTitle(spec.xTitle())
			.yAxisTitle(spec.yTitle())
			.build();
		style(chart.getStyler(), spec.logarithmic());
		List<Double> x = spec.categories().stream().map(Double::valueOf).toList();
		for (ChartSpec.Series series : spec.series()) {
			List<Double> medians = medians(series.points());
			if (spec.logarithmic()) {
				chart.addSeries(series.name(), x, positive(medians));
			}
			else {
				chart.addSeries(series.name(), x, medians, whiskers(series.points()));
			}
		}
		return chart;
	}

	private static void style(AxesChartStyler styler, boolean logarithmic) {
		styler.setChartBackgroundColor(Color.WHITE);
		if (logarithmic) {
			styler.setYAxisLogarithmic(true);
		}
		else {
			// From zero: the eye reads ratios off the bars and lines
			styler.setYAxisMin(0.0);
		}
		styler.setLegendPosition(Styler.LegendPosition.InsideNW);
		styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(16f));
	}

	static List<Double> medians(List<Samples> points) {
		return points.stream().map((samples) -> samples.isEmpty() ? 0.0 : samples.median()).toList();
	}

	/**
	 * Medians above zero, for a logarithmic axis: an empty point is drawn at the bottom
	 * (a tenth of the smallest value) rather than refused.
	 */
	static List<Double> positive(List<Double> values) {
		double bottom = values.stream().filter((value) -> value > 0).min(Double::compare).orElse(10.0) / 10;
		return values.stream().map((value) -> (value > 0) ? value : bottom).toList();
	}

	/**
	 * The power of ten at or below the lowest median of a chart.
	 */
	static double logarithmicBottom(ChartSpec spec) {
		double lowest = spec.series()
			.stream()
			.flatMap((series) -> positive(medians(series.points())).stream())
			.min(Double::compare)
			.orElse(1.0);
		return Math.pow(10, Math.floor(Math.log10(lowest)));
	}

	/**
	 * XChart draws symmetric whiskers: the farther of min and max.
	 */
	static List<Double> whiskers(List<Samples> points) {
		return points.stream()
			.map((samples) -> samples.isEmpty() ? 0.0
					: Math.max(samples.median() - samples.min(), samples.max() - samples.median()))
			.toList();
	}

}
