package io.consumergroups.benchmarks.throughput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;

/**
 * P1's section of the report: every consumer's throughput, order-processor's ratio to the
 * plain loop with the same guarantee against the aim, the CPU per order of each pair, the
 * chart and how it was measured.
 */
final class ThroughputReport {

	private static final double AIM_RATIO = 0.9;

	private final RunSettings settings;

	private final int brokers;

	/**
	 * @param settings what the run measured with
	 * @param brokers the brokers of the cluster measured on
	 */
	ThroughputReport(RunSettings settings, int brokers) {
		this.settings = settings;
		this.brokers = brokers;
	}

	/**
	 * The section.
	 * @param ceiling ConsumerPerformance's records per second
	 * @param atLeastOnce order-processor and the plain loop, at-least-once, polls of 50
	 * @param perRecord the plain loop, a transaction per record
	 * @param perPollKafkaBackoff the plain loop, a transaction per poll of 50, with
	 * Kafka's default retry back-off
	 * @param small order-processor and the plain loop, a transaction per poll of 50
	 * @param large order-processor and the plain loop, a transaction per poll of 500
	 * @return P1's section
	 */
	Section section(Samples ceiling, PairedRuns atLeastOnce, ConsumerRuns perRecord, ConsumerRuns perPollKafkaBackoff,
			PairedRuns small, PairedRuns large) {
		String setting = String.format(Locale.ROOT, "%,d orders pre-filled, 6 partitions, %d broker",
				this.settings.backlog(), this.brokers);
		List<Result> results = new ArrayList<>();
		results.add(Result.of("P1", "Kafka ConsumerPerformance (raw bytes: the ceiling)", setting, ceiling,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, at-least-once (flush, commitSync per poll of 50)", setting,
				atLeastOnce.plain().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, at-least-once (exactly-once=false), polls of 50", setting,
				atLeastOnce.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per record", setting, perRecord.rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 50", setting, small.plain().rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1",
				"plain loop, EOS, a transaction per poll of 50, retry back-off 100 ms (Kafka's default)", setting,
				perPollKafkaBackoff.rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 50 (its default)", setting,
				small.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 500", setting, large.plain().rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 500", setting,
				large.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(
				Result
					.of("P1", "ratio order-processor / plain loop, at-least-once, polls of 50", "same round",
							atLeastOnce.ratios(), Unit.RATIO)
					.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result
			.of("P1", "ratio order-processor / plain EOS, polls of 50", "same round", small.ratios(), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result
			.of("P1", "ratio order-processor / plain EOS, polls of 500", "same round", large.ratios(), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result.of("P1", "ratio order-processor (polls of 50) / plain EOS per record", "same run",
				Samples.ratio(small.processor().rates(), perRecord.rates()), Unit.RATIO));
		for (PairedRuns pair : List.of(atLeastOnce, small, large)) {
			String poll = pair.label();
			results.add(Result.of("P1", "CPU per order, plain loop's JVM, " + poll, setting, pair.plain().consumerCpu(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "of which its JIT compiler", setting, pair.plain().consumerJit(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, order-processor's JVM, " + poll, setting,
					pair.processor().consumerCpu(), Unit.MICROSECONDS));
			results.add(Result.of("P1", "of which its JIT compiler", setting, pair.processor().consumerJit(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, broker, while the plain loop ran, " + poll, setting,
					pair.plain().brokerCpu(), Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, broker, while order-processor ran, " + poll, setting,
					pair.processor().brokerCpu(), Unit.MICROSECONDS));
		}

		ChartSpec chart = new ChartSpec("p1-throughput.png", "P1: throughput on one pre-filled topic", "",
				"orders/s (committed)", false,
				List.of("ConsumerPerformance", "plain ALO/50", "order-processor ALO/50", "plain EOS/record",
						"plain EOS/50", "plain EOS/50, back-off 100", "order-processor/50", "plain EOS/500",
						"order-processor/500"),
				List.of(new ChartSpec.Series("median (logarithmic axis; the spread is in the table)",
						List.of(ceiling, atLeastOnce.plain().rates(), atLeastOnce.processor().rates(),
								perRecord.rates(), small.plain().rates(), perPollKafkaBackoff.rates(),
								small.processor().rates(), large.plain().rates(), large.processor().rates()))),
				true);
		List<String> notes = List.of(
				"Each consumer reads the same pre-filled topic from the start in its own new group, as its own JVM "
						+ "(-Xmx256m). Each measure is " + this.settings.repeat()
						+ " such JVMs, one after the other, each measured over one window of up to "
						+ seconds(this.settings.window()) + " after a " + seconds(this.settings.warmUp())
						+ " warm-up from its first commit; throughput is the rate of its committed offsets.",
				"order-processor and the plain loop it is compared with (the same guarantee, the same records per "
						+ "poll) take turns: in each round one runs right after the other, the plain loop first in "
						+ "odd rounds, order-processor first in even ones. Each round gives one ratio; the ratio's "
						+ "median and spread are those of the rounds.",
				"CPU per order: the CPU time of the consumer's JVM (all its threads, the JIT compiler and the "
						+ "garbage collector included) and of the broker during the window, over the orders "
						+ "committed in it. It depends far less than throughput on what else the machine runs. "
						+ "\"Of which its JIT compiler\": HotSpot's C1 and C2 compiler threads (from /proc): a JVM "
						+ "still compiling in its window has not reached its steady rate.",
				"ConsumerPerformance is run " + this.settings.repeat()
						+ " times: records/s while fetching (fetch.nMsg.sec), no decoding, no writes, no commits.",
				"The plain loop does order-processor's work: the same JSON deserializer, Bean Validation of Order, "
						+ "the key check, the business rules, a JSON OrderStatus sent with acks=all, and the same "
						+ "producer settings (retry.backoff.ms 10); once more with Kafka's default retry.backoff.ms "
						+ "(100), the sleep before retrying an offsets commit refused while the previous "
						+ "transaction's markers are still being written.",
				"Records per poll: " + ThroughputBenchmark.SMALL_POLL
						+ " is order-processor's default (max-poll-records), which keeps "
						+ "the time between polls short with slow per-order work; " + ThroughputBenchmark.LARGE_POLL
						+ " (Kafka's default) shows what a larger transaction buys when the work is fast.",
				"At-least-once: the plain loop sends a poll's statuses, flushes, then commits the offsets "
						+ "(commitSync); order-processor with orders.processor.exactly-once=false waits for its "
						+ "statuses' acknowledgements, then its container commits the offsets (commitSync).");
		return new Section("P1", "Throughput: listener path vs plain loop", results, List.of(chart), notes);
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + " s";
	}

}
