package io.consumergroups.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

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

	@Test
	void shouldMakeRoomBelowThePlotForTheLegendOfManySeries() throws IOException {
		// Given
		ChartSpec few = new ChartSpec("few.png", "", "", "", false, List.of("a"), series(6), true);
		ChartSpec many = new ChartSpec("many.png", "", "", "", false, List.of("a"), series(8), true);

		// When
		int fewHeight = ImageIO.read(Charts.write(few, this.directory).toFile()).getHeight();
		int manyHeight = ImageIO.read(Charts.write(many, this.directory).toFile()).getHeight();

		// Then
		assertThat(manyHeight).isGreaterThan(fewHeight);
	}

	private static List<ChartSpec.Series> series(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> new ChartSpec.Series("series " + i, List.of(Samples.of(10 + i))))
			.toList();
	}

}
