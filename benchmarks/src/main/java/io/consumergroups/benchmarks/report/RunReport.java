package io.consumergroups.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.MachineFacts;
import io.consumergroups.benchmarks.harness.Samples;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's report: the command, the machine and its load, the results table, each
 * benchmark's notes and charts.
 *
 * @param command the command that produced it
 * @param startedAt when the run started
 * @param duration how long it took
 * @param machine the machine
 * @param load the 1-minute load average sampled during the run
 * @param sections the benchmarks' results
 */
public record RunReport(String command, Instant startedAt, Duration duration, MachineFacts machine, Samples load,
		List<Section> sections) {

	private static final Logger logger = LoggerFactory.getLogger(RunReport.class);

	/**
	 * Every result line of every section.
	 * @return the table's lines
	 */
	public List<Result> results() {
		return this.sections.stream().flatMap((section) -> section.results().stream()).toList();
	}

	/**
	 * The report as Markdown.
	 * @return the document
	 */
	public String markdown() {
		StringBuilder text = new StringBuilder();
		text.append("# Benchmark run of ").append(this.startedAt).append("\n\n");
		text.append("Written by the run itself; `RESULTS.md` discusses it.\n\n");
		text.append("- command: `").append(this.command).append("`\n");
		text.append("- duration: ").append(minutesAndSeconds(this.duration)).append('\n');
		text.append("- machine: ")
			.append(this.machine.cores())
			.append(" cores (")
			.append(this.machine.cpu())
			.append("), ")
			.append(this.machine.memory())
			.append(", ")
			.append(this.machine.os())
			.append('\n');
		text.append("- JVM: ").append(this.machine.jvm()).append('\n');
		text.append("- load average (1 min) during the run: ").append(loadSummary()).append("\n\n");
		text.append(ResultTable.markdown(results())).append('\n');
		for (Section section : this.sections) {
			text.append("## ").append(section.id()).append(" — ").append(section.title()).append("\n\n");
			section.notes().forEach((note) -> text.append("- ").append(note).append('\n'));
			text.append('\n');
			section.charts()
				.forEach((chart) -> text.append("![")
					.append(chart.title())
					.append("](")
					.append(chart.fileName())
					.append(")\n\n"));
		}
		return text.toString();
	}

	String loadSummary() {
		if (this.load.isEmpty()) {
			return "not available";
		}
		return String.format(Locale.ROOT, "median %.1f, min %.1f, max %.1f over %d samples", this.load.median(),
				this.load.min(), this.load.max(), this.load.count());
	}

	/**
	 * Write the report and its charts.
	 * @param directory where to
	 * @param fileName the report's name
	 * @return the report's path
	 */
	public Path write(Path directory, String fileName) {
		try {
			Files.createDirectories(directory);
			for (Section section : this.sections) {
				for (ChartSpec chart : section.charts()) {
					try {
						Charts.write(chart, directory);
					}
					catch (RuntimeException ex) {
						// A chart that cannot be drawn must not cost the run its report
						logger.error("Could not draw {}", chart.fileName(), ex);
					}
				}
			}
			Path file = directory.resolve(fileName);
			Files.writeString(file, markdown());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the report to " + directory, ex);
		}
	}

	private static String minutesAndSeconds(Duration duration) {
		return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
	}

}
