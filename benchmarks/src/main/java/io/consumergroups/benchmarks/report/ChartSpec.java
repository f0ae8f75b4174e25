package io.consumergroups.benchmarks.report;

import java.util.List;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * What a chart shows, independent of the library that draws it: one value per category
 * and series, drawn at its median with whiskers to the farther of min and max.
 *
 * @param fileName the PNG's name, e.g. {@code p2-scaling.png}
 * @param title the chart's title
 * @param xTitle the x axis title
 * @param yTitle the y axis title
 * @param line a line over numeric categories (e.g. consumer counts) rather than bars
 * @param categories the x positions
 * @param series the values, one {@link Samples} per category each
 * @param logarithmic a logarithmic y axis, for values orders of magnitude apart
 */
public record ChartSpec(String fileName, String title, String xTitle, String yTitle, boolean line,
		List<String> categories, List<Series> series, boolean logarithmic) {

	/**
	 * One series of a chart.
	 *
	 * @param name the legend
	 * @param points one per category, in order; empty samples leave a gap (drawn as 0)
	 */
	public record Series(String name, List<Samples> points) {

	}

}
