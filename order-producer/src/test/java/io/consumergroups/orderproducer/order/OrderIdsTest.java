package io.consumergroups.orderproducer.order;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdsTest {

	@Test
	void shouldNeverRepeatAnIdWithinOneInstance() {
		// Given
		OrderIds orderIds = new OrderIds();
		Set<String> ids = new HashSet<>();

		// When
		for (int i = 0; i < 10_000; i++) {
			ids.add(orderIds.next());
		}

		// Then
		assertThat(ids).hasSize(10_000).allSatisfy((id) -> assertThat(id).matches("order-[0-9a-f]{8}-\\d+"));
	}

	@Test
	void shouldGiveEachInstanceItsOwnPrefixSoRestartsDoNotReuseIds() {
		// Given two instances, as before and after a restart
		OrderIds beforeRestart = new OrderIds();
		OrderIds afterRestart = new OrderIds();

		// When
		String first = beforeRestart.next();
		String firstAfterRestart = afterRestart.next();

		// Then
		assertThat(first).endsWith("-1");
		assertThat(firstAfterRestart).endsWith("-1").isNotEqualTo(first);
	}

}
