package io.consumergroups.it.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.monitor.GroupMonitorApplication;
import io.consumergroups.monitor.web.GroupView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * group-monitor's page in a real browser (headless Chromium), read as a person reads it:
 * the owner and the lag written on each partition of the order-processors group are the
 * coordinator's assignment ({@code describeConsumerGroups}), {@code /api/groups} and the
 * cluster's offsets; when a member is killed (SIGKILL), the rebalance shows up, with who
 * left and where each of its partitions went. A share group of twelve members on six
 * partitions shows every member busy, with the orders it processed in the last 10 s (from
 * {@code order-status}), and each partition with the members the coordinator has on it
 * ({@code describeShareGroups}). Without Chromium and its driver the tests fail when
 * {@code CI=true}, and are skipped, with a message, elsewhere.
 */
class GroupMonitorPageIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String GROUP = "order-processors";

	private static final String SECTION = "section.group[data-group='" + GROUP + "']";

	private static final Pattern PARTITION = Pattern.compile("partition (\\d+)");

	private static final Pattern LAG = Pattern.compile("lag ([\\d,]+|–)");

	private static final Pattern RECENT_ORDERS = Pattern.compile("([\\d,]+) orders in \\d+ s");

	private static final Pattern SHARERS = Pattern.compile("\\d+ members?: (.+)");

	/** Checked before the cluster starts, so that a skipped test costs nothing. */
	@RegisterExtension
	@Order(0)
	static final ExecutionCondition chromium = (context) -> requireChromium();

	@RegisterExtension
	@Order(1)
	static final TestKafka kafka = TestKafka.singleNode();

	/**
	 * 50 orders a poll, and so a commit, every 5 s per replica: the lag stays visible for
	 * the whole test and holds still long enough between commits to be read in three
	 * places.
	 */
	private static final String SIMULATED_WORK = "orders.processor.simulated-work=100ms";

	@BeforeAll
	static void createOrders() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
		}
	}

	@Test
	void shouldShowEachPartitionsOwnerAndLagAsTheClusterHasThemAndTheRebalanceWhenAMemberIsKilled(@TempDir Path profile)
			throws IOException {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			// The member to kill is a process of its own, so that its crash is real; the
			// others run in this JVM, which starts them faster
			JvmProcess killed = ServiceProcesses.orderProcessor(kafka, "order-processor-3", SIMULATED_WORK).start();
			try (RunningService monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor", kafka);
					RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", SIMULATED_WORK);
					RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", SIMULATED_WORK)) {
				killed.awaitHealthy();
				WebDriver browser = chromium(profile);
				try {
					// Given three members, two partitions each on the coordinator
					browser.get("http://localhost:" + monitor.port() + "/");
					awaitStable(admin, 3);
					// Chromium, the page and its event stream start slowly on a busy
					// machine
					await().atMost(Duration.ofSeconds(60))
						.ignoreException(StaleElementReferenceException.class)
						.until(() -> visibleOwners(browser).size() == 6);

					// Then each partition shows the owner the coordinator has, within a
					// poll or two
					await().atMost(Duration.ofSeconds(10))
						.ignoreException(StaleElementReferenceException.class)
						.untilAsserted(() -> assertThat(visibleOwners(browser)).as("owners on the page")
							.isEqualTo(coordinatorOwners(admin)));

					// When orders wait for the group
					probe.publish(IntStream.range(0, 3_000).mapToObj(OrderFixtures::order).toList());

					// Then each partition shows its lag as /api/groups has it, and that
					// is the cluster's log-end minus committed offset
					await().atMost(Duration.ofSeconds(90))
						.pollInterval(Duration.ofMillis(500))
						.ignoreException(StaleElementReferenceException.class)
						.untilAsserted(() -> {
							Map<Integer, Long> cluster = clusterLag(admin);
							Map<Integer, Long> api = apiLag(monitor);
							Map<Integer, Long> page = visibleLag(browser);
							assertThat(cluster).as("lag on the cluster, every partition behind")
								.hasSize(6)
								.allSatisfy((partition, lag) -> assertThat(lag).isPositive());
							assertThat(api).as("lag in /api/groups against the cluster's").isEqualTo(cluster);
							assertThat(page).as("lag on the page against /api/groups").isEqualTo(api);
							assertThat(clusterLag(admin)).as("lag on the cluster, unchanged while read")
								.isEqualTo(cluster);
						});
					Files.write(Path.of("target", "group-monitor.png"),
							((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

					// When a member is killed
					Map<Integer, String> before = coordinatorOwners(admin);
					killed.kill();

					// Then, once the coordinator has moved its partitions (after the
					// session timeout), the page shows the new owners and the rebalance:
					// who left, and where each of its partitions went
					awaitStable(admin, 2);
					Map<Integer, String> after = coordinatorOwners(admin);
					assertThat(after).doesNotContainValue("order-processor-3");
					await().atMost(Duration.ofSeconds(10))
						.ignoreException(StaleElementReferenceException.class)
						.untilAsserted(() -> {
							assertThat(visibleOwners(browser)).as("owners on the page").isEqualTo(after);
							String rebalance = visibleRebalances(browser).stream()
								.filter((text) -> text.contains("order-processor-3 left"))
								.findFirst()
								.orElseThrow(() -> new AssertionError("No rebalance on the page says "
										+ "order-processor-3 left: " + visibleRebalances(browser)));
							assertThat(rebalance).as("the rebalance, finished").contains("seen for");
							before.forEach((partition, owner) -> {
								if (owner.equals("order-processor-3")) {
									assertThat(rebalance).as("the rebalance on the page")
										.containsPattern("orders-" + partition + " (order-processor-3 )?→ "
												+ Pattern.quote(after.get(partition)));
								}
							});
						});
				}
				finally {
					browser.quit();
				}
			}
			finally {
				killed.close();
			}
		}
	}

	@Test
	void shouldShowTwelveShareMembersAllBusyOnSixPartitions(@TempDir Path profile) {
		String shareGroup = "order-processors-share-page";
		// Two replicas of six share members each; 50 ms an order and 5 records a fetch,
		// so that no member takes a partition's records alone
		String[] settings = { "orders.processor.group.type=share",
				"orders.processor.group.share-group-id=" + shareGroup, "spring.kafka.listener.concurrency=6",
				"orders.processor.simulated-work=50ms", "spring.kafka.consumer.max-poll-records=5" };
		String section = "section.group[data-group='" + shareGroup + "']";
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			try (RunningService monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor", kafka);
					RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", settings);
					RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", settings);
					SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 60, 0)) {
				WebDriver browser = chromium(profile);
				try {
					// Given twelve members of the share group on the coordinator, every
					// partition fetched by some
					await().atMost(Duration.ofSeconds(60))
						.until(() -> probe.groups().shareGroup(shareGroup, Topics.ORDERS).partitionsByMember(),
								(members) -> members.size() == 12 && members.values()
									.stream()
									.flatMap(List::stream)
									.collect(Collectors.toSet())
									.size() == 6);
					browser.get("http://localhost:" + monitor.port() + "/");

					// Then the page shows the twelve members, each with the orders it
					// processed in the last 10 s, every one more than none, and each
					// partition with the members the coordinator has on it
					await().atMost(Duration.ofSeconds(90))
						.pollInterval(Duration.ofMillis(500))
						.ignoreException(StaleElementReferenceException.class)
						.untilAsserted(() -> {
							Map<String, Long> busy = visibleRecentOrders(browser, section);
							assertThat(busy).as("members on the page, with their orders in the last 10 s")
								.hasSize(12)
								.allSatisfy((member, recent) -> assertThat(recent).as(member).isPositive());
							Map<Integer, Set<String>> coordinator = new TreeMap<>();
							probe.groups()
								.shareGroup(shareGroup, Topics.ORDERS)
								.partitionsByMember()
								.forEach((member,
										partitions) -> partitions.forEach((partition) -> coordinator
											.computeIfAbsent(partition, (key) -> new TreeSet<>())
											.add(member)));
							assertThat(visibleSharers(browser, section)).as("members of each partition on the page")
								.isEqualTo(coordinator);
						});
					Files.write(Path.of("target", "group-monitor-share.png"),
							((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
				}
				finally {
					browser.quit();
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Each member on the page, by the name written on it, and the orders it processed in
	 * the last window, as written beside it ("12 orders in 10 s").
	 */
	private static Map<String, Long> visibleRecentOrders(WebDriver browser, String section) {
		Map<String, Long> recent = new TreeMap<>();
		for (WebElement member : browser.findElements(By.cssSelector(section + " .member"))) {
			String name = member.findElement(By.cssSelector("b")).getText();
			String work = member.findElement(By.cssSelector(".work")).getText();
			Matcher orders = RECENT_ORDERS.matcher(work);
			assertThat(orders.find()).as("work of %s as shown: %s", name, work).isTrue();
			recent.put(name, Long.parseLong(orders.group(1).replace(",", "")));
		}
		return recent;
	}

	/** Each partition of a share group on the page, and the members written under it. */
	private static Map<Integer, Set<String>> visibleSharers(WebDriver browser, String section) {
		Map<Integer, Set<String>> sharers = new TreeMap<>();
		for (WebElement partition : browser.findElements(By.cssSelector(section + " .partition"))) {
			String text = partition.findElement(By.cssSelector(".owner")).getText();
			Matcher members = SHARERS.matcher(text);
			assertThat(members.matches()).as("members of a partition as shown: %s", text).isTrue();
			sharers.put(visiblePartition(partition), new TreeSet<>(List.of(members.group(1).split(", "))));
		}
		return sharers;
	}

	/**
	 * The test needs a browser. In CI (where {@code CI=true}) a missing one is a broken
	 * machine, and fails the test; elsewhere the test is skipped, and says why.
	 */
	private static ConditionEvaluationResult requireChromium() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return ConditionEvaluationResult.enabled("Chromium and its driver are installed");
		}
		String missing = "group-monitor's page test needs headless Chromium at " + CHROMIUM + " and its driver at "
				+ CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(missing + ". CI=true: failing rather than skipping.");
		}
		return ConditionEvaluationResult.disabled("Skipped: " + missing + ". With CI=true this fails.");
	}

	private static WebDriver chromium(Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--hide-scrollbars");
		// The local driver: Selenium Manager cannot download one here.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		// The viewport, exactly, for the screenshot
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 1360, "height", 820, "deviceScaleFactor", 1, "mobile", false));
		return browser;
	}

	/**
	 * What the group's grid says, as rendered: each partition's number and the owner
	 * written under it. The page re-renders after every poll; a read that crosses a
	 * re-render throws {@link StaleElementReferenceException} and is read again.
	 */
	private static Map<Integer, String> visibleOwners(WebDriver browser) {
		Map<Integer, String> owners = new TreeMap<>();
		for (WebElement partition : browser.findElements(By.cssSelector(SECTION + " .partition"))) {
			owners.put(visiblePartition(partition), partition.findElement(By.cssSelector(".owner")).getText());
		}
		return owners;
	}

	/** Each partition's lag as written on the page; {@code null} where it shows none. */
	private static Map<Integer, Long> visibleLag(WebDriver browser) {
		Map<Integer, Long> lags = new TreeMap<>();
		for (WebElement partition : browser.findElements(By.cssSelector(SECTION + " .partition"))) {
			String text = partition.findElement(By.cssSelector(".lag")).getText();
			Matcher lag = LAG.matcher(text);
			assertThat(lag.matches()).as("lag as shown: %s", text).isTrue();
			lags.put(visiblePartition(partition),
					lag.group(1).equals("–") ? null : Long.parseLong(lag.group(1).replace(",", "")));
		}
		return lags;
	}

	private static int visiblePartition(WebElement partition) {
		String text = partition.findElement(By.cssSelector(".name")).getText();
		Matcher name = PARTITION.matcher(text);
		assertThat(name.matches()).as("partition name as shown: %s", text).isTrue();
		return Integer.parseInt(name.group(1));
	}

	/** The rebalances on the page, latest first, each with its changes. */
	private static List<String> visibleRebalances(WebDriver browser) {
		return browser.findElements(By.cssSelector(SECTION + " .timeline li.rebalance"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/** Each partition's lag in the monitor's {@code GET /api/groups}. */
	private static Map<Integer, Long> apiLag(RunningService monitor) {
		GroupView[] groups = monitor.http().get().uri("/api/groups").retrieve().body(GroupView[].class);
		Map<Integer, Long> lags = new TreeMap<>();
		for (GroupView group : groups) {
			if (group.groupId().equals(GROUP)) {
				group.partitions().forEach((partition) -> lags.put(partition.partition(), partition.lag()));
			}
		}
		return lags;
	}

	/**
	 * Each partition's owner on the coordinator: the member's instance id, else its
	 * client id, as the page names members.
	 */
	private static Map<Integer, String> coordinatorOwners(Admin admin) {
		Map<Integer, String> owners = new TreeMap<>();
		for (MemberDescription member : describe(admin).members()) {
			String name = member.groupInstanceId().orElse(member.clientId());
			member.assignment().topicPartitions().forEach((partition) -> owners.put(partition.partition(), name));
		}
		return owners;
	}

	private static void awaitStable(Admin admin, int members) {
		// Within the session timeout (10 s) of a kill, and the next poll of each member
		await().atMost(Duration.ofSeconds(60))
			.until(() -> describe(admin),
					(group) -> group.groupState() == GroupState.STABLE && group.members().size() == members
							&& group.members()
								.stream()
								.mapToInt((member) -> member.assignment().topicPartitions().size())
								.sum() == 6
							&& group.members()
								.stream()
								.allMatch((member) -> member.assignment().topicPartitions().size() == 6 / members));
	}

	private static ConsumerGroupDescription describe(Admin admin) {
		return get(admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP));
	}

	/**
	 * Each partition's lag on the cluster: log-end offset minus the group's committed
	 * offset, {@code null} where it committed nothing.
	 */
	private static Map<Integer, Long> clusterLag(Admin admin) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata());
		Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 6)
			.mapToObj((partition) -> new TopicPartition(Topics.ORDERS, partition))
			.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
		Map<Integer, Long> lags = new TreeMap<>();
		get(admin.listOffsets(latest).all()).forEach((partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			lags.put(partition.partition(), (offset != null) ? end.offset() - offset.offset() : null);
		});
		return lags;
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

}
