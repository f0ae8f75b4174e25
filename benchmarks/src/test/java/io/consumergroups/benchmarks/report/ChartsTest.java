package io.consumergroups.benchmarks.report;

import java.nio.file.Path;
import java.util.List;

import io.consumergroups.benchmarks.harness.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

	@TempDir
	Path directory;

	@Test
	void shouldDrawALogarithmicChartWhoseSpreadReachesBelowZero() {
		// Given values orders of magnitude apart, one whose min is far below its median,
		// and a value that could not be measured
		ChartSpec spec = new ChartSpec("log.png", "throughput", "", "orders/s", false, List.of("fast", "slow", "none"),
				List.of(new ChartSpec.Series("median",
						List.of(Samples.of(150_000, 260_000, 160_000), Samples.of(1, 40, 100), Samples.none()))),
				true);

		// When
		Path file = Charts.write(spec, this.directory);

		// Then
		assertThat(file).isRegularFile();
	}

	@Test
	void shouldDrawWhiskersToTheFartherOfMinAndMax() {
		// Given
		List<Samples> points = List.of(Samples.of(1, 40, 100), Samples.of(100, 110, 120), Samples.none());

		// When / Then
		assertThat(Charts.whiskers(points)).containsExactly(60.0, 10.0, 0.0);
	}

	@Test
	void shouldStartALogarithmicAxisAtThePowerOfTenBelowTheLowestMedian() {
		// Given
		ChartSpec spec = new ChartSpec("log.png", "", "", "", false, List.of("a", "b"),
				List.of(new ChartSpec.Series("s", List.of(Samples.of(150_000), Samples.of(27)))), true);

		// When / Then
		assertThat(Charts.logarithmicBottom(spec)).isEqualTo(10.0);
	}

}
