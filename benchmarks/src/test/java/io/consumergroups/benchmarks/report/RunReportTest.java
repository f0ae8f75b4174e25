package io.consumergroups.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.consumergroups.benchmarks.harness.MachineFacts;
import io.consumergroups.benchmarks.harness.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportTest {

	@TempDir
	Path directory;

	private final ChartSpec chart = new ChartSpec("p2-scaling.png", "P2: scaling", "replicas", "orders/s", true,
			List.of("1", "2", "3"),
			List.of(new ChartSpec.Series("measured", List.of(Samples.of(100, 110), Samples.of(190), Samples.none()))),
			false);

	private final RunReport report = new RunReport("./benchmarks/bench --quick", Instant.parse("2026-06-01T12:00:00Z"),
			Duration.ofSeconds(754), new MachineFacts(2, "Test CPU", "24.0 GiB", "Linux", "OpenJDK 17"),
			Samples.of(1.5, 2.0, 2.5),
			List.of(new Section(
					"P2", "Scaling curve", List.of(Result.of("P2", "throughput, 1 replica", "6 partitions",
							Samples.of(100, 110), Unit.ORDERS_PER_SECOND)),
					List.of(this.chart), List.of("Measured on one group."))));

	@Test
	void shouldRecordTheCommandMachineAndLoadWithTheTable() {
		// When
		String markdown = this.report.markdown();

		// Then
		assertThat(markdown).contains("- command: `./benchmarks/bench --quick`")
			.contains("- duration: 12 min 34 s")
			.contains("- machine: 2 cores (Test CPU), 24.0 GiB, Linux")
			.contains("- load average (1 min) during the run: median 2.0, min 1.5, max 2.5 over 3 samples")
			.contains("| P2 | throughput, 1 replica | 6 partitions | 105 orders/s | 100–110 | 2 |  |  |")
			.contains("## P2 — Scaling curve")
			.contains("- Measured on one group.")
			.contains("![P2: scaling](p2-scaling.png)");
	}

	@Test
	void shouldWriteTheReportAndItsChartsAsPng() throws Exception {
		// When
		Path written = this.report.write(this.directory, "latest-run.md");

		// Then
		assertThat(written).hasFileName("latest-run.md").content().contains("## P2 — Scaling curve");
		Path png = this.directory.resolve("p2-scaling.png");
		assertThat(png).isRegularFile();
		byte[] signature = new byte[] { (byte) 0x89, 'P', 'N', 'G' };
		assertThat(Files.readAllBytes(png)).startsWith(signature);
	}

}
