package io.consumergroups.verifier;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupLag;
import io.consumergroups.harness.group.GroupReader;
import io.consumergroups.harness.orders.CommittedRecords;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Reads a cluster and says whether every order was processed exactly once: the
 * {@link OrderLedger} of {@code orders} against the committed {@code order-status} and
 * {@code orders.DLT}, by position and by order id, and how far every consumer group has
 * read {@code orders}.
 * <p>
 * With {@code --share} it accounts for the share group {@code order-processors-share}
 * instead ({@link OrderLedger.Delivery#AT_LEAST_ONCE}): every record is due, so run it
 * once orders have stopped and the group has acknowledged them.
 * <p>
 * {@code java -jar order-verifier/target/order-verifier-*-exec.jar [--bootstrap-servers
 * localhost:9092] [--share]} exits 0 when nothing is lost or duplicated, 1 otherwise.
 */
public final class OrderVerifier implements AutoCloseable {

	/** The group whose outcomes are accounted. */
	public static final String PROCESSORS = "order-processors";

	/** The share group whose outcomes are accounted with {@code --share}. */
	public static final String SHARE_PROCESSORS = "order-processors-share";

	/**
	 * How long reading a topic to its end may take: an open transaction of a replica
	 * killed mid-way holds a read_committed consumer back until it is aborted.
	 */
	private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

	private final String bootstrapServers;

	private final OrderLedger.Delivery delivery;

	private final GroupReader groups;

	public OrderVerifier(String bootstrapServers) {
		this(bootstrapServers, OrderLedger.Delivery.EXACTLY_ONCE);
	}

	/**
	 * A verifier of the consumer group {@value #PROCESSORS} (exactly once) or of the
	 * share group {@value #SHARE_PROCESSORS} (at least once, one status per delivery).
	 * @param bootstrapServers the cluster
	 * @param delivery which of the two
	 */
	public OrderVerifier(String bootstrapServers, OrderLedger.Delivery delivery) {
		this.bootstrapServers = bootstrapServers;
		this.delivery = delivery;
		this.groups = GroupReader.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	public static void main(String[] args) {
		String bootstrapServers = "localhost:9092";
		OrderLedger.Delivery delivery = OrderLedger.Delivery.EXACTLY_ONCE;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--bootstrap-servers") && i + 1 < args.length) {
				bootstrapServers = args[++i];
			}
			else if (args[i].startsWith("--bootstrap-servers=")) {
				bootstrapServers = args[i].substring("--bootstrap-servers=".length());
			}
			else if (args[i].equals("--share")) {
				delivery = OrderLedger.Delivery.AT_LEAST_ONCE;
			}
			else {
				System.err.println("Usage: order-verifier [--bootstrap-servers host:port[,host:port...]] [--share]");
				System.exit(2);
			}
		}
		try (OrderVerifier verifier = new OrderVerifier(bootstrapServers, delivery)) {
			Report report = verifier.verify();
			report.print(System.out);
			System.exit(report.balance().isExact() ? 0 : 1);
		}
	}

	/**
	 * Read the cluster and balance the ledger.
	 * @return what was found
	 */
	public Report verify() {
		OrderLedger ledger = new OrderLedger(this.delivery);
		if (this.delivery == OrderLedger.Delivery.EXACTLY_ONCE) {
			this.groups.lag(PROCESSORS, Topics.ORDERS).committedOffsets().forEach(ledger::committed);
		}
		// Outcomes before orders: each names a record written before it, so every record
		// an outcome names is among the orders read next, even while orders flow
		readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer(), (record) -> {
			OrderStatus status = record.value();
			ledger.status(status.partition(), status.offset(), status.orderId(), status.deliveryCount());
		});
		readCommitted(Topics.ORDERS_DLT, new ByteArrayDeserializer(), (record) -> {
			Header topic = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
			Header partition = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
			Header offset = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
			if (topic != null && new String(topic.value(), StandardCharsets.UTF_8).equals(Topics.ORDERS)
					&& partition != null && offset != null) {
				ledger.deadLetter(ByteBuffer.wrap(partition.value()).getInt(),
						ByteBuffer.wrap(offset.value()).getLong());
			}
		});
		ProcessableOrders contract = new ProcessableOrders();
		readCommitted(Topics.ORDERS, new ByteArrayDeserializer(), (record) -> ledger.published(record.partition(),
				record.offset(), contract.orderId(record.key(), record.value()).orElse(null)));
		return new Report(ledger.balance(), groupProgress());
	}

	private List<GroupProgress> groupProgress() {
		List<GroupProgress> groups = new ArrayList<>();
		for (GroupListing listing : this.groups.listGroups()) {
			GroupLag lag;
			try {
				lag = this.groups.lag(listing.groupId(), Topics.ORDERS);
			}
			catch (IllegalStateException ex) {
				// e.g. a share group: no committed offsets to speak of
				continue;
			}
			if (lag.committedOffsets().isEmpty()) {
				continue;
			}
			groups.add(new GroupProgress(listing.groupId(), listing.groupState().map(Object::toString).orElse("?"),
					lag.committedTotal(), lag.total()));
		}
		groups.sort((a, b) -> a.group().compareTo(b.group()));
		return groups;
	}

	private <V> void readCommitted(String topic, Deserializer<V> values, Consumer<ConsumerRecord<String, V>> action) {
		CommittedRecords.forEach(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), topic, values, READ_TIMEOUT, action);
	}

	@Override
	public void close() {
		this.groups.close();
	}

	/**
	 * How far a group has read {@code orders}.
	 *
	 * @param group the group id
	 * @param state its state
	 * @param consumed records committed past, over all partitions
	 * @param lag records not yet committed past
	 */
	public record GroupProgress(String group, String state, long consumed, long lag) {

	}

	/**
	 * What the verifier found.
	 *
	 * @param balance the ledger of {@code order-processors}
	 * @param groups every group reading {@code orders}
	 */
	public record Report(OrderLedger.Balance balance, List<GroupProgress> groups) {

		public long lost() {
			return this.balance.lost();
		}

		public long duplicated() {
			return this.balance.duplicated();
		}

		public OrderLedger.OrderIds orderIds() {
			return this.balance.orderIds();
		}

		public boolean isExact() {
			return this.balance.isExact();
		}

		public void print(PrintStream out) {
			OrderLedger.Balance b = this.balance;
			OrderLedger.OrderIds ids = b.orderIds();
			boolean share = b.delivery() == OrderLedger.Delivery.AT_LEAST_ONCE;
			if (share) {
				out.printf("orders: %d published, all due from %s (a share group commits no offsets)%n", b.published(),
						SHARE_PROCESSORS);
			}
			else {
				out.printf("orders: %d published, %d processed by %s, %d pending%n", b.published(), b.due(), PROCESSORS,
						b.pending());
			}
			out.printf("outcomes: %d statuses, %d dead letters%n", b.statuses(), b.deadLetters());
			out.printf("lost: %d, duplicated: %d%s%s%n", b.lost(), b.duplicated(),
					share ? ", delivered again with an outcome per delivery: " + b.redelivered() : "",
					(b.unknown() > 0) ? ", naming no order: " + b.unknown() : "");
			out.printf("statuses not about the order at their position: %d%n", b.mismatched());
			out.printf("order ids: %d valid orders, %d with one status%s; missing: %s, duplicated: %s%s%n",
					ids.orders().size(), ids.withOneStatus().size(), share ? " per delivery" : "",
					OrderLedger.OrderIds.counted(ids.missing()), OrderLedger.OrderIds.counted(ids.duplicated()),
					ids.unknown().isEmpty() ? "" : ", of no order: " + OrderLedger.OrderIds.counted(ids.unknown()));
			out.printf("%n%-28s %-12s %12s %10s%n", "group", "state", "consumed", "lag");
			for (GroupProgress group : this.groups) {
				out.printf("%-28s %-12s %12d %10d%n", group.group(), group.state(), group.consumed(), group.lag());
			}
			if (share) {
				out.println(b.isExact() ? "\nAT LEAST ONCE: every order has an outcome, one per delivery"
						: "\nNOT BALANCED");
			}
			else {
				out.println(b.isExact() ? "\nEXACTLY ONCE: every order has one outcome" : "\nNOT EXACT");
			}
		}

	}

}
