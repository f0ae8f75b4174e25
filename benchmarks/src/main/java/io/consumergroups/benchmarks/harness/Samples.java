package io.consumergroups.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Repeated measurements of one quantity, and what is reported of them: the median, the
 * spread (min to max) and, for latencies, percentiles.
 * <p>
 * Percentiles are nearest-rank on the sorted values (the smallest value with at least p%
 * of the values at or below it), as latency tools usually report them: with 1,000 values
 * p99.9 is the largest, not an interpolation beyond it.
 */
public final class Samples {

	private final double[] sorted;

	private Samples(double[] values) {
		this.sorted = values.clone();
		Arrays.sort(this.sorted);
	}

	/**
	 * Samples of the given values.
	 * @param values the measurements, in any order
	 * @return the samples
	 */
	public static Samples of(double... values) {
		return new Samples(values);
	}

	/**
	 * Samples of the given values.
	 * @param values the measurements, in any order
	 * @return the samples
	 */
	public static Samples of(Collection<? extends Number> values) {
		return new Samples(values.stream().mapToDouble(Number::doubleValue).toArray());
	}

	/**
	 * No measurement, e.g. a scenario that could not be run.
	 * @return empty samples
	 */
	public static Samples none() {
		return new Samples(new double[0]);
	}

	public int count() {
		return this.sorted.length;
	}

	public boolean isEmpty() {
		return this.sorted.length == 0;
	}

	/**
	 * The middle value, or the mean of the two middle values for an even count.
	 * @return the median
	 * @throws IllegalStateException when there are no samples
	 */
	public double median() {
		requireValues();
		int middle = this.sorted.length / 2;
		return (this.sorted.length % 2 == 1) ? this.sorted[middle]
				: (this.sorted[middle - 1] + this.sorted[middle]) / 2;
	}

	public double min() {
		requireValues();
		return this.sorted[0];
	}

	public double max() {
		requireValues();
		return this.sorted[this.sorted.length - 1];
	}

	/**
	 * How far the repetitions are apart, relative to their median: {@code (max - min) /
	 * median}; 0 for a single sample.
	 * @return the relative spread, e.g. 0.08 for 8%
	 */
	public double relativeSpread() {
		double median = median();
		return (median != 0) ? (max() - min()) / Math.abs(median) : 0;
	}

	/**
	 * The nearest-rank percentile.
	 * @param percent between 0 (exclusive) and 100 (inclusive), e.g. 99.9
	 * @return the smallest sample with at least {@code percent}% of the samples at or
	 * below it
	 */
	public double percentile(double percent) {
		requireValues();
		if (!(percent > 0 && percent <= 100)) {
			throw new IllegalArgumentException("A percentile is in (0, 100], not " + percent);
		}
		// 99.9% of 1,000 is 999.0000000000001 in floating point: the rank is 999, not
		// 1,000
		int rank = (int) Math.ceil(percent * this.sorted.length / 100 - 1e-9);
		return this.sorted[Math.max(rank, 1) - 1];
	}

	/**
	 * Each sample transformed, e.g. divided by a reference.
	 * @param operator the transformation
	 * @return new samples
	 */
	public Samples map(java.util.function.DoubleUnaryOperator operator) {
		return new Samples(Arrays.stream(this.sorted).map(operator).toArray());
	}

	/**
	 * The ratio of two measures that were not taken in turns, e.g. two consumers'
	 * throughputs: the ratio of their medians, spread from the least favourable pairing
	 * (the numerator's smallest over the denominator's largest) to the most favourable.
	 * @param numerator the samples divided
	 * @param denominator the samples divided by
	 * @return three samples, none when either side has none
	 */
	public static Samples ratio(Samples numerator, Samples denominator) {
		if (numerator.isEmpty() || denominator.isEmpty()) {
			return Samples.none();
		}
		return Samples.of(numerator.min() / denominator.max(), numerator.median() / denominator.median(),
				numerator.max() / denominator.min());
	}

	public List<Double> values() {
		List<Double> values = new ArrayList<>(this.sorted.length);
		Arrays.stream(this.sorted).forEach(values::add);
		return values;
	}

	private void requireValues() {
		if (this.sorted.length == 0) {
			throw new IllegalStateException("No samples");
		}
	}

	@Override
	public String toString() {
		return Arrays.toString(this.sorted);
	}

}
