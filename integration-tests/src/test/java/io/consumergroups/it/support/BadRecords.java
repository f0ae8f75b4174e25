package io.consumergroups.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import jakarta.validation.Validation;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Records a careless or broken producer writes to {@code orders}: a fixed corpus of kinds
 * (bytes, JSON, contract breaches, sizes, keys, headers) and as many more as asked for,
 * generated from a seed by mutating a valid order's JSON. A generated record is kept only
 * if the order contract refuses it, so every record here must be dead-lettered by every
 * group that reads {@code orders}.
 */
public final class BadRecords {

	private static final String[] HOSTILE_LITERALS = { "null", "true", "[]", "{}", "\"\"", "0", "-1", "2.7", "\"2\"",
			"1e-999999999", "1E+2147483647", "1e999999999", "\"1e999999999\"", "-0.00001", "2147483648",
			"9223372036854775808", "1.00001", "1000000000000", "\"+999999999-12-31T23:59:59Z\"",
			"\"1970-01-01T00:00:00Z\"", "\"2100-01-01T00:00:00Z\"", "\"tomorrow\"", "\"\\u0000\"", "\"a b\"",
			"\"\uD83D\uDE00\"", "\"" + "x".repeat(65) + "\"", "\"é\"", "\"eur\"", "NaN", "[1,2]",
			"{\"nested\":{\"deeper\":1}}" };

	private static final String[] FIELDS = { "orderId", "customerId", "region", "items", "sku", "quantity", "unitPrice",
			"total", "currency", "createdAt" };

	private BadRecords() {
	}

	/**
	 * One record as it is written to {@code orders}.
	 *
	 * @param kind what is wrong with it
	 * @param key the key, may be null
	 * @param value the value, may be null (a tombstone)
	 * @param headers the headers
	 */
	public record BadRecord(String kind, String key, byte[] value, List<Header> headers) {

		@Override
		public String toString() {
			return this.kind;
		}

	}

	/**
	 * The fixed corpus and {@code generated} mutations of a valid order, from a seed.
	 * @param seed the seed of the mutations
	 * @param generated how many mutations
	 * @return every record, each refused by the order contract
	 */
	public static List<BadRecord> corpus(long seed, int generated) {
		List<BadRecord> records = new ArrayList<>(fixed());
		Random random = new Random(seed);
		int attempts = 0;
		while (records.size() < fixed().size() + generated && attempts++ < generated * 20) {
			Map<String, String> fields = validFields(random.nextInt(1_000_000));
			StringBuilder kind = new StringBuilder("generated:");
			for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
				String field = FIELDS[random.nextInt(FIELDS.length)];
				if (random.nextInt(6) == 0) {
					fields.remove(field);
					kind.append(" no ").append(field);
				}
				else {
					String literal = HOSTILE_LITERALS[random.nextInt(HOSTILE_LITERALS.length)];
					fields.put(field, literal);
					kind.append(' ').append(field).append('=').append(abbreviate(literal));
				}
			}
			byte[] value = json(fields).getBytes(StandardCharsets.UTF_8);
			if (isRefusedByTheContract(value)) {
				records.add(new BadRecord(kind.toString(), "customer-gen-" + records.size(), value, List.of()));
			}
		}
		return records;
	}

	private static List<BadRecord> fixed() {
		List<BadRecord> records = new ArrayList<>();
		add(records, "empty value", new byte[0]);
		add(records, "binary", new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80 });
		add(records, "truncated JSON", "{\"orderId\":\"order-x\",".getBytes(StandardCharsets.UTF_8));
		add(records, "not JSON", "{not json".getBytes(StandardCharsets.UTF_8));
		add(records, "JSON array", "[]".getBytes(StandardCharsets.UTF_8));
		add(records, "JSON string", "\"order\"".getBytes(StandardCharsets.UTF_8));
		add(records, "JSON number", "42".getBytes(StandardCharsets.UTF_8));
		add(records, "JSON null", "null".getBytes(StandardCharsets.UTF_8));
		add(records, "invalid UTF-8 in a string", concat("{\"orderId\":\"", new byte[] { (byte) 0xc3, 0x28 }, "\"}"));
		add(records, "nested 5000 deep", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
		add(records, "missing fields", "{\"orderId\":\"order-y\",\"customerId\":\"customer-1\"}");
		add(records, "items not an array", with("items", "\"many\""));
		add(records, "no items", with("items", "[]"));
		add(records, "101 items", with("items", "[" + String.join(",", Collections.nCopies(101, item())) + "]"));
		add(records, "quantity 2.7", with("quantity", "2.7"));
		add(records, "quantity as a string", with("quantity", "\"2\""));
		add(records, "quantity 0", with("quantity", "0"));
		add(records, "quantity 10001", with("quantity", "10001"));
		add(records, "unitPrice 1e-999999999", with("unitPrice", "1e-999999999"));
		add(records, "unitPrice 1E+2147483647", with("unitPrice", "1E+2147483647"));
		add(records, "total 1e999999999", with("total", "1e999999999"));
		add(records, "total negative", with("total", "-5"));
		add(records, "total as a string", with("total", "\"12.50\""));
		add(records, "total with 5 decimals", with("total", "0.00001"));
		add(records, "createdAt +999999999", with("createdAt", "\"+999999999-12-31T23:59:59Z\""));
		add(records, "createdAt 1970", with("createdAt", "\"1970-01-01T00:00:00Z\""));
		add(records, "createdAt not a date", with("createdAt", "\"yesterday\""));
		add(records, "orderId of 40 emoji", with("orderId", "\"" + "\uD83D\uDE00".repeat(40) + "\""));
		add(records, "orderId with a space", with("orderId", "\"order 1\""));
		add(records, "orderId of 65 characters", with("orderId", "\"" + "o".repeat(65) + "\""));
		add(records, "region with a control character", with("region", "\"eu\\u0007west\""));
		add(records, "currency in lower case", with("currency", "\"eur\""));
		add(records, "duplicate total", json(validFields(1)).replace("\"total\":", "\"total\":1,\"total\":"));
		add(records, "trailing garbage", json(validFields(2)) + " {}");
		add(records, "customerId of 900 KB", with("customerId", "\"" + "c".repeat(900 * 1024) + "\""));
		records.add(new BadRecord("tombstone", "customer-bad-tombstone", null, List.of()));
		records.add(new BadRecord("no key", null, json(validFields(3)).getBytes(StandardCharsets.UTF_8), List.of()));
		List<Header> heavy = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			heavy.add(new RecordHeader("trace-" + i, new byte[100 * 1024]));
		}
		records.add(new BadRecord("not JSON with 700 KB of headers", "customer-bad-headers",
				"{not json".getBytes(StandardCharsets.UTF_8), heavy));
		return records;
	}

	private static void add(List<BadRecord> records, String kind, byte[] value) {
		records.add(new BadRecord(kind, "customer-bad-" + records.size(), value, List.of()));
	}

	private static void add(List<BadRecord> records, String kind, String json) {
		add(records, kind, json.getBytes(StandardCharsets.UTF_8));
	}

	private static String with(String field, String literal) {
		Map<String, String> fields = validFields(0);
		fields.put(field, literal);
		return json(fields);
	}

	/** A valid order's fields as JSON literals; the item's fields are among them. */
	private static Map<String, String> validFields(int n) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("orderId", "\"order-bad-" + n + "\"");
		fields.put("customerId", "\"customer-" + (n % 97) + "\"");
		fields.put("region", "\"eu-west\"");
		fields.put("sku", "\"sku-" + (n % 7) + "\"");
		fields.put("quantity", "2");
		fields.put("unitPrice", "4.50");
		fields.put("items", null);
		fields.put("total", "9.00");
		fields.put("currency", "\"EUR\"");
		fields.put("createdAt", "\"2026-06-01T12:00:00Z\"");
		return fields;
	}

	private static String item() {
		return "{\"sku\":\"sku-1\",\"quantity\":1,\"unitPrice\":1}";
	}

	private static String json(Map<String, String> fields) {
		Map<String, String> item = new LinkedHashMap<>();
		for (String name : List.of("sku", "quantity", "unitPrice")) {
			if (fields.containsKey(name)) {
				item.put(name, fields.get(name));
			}
		}
		Map<String, String> order = new LinkedHashMap<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (field.getKey().equals("items")) {
				order.put("items", (field.getValue() != null) ? field.getValue() : "[" + object(item) + "]");
			}
			else if (!item.containsKey(field.getKey())) {
				order.put(field.getKey(), field.getValue());
			}
		}
		return object(order);
	}

	private static String object(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> "\"" + field.getKey() + "\":" + field.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	/** The oracle: what every consumer's validating deserializer refuses. */
	private static boolean isRefusedByTheContract(byte[] value) {
		try (ErrorHandlingDeserializer<Order> deserializer = Topics.validatingOrderDeserializer(
				new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()))) {
			return deserializer.deserialize(Topics.ORDERS, new RecordHeaders(), value) == null;
		}
	}

	private static String abbreviate(String literal) {
		return (literal.length() > 24) ? literal.substring(0, 24) + "…" : literal;
	}

	private static byte[] concat(String head, byte[] middle, String tail) {
		byte[] a = head.getBytes(StandardCharsets.UTF_8);
		byte[] c = tail.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[a.length + middle.length + c.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(middle, 0, all, a.length, middle.length);
		System.arraycopy(c, 0, all, a.length + middle.length, c.length);
		return all;
	}

}
