package dev.conversations.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of {@code /q/metrics} (Prometheus text format), read by value: a test compares a counter before and
 * after what it does, since every counter of the service is already there, at 0, from the start.
 */
public final class Metrics {
    private record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    public static Metrics scrape() {
        return parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line.strip()));
            }
        }
        return new Metrics(samples);
    }

    /** The sum of the samples named {@code name} whose labels include all of {@code labels} (0 when none). */
    public double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample ->
                        sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** {@code name{label="value",...} value [timestamp]}; label values may hold escapes, braces and commas. */
    private static Sample sample(String line) {
        int at = 0;
        while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
            at++;
        }
        String name = line.substring(0, at);
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                int equals = line.indexOf('=', at);
                String label = line.substring(at, equals).strip();
                if (line.charAt(equals + 1) != '"') {
                    throw new AssertionError("Not a Prometheus sample: " + line);
                }
                StringBuilder value = new StringBuilder();
                at = equals + 2;
                for (char c = line.charAt(at); c != '"'; c = line.charAt(at)) {
                    if (c == '\\') {
                        char escaped = line.charAt(++at);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                    at++;
                }
                labels.put(label, value.toString());
                at++;
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        String[] valueAndTimestamp = line.substring(at).strip().split("\\s+");
        return new Sample(name, labels, number(valueAndTimestamp[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
