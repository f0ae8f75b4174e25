package io.consumergroups.benchmarks.harness;

import java.time.Duration;

/**
 * The harness's waits between two observations, and the measured windows themselves. Not
 * for tests, which wait for a condition instead.
 */
public final class Pause {

	private Pause() {
	}

	/**
	 * Wait.
	 * @param duration how long
	 */
	public static void of(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
