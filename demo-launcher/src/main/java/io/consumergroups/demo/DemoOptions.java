package io.consumergroups.demo;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./demo} was asked to run.
 *
 * @param processors how many order-processor replicas join the group
 * @param brokers how many Kafka nodes the local cluster has: 1 or 3
 * @param rate orders per second the producer's generator publishes; 0 turns it off
 * @param protocol the group protocol of the replicas: {@code classic} or {@code consumer}
 * (KIP-848)
 * @param runFor how long to run before stopping by itself; empty to run until
 * {@code quit} or Ctrl-C
 * @param staticMembership whether each replica joins with its name as
 * {@code group.instance.id}, so that a restart within the session timeout moves nothing
 * @param fanout whether the fan-out services (notification, analytics, archive) and the
 * group-monitor run too
 * @param sessionTimeout the replicas' session timeout (classic protocol), empty for the
 * service's own default (10 s)
 * @param secure whether the cluster authenticates (SCRAM-SHA-512 over TLS) and authorizes
 * (ACLs), each service logged in as its own user
 * @param share whether the replicas join the share group {@code order-processors-share}
 * (KIP-932) instead of the consumer group {@code order-processors}
 */
record DemoOptions(int processors, int brokers, int rate, String protocol, Optional<Duration> runFor,
		boolean staticMembership, boolean fanout, Optional<Duration> sessionTimeout, boolean secure, boolean share) {

	DemoOptions(int processors, int brokers, int rate, String protocol, Optional<Duration> runFor,
			boolean staticMembership, boolean fanout, Optional<Duration> sessionTimeout) {
		this(processors, brokers, rate, protocol, runFor, staticMembership, fanout, sessionTimeout, false, false);
	}

	/**
	 * The most replicas a demo starts. Each is a JVM, and with 6 partitions the seventh
	 * replica on is idle anyway: enough to show that, few enough for a laptop.
	 */
	static final int MAX_PROCESSORS = 12;

	static final String USAGE = """
			Usage: ./demo [options]

			Starts a local Kafka cluster, the order-producer and N order-processor replicas
			(each its own JVM), and prints how the 6 partitions of 'orders' are assigned
			within the group 'order-processors' whenever that changes. With --share the
			replicas form the share group 'order-processors-share' instead, where several
			members fetch from each partition and all N work (docs/share-groups.md).

			Options:
			  --processors N     order-processor replicas, 1..%d (default 3)
			  --brokers 1|3      Kafka nodes in the local cluster (default 3)
			  --rate N           orders per second from the generator, 0 = off (default 20)
			  --protocol P       group protocol: classic or consumer (default classic)
			  --dynamic          replicas join without a group.instance.id (default: static membership)
			  --session-timeout D  the replicas' session timeout, classic protocol (default 10s)
			  --no-fanout        do not start notification-, analytics-, archive-service and group-monitor
			  --secure           SCRAM-SHA-512 over TLS and ACLs: each service logs in as its own Kafka
			                     user, with only its grants (docs/security.md)
			  --share            the replicas join a share group (KIP-932): every member fetches, up
			                     to 12 on 6 partitions; not with --protocol, --dynamic or
			                     --session-timeout
			  --for DURATION     stop by itself after e.g. 45s, 2m, 1m30s (default: run until stopped)
			  --help             print this help

			While it runs, type a command and Enter:
			  status                     the group's assignment, and what each replica says it owns
			                             (with --share: the orders each member processed lately)
			  scale order-processor N    start or stop replicas until N run
			  stop order-processor-K     stop a replica gracefully (SIGTERM)
			  kill order-processor-K     crash a replica (SIGKILL)
			  restart order-processor-K  start it again with the same instance id
			  quit                       stop everything (Ctrl-C does the same)

			Building: the first run builds the jars (./mvnw package), and so does a run after a
			module's sources or poms changed. DEMO_SKIP_BUILD=1 never builds: it runs the jars as
			they are and fails if one is missing. The project's tests run ./demo that way, so that
			it never rewrites jars a test of the same checkout has open.
			""".formatted(MAX_PROCESSORS);

	private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

	/** The options that configure a consumer group, which a share group does not have. */
	private static final List<String> CONSUMER_GROUP_ONLY = List.of("--protocol", "--dynamic", "--session-timeout");

	static DemoOptions defaults() {
		return new DemoOptions(3, 3, 20, "classic", Optional.empty(), true, true, Optional.empty());
	}

	/**
	 * Reads the command line. Options take their value as the next argument or after
	 * {@code =}, as in {@code --processors 4} or {@code --processors=4}.
	 * @param args the command line
	 * @return the options, defaults for those not given
	 * @throws IllegalArgumentException with a message for the user if an argument is not
	 * understood
	 */
	static DemoOptions parse(String... args) {
		DemoOptions options = defaults();
		Set<String> given = new LinkedHashSet<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--dynamic")) {
				options = new DemoOptions(options.processors, options.brokers, options.rate, options.protocol,
						options.runFor, false, options.fanout, options.sessionTimeout, options.secure, options.share);
				given.add(name);
				continue;
			}
			if (name.equals("--no-fanout")) {
				options = new DemoOptions(options.processors, options.brokers, options.rate, options.protocol,
						options.runFor, options.staticMembership, false, options.sessionTimeout, options.secure,
						options.share);
				continue;
			}
			if (name.equals("--secure")) {
				options = new DemoOptions(options.processors, options.brokers, options.rate, options.protocol,
						options.runFor, options.staticMembership, options.fanout, options.sessionTimeout, true,
						options.share);
				given.add(name);
				continue;
			}
			if (name.equals("--share")) {
				options = new DemoOptions(options.processors, options.brokers, options.rate, options.protocol,
						options.runFor, options.staticMembership, options.fanout, options.sessionTimeout,
						options.secure, true);
				continue;
			}
			String value;
			int equals = name.indexOf('=');
			if (name.startsWith("--") && equals > 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException(isKnown(name) ? "Missing value for " + name : unknown(name));
			}
			options = options.with(name, value);
			given.add(name);
		}
		if (options.share) {
			requireShareable(given);
		}
		return options;
	}

	/**
	 * A share group has no group protocol, static membership or client-side session
	 * timeout to choose: an option that would be silently ignored is refused instead.
	 */
	private static void requireShareable(Set<String> given) {
		for (String name : given) {
			if (CONSUMER_GROUP_ONLY.contains(name)) {
				throw new IllegalArgumentException("--share cannot be combined with " + name
						+ ": it configures a consumer group, and a share group has its own protocol, no static"
						+ " membership, and its session timeout as a group config (docs/share-groups.md)");
			}
		}
	}

	/**
	 * Reads a duration such as {@code 45s}, {@code 2m}, {@code 1m30s}, {@code 1h} or
	 * {@code 500ms}; a bare number is seconds.
	 * @param text the duration
	 * @return the duration, greater than zero
	 * @throws IllegalArgumentException if the text is not such a duration
	 */
	static Duration parseDuration(String text) {
		String trimmed = text.trim().toLowerCase(Locale.ROOT);
		if (trimmed.matches("\\d+")) {
			trimmed = trimmed + "s";
		}
		Matcher part = DURATION_PART.matcher(trimmed);
		Duration duration = Duration.ZERO;
		int end = 0;
		while (part.find() && part.start() == end) {
			long amount = Long.parseLong(part.group(1));
			duration = duration.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			});
			end = part.end();
		}
		if (end == 0 || end != trimmed.length() || duration.isZero()) {
			throw new IllegalArgumentException("Not a duration: '" + text + "' (expected e.g. 45s, 2m, 1m30s, 500ms)");
		}
		return duration;
	}

	private DemoOptions with(String name, String value) {
		int processors = this.processors;
		int brokers = this.brokers;
		int rate = this.rate;
		String protocol = this.protocol;
		Optional<Duration> runFor = this.runFor;
		Optional<Duration> sessionTimeout = this.sessionTimeout;
		switch (name) {
			case "--processors" -> processors = number(name, value, 1, MAX_PROCESSORS);
			case "--brokers" -> brokers = brokerCount(value);
			case "--rate" -> rate = number(name, value, 0, 100_000);
			case "--protocol" -> protocol = protocol(value);
			case "--for" -> runFor = Optional.of(parseDuration(value));
			case "--session-timeout" -> sessionTimeout = Optional.of(parseDuration(value));
			default -> throw new IllegalArgumentException(unknown(name));
		}
		return new DemoOptions(processors, brokers, rate, protocol, runFor, this.staticMembership, this.fanout,
				sessionTimeout, this.secure, this.share);
	}

	private static boolean isKnown(String name) {
		return switch (name) {
			case "--processors", "--brokers", "--rate", "--protocol", "--for", "--session-timeout" -> true;
			default -> false;
		};
	}

	private static String unknown(String name) {
		return "Unknown option: " + name;
	}

	/**
	 * Reads a number the user typed, e.g. for {@code scale order-processor N}.
	 * @param name what the number is for, as the error names it
	 * @param value the text typed
	 * @param min the smallest allowed
	 * @param max the largest allowed
	 * @return the number
	 * @throws IllegalArgumentException if it is not a number in range
	 */
	static int number(String name, String value, int min, int max) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				name + " takes a number from " + min + " to " + max + ", not '" + value + "'");
	}

	private static int brokerCount(String value) {
		// 3 nodes are the smallest cluster where a node can die without losing
		// acknowledged orders (replication factor 3, min.insync.replicas 2)
		return switch (value.trim()) {
			case "1" -> 1;
			case "3" -> 3;
			default -> throw new IllegalArgumentException("--brokers takes 1 or 3, not '" + value + "'");
		};
	}

	private static String protocol(String value) {
		String protocol = value.trim().toLowerCase(Locale.ROOT);
		if (protocol.equals("classic") || protocol.equals("consumer")) {
			return protocol;
		}
		throw new IllegalArgumentException("--protocol takes classic or consumer, not '" + value + "'");
	}

}
