package io.consumergroups.it.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.OrderFixtures;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.monitor.GroupMonitorApplication;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * group-monitor's page in a real browser (headless Chromium): when the order-processors
 * group scales from two to three members, the partition grid shows the third owner.
 * Skipped where Chromium and its driver are not installed.
 */
class GroupMonitorPageIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String GROUP = "order-processors";

	/** Checked before the cluster starts, so that a skipped test costs nothing. */
	@RegisterExtension
	@Order(0)
	static final BeforeAllCallback chromium = (context) -> assumeTrue(
			Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
			"Skipped: the page test needs headless Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
					+ " (Debian: apt-get install chromium chromium-driver)");

	@RegisterExtension
	@Order(1)
	static final TestKafka kafka = TestKafka.singleNode();

	// Slow enough that the lag is visible while the group scales
	private static final String SIMULATED_WORK = "orders.processor.simulated-work=10ms";

	@Test
	void shouldShowTheThirdOwnerWhenTheGroupScalesFromTwoToThreeMembers(@TempDir Path profile) throws IOException {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor", kafka);
					RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", SIMULATED_WORK);
					RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", SIMULATED_WORK)) {
				WebDriver browser = chromium(profile);
				try {
					// Given the page shows two owners
					browser.get("http://localhost:" + monitor.port() + "/");
					await().atMost(Duration.ofSeconds(60)).until(() -> owners(browser), (owners) -> owners.size() == 2);
					probe.publish(IntStream.range(0, 3_000).mapToObj(OrderFixtures::order).toList());

					// When a third member joins
					try (RunningService third = RunningService.orderProcessor(kafka, "order-processor-3",
							SIMULATED_WORK)) {
						await().atMost(Duration.ofSeconds(60))
							.until(() -> probe.describeGroup(GROUP).partitionsByMember(), (owned) -> owned.size() == 3
									&& owned.values().stream().allMatch((partitions) -> partitions.size() == 2));

						// Then the grid shows three owners, within a poll of the
						// coordinator
						assertThat(await().atMost(Duration.ofSeconds(3))
							.until(() -> owners(browser), (owners) -> owners.size() == 3))
							.containsExactlyInAnyOrder("order-processor-1", "order-processor-2", "order-processor-3");
						await().atMost(Duration.ofSeconds(30))
							.until(() -> count(browser, ".rebalance.in-progress") == 0);
						assertThat(count(browser, "section.group[data-group='" + GROUP + "'] .member")).isEqualTo(3);
						Path screenshot = Path.of("target", "group-monitor.png");
						Files.write(screenshot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
					}
				}
				finally {
					browser.quit();
				}
			}
		}
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
	 * The distinct owners in the group's grid, once it shows all six partitions owned.
	 * Read in one script, since the page re-renders after every poll.
	 */
	@SuppressWarnings("unchecked")
	private static Set<String> owners(WebDriver browser) {
		List<String> owners = (List<String>) ((JavascriptExecutor) browser).executeScript("""
				return [...document.querySelectorAll("section.group[data-group='%s'] .partition")]
					.map((partition) => partition.dataset.owner);""".formatted(GROUP));
		return (owners.size() == 6 && !owners.contains("")) ? Set.copyOf(owners) : Set.of();
	}

	private static long count(WebDriver browser, String selector) {
		return (Long) ((JavascriptExecutor) browser)
			.executeScript("return document.querySelectorAll(arguments[0]).length;", selector);
	}

}
