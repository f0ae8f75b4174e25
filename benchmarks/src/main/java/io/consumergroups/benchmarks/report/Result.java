package io.consumergroups.benchmarks.report;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * One line of the results table: a quantity measured (or derived) under one setting.
 *
 * @param measure which benchmark, e.g. {@code P1}
 * @param what what was measured, e.g. {@code order-processor (EOS)}
 * @param setting the conditions, e.g. {@code 6 partitions, 1 broker}
 * @param samples the repetitions; empty when it could not be measured
 * @param unit how the numbers are written
 * @param aim what it should reach, or {@code null}
 */
public record Result(String measure, String what, String setting, Samples samples, Unit unit, Aim aim) {

	/**
	 * A result without an aim.
	 * @param measure which benchmark
	 * @param what what was measured
	 * @param setting the conditions
	 * @param samples the repetitions
	 * @param unit how the numbers are written
	 * @return the result
	 */
	public static Result of(String measure, String what, String setting, Samples samples, Unit unit) {
		return new Result(measure, what, setting, samples, unit, null);
	}

	/**
	 * The same result with an aim.
	 * @param target the aim
	 * @return a copy
	 */
	public Result withAim(Aim target) {
		return new Result(this.measure, this.what, this.setting, this.samples, this.unit, target);
	}

	/**
	 * Whether the median reaches the aim.
	 * @return {@code met}, {@code missed}, or empty without an aim or a measurement
	 */
	public String verdict() {
		if (this.aim == null || this.samples.isEmpty()) {
			return "";
		}
		return this.aim.isMetBy(this.samples.median()) ? "met" : "missed";
	}

}
