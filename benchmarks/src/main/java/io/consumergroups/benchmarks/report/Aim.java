package io.consumergroups.benchmarks.report;

/**
 * What a result should reach, judged on its median.
 *
 * @param atLeast {@code true} for a floor (throughput, efficiency), {@code false} for a
 * ceiling (latency, stall)
 * @param threshold the bound, in the result's unit
 * @param unit the result's unit
 */
public record Aim(boolean atLeast, double threshold, Unit unit) {

	public static Aim atLeast(double threshold, Unit unit) {
		return new Aim(true, threshold, unit);
	}

	public static Aim atMost(double threshold, Unit unit) {
		return new Aim(false, threshold, unit);
	}

	/**
	 * Whether a value reaches the aim.
	 * @param value a median
	 * @return whether it is met
	 */
	public boolean isMetBy(double value) {
		return this.atLeast ? value >= this.threshold : value <= this.threshold;
	}

	/**
	 * The aim as written in the table.
	 * @return e.g. {@code ≥ 0.90×}, {@code ≤ 50 ms}
	 */
	public String describe() {
		return (this.atLeast ? "≥ " : "≤ ") + this.unit.format(this.threshold);
	}

}
