package io.consumergroups.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.consumergroups.benchmarks.harness.RunSettings;

/**
 * The command line of {@code ./benchmarks/bench}.
 *
 * @param settings how much to measure
 * @param measures which benchmarks, e.g. {@code [P1, P2]}
 * @param latencyBrokers the brokers of P5's cluster
 * @param outputDirectory where the report and charts go
 * @param help whether to print the usage only
 */
record BenchmarkOptions(RunSettings settings, Set<String> measures, int latencyBrokers, Path outputDirectory,
		boolean help) {

	static final List<String> ALL = List.of("P1", "P2", "P3", "P4", "P5");

	static final String USAGE = """
			Usage: ./benchmarks/bench [options]
			  --quick              one repetition, short windows: checks the harness (minutes), not for quoting
			  --repeat N           repetitions of each throughput and latency measure (default 3)
			  --events N           repetitions of each join and static restart (default 3, 1 with --quick; each costs JVM starts)
			  --kills N            repetitions of each failover (default 3, 1 with --quick)
			  --failover-timeouts S,S,...
			                       session timeouts of the failovers, in seconds; 10 (order-processor's) among them
			                       (default 6,10,45; 10 with --quick)
			  --only P1,P2,...     run only these (default: P1,P2,P3,P4,P5; P3 and P4 share their groups)
			  --latency-brokers N  brokers of P5's cluster, 1 or 3 (default 3)
			  --out DIR            where the report and charts go (default docs/benchmarks)
			P1-P4 run on a 1-broker cluster, P5 on its own cluster; both local, each broker its own process.""";

	static BenchmarkOptions parse(String... args) {
		boolean quick = false;
		boolean help = false;
		int repeat = 3;
		Integer events = null;
		Integer kills = null;
		List<Duration> failoverTimeouts = null;
		int latencyBrokers = 3;
		Set<String> measures = new LinkedHashSet<>(ALL);
		Path output = Path.of("docs", "benchmarks");
		List<String> rest = new ArrayList<>(Arrays.asList(args));
		while (!rest.isEmpty()) {
			String option = rest.remove(0);
			switch (option) {
				case "--quick" -> quick = true;
				case "--help", "-h" -> help = true;
				case "--repeat" -> repeat = positive(option, value(option, rest));
				case "--events" -> events = positive(option, value(option, rest));
				case "--kills" -> kills = positive(option, value(option, rest));
				case "--latency-brokers" -> {
					latencyBrokers = positive(option, value(option, rest));
					if (latencyBrokers != 1 && latencyBrokers != 3) {
						throw new IllegalArgumentException("--latency-brokers is 1 or 3");
					}
				}
				case "--failover-timeouts" -> failoverTimeouts = seconds(option, value(option, rest));
				case "--only" -> measures = measures(value(option, rest));
				case "--out" -> output = Path.of(value(option, rest));
				default -> throw new IllegalArgumentException("Unknown option " + option);
			}
		}
		RunSettings base = quick ? RunSettings.quick() : RunSettings.full(repeat);
		RunSettings settings = base.withEventRepeat((events != null) ? events : base.eventRepeat(),
				(kills != null) ? kills : base.killRepeat());
		if (failoverTimeouts != null) {
			settings = settings.withFailoverSessionTimeouts(failoverTimeouts);
		}
		return new BenchmarkOptions(settings, measures, latencyBrokers, output, help);
	}

	boolean runs(String measure) {
		return this.measures.contains(measure);
	}

	private static Set<String> measures(String list) {
		Set<String> measures = new LinkedHashSet<>();
		for (String measure : list.split(",")) {
			String id = measure.trim().toUpperCase(Locale.ROOT);
			if (!ALL.contains(id)) {
				throw new IllegalArgumentException("Unknown measure " + measure + "; known: " + ALL);
			}
			measures.add(id);
		}
		return measures;
	}

	private static List<Duration> seconds(String option, String list) {
		List<Duration> timeouts = new ArrayList<>();
		for (String seconds : list.split(",")) {
			timeouts.add(Duration.ofSeconds(positive(option, seconds.trim())));
		}
		return timeouts;
	}

	private static String value(String option, List<String> rest) {
		if (rest.isEmpty()) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return rest.remove(0);
	}

	private static int positive(String option, String value) {
		try {
			int number = Integer.parseInt(value);
			if (number < 1) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a positive number, not " + value);
		}
	}

}
