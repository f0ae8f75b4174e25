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
 * @param resolution the coarsest any repetition could see, in the result's unit, or
 * {@code null} when the measurement has no such bound: a ceiling below it cannot be
 * judged
 */
public record Result(String measure, String what, String setting, Samples samples, Unit unit, Aim aim,
		Double resolution) {

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
		return new Result(measure, what, setting, samples, unit, null, null);
	}

	/**
	 * The same result with an aim.
	 * @param target the aim
	 * @return a copy
	 */
	public Result withAim(Aim target) {
		return new Result(this.measure, this.what, this.setting, this.samples, this.unit, target, this.resolution);
	}

	/**
	 * The same result, seen no finer than this: a stall measured through orders that
	 * arrive every 100 ms can be up to 100 ms longer than it shows.
	 * @param coarsest the coarsest resolution of the repetitions, in the result's unit
	 * @return a copy
	 */
	public Result withResolution(double coarsest) {
		return new Result(this.measure, this.what, this.setting, this.samples, this.unit, this.aim, coarsest);
	}

	/**
	 * Whether the median reaches the aim.
	 * @return {@code met}, {@code missed}, {@code not observable} for a ceiling below the
	 * resolution, or empty without an aim or a measurement
	 */
	public String verdict() {
		if (this.aim == null || this.samples.isEmpty()) {
			return "";
		}
		if (this.resolution != null && !this.aim.atLeast() && this.resolution > this.aim.threshold()) {
			return "not observable";
		}
		return this.aim.isMetBy(this.samples.median()) ? "met" : "missed";
	}

}
