package io.consumergroups.analytics.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.consumergroups.analytics.topology.TopProducts;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The analytics of the whole application, from any instance: each answer comes from the
 * instance(s) owning the state, named in the {@code X-Served-By} header.
 */
@RestController
@RequestMapping("/analytics")
class AnalyticsController {

	/** What a region looks like, e.g. {@code eu-west}. */
	static final String REGION = "[a-z0-9]+(-[a-z0-9]+)*";

	/** The instance(s) whose stores an answer was read from. */
	static final String SERVED_BY = "X-Served-By";

	private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

	private final AnalyticsQueries queries;

	private final Clock clock;

	AnalyticsController(AnalyticsQueries queries, Clock clock) {
		this.queries = queries;
		this.clock = clock;
	}

	/**
	 * Orders and revenue per minute of a region, for windows starting in
	 * {@code [from, to)}; by default the last hour.
	 */
	@GetMapping("/revenue")
	ResponseEntity<RevenueReport> revenue(@RequestParam @Pattern(regexp = REGION) String region,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		Instant end = (to != null) ? to : this.clock.instant();
		Instant start = (from != null) ? from : end.minus(DEFAULT_RANGE);
		checkRange(start, end);
		return answer(this.queries.revenue(region, start, end));
	}

	/** The running totals of every region. */
	@GetMapping("/regions")
	ResponseEntity<RegionsReport> regions() {
		return answer(this.queries.regions());
	}

	/** The best-selling products over all time. */
	@GetMapping("/top-products")
	ResponseEntity<TopProducts> topProducts() {
		return answer(this.queries.topProducts());
	}

	static void checkRange(Instant from, Instant to) {
		if (!from.isBefore(to)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"from (" + from + ") must be before to (" + to + ")");
		}
	}

	static <T> ResponseEntity<T> answer(Routed<T> routed) {
		return ResponseEntity.ok().header(SERVED_BY, routed.servedBy()).body(routed.body());
	}

}
