package io.consumergroups.benchmarks.harness;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class SamplesTest {

	@Test
	void shouldTakeTheMiddleValueAsMedianOfAnOddCount() {
		// Given
		Samples samples = Samples.of(30, 10, 20);

		// When
		double median = samples.median();

		// Then
		assertThat(median).isEqualTo(20);
	}

	@Test
	void shouldAverageTheTwoMiddleValuesAsMedianOfAnEvenCount() {
		// Given
		Samples samples = Samples.of(4, 1, 3, 2);

		// When
		double median = samples.median();

		// Then
		assertThat(median).isEqualTo(2.5);
	}

	@Test
	void shouldGiveMinMaxAndSpreadRelativeToTheMedian() {
		// Given
		Samples samples = Samples.of(90, 100, 110);

		// When / Then
		assertThat(samples.min()).isEqualTo(90);
		assertThat(samples.max()).isEqualTo(110);
		assertThat(samples.relativeSpread()).isCloseTo(0.2, within(1e-9));
		assertThat(Samples.of(5).relativeSpread()).isZero();
	}

	@Test
	void shouldTakeNearestRankPercentiles() {
		// Given 1..1000
		Samples samples = Samples.of(IntStream.rangeClosed(1, 1000).boxed().toList());

		// When / Then
		assertThat(samples.percentile(50)).isEqualTo(500);
		assertThat(samples.percentile(99)).isEqualTo(990);
		assertThat(samples.percentile(99.9)).isEqualTo(999);
		assertThat(samples.percentile(100)).isEqualTo(1000);
	}

	@Test
	void shouldTakeTheLargestValueAsHighPercentileOfFewSamples() {
		// Given
		Samples samples = Samples.of(List.of(7, 3, 5));

		// When / Then: no interpolation beyond the data
		assertThat(samples.percentile(99.9)).isEqualTo(7);
		assertThat(samples.percentile(1)).isEqualTo(3);
	}

	@Test
	void shouldRefuseStatisticsOfNoSamples() {
		// Given
		Samples none = Samples.none();

		// When / Then
		assertThat(none.isEmpty()).isTrue();
		assertThatIllegalStateException().isThrownBy(none::median);
		assertThatIllegalStateException().isThrownBy(() -> none.percentile(99));
	}

	@Test
	void shouldTransformEachSample() {
		// Given
		Samples rates = Samples.of(100, 200);

		// When
		Samples halves = rates.map((rate) -> rate / 2);

		// Then
		assertThat(halves.values()).containsExactly(50.0, 100.0);
	}

}
