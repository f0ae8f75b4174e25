package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.consumergroups.events.OrderContract;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The aggregate of orders stays exact and small for every input the contract allows.
 */
class OrderStatsTest {

	/** Kafka's default {@code max.request.size}, and about the broker's message limit. */
	private static final int RECORD_LIMIT = 1024 * 1024;

	@Test
	void shouldKeepTheLargestAggregateTheContractAllowsBelowTheRecordLimit() {
		// Given every currency code the contract allows ([A-Z]{3}), each with the sum of
		// as many of the largest amounts as a long counts orders
		BigDecimal largest = new BigDecimal("999999999999.9999");
		BigDecimal sum = largest.multiply(BigDecimal.valueOf(Long.MAX_VALUE));
		Map<String, BigDecimal> revenue = new TreeMap<>();
		for (char a = 'A'; a <= 'Z'; a++) {
			for (char b = 'A'; b <= 'Z'; b++) {
				for (char c = 'A'; c <= 'Z'; c++) {
					revenue.put("" + a + b + c, sum);
				}
			}
		}
		OrderStats stats = new OrderStats(Long.MAX_VALUE, revenue);
		String region = "r".repeat(OrderContract.MAX_REGION_LENGTH);

		// When it is written to its store and topics
		byte[] stored = AnalyticsTopics.orderStatsSerde().serializer().serialize("changelog", stats);
		byte[] totals = AnalyticsTopics.regionTotalsSerde()
			.serializer()
			.serialize(AnalyticsTopics.REVENUE_BY_REGION, RegionTotals.of(region, stats));
		byte[] perMinute = AnalyticsTopics.ordersPerMinuteSerde()
			.serializer()
			.serialize(AnalyticsTopics.ORDERS_PER_MINUTE,
					OrdersPerMinute.of(region, new TimeWindow(Instant.parse("2099-12-31T23:59:00Z").toEpochMilli(),
							Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()), stats));

		// Then each record fits, with room for key, headers and batch
		assertThat(stats.revenue()).hasSize(26 * 26 * 26);
		assertThat(stored.length).isLessThan(RECORD_LIMIT - 100_000);
		assertThat(totals.length).isLessThan(RECORD_LIMIT - 100_000);
		assertThat(perMinute.length).isLessThan(RECORD_LIMIT - 100_000);
		// and reads back the same
		assertThat(AnalyticsTopics.orderStatsSerde().deserializer().deserialize("changelog", stored)).isEqualTo(stats);
	}

	@Test
	void shouldAddAmountsWrittenWithTrailingZerosOrAnExponentExactlyWithAtMostFourDecimals() {
		// Given amounts the contract allows, in any notation
		BigDecimal trailingZeros = new BigDecimal("0.1" + "0".repeat(995));
		BigDecimal exponent = new BigDecimal("1E+11");

		// When they are added up, many times over
		OrderStats stats = OrderStats.none();
		for (int i = 0; i < 1_000; i++) {
			stats = stats.plus(new OrderStats(1, Map.of("EUR", trailingZeros)))
				.plus(new OrderStats(1, Map.of("EUR", exponent)));
		}

		// Then the sum is exact and short
		assertThat(stats.revenue().get("EUR")).isEqualTo(new BigDecimal("100000000000100.0"));
		byte[] json = AnalyticsTopics.orderStatsSerde().serializer().serialize("changelog", stats);
		assertThat(AnalyticsTopics.orderStatsSerde().deserializer().deserialize("changelog", json)).isEqualTo(stats);
	}

	@Test
	void shouldRefuseAnAmountOutsideTheContractWithoutArithmeticOnIt() {
		// Given amounts no valid order has, whose arithmetic would overflow or take long
		for (String amount : new String[] { "1e-999999999", "1E+2147483647", "1e-500000000", "1E+500000000",
				"0.00001" }) {
			// When one is added, then it is refused at once
			assertTimeoutPreemptively(Duration.ofSeconds(1),
					() -> assertThatExceptionOfType(ArithmeticException.class)
						.isThrownBy(
								() -> OrderStats.none().plus(new OrderStats(1, Map.of("EUR", new BigDecimal(amount)))))
						.withMessageContaining("outside the order contract"));
		}
	}

}
