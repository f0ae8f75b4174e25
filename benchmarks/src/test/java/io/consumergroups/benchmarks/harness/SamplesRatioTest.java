package io.consumergroups.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplesRatioTest {

	@Test
	void shouldGiveTheRatioOfTheMediansSpreadFromTheWorstToTheBestPairing() {
		Samples processor = Samples.of(26_456, 33_813, 36_377);
		Samples plainLoop = Samples.of(32_984, 35_473, 46_584);

		Samples ratio = Samples.ratio(processor, plainLoop);

		assertThat(ratio.median()).isCloseTo(33_813.0 / 35_473, within(1e-9));
		assertThat(ratio.min()).isCloseTo(26_456.0 / 46_584, within(1e-9));
		assertThat(ratio.max()).isCloseTo(36_377.0 / 32_984, within(1e-9));
	}

	@Test
	void shouldHaveNoRatioWithoutSamples() {
		assertThat(Samples.ratio(Samples.none(), Samples.of(1.0)).isEmpty()).isTrue();
	}

}
