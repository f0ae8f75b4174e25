package io.consumergroups.benchmarks.throughput;

import java.util.Locale;

/**
 * One consumer JVM's measured window.
 *
 * @param rate orders per second committed
 * @param consumerCpu the consumer JVM's CPU per order, in microseconds
 * @param consumerJit of which its JIT compiler threads', in microseconds
 * @param brokerCpu the broker's CPU per order, in microseconds
 */
record ConsumerRun(double rate, double consumerCpu, double consumerJit, double brokerCpu) {

	@Override
	public String toString() {
		return String.format(Locale.ROOT,
				"%,.0f orders/s, CPU per order %.1f µs (consumer; JIT compiler %.1f µs), %.1f µs (broker)", this.rate,
				this.consumerCpu, this.consumerJit, this.brokerCpu);
	}

}
