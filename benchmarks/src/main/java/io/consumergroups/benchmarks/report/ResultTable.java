package io.consumergroups.benchmarks.report;

import java.util.List;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * The results as a Markdown table, one line per {@link Result}: median, spread (min–max)
 * and count of the repetitions, the aim and whether the median reaches it.
 */
public final class ResultTable {

	private static final String HEADER = """
			| | What | Setting | Median | Spread (min–max) | n | Aim | |
			|---|---|---|---:|---|---:|---|---|
			""";

	private ResultTable() {
	}

	/**
	 * The table.
	 * @param results the lines, in order
	 * @return Markdown, ending with a line break
	 */
	public static String markdown(List<Result> results) {
		StringBuilder table = new StringBuilder(HEADER);
		for (Result result : results) {
			table.append("| ")
				.append(cell(result.measure()))
				.append(" | ")
				.append(cell(result.what()))
				.append(" | ")
				.append(cell(result.setting()))
				.append(" | ")
				.append(median(result))
				.append(" | ")
				.append(spread(result))
				.append(" | ")
				.append(result.samples().count())
				.append(" | ")
				.append((result.aim() != null) ? result.aim().describe() : "")
				.append(" | ")
				.append(result.verdict())
				.append(" |\n");
		}
		return table.toString();
	}

	static String median(Result result) {
		return result.samples().isEmpty() ? "n/a" : result.unit().format(result.samples().median());
	}

	static String spread(Result result) {
		Samples samples = result.samples();
		if (samples.count() < 2) {
			return "—";
		}
		Unit unit = result.unit();
		return unit.number(samples.min()) + "–" + unit.number(samples.max());
	}

	private static String cell(String text) {
		return (text != null) ? text.replace("|", "\\|").replace("\n", " ") : "";
	}

}
