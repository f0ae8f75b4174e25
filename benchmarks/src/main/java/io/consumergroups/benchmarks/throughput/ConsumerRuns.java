package io.consumergroups.benchmarks.throughput;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * The repetitions of one measure.
 */
record ConsumerRuns(List<ConsumerRun> runs) {

	Samples rates() {
		return Samples.of(this.runs.stream().map(ConsumerRun::rate).toList());
	}

	Samples consumerCpu() {
		return known(ConsumerRun::consumerCpu);
	}

	Samples consumerJit() {
		return known(ConsumerRun::consumerJit);
	}

	Samples brokerCpu() {
		return known(ConsumerRun::brokerCpu);
	}

	/** A CPU figure is unknown where /proc is missing, or a window had no records. */
	private Samples known(ToDoubleFunction<ConsumerRun> figure) {
		return Samples.of(this.runs.stream().mapToDouble(figure).filter((value) -> !Double.isNaN(value)).toArray());
	}

}
