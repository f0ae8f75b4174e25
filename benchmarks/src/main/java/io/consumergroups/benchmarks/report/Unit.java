package io.consumergroups.benchmarks.report;

import java.util.Locale;

/**
 * How a result's numbers are written.
 */
public enum Unit {

	/** Orders (records) per second, e.g. {@code 12,400 orders/s}. */
	ORDERS_PER_SECOND("orders/s", "%,.0f"),

	/** Milliseconds, e.g. {@code 38 ms}. */
	MILLISECONDS("ms", "%,.0f"),

	/** Microseconds, e.g. {@code 21.4 µs}. */
	MICROSECONDS("µs", "%,.1f"),

	/** Seconds, e.g. {@code 11.2 s}. */
	SECONDS("s", "%,.1f"),

	/** A ratio, e.g. {@code 0.93×}. */
	RATIO("×", "%.2f"),

	/** Cores busy on average, e.g. {@code 1.84 cores}. */
	CORES("cores", "%.2f"),

	/** A count, e.g. {@code 2}. */
	COUNT("", "%,.0f");

	private final String symbol;

	private final String format;

	Unit(String symbol, String format) {
		this.symbol = symbol;
		this.format = format;
	}

	/**
	 * A number without its unit.
	 * @param value the number
	 * @return e.g. {@code 12,400}
	 */
	public String number(double value) {
		if (this == RATIO && value != 0 && Math.abs(value) < 0.1) {
			// Two significant digits: 0.0012×, not 0.00×
			return String.format(Locale.ROOT, "%.2g", value);
		}
		return String.format(Locale.ROOT, this.format, value);
	}

	/**
	 * A number with its unit.
	 * @param value the number
	 * @return e.g. {@code 12,400 orders/s}, {@code 0.93×}
	 */
	public String format(double value) {
		if (this.symbol.isEmpty()) {
			return number(value);
		}
		return (this == RATIO) ? number(value) + this.symbol : number(value) + " " + this.symbol;
	}

	public String symbol() {
		return this.symbol;
	}

}
