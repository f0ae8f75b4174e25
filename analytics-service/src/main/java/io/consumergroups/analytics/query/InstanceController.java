package io.consumergroups.analytics.query;

import java.time.Instant;

import io.consumergroups.analytics.topology.TopProducts;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this instance's own stores hold, never forwarded: the instances call each other
 * here to put together the answers of {@code /analytics/*}. A query for state this
 * instance does not own (any more) answers 503 rather than an empty result.
 */
@RestController
@RequestMapping("/analytics/instance")
class InstanceController {

	private final LocalStores local;

	InstanceController(LocalStores local) {
		this.local = local;
	}

	@GetMapping("/revenue")
	ResponseEntity<RevenueReport> revenue(@RequestParam @Pattern(regexp = AnalyticsController.REGION) String region,
			@RequestParam Instant from, @RequestParam Instant to) {
		AnalyticsController.checkRange(from, to);
		return answer(this.local.revenue(region, from, to));
	}

	@GetMapping("/regions")
	ResponseEntity<InstanceRegions> regions() {
		return answer(this.local.regions());
	}

	@GetMapping("/top-products")
	ResponseEntity<TopProducts> topProducts() {
		return answer(this.local.topProducts());
	}

	private <T> ResponseEntity<T> answer(T body) {
		return AnalyticsController.answer(new Routed<>(body, PeerClient.address(this.local.self())));
	}

}
